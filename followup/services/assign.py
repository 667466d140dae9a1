"""Tasks (nhiệm vụ) assigned from a conclusion by the chair or the secretariat."""

import datetime
from typing import Any

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
from sessions.models import Sitting

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
    agency = checked_task(
        actor,
        agency_id=agency_id,
        deadline=deadline,
        title=title,
        description=description,
        priority=priority,
        assignee_id=assignee_id,
    )
    assert deadline is not None  # checked_task refused a missing one
    with transaction.atomic():
        sittings = sittings_to_tell(actor.council_id, conclusion.sitting_id)
        return create_task(
            actor,
            sittings,
            agency=agency,
            conclusion=conclusion,
            title=title,
            description=description,
            priority=priority,
            deadline=deadline,
            assignee_id=assignee_id,
            audit={"conclusion": conclusion.pk},
        )


def checked_task(
    actor: Member,
    *,
    agency_id: int | None,
    deadline: datetime.date | None,
    title: str,
    description: str,
    priority: int,
    assignee_id: int | None,
) -> Agency:
    """The agency a new task goes to, once its fields obey the rules (else ActionRefused).

    Shared by every way a task is born: a conclusion here, a promise in questioning/."""
    title = (title or "").strip()
    description = (description or "").strip()
    if not title:
        raise ActionRefused(_("A task needs a title."))
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
    return agency


def create_task(
    actor: Member,
    sittings: list[Sitting],
    *,
    agency: Agency,
    conclusion: Conclusion | None,
    title: str,
    description: str,
    priority: int,
    deadline: datetime.date,
    assignee_id: int | None,
    audit: dict[str, Any],
) -> Task:
    """Create a checked task inside the caller's transaction, `sittings` already locked
    (sittings_to_tell): its history, audit entry, live push and the agency's notice. The
    reminders need nothing more: the sweep finds every open task by its deadline."""
    task = Task.objects.create(
        council_id=actor.council_id,
        conclusion=conclusion,
        agency=agency,
        assignee_id=assignee_id,
        assigned_by=actor,
        title=title.strip(),
        description=(description or "").strip(),
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
        {"agency": agency.pk, "deadline": deadline.isoformat(), **audit},
    )
    live_push.task_changed(task, "assigned", sittings)
    notices.task_changed(task, "assigned")
    return task
