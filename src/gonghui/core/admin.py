"""The Django admin is for inspection only: every write goes through a service, so that
it is validated and audited. Superusers (``gonghui createsuperuser``) can browse here."""

from django.contrib import admin
from django.contrib.auth.models import Group

from .models import AuditEntry, KeptFigure, KeptFigureMark, RoleGrant, User

# Personal data the admin never shows (PIPL): the roster pages mask them and audit each
# reveal; a superuser browsing the admin gets no way round that.
PRIVATE_FIELDS = ("id_number", "mobile", "birth_date", "password")


class ReadOnlyAdmin(admin.ModelAdmin):
    def get_exclude(self, request, obj=None):
        names = {f.name for f in self.model._meta.get_fields()}
        return [
            *(super().get_exclude(request, obj) or ()),
            *(n for n in PRIVATE_FIELDS if n in names),
        ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["username", "full_name", "is_active", "last_login"]
    search_fields = ["username", "full_name"]


@admin.register(RoleGrant)
class RoleGrantAdmin(ReadOnlyAdmin):
    list_display = ["user", "role", "union", "group", "granted_at", "revoked_at"]
    list_filter = ["role"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["id", "at", "actor_label", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "actor_label"]


def register_read_only(*models) -> None:
    """Register ``models`` in the admin for inspection only, with the default list."""
    for model in models:
        admin.site.register(model, ReadOnlyAdmin)


@admin.register(KeptFigure)
class KeptFigureAdmin(ReadOnlyAdmin):
    list_display = ["metric", "union", "start", "end", "value"]
    list_filter = ["metric", "start", "end"]


@admin.register(KeptFigureMark)
class KeptFigureMarkAdmin(ReadOnlyAdmin):
    list_display = ["start", "end", "audit_id", "refreshed_at"]


# Permissions come from core.scoping's roles, not Django's groups.
admin.site.unregister(Group)
