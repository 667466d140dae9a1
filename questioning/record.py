"""The sitting's questioning record (hồ sơ chất vấn): each question put, who asked it, to whom,
who answered, the time used, the answer's gist and the promises with their tasks' status.

Reads only, a fixed number of queries whatever the size. The page, the print, the CSV/XLSX
exports and the minutes all read `record_rows`, so they say the same thing. The record
lists the questions that became public (registered onward): a draft is its author's, a
withdrawn question was never put, a merged one is listed as an author of the question it was
merged into.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import pgettext

from council.models import Member
from council.vietnamese import name_key
from followup.models import OPEN_STATUSES, TaskStatus
from followup.permissions import is_staff
from questioning.models import Official, Promise, Question, QuestionState
from sessions.lookup import sitting_for
from sessions.models import Sitting, SpeakerState

# What the record lists (see the module's docstring).
RECORD_STATES = (
    QuestionState.REGISTERED,
    QuestionState.ON_FLOOR,
    QuestionState.ASKED,
    QuestionState.ANSWERED,
)


@dataclass
class PromiseRow:
    id: int
    text: str
    due_date: datetime.date
    official: str
    task_id: int | None
    status: str  # the task's status code, "" while the promise is not a task
    status_label: str
    late: bool


@dataclass
class QuestionRow:
    id: int
    number: int
    state: str
    state_label: str
    topic: str
    authors: list[str]
    addressed_to: str
    answered_by: str
    seconds_used: int | None
    time_used: str
    text: str
    quote: str
    page: int | None
    registered_before: bool
    gist: str
    answered_at: datetime.datetime | None
    promises: list[PromiseRow] = field(default_factory=list)


def duration(seconds: int | None) -> str:
    """3:05, or 1:02:05 past an hour; "" when there was no timer."""
    if seconds is None:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _seconds_used(question: Question) -> int | None:
    """The time the question's floor used, from the speakers' timer (None: no floor, or
    still running: the record shows time once the floor is over)."""
    floor = question.floor
    if floor is None or floor.state != SpeakerState.DONE:
        return None
    return floor.spoken_seconds


def promise_row(promise: Promise, today: datetime.date) -> PromiseRow:
    task = promise.task
    if task is None:
        status, label, late = "", pgettext("questioning record", "Not yet a task"), False
    else:
        status, label = task.status, task.get_status_display()
        late = task.status in OPEN_STATUSES and task.deadline < today
    return PromiseRow(
        id=promise.pk,
        text=promise.text,
        due_date=promise.due_date,
        official=str(promise.official),
        task_id=promise.task_id,
        status=status,
        status_label=str(label),
        late=late,
    )


def record_rows(sitting: Sitting, today: datetime.date | None = None) -> list[QuestionRow]:
    today = today or timezone.localdate()
    opened = datetime.datetime.combine(sitting.starts_on, datetime.time(0))
    opened_at = timezone.make_aware(opened)
    questions = (
        Question.objects.filter(sitting=sitting, state__in=RECORD_STATES)
        .select_related("official", "author", "group", "floor", "answer")
        .prefetch_related(
            Prefetch("co_authors", queryset=Member.objects.only("id", "full_name")),
            Prefetch(
                "promises",
                queryset=Promise.objects.select_related("official", "task").order_by(
                    "due_date", "id"
                ),
            ),
        )
        .order_by("group__position", "group_id", "position", "created_at", "id")
    )
    rows = []
    for number, question in enumerate(questions, start=1):
        answer = getattr(question, "answer", None)
        co_authors = sorted((m.full_name for m in question.co_authors.all()), key=name_key)
        seconds = _seconds_used(question)
        rows.append(
            QuestionRow(
                id=question.pk,
                number=number,
                state=question.state,
                state_label=str(question.get_state_display()),
                topic=question.group.topic if question.group else "",
                authors=[question.author.full_name, *co_authors],
                addressed_to=str(question.official),
                # The addressee answers (the model keeps no other answerer: see the report).
                answered_by=str(question.official) if answer else "",
                seconds_used=seconds,
                time_used=duration(seconds),
                text=question.text,
                quote=question.quote,
                page=question.page,
                registered_before=bool(
                    question.registered_at and question.registered_at < opened_at
                ),
                gist=answer.gist if answer else "",
                answered_at=answer.recorded_at if answer else None,
                promises=[promise_row(p, today) for p in question.promises.all()],
            )
        )
    return rows


def officials(sitting: Sitting) -> list[Official]:
    return list(Official.objects.filter(sitting=sitting).select_related("agency"))


def totals(rows: list[QuestionRow]) -> dict[str, int]:
    promises = [p for row in rows for p in row.promises]
    return {
        "questions": len(rows),
        "answered": sum(1 for row in rows if row.gist),
        "promises": len(promises),
        "tasked": sum(1 for p in promises if p.task_id),
        "done": sum(1 for p in promises if p.status == TaskStatus.DONE),
        "late": sum(1 for p in promises if p.late),
    }


# -- who may read it -----------------------------------------------------------------------------


def may_read_record(member: Member) -> bool:
    """The chair, the secretariat and the delegates; not a hall screen (it shows only what is
    on the floor), not an agency officer (their agency's promises reach them as tasks)."""
    return is_staff(member) or member.is_delegate


def record_for(user: Any, sitting_id: int) -> tuple[Sitting, Member]:
    sitting, member = sitting_for(user, sitting_id)
    if not may_read_record(member):
        raise Http404
    return sitting, member


def managed_sitting(user: Any, sitting_id: int) -> tuple[Sitting, Member]:
    sitting, member = sitting_for(user, sitting_id)
    if not is_staff(member):
        raise Http404
    return sitting, member


# -- the follow-up review of later sittings ------------------------------------------------------


def earlier_promises(sitting: Sitting, today: datetime.date | None = None) -> list[dict[str, Any]]:
    """The promises made at the council's earlier sittings, by sitting (latest first): what the
    follow-up review of this sitting shows under "promises after questioning"."""
    today = today or timezone.localdate()
    promises = (
        Promise.objects.filter(
            Q(sitting__council_id=sitting.council_id) & Q(sitting__number__lt=sitting.number)
        )
        .select_related("official", "task", "sitting")
        .order_by("-sitting__number", "due_date", "id")
    )
    blocks: list[dict[str, Any]] = []
    for promise in promises:
        if not blocks or blocks[-1]["id"] != promise.sitting_id:
            blocks.append({"id": promise.sitting_id, "title": promise.sitting.title, "rows": []})
        blocks[-1]["rows"].append(promise_row(promise, today))
    return blocks


def review_section(sitting: Sitting) -> str:
    """The follow-up review's "promises after questioning" section (followup/review_sections),
    "" when the earlier sittings made no promise."""
    from django.template.loader import render_to_string

    blocks = earlier_promises(sitting)
    if not blocks:
        return ""
    return render_to_string("questioning/record/_review_promises.html", {"blocks": blocks})
