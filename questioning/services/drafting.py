"""A delegate's own questions: draft, edit, withdraw, register (send), co-authors."""

import uuid
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import Member
from questioning import rules
from questioning.models import Question, QuestionState
from questioning.queries import is_author
from questioning.services import common, passages
from sessions.errors import ActionRefused, NotAllowed
from sessions.models import Sitting, SittingState

TEXT_MAX_CHARS = Question._meta.get_field("text").max_length or 2000


def clean_text(text: Any) -> str:
    words = rules.clean_text(str(text or ""), TEXT_MAX_CHARS)
    if not words:
        raise ActionRefused(_("Write the question."))
    if len(words) > TEXT_MAX_CHARS:
        raise ActionRefused(
            _("A question may have at most %(limit)d characters.") % {"limit": TEXT_MAX_CHARS}
        )
    return words


def clean_client_id(value: Any) -> uuid.UUID | None:
    if value in (None, ""):
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise ActionRefused(
            _("The question could not be read. Reload the page and try again.")
        ) from None


def _author_locked(actor: Member, sitting: Sitting, question_id: Any) -> tuple[Sitting, Question]:
    sitting = common.locked_sitting(actor, sitting)
    question = common.question_in(sitting, question_id)
    if not is_author(actor, question):
        raise NotAllowed()
    return sitting, question


def _register(question: Question) -> None:
    common.move(question, QuestionState.REGISTERED)
    question.registered_at = timezone.now()
    last = Question.objects.filter(sitting_id=question.sitting_id).aggregate(m=Max("position"))
    question.position = (last["m"] or 0) + 1


@transaction.atomic
def draft_question(
    actor: Member,
    sitting: Sitting,
    *,
    official_id: Any,
    text: Any,
    version_id: Any = None,
    page: Any = None,
    quote: Any = "",
    rects: Any = None,
    send: bool = False,
    client_id: Any = None,
) -> Question:
    """A new question (with or without a quoted passage), kept as a draft or sent at once.

    `client_id` (a UUID made by the tablet) makes a retry return the question already made.
    """
    if not actor.is_delegate:
        raise NotAllowed()
    client_uuid = clean_client_id(client_id)
    sitting = common.locked_sitting(actor, sitting)
    if client_uuid is not None:
        again = Question.objects.filter(author=actor, client_id=client_uuid).first()
        if again is not None:
            return again
    if sitting.state == SittingState.DRAFT:
        raise ActionRefused(_("The sitting is not published yet."))
    question = Question(
        sitting=sitting,
        author=actor,
        official=common.official_in(sitting, official_id),
        text=clean_text(text),
        client_id=client_uuid,
    )
    passages.apply(question, passages.clean(actor, sitting, version_id, page, quote, rects))
    if send:
        _register(question)
    question.save()
    common.audit(
        actor,
        "question.registered" if send else "question.drafted",
        question,
        sitting,
        official=question.official_id,
        version=question.version_id,
        page=question.page,
        before_sitting=sitting.state != SittingState.IN_PROGRESS,
    )
    if send:
        common.questions_changed(sitting, question.pk, "registered")
    return question


@transaction.atomic
def edit_question(
    actor: Member, sitting: Sitting, question_id: Any, *, official_id: Any, text: Any
) -> Question:
    """Its authors change the words or the addressee, until it is given the floor."""
    sitting, question = _author_locked(actor, sitting, question_id)
    if question.state not in rules.EDITABLE:
        raise ActionRefused(_("This question can no longer be changed."))
    official = common.official_in(sitting, official_id)
    if question.group_id is not None and official.pk != question.official_id:
        # Its group is for one official: the secretariat groups it again.
        question.group = None
    question.official, question.text = official, clean_text(text)
    question.save(update_fields=["official", "text", "group", "updated_at"])
    common.audit(actor, "question.edited", question, sitting, official=official.pk)
    if question.state == QuestionState.REGISTERED:
        common.questions_changed(sitting, question.pk, "edited")
    return question


@transaction.atomic
def register_question(actor: Member, sitting: Sitting, question_id: Any) -> Question:
    """Send a draft: from now on the sitting's delegates and its official see it."""
    sitting, question = _author_locked(actor, sitting, question_id)
    if sitting.state == SittingState.DRAFT:
        raise ActionRefused(_("The sitting is not published yet."))
    _register(question)
    question.save(update_fields=["state", "registered_at", "position", "updated_at"])
    common.audit(
        actor,
        "question.registered",
        question,
        sitting,
        before_sitting=sitting.state != SittingState.IN_PROGRESS,
    )
    common.questions_changed(sitting, question.pk, "registered")
    return question


@transaction.atomic
def withdraw_question(actor: Member, sitting: Sitting, question_id: Any) -> Question:
    sitting, question = _author_locked(actor, sitting, question_id)
    was_public = question.state != QuestionState.DRAFT
    common.move(question, QuestionState.WITHDRAWN)
    question.group = None
    question.save(update_fields=["state", "group", "updated_at"])
    common.audit(actor, "question.withdrawn", question, sitting)
    if was_public:
        common.questions_changed(sitting, question.pk, "withdrawn")
    return question


@transaction.atomic
def set_co_authors(
    actor: Member, sitting: Sitting, question_id: Any, member_ids: list[Any]
) -> Question:
    """The author names the delegates who put the question with them."""
    sitting, question = _author_locked(actor, sitting, question_id)
    if question.author_id != actor.pk:
        raise NotAllowed()
    if question.state not in rules.EDITABLE:
        raise ActionRefused(_("This question can no longer be changed."))
    wanted = {common.as_int(m) for m in member_ids} - {question.author_id}
    members = list(Member.objects.delegates().filter(council=sitting.council, pk__in=wanted))
    if len(members) != len(wanted):
        raise ActionRefused(_("Choose co-authors among the council's delegates."))
    question.co_authors.set(members)
    common.audit(
        actor, "question.co_authors", question, sitting, co_authors=sorted(m.pk for m in members)
    )
    if question.state == QuestionState.REGISTERED:
        common.questions_changed(sitting, question.pk, "co_authors")
    return question
