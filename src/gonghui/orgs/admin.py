from django.contrib import admin

from gonghui.core.admin import ReadOnlyAdmin

from .models import CommitteeTerm, Member, Position, Union, UnionGroup


@admin.register(Union)
class UnionAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "kind", "parent", "staff_count", "archived_at"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "employer_name"]


@admin.register(UnionGroup)
class UnionGroupAdmin(ReadOnlyAdmin):
    list_display = ["name", "union", "leader", "archived_at"]


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = ["name", "sex", "union", "group", "status"]
    list_filter = ["status", "sex"]
    search_fields = ["name"]


@admin.register(CommitteeTerm)
class CommitteeTermAdmin(ReadOnlyAdmin):
    list_display = ["union", "body", "number", "elected_on", "ends_on", "closed_on"]


@admin.register(Position)
class PositionAdmin(ReadOnlyAdmin):
    list_display = ["term", "member", "post", "duty", "ended_on"]
