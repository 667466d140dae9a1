from django.contrib import admin

from followup.models import Agency, AgencyMembership, Conclusion, ReviewItem, Task


class AgencyMembershipInline(admin.TabularInline):
    model = AgencyMembership
    autocomplete_fields = ["member"]
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    """Agencies are a managed list per council (the secretariat keeps it here)."""

    list_display = ["name", "short_name", "kind", "council", "head", "active"]
    list_filter = ["council", "kind", "active"]
    search_fields = ["name", "short_name"]
    inlines = [AgencyMembershipInline]


@admin.register(Conclusion)
class ConclusionAdmin(admin.ModelAdmin):
    list_display = ["sitting", "number", "item", "created_at"]
    list_filter = ["sitting__council"]
    readonly_fields = ["sitting", "number", "created_by", "created_at"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    """Read-only: a task moves only through its services (audited, live)."""

    list_display = ["title", "agency", "status", "deadline", "progress"]
    list_filter = ["council", "status", "agency"]
    search_fields = ["title"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(ReviewItem)
