"""Who sees which question: every read of questions goes through here, never a bare queryset.

- A draft is its authors' alone (the author and any co-author), like a private annotation.
- Once registered, a question is public to the sitting's council: delegates, the chair and
  the secretariat (a withdrawn one stays its authors' only).
- An agency user sees the public questions put to the officials of their agency.
- A hall screen sees only the question on the floor (the regions render it; nothing else).
"""

from django.db.models import Q, QuerySet

from council.models import Member
from questioning.models import PUBLIC_QUESTION_STATES, Question, QuestionState
from sessions.models import Sitting


def _agency_id(member: Member) -> int | None:
    from followup.permissions import agency_id_of

    return agency_id_of(member)


def authored_by(member: Member) -> Q:
    return Q(author=member) | Q(co_authors=member)


def visible_to(member: Member, sitting: Sitting) -> QuerySet[Question]:
    """The questions of `sitting` that `member` may read."""
    questions = Question.objects.filter(sitting=sitting)
    if member.council_id != sitting.council_id:
        return questions.none()
    if member.is_screen:
        return questions.filter(state=QuestionState.ON_FLOOR)
    public = questions.filter(state__in=PUBLIC_QUESTION_STATES)
    if member.is_agency:
        agency_id = _agency_id(member)
        if agency_id is None:
            return questions.none()
        return public.filter(official__agency_id=agency_id)
    # One query, and no duplicates from the co-authors' join.
    ids = questions.filter(Q(state__in=PUBLIC_QUESTION_STATES) | authored_by(member)).values("pk")
    return Question.objects.filter(pk__in=ids)


def may_see(member: Member, question: Question) -> bool:
    return visible_to(member, question.sitting).filter(pk=question.pk).exists()


def is_author(member: Member, question: Question) -> bool:
    return question.author_id == member.pk or question.co_authors.filter(pk=member.pk).exists()


def own(member: Member, sitting: Sitting) -> QuerySet[Question]:
    """The member's own questions (drafts included), newest first: their list on the tablet."""
    ids = Question.objects.filter(sitting=sitting).filter(authored_by(member)).values("pk")
    return (
        Question.objects.filter(pk__in=ids)
        .exclude(state=QuestionState.WITHDRAWN)
        .select_related("official", "version__document")
        .order_by("-created_at", "-id")
    )


def public(sitting: Sitting) -> QuerySet[Question]:
    """What every delegate of the sitting may read (the live regions render only these)."""
    return (
        Question.objects.filter(sitting=sitting, state__in=PUBLIC_QUESTION_STATES)
        .select_related("author", "official", "version__document", "group")
        .prefetch_related("co_authors")
    )


def on_floor(sitting: Sitting) -> Question | None:
    """The question being asked now: the only one a hall screen ever shows."""
    return (
        Question.objects.filter(sitting=sitting, state=QuestionState.ON_FLOOR)
        .select_related("author", "official", "version__document", "floor")
        .prefetch_related("co_authors")
        .first()
    )
