"""What every questioning service shares: the lock, the audit entry, the live event."""

from typing import Any

from django.utils.translation import gettext as _

from council import permissions
from council.audit import log_action
from council.models import Member
from questioning import rules
from questioning.models import Official, Question, QuestionGroup, QuestionState
from questioning.regions import FLOOR_CHANGED, GROUPS_CHANGED, QUESTIONS_CHANGED
from sessions import live
from sessions.errors import ActionRefused, NotAllowed, NotFound, StaleState
from sessions.models import Sitting, SittingState


def locked_sitting(actor: Member, sitting: Sitting) -> Sitting:
    """The sitting row, locked: taken first by every service here (then audit, then live)."""
    if sitting.council_id != actor.council_id:
        raise NotFound()
    sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
    if sitting.state == SittingState.CLOSED:
        raise ActionRefused(_("The sitting is closed."))
    return sitting


def secretariat_locked(actor: Member, sitting: Sitting) -> Sitting:
    # The chair may group too (a small council has no secretariat at the desk).
    if not (permissions.can_manage_sittings(actor) or permissions.can_chair(actor)):
        raise NotAllowed()
    return locked_sitting(actor, sitting)


def chair_locked(actor: Member, sitting: Sitting) -> Sitting:
    if not permissions.can_chair(actor):
        raise NotAllowed()
    sitting = locked_sitting(actor, sitting)
    if sitting.state != SittingState.IN_PROGRESS:
        raise ActionRefused(_("The sitting has not started."))
    return sitting


def question_in(sitting: Sitting, question_id: Any) -> Question:
    question = (
        Question.objects.select_for_update(of=("self",))
        .select_related("official", "author")
        .filter(pk=as_int(question_id), sitting=sitting)
        .first()
    )
    if question is None:
        raise StaleState(_("That question is no longer there; your screen has been updated."))
    return question


def group_in(sitting: Sitting, group_id: Any) -> QuestionGroup:
    group = (
        QuestionGroup.objects.select_for_update(of=("self",))
        .select_related("official")
        .filter(pk=as_int(group_id), sitting=sitting)
        .first()
    )
    if group is None:
        raise StaleState(_("That group is no longer there; your screen has been updated."))
    return group


def official_in(sitting: Sitting, official_id: Any) -> Official:
    official = Official.objects.filter(pk=as_int(official_id), sitting=sitting).first()
    if official is None:
        raise ActionRefused(_("Choose the official the question is for."))
    return official


def as_int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def move(question: Question, to_state: str) -> None:
    if not rules.may_move(question.state, to_state):
        raise StaleState(
            _("This question is %(state)s: it changed meanwhile; your screen has been updated.")
            % {"state": QuestionState(question.state).label}
        )
    question.state = to_state


def audit(actor: Member | None, action: str, obj: Any, sitting: Sitting, **data: Any) -> None:
    log_action(actor, f"questioning.{action}", obj, data, council=sitting.council)


def questions_changed(sitting: Sitting, question_id: int | None, change: str) -> None:
    live.publish(sitting, QUESTIONS_CHANGED, {"question_id": question_id, "change": change})


def groups_changed(sitting: Sitting, group_id: int | None, change: str) -> None:
    live.publish(sitting, GROUPS_CHANGED, {"group_id": group_id, "change": change})


def floor_changed(sitting: Sitting, question_id: int | None, change: str) -> None:
    live.publish(sitting, FLOOR_CHANGED, {"question_id": question_id, "change": change})
