"""The legal record: every state change writes an entry in the same transaction.

Entries are never updated or deleted by the application; the admin shows them read-only.
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from council.models import Council, Member


class AuditEntry(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="audit_entries")
    actor = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=40)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        app_label = "council"
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.action} {self.object_type}#{self.object_id}"
        )


def log_action(
    actor: Member | None,
    action: str,
    obj: models.Model,
    data: dict[str, Any] | None = None,
    *,
    council: Council | None = None,
) -> AuditEntry:
    """Record `action` (namespaced, e.g. "sessions.item.started") on `obj`.

    Call inside the service's transaction so the entry and the change commit together.
    """
    if council is None:
        council = actor.council if actor is not None else obj.council  # type: ignore[attr-defined]
    return AuditEntry.objects.create(
        council=council,
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data or {},
    )
