"""The Django admin is for inspection only: every write goes through a service, so that
it is validated and audited. Superusers (``gonghui createsuperuser``) can browse here."""

from django.contrib import admin

from .models import AuditEntry, RoleGrant, User


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["username", "full_name", "mobile", "is_active", "last_login"]
    search_fields = ["username", "full_name", "mobile"]
    exclude = ["password"]


@admin.register(RoleGrant)
class RoleGrantAdmin(ReadOnlyAdmin):
    list_display = ["user", "role", "union", "group", "granted_at", "revoked_at"]
    list_filter = ["role"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["id", "at", "actor_label", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "actor_label"]
