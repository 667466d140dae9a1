"""What every follow-up service shares: the lock order, refusals, history and the live push.

Lock order, as everywhere in the app: the sittings first, then what hangs from them. A task's
change is shown live on the follow-up review of the council's open sittings, and live.publish
numbers that event under the sitting's row lock, so a task service locks those sittings
before the task.
"""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from council.audit import log_action
from council.models import Member
from followup import lifecycle, live_push, notices
from followup.models import ReviewItem, Task, TaskEvent
from followup.permissions import is_staff, may_act_for_agency
from sessions.errors import ActionRefused, NotAllowed, StaleState
from sessions.models import Sitting, SittingState

__all__ = ["ActionRefused", "NotAllowed", "StaleState", "locked_task", "record"]


def sittings_to_tell(council_id: int, own_sitting_id: int | None = None) -> list[Sitting]:
    """Lock and return the sittings whose tablets show a task of the council: the open ones
    with a follow-up review item, and the task's own sitting while it is not closed."""
    reviewing = ReviewItem.objects.filter(item__sitting__council_id=council_id).values(
        "item__sitting_id"
    )
    return list(
        Sitting.objects.select_for_update()
        .filter(Q(pk__in=reviewing) | Q(pk=own_sitting_id), council_id=council_id)
        .exclude(state=SittingState.CLOSED)
        .order_by("pk")
    )


def locked_task(
    actor: Member, task_id: int, move: lifecycle.Move, version: int | None
) -> tuple[Task, list[Sitting]]:
    """The task, locked after its council's review sittings, once the actor may make `move`
    on it in its current status and at the version the actor's page showed."""
    found = Task.objects.filter(pk=task_id, council_id=actor.council_id).values_list(
        "council_id", "conclusion__sitting_id"
    )
    if not found:
        raise ActionRefused(_("This task does not exist."))
    council_id, own_sitting_id = found[0]
    sittings = sittings_to_tell(council_id, own_sitting_id)
    task = Task.objects.select_for_update().get(pk=task_id)
    side = lifecycle.side_of(move)
    allowed = may_act_for_agency(actor, task) if side is lifecycle.Side.AGENCY else is_staff(actor)
    if not allowed:
        raise NotAllowed()
    if version is not None and version != task.version:
        raise StaleState(
            _(
                "This task was changed on another device meanwhile (it is now “%(status)s”). "
                "Nothing was saved; the page shows its current state."
            )
            % {"status": task.get_status_display()}
        )
    try:
        lifecycle.next_status(move, task.status)
    except lifecycle.IllegalMove:
        raise ActionRefused(
            _("This is not possible while the task is “%(status)s”.")
            % {"status": task.get_status_display()}
        ) from None
    return task, sittings


def record(
    actor: Member,
    task: Task,
    kind: str,
    sittings: list[Sitting],
    *,
    note: str = "",
    data: dict[str, Any] | None = None,
    fields: tuple[str, ...] = (),
) -> None:
    """Save the task's changed fields with a new version, write its history and the audit
    entry, and push the change live after commit."""
    task.version += 1
    task.save(update_fields=[*fields, "version", "updated_at"])
    TaskEvent.objects.create(task=task, kind=kind, actor=actor, note=note, data=data or {})
    log_action(actor, f"followup.task.{kind}", task, {"status": task.status, **(data or {})})
    live_push.task_changed(task, kind, sittings)
    notices.task_changed(task, kind, note)
