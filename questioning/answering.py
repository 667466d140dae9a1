"""After the question: the officials who answer, the answers' gist, the promises, and the
promise that becomes a follow-up task ("Giao việc") in one step.

The secretariat (or the chair) records these during the sitting or after it. Every service
is one transaction: the sitting is locked first (with the later sittings whose follow-up
review lists this sitting's promises, in one order), then the rows, then the audit entry,
then the live events on commit.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from council.audit import log_action
from council.models import Member
from followup.live_events import REVIEW_CHANGED
from followup.models import Agency, Priority, ReviewItem, Task
from followup.permissions import is_staff
from followup.services.assign import MAX_TITLE, checked_task, create_task
from followup.services.common import sittings_to_tell
from questioning.models import Answer, Official, Promise, Question, QuestionState
from sessions import live
from sessions.errors import ActionRefused, NotAllowed, NotFound
from sessions.models import Sitting, SittingState

NAME_MAX = 200
OFFICE_MAX = 200
GIST_MAX = 5000
PROMISE_MAX = 2000
PROMISE_YEARS = 5
# A question may be answered once it is public: in the hall (on the floor, asked) or, for a
# registered question the sitting had no time for, in writing afterwards (trả lời bằng văn bản).
ANSWERABLE = (
    QuestionState.REGISTERED,
    QuestionState.ON_FLOOR,
    QuestionState.ASKED,
    QuestionState.ANSWERED,
)
# Recording the answer moves these on; a question still on the floor is left to the
# speakers' machinery, which moves it when the floor ends.
ANSWERED_FROM = (QuestionState.REGISTERED, QuestionState.ASKED)


@dataclass(frozen=True)
class PromiseInput:
    text: str
    due_date: datetime.date | None


# -- locks -------------------------------------------------------------------------------------


def _staff(actor: Member, sitting: Sitting) -> None:
    if sitting.council_id != actor.council_id:
        raise NotFound()
    if not is_staff(actor):
        raise NotAllowed()


def _lock(sitting: Sitting) -> tuple[Sitting, list[Sitting]]:
    """The sitting, locked, and the open sittings whose follow-up review may list its
    promises (locked with it in pk order, as the follow-up's task services lock them)."""
    told = sittings_to_tell(sitting.council_id, sitting.pk)
    locked = next((s for s in told if s.pk == sitting.pk), None)
    if locked is None:  # a closed sitting: the follow-up does not lock it, we do
        locked = Sitting.objects.select_for_update().get(pk=sitting.pk)
    reviewing = [s for s in told if s.pk != sitting.pk and s.number > sitting.number]
    if locked.state == SittingState.DRAFT:
        raise ActionRefused(_("Questioning is recorded once the sitting is published."))
    return locked, reviewing


def _tell_reviews(reviewing: list[Sitting]) -> None:
    """The later sittings' follow-up review lists this sitting's promises: redraw it."""
    items = dict(
        ReviewItem.objects.filter(item__sitting__in=reviewing)
        .order_by("item__position", "item_id")
        .values_list("item__sitting_id", "item_id")
    )
    for sitting in reviewing:
        if sitting.pk in items:
            live.publish(sitting, REVIEW_CHANGED, {"item_id": items[sitting.pk]})


# -- officials ---------------------------------------------------------------------------------


def _official_fields(
    actor: Member, name: str, office: str, agency_id: int | None
) -> tuple[str, str, Agency | None]:
    name = " ".join((name or "").split())
    office = " ".join((office or "").split())
    if not name:
        raise ActionRefused(_("An official needs a name."))
    if not office:
        raise ActionRefused(_("An official needs an office (e.g. Director of the Department)."))
    if len(name) > NAME_MAX:
        raise ActionRefused(_("A name is at most %(n)d characters.") % {"n": NAME_MAX})
    if len(office) > OFFICE_MAX:
        raise ActionRefused(_("An office is at most %(n)d characters.") % {"n": OFFICE_MAX})
    agency = None
    if agency_id is not None:
        agency = Agency.objects.filter(
            pk=agency_id, council_id=actor.council_id, active=True
        ).first()
        if agency is None:
            raise ActionRefused(_("Choose an agency from the list."))
    return name, office, agency


def _same_official_exists(sitting: Sitting, name: str, office: str, but: int | None) -> bool:
    same = Official.objects.filter(sitting=sitting, name=name, office=office)
    if but is not None:
        same = same.exclude(pk=but)
    return same.exists()


def add_official(
    actor: Member, sitting: Sitting, *, name: str, office: str, agency_id: int | None
) -> Official:
    _staff(actor, sitting)
    name, office, agency = _official_fields(actor, name, office, agency_id)
    with transaction.atomic():
        locked, _reviewing = _lock(sitting)
        if _same_official_exists(locked, name, office, None):
            raise ActionRefused(_("This official is already on the sitting's list."))
        last = Official.objects.filter(sitting=locked).order_by("-position").first()
        official = Official.objects.create(
            sitting=locked,
            name=name,
            office=office,
            agency=agency,
            position=(last.position + 1) if last else 1,
        )
        log_action(
            actor,
            "questioning.official.added",
            official,
            {"sitting": locked.pk, "name": name, "office": office, "agency": agency_id},
        )
    return official


def _official(actor: Member, official_id: int) -> Official:
    official = (
        Official.objects.select_related("sitting")
        .filter(pk=official_id, sitting__council_id=actor.council_id)
        .first()
    )
    if official is None:
        raise NotFound(_("This official is not on the list."))
    _staff(actor, official.sitting)
    return official


def edit_official(
    actor: Member, official_id: int, *, name: str, office: str, agency_id: int | None
) -> Official:
    official = _official(actor, official_id)
    name, office, agency = _official_fields(actor, name, office, agency_id)
    with transaction.atomic():
        locked, reviewing = _lock(official.sitting)
        official = Official.objects.select_for_update().get(pk=official.pk)
        if _same_official_exists(locked, name, office, official.pk):
            raise ActionRefused(_("This official is already on the sitting's list."))
        # Promises already made tasks stay with the agency they were given to.
        official.name, official.office, official.agency = name, office, agency
        official.save(update_fields=["name", "office", "agency"])
        log_action(
            actor,
            "questioning.official.edited",
            official,
            {"name": name, "office": office, "agency": agency_id},
        )
        if official.promises.exists():
            _tell_reviews(reviewing)
    return official


def remove_official(actor: Member, official_id: int) -> None:
    official = _official(actor, official_id)
    with transaction.atomic():
        _lock(official.sitting)
        official = Official.objects.select_for_update().get(pk=official.pk)
        questions = official.questions.count()
        if questions or official.groups.exists() or official.promises.exists():
            raise ActionRefused(
                _(
                    "%(name)s cannot be removed: questions or promises are addressed to them "
                    "(%(n)d questions). Move or withdraw those first."
                )
                % {"name": official.name, "n": questions}
            )
        log_action(
            actor,
            "questioning.official.removed",
            official,
            {"name": official.name, "office": official.office},
        )
        official.delete()


# -- answers and promises ----------------------------------------------------------------------


def _question(actor: Member, question_id: int) -> Question:
    question = (
        Question.objects.select_related("sitting")
        .filter(pk=question_id, sitting__council_id=actor.council_id)
        .first()
    )
    if question is None:
        raise NotFound(_("This question does not exist."))
    _staff(actor, question.sitting)
    return question


def _checked_promise(sitting: Sitting, promise: PromiseInput) -> tuple[str, datetime.date]:
    text = (promise.text or "").strip()
    if not text:
        raise ActionRefused(_("A promise needs its text."))
    if len(text) > PROMISE_MAX:
        raise ActionRefused(_("A promise is at most %(n)d characters.") % {"n": PROMISE_MAX})
    if promise.due_date is None:
        raise ActionRefused(_("A promise needs the date it was promised for."))
    if promise.due_date < sitting.starts_on:
        raise ActionRefused(_("A promise cannot be due before the sitting began."))
    # A council's term is five years: a later date is a typing slip (2206 for 2026).
    if promise.due_date.year > sitting.starts_on.year + PROMISE_YEARS:
        raise ActionRefused(
            _("A promise is due within %(n)d years of the sitting.") % {"n": PROMISE_YEARS}
        )
    return text, promise.due_date


def record_answer(
    actor: Member,
    question_id: int,
    *,
    gist: str,
    promise: PromiseInput | None = None,
) -> Answer:
    """Record (or correct) the answer's gist, and with it a promise if one was made."""
    question = _question(actor, question_id)
    gist = (gist or "").strip()
    if not gist:
        raise ActionRefused(_("Write the gist of the answer."))
    if len(gist) > GIST_MAX:
        raise ActionRefused(
            _("The gist of an answer is at most %(n)d characters.") % {"n": GIST_MAX}
        )
    promised = _checked_promise(question.sitting, promise) if promise else None
    with transaction.atomic():
        locked, reviewing = _lock(question.sitting)
        question = Question.objects.select_for_update().get(pk=question.pk)
        if question.state not in ANSWERABLE:
            raise ActionRefused(
                _("A question that is “%(state)s” cannot be answered.")
                % {"state": question.get_state_display()}
            )
        answer, created = Answer.objects.update_or_create(
            question=question, defaults={"gist": gist, "recorded_by": actor}
        )
        if question.state in ANSWERED_FROM:
            question.state = QuestionState.ANSWERED
            question.save(update_fields=["state", "updated_at"])
        log_action(
            actor,
            "questioning.answer.recorded" if created else "questioning.answer.corrected",
            answer,
            {"question": question.pk, "state": question.state},
        )
        if promised:
            _create_promise(actor, locked, question, *promised)
            _tell_reviews(reviewing)
    return answer


def _create_promise(
    actor: Member, sitting: Sitting, question: Question, text: str, due: datetime.date
) -> Promise:
    promise = Promise.objects.create(
        sitting=sitting,
        official_id=question.official_id,
        question=question,
        text=text,
        due_date=due,
        recorded_by=actor,
    )
    log_action(
        actor,
        "questioning.promise.recorded",
        promise,
        {"question": question.pk, "official": question.official_id, "due": due.isoformat()},
    )
    return promise


def add_promise(actor: Member, question_id: int, promise: PromiseInput) -> Promise:
    """Another promise in an answer already recorded."""
    question = _question(actor, question_id)
    text, due = _checked_promise(question.sitting, promise)
    with transaction.atomic():
        locked, reviewing = _lock(question.sitting)
        question = Question.objects.select_for_update().get(pk=question.pk)
        if not Answer.objects.filter(question=question).exists():
            raise ActionRefused(_("Record the answer first: a promise is made in an answer."))
        created = _create_promise(actor, locked, question, text, due)
        _tell_reviews(reviewing)
    return created


def _promise(actor: Member, promise_id: int) -> Promise:
    promise = (
        Promise.objects.select_related("sitting", "official__agency")
        .filter(pk=promise_id, sitting__council_id=actor.council_id)
        .first()
    )
    if promise is None:
        raise NotFound(_("This promise does not exist."))
    _staff(actor, promise.sitting)
    return promise


def remove_promise(actor: Member, promise_id: int) -> None:
    """A promise recorded by mistake; once it is a task the task's own life takes over."""
    promise = _promise(actor, promise_id)
    with transaction.atomic():
        _locked, reviewing = _lock(promise.sitting)
        promise = Promise.objects.select_for_update().get(pk=promise.pk)
        if promise.task_id is not None:
            raise ActionRefused(
                _("This promise is already a task of %(agency)s; it can no longer be removed.")
                % {"agency": promise.task.agency.name if promise.task else ""}
            )
        log_action(actor, "questioning.promise.removed", promise, {"text": promise.text[:200]})
        promise.delete()
        _tell_reviews(reviewing)


def promise_to_task(actor: Member, promise_id: int, *, priority: int = Priority.NORMAL) -> Task:
    """Giao việc: the promise becomes a task of the official's agency, due on the promised
    date, through the follow-up's own task creation (history, audit, notice to the agency,
    live push; the reminder sweep finds it by its deadline like every task)."""
    promise = _promise(actor, promise_id)
    agency = promise.official.agency
    if agency is None:
        raise ActionRefused(
            _("%(name)s is not linked to an agency: link them to one to give it the task.")
            % {"name": promise.official.name}
        )
    question = promise.question
    title = _("Promise: %(text)s") % {"text": promise.text}
    if len(title) > MAX_TITLE:
        title = title[: MAX_TITLE - 1].rstrip() + "…"
    description = _(
        "Promised by %(official)s at %(sitting)s, answering the question of %(author)s: "
        "%(question)s"
    ) % {
        "official": promise.official,
        "sitting": promise.sitting.title,
        "author": question.author.full_name if question else "—",
        "question": question.text if question else "",
    }
    description = description[:5000]
    checked_task(
        actor,
        agency_id=agency.pk,
        deadline=promise.due_date,
        title=title,
        description=description,
        priority=priority,
        assignee_id=None,
    )
    with transaction.atomic():
        # The follow-up's order: every sitting to tell, in pk order, then the rows.
        told = sittings_to_tell(actor.council_id, promise.sitting_id)
        if not any(s.pk == promise.sitting_id for s in told):
            Sitting.objects.select_for_update().get(pk=promise.sitting_id)
        locked = Promise.objects.select_for_update().get(pk=promise.pk)
        if locked.task_id is not None:
            raise ActionRefused(_("This promise is already a task."))
        task = create_task(
            actor,
            told,
            agency=agency,
            conclusion=None,
            title=title,
            description=description,
            priority=priority,
            deadline=promise.due_date,
            assignee_id=None,
            audit={"promise": promise.pk},
        )
        locked.task = task
        locked.save(update_fields=["task"])
        log_action(actor, "questioning.promise.tasked", locked, {"task": task.pk})
        # The task push above redraws every reviewing sitting's review (TASKS_CHANGED).
    return task
