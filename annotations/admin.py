from django.contrib import admin

from annotations.models import Annotation


@admin.register(Annotation)
class AnnotationAdmin(admin.ModelAdmin):
    """Metadata only: what a delegate wrote is theirs, and private notes are never shown
    to anyone else, administrators included. Read-only, like the audit log."""

    list_display = ["id", "version", "page", "author", "kind", "visibility", "revision"]
    list_filter = ["kind", "visibility", "anchor_state"]
    fields = (
        "id",
        "version",
        "page",
        "author",
        "kind",
        "visibility",
        "revision",
        "anchor_state",
        "moved_from",
        "created_at",
        "updated_at",
        "deleted_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
