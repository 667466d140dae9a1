"""What the assigner's side (the chair or the secretariat) does with a reported task."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import Member
from followup.lifecycle import Move, next_status
from followup.models import Task
from followup.services.common import locked_task, record
from sessions.errors import ActionRefused

MAX_REASON = 2000


def accept(actor: Member, task_id: int, version: int | None, note: str = "") -> Task:
    note = (note or "").strip()[:MAX_REASON]
    with transaction.atomic():
        task, sittings = locked_task(actor, task_id, Move.ACCEPT, version)
        task.status = next_status(Move.ACCEPT, task.status)
        task.completed_at = timezone.now()
        task.progress = 100
        record(
            actor,
            task,
            "accepted",
            sittings,
            note=note,
            fields=("status", "completed_at", "progress"),
        )
    return task


def return_task(actor: Member, task_id: int, version: int | None, reason: str) -> Task:
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("Say why the task is sent back."))
    if len(reason) > MAX_REASON:
        raise ActionRefused(_("A reason is at most %(n)d characters.") % {"n": MAX_REASON})
    with transaction.atomic():
        task, sittings = locked_task(actor, task_id, Move.RETURN, version)
        task.status = next_status(Move.RETURN, task.status)
        record(actor, task, "returned", sittings, note=reason, fields=("status",))
    return task
