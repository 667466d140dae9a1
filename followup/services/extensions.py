"""Extension requests (xin gia hạn): the agency asks, the assigner's side grants or refuses."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import Member
from followup.lifecycle import Move
from followup.models import ExtensionRequest, ExtensionState
from followup.services.common import locked_task, record
from sessions.errors import ActionRefused

MAX_REASON = 2000


def request_extension(
    actor: Member,
    task_id: int,
    version: int | None,
    requested_deadline: datetime.date | None,
    reason: str,
) -> ExtensionRequest:
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("Say why more time is needed."))
    if len(reason) > MAX_REASON:
        raise ActionRefused(_("A reason is at most %(n)d characters.") % {"n": MAX_REASON})
    if requested_deadline is None:
        raise ActionRefused(_("Give the new deadline you ask for."))
    with transaction.atomic():
        task, sittings = locked_task(actor, task_id, Move.REQUEST_EXTENSION, version)
        if requested_deadline <= task.deadline:
            raise ActionRefused(_("The new deadline must be later than the current one."))
        if task.extensions.filter(state=ExtensionState.PENDING).exists():
            raise ActionRefused(_("An extension request for this task is already waiting."))
        extension = ExtensionRequest.objects.create(
            task=task,
            requested_deadline=requested_deadline,
            previous_deadline=task.deadline,
            reason=reason,
            requested_by=actor,
        )
        record(
            actor,
            task,
            "extension_requested",
            sittings,
            note=reason,
            data={"extension": extension.pk, "deadline": requested_deadline.isoformat()},
        )
    return extension


def decide_extension(
    actor: Member, task_id: int, version: int | None, grant: bool, note: str = ""
) -> ExtensionRequest:
    note = (note or "").strip()[:MAX_REASON]
    with transaction.atomic():
        task, sittings = locked_task(actor, task_id, Move.DECIDE_EXTENSION, version)
        extension = task.extensions.select_for_update().filter(state=ExtensionState.PENDING).first()
        if extension is None:
            raise ActionRefused(_("No extension request is waiting for this task."))
        extension.state = ExtensionState.GRANTED if grant else ExtensionState.REFUSED
        extension.decided_by = actor
        extension.decided_at = timezone.now()
        extension.decision_note = note
        extension.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        fields: tuple[str, ...] = ()
        if grant:
            task.deadline = extension.requested_deadline
            fields = ("deadline",)
        record(
            actor,
            task,
            "extension_granted" if grant else "extension_refused",
            sittings,
            note=note,
            data={"extension": extension.pk, "deadline": task.deadline.isoformat()},
            fields=fields,
        )
    return extension
