"""The secretariat's desk: groups by addressee and topic, questions into groups, duplicates
merged (every author kept); the chair orders the groups."""

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from council import permissions
from council.models import Member
from council.sequence import AtTheEnd, moved
from questioning import rules
from questioning.models import GroupState, Question, QuestionGroup, QuestionState
from questioning.services import common
from sessions.errors import ActionRefused, NotAllowed, StaleState
from sessions.models import Sitting

TOPIC_MAX_CHARS = QuestionGroup._meta.get_field("topic").max_length or 200


def _topic(topic: Any) -> str:
    words = " ".join(str(topic or "").split())
    if not words:
        raise ActionRefused(_("Name the group's topic."))
    if len(words) > TOPIC_MAX_CHARS:
        raise ActionRefused(
            _("A topic may have at most %(limit)d characters.") % {"limit": TOPIC_MAX_CHARS}
        )
    return words


@transaction.atomic
def create_group(actor: Member, sitting: Sitting, *, official_id: Any, topic: Any) -> QuestionGroup:
    sitting = common.secretariat_locked(actor, sitting)
    official = common.official_in(sitting, official_id)
    topic = _topic(topic)
    if QuestionGroup.objects.filter(sitting=sitting, official=official, topic=topic).exists():
        raise ActionRefused(_("This official already has a group on that topic."))
    last = QuestionGroup.objects.filter(sitting=sitting).aggregate(m=Max("position"))["m"]
    group = QuestionGroup.objects.create(
        sitting=sitting, official=official, topic=topic, position=(last or 0) + 1
    )
    common.audit(actor, "group.created", group, sitting, official=official.pk, topic=topic)
    common.groups_changed(sitting, group.pk, "created")
    return group


@transaction.atomic
def remove_group(actor: Member, sitting: Sitting, group_id: Any) -> None:
    """A waiting group the secretariat no longer wants: its questions go back ungrouped."""
    sitting = common.secretariat_locked(actor, sitting)
    group = common.group_in(sitting, group_id)
    if (
        group.state != GroupState.WAITING
        or group.questions.exclude(state=QuestionState.REGISTERED)
        .exclude(state=QuestionState.MERGED)
        .exists()
    ):
        raise ActionRefused(_("Only a group not yet questioned can be removed."))
    group.questions.update(group=None)
    common.audit(actor, "group.removed", group, sitting, topic=group.topic)
    pk = group.pk
    group.delete()
    common.groups_changed(sitting, pk, "removed")


@transaction.atomic
def put_in_group(actor: Member, sitting: Sitting, question_id: Any, group_id: Any) -> Question:
    """Into a group (or out of any, with no group): only the official's own groups."""
    sitting = common.secretariat_locked(actor, sitting)
    question = common.question_in(sitting, question_id)
    if question.state not in rules.GROUPABLE:
        raise StaleState(_("This question can no longer be moved; your screen has been updated."))
    group = None if group_id in (None, "") else common.group_in(sitting, group_id)
    if group is not None:
        if group.state == GroupState.DONE:
            raise ActionRefused(_("That group's questioning is over."))
        if group.official_id != question.official_id:
            raise ActionRefused(
                _("This group is for %(group)s; the question is for %(question)s.")
                % {"group": group.official, "question": question.official}
            )
    question.group = group
    question.save(update_fields=["group", "updated_at"])
    common.audit(actor, "question.grouped", question, sitting, group=group and group.pk)
    common.questions_changed(sitting, question.pk, "grouped")
    return question


@transaction.atomic
def merge(actor: Member, sitting: Sitting, question_id: Any, into_id: Any) -> Question:
    """A duplicate folds into another question to the same official; its authors become the
    target's co-authors, so the record names every delegate who asked. Returns the target."""
    sitting = common.secretariat_locked(actor, sitting)
    question = common.question_in(sitting, question_id)
    target = common.question_in(sitting, into_id)
    if target.pk == question.pk:
        raise ActionRefused(_("Choose another question to merge into."))
    if target.state != QuestionState.REGISTERED:
        raise StaleState(_("Merge only into a question not yet asked."))
    if target.official_id != question.official_id:
        raise ActionRefused(_("Merge only questions put to the same official."))
    common.move(question, QuestionState.MERGED)
    question.merged_into, question.group = target, None
    question.save(update_fields=["state", "merged_into", "group", "updated_at"])
    # Earlier duplicates of the duplicate follow it.
    Question.objects.filter(merged_into=question).update(merged_into=target)
    authors = {question.author_id, *question.co_authors.values_list("pk", flat=True)}
    authors |= set(
        Question.objects.filter(merged_into=target)
        .exclude(pk=question.pk)
        .values_list("author_id", flat=True)
    )
    target.co_authors.add(*(authors - {target.author_id}))
    common.audit(actor, "question.merged", question, sitting, into=target.pk)
    common.questions_changed(sitting, target.pk, "merged")
    return target


@transaction.atomic
def move_group(actor: Member, sitting: Sitting, group_id: Any, direction: int) -> None:
    """The chair orders the groups (↑/↓): one place up (-1) or down (+1)."""
    if not permissions.can_chair(actor):
        raise NotAllowed()
    sitting = common.locked_sitting(actor, sitting)
    group = common.group_in(sitting, group_id)
    order = QuestionGroup.objects.filter(sitting=sitting).order_by("position", "id")
    try:
        entries, index, target = moved(order, group.pk, direction)
    except AtTheEnd as end:
        raise ActionRefused(
            _("This group is already last.") if end.last else _("This group is already first.")
        ) from None
    for position, other in enumerate(entries, start=1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])
    common.audit(actor, "group.moved", group, sitting, **{"from": index + 1, "to": target + 1})
    common.groups_changed(sitting, group.pk, "moved")
