from django.contrib import admin

from council.audit import AuditEntry
from council.models import Council, DelegateGroup, Member


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "total_delegates", "quorum_numerator", "quorum_denominator"]


@admin.register(DelegateGroup)
class DelegateGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "council"]
    list_filter = ["council"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["full_name", "council", "role", "group", "seat", "language"]
    list_filter = ["council", "role", "group"]
    search_fields = ["full_name", "user__username", "seat"]
    autocomplete_fields = ["user"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is the legal record and is never edited."""

    list_display = ["created_at", "council", "actor", "action", "object_type", "object_id"]
    list_filter = ["council", "action"]
    search_fields = ["action", "object_id"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
