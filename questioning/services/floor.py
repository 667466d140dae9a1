"""The chair's questioning: open one group (phiên chất vấn), give the floor for a question
through the speakers' machinery, mark it asked, close the group.

The floor is a SpeakerRequest of kind "question" addressed to the official, on the item the
group runs under: the timer, the hall screen's speaker, the time record and the debate
replies (tranh luận: delegates ask for a "reply" on the same item) are the speakers' own.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import Member
from questioning.models import GroupState, Question, QuestionGroup, QuestionState
from questioning.services import common
from sessions import speakers
from sessions.errors import ActionRefused, StaleState
from sessions.models import OPEN_SPEAKER_STATES, Sitting, SpeakerKind, SpeakerRequest, SpeakerState


@transaction.atomic
def open_group(actor: Member, sitting: Sitting, group_id: Any) -> QuestionGroup:
    """One group at a time, under the agenda item under way (speakers hang from items)."""
    sitting = common.chair_locked(actor, sitting)
    group = common.group_in(sitting, group_id)
    if group.state != GroupState.WAITING:
        raise StaleState(_("That group is not waiting; your screen has been updated."))
    already = QuestionGroup.objects.filter(sitting=sitting, state=GroupState.OPEN).first()
    if already is not None:
        raise ActionRefused(
            _("Close the questioning of %(official)s first.") % {"official": already.official}
        )
    if sitting.current_item_id is None:
        raise ActionRefused(_("Bring up the agenda item of the questioning first."))
    group.state, group.item_id, group.opened_at = (
        GroupState.OPEN,
        sitting.current_item_id,
        timezone.now(),
    )
    group.save(update_fields=["state", "item", "opened_at"])
    common.audit(actor, "group.opened", group, sitting, item=group.item_id)
    common.floor_changed(sitting, None, "group_opened")
    return group


def _floor_request(sitting: Sitting, question: Question) -> SpeakerRequest:
    """The author's request to speak on the item, made for the question (or theirs waiting)."""
    waiting = SpeakerRequest.objects.filter(
        item_id=sitting.current_item_id, member_id=question.author_id, state__in=OPEN_SPEAKER_STATES
    ).first()
    addressee = str(question.official)[:200]
    if waiting is not None:
        if waiting.state != SpeakerState.WAITING:
            raise StaleState(_("%(name)s has the floor already.") % {"name": question.author})
        waiting.kind, waiting.addressee = SpeakerKind.QUESTION, addressee
        waiting.save(update_fields=["kind", "addressee"])
        return waiting
    last = SpeakerRequest.objects.filter(item_id=sitting.current_item_id).count()
    return SpeakerRequest.objects.create(
        sitting=sitting,
        item_id=sitting.current_item_id,
        member_id=question.author_id,
        kind=SpeakerKind.QUESTION,
        addressee=addressee,
        position=last + 1,
    )


def _asked(actor: Member, sitting: Sitting, question: Question) -> None:
    common.move(question, QuestionState.ASKED)
    question.save(update_fields=["state", "updated_at"])
    floor = question.floor
    if floor is not None and floor.state == SpeakerState.SPEAKING:
        speakers.mark_done(actor, sitting, floor.pk)
    common.audit(actor, "question.asked", question, sitting, floor=question.floor_id)


@transaction.atomic
def give_floor(actor: Member, sitting: Sitting, question_id: Any) -> Question:
    """The question's author speaks: their timer starts, the hall sees the question. A
    question still on the floor is asked by then (one speaker at a time)."""
    sitting = common.chair_locked(actor, sitting)
    question = common.question_in(sitting, question_id)
    group = question.group
    if group is None or group.state != GroupState.OPEN:
        raise StaleState(_("Give the floor from the group being questioned."))
    if group.item_id != sitting.current_item_id:
        raise ActionRefused(_("Bring the questioning's agenda item back up first."))
    current = (
        Question.objects.select_for_update(of=("self",))
        .select_related("floor")
        .filter(sitting=sitting, state=QuestionState.ON_FLOOR)
        .first()
    )
    common.move(question, QuestionState.ON_FLOOR)  # checked before anything changes
    if current is not None:
        _asked(actor, sitting, current)
    request = speakers.give_floor(actor, sitting, _floor_request(sitting, question).pk)
    question.floor = request
    question.save(update_fields=["state", "floor", "updated_at"])
    common.audit(actor, "question.floor_given", question, sitting, floor=request.pk)
    common.floor_changed(sitting, question.pk, "floor")
    return question


@transaction.atomic
def mark_asked(actor: Member, sitting: Sitting, question_id: Any) -> Question:
    sitting = common.chair_locked(actor, sitting)
    question = common.question_in(sitting, question_id)
    if question.state != QuestionState.ON_FLOOR:
        raise StaleState(_("That question is not on the floor; your screen has been updated."))
    question = Question.objects.select_related("floor").get(pk=question.pk)
    _asked(actor, sitting, question)
    common.floor_changed(sitting, question.pk, "asked")
    return question


@transaction.atomic
def close_group(actor: Member, sitting: Sitting, group_id: Any) -> QuestionGroup:
    """The questioning of this official ends; questions not reached stay registered (the
    official answers them in writing, and the record lists them as not asked)."""
    sitting = common.chair_locked(actor, sitting)
    group = common.group_in(sitting, group_id)
    if group.state != GroupState.OPEN:
        raise StaleState(_("That group is not open; your screen has been updated."))
    on_floor = (
        Question.objects.select_for_update(of=("self",))
        .select_related("floor")
        .filter(group=group, state=QuestionState.ON_FLOOR)
        .first()
    )
    if on_floor is not None:
        _asked(actor, sitting, on_floor)
    group.state, group.closed_at = GroupState.DONE, timezone.now()
    group.save(update_fields=["state", "closed_at"])
    common.audit(actor, "group.closed", group, sitting)
    common.floor_changed(sitting, None, "group_closed")
    return group
