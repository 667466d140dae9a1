"""Tasks (nhiệm vụ) assigned from a conclusion by the chair or the secretariat."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.audit import log_action
from council.models import Member
from followup import live_push, notices
from followup.models import Agency, AgencyMembership, Conclusion, Priority, Task, TaskEvent
from followup.permissions import is_staff
from followup.services.common import sittings_to_tell
from sessions.errors import ActionRefused, NotAllowed

MAX_TITLE = 300
MAX_DESCRIPTION = 5000


def assign_task(
    actor: Member,
    conclusion: Conclusion,
    *,
    agency_id: int | None,
    deadline: datetime.date | None,
    title: str = "",
    description: str = "",
    priority: int = Priority.NORMAL,
    assignee_id: int | None = None,
) -> Task:
    if conclusion.sitting.council_id != actor.council_id or not is_staff(actor):
        raise NotAllowed()
    title = (title or "").strip() or conclusion.text[:MAX_TITLE].strip()
    description = (description or "").strip()
    if len(title) > MAX_TITLE:
        raise ActionRefused(_("A task's title is at most %(n)d characters.") % {"n": MAX_TITLE})
    if len(description) > MAX_DESCRIPTION:
        raise ActionRefused(
            _("A task's description is at most %(n)d characters.") % {"n": MAX_DESCRIPTION}
        )
    if priority not in Priority.values:
        raise ActionRefused(_("Choose a priority from the list."))
    if deadline is None:
        raise ActionRefused(_("A task needs a deadline."))
    if deadline < timezone.localdate():
        raise ActionRefused(_("The deadline cannot be in the past."))
    agency = (
        Agency.objects.filter(pk=agency_id, council_id=actor.council_id, active=True).first()
        if agency_id is not None
        else None
    )
    if agency is None:
        raise ActionRefused(_("Choose an agency from the list."))
    if (
        assignee_id is not None
        and not AgencyMembership.objects.filter(member_id=assignee_id, agency=agency).exists()
    ):
        raise ActionRefused(_("The person responsible must be an officer of that agency."))
    with transaction.atomic():
        sittings = sittings_to_tell(actor.council_id, conclusion.sitting_id)
        task = Task.objects.create(
            council_id=actor.council_id,
            conclusion=conclusion,
            agency=agency,
            assignee_id=assignee_id,
            assigned_by=actor,
            title=title,
            description=description,
            priority=priority,
            deadline=deadline,
        )
        TaskEvent.objects.create(
            task=task, kind="assigned", actor=actor, data={"deadline": deadline.isoformat()}
        )
        log_action(
            actor,
            "followup.task.assigned",
            task,
            {"agency": agency.pk, "conclusion": conclusion.pk, "deadline": deadline.isoformat()},
        )
        live_push.task_changed(task, "assigned", sittings)
        notices.task_changed(task, "assigned")
    return task
