"""The chair's and the secretariat's follow-up dashboard: counts, the overdue-first list and the
timeline, each one query whatever the number of tasks (tests/followup/test_query_counts.py)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.http import QueryDict

from followup.models import OPEN_STATUSES, Agency, Task, TaskQuerySet, TaskStatus, lateness
from sessions.models import Sitting

PAGE_SIZE = 50
TIMELINE_LIMIT = 100
# The timeline shows from a month back to three months ahead (overdue bars start at the left).
TIMELINE_BEFORE_DAYS = 30
TIMELINE_AFTER_DAYS = 90


@dataclass(frozen=True)
class Filters:
    status: str = ""
    agency: int | None = None
    sitting: int | None = None
    late: bool = False
    page: int = 1

    @classmethod
    def from_query(cls, query: QueryDict) -> "Filters":
        def number(name: str) -> int | None:
            value = query.get(name, "")
            return int(value) if value.isdigit() and len(value) < 12 else None

        status = query.get("status", "")
        return cls(
            status=status if status in TaskStatus.values else "",
            agency=number("agency"),
            sitting=number("sitting"),
            late=query.get("late") == "1",
            page=max(1, min(number("page") or 1, 10_000)),
        )

    def apply(self, tasks: TaskQuerySet, today: datetime.date) -> TaskQuerySet:
        if self.status:
            tasks = tasks.filter(status=self.status)
        if self.agency:
            tasks = tasks.filter(agency_id=self.agency)
        if self.sitting:
            tasks = tasks.filter(conclusion__sitting_id=self.sitting)
        if self.late:
            tasks = tasks.overdue(today)
        return tasks


def _late(today: datetime.date) -> Q:
    return Q(status__in=OPEN_STATUSES, deadline__lt=today)


def task_rows(tasks: TaskQuerySet, today: datetime.date) -> TaskQuerySet:
    """Overdue first (the most late on top), then by deadline."""
    return (
        tasks.annotate(is_late=lateness(today))
        .select_related("agency", "assignee", "conclusion__sitting")
        .order_by("-is_late", "deadline", "id")
    )


def dashboard(council_id: int, filters: Filters, today: datetime.date) -> dict[str, Any]:
    everything = Task.objects.filter(council_id=council_id)
    tasks = filters.apply(everything, today)
    labels = dict(TaskStatus.choices)
    counted: dict[str, int] = {}
    late_total = 0
    for status, n, late in (
        tasks.values("status")
        .annotate(n=Count("id"), late=Count("id", filter=_late(today)))
        .values_list("status", "n", "late")
    ):
        counted[status] = n
        late_total += late
    statuses = [
        {"status": s, "label": labels[s], "n": counted.get(s, 0)} for s in TaskStatus.values
    ]
    by_agency = list(
        tasks.values("agency_id", "agency__short_name", "agency__name")
        .annotate(
            n=Count("id"),
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
            late=Count("id", filter=_late(today)),
            done=Count("id", filter=Q(status=TaskStatus.DONE)),
        )
        .order_by("-late", "-open", "agency__name")
    )
    by_sitting = list(
        tasks.values("conclusion__sitting_id", "conclusion__sitting__title")
        .annotate(
            n=Count("id"),
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
            late=Count("id", filter=_late(today)),
            done=Count("id", filter=Q(status=TaskStatus.DONE)),
        )
        .order_by("-conclusion__sitting__number")
    )
    total = sum(counted.values())
    pages = max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE)
    page = min(filters.page, pages)
    start = (page - 1) * PAGE_SIZE
    # The page's ids from the task table alone, then its rows with their relations: sorting
    # 10,000 joined rows to keep 50 was most of the page's time on PostgreSQL.
    ids = list(
        tasks.annotate(is_late=lateness(today))
        .order_by("-is_late", "deadline", "id")
        .values_list("id", flat=True)[start : start + PAGE_SIZE]
    )
    by_id = {task.pk: task for task in task_rows(Task.objects.filter(pk__in=ids), today)}
    rows = [by_id[pk] for pk in ids]
    return {
        "statuses": statuses,
        "total": total,
        "late_total": late_total,
        "by_agency": by_agency,
        "by_sitting": by_sitting,
        "rows": rows,
        "page": page,
        "pages": pages,
        "timeline": timeline(tasks, today),
        "agencies": list(Agency.objects.filter(council_id=council_id).only("id", "name")),
        "sittings": list(
            Sitting.objects.filter(council_id=council_id, conclusions__isnull=False)
            .distinct()
            .only("id", "title", "number")
            .order_by("-number")
        ),
        "filters": filters,
        "today": today,
    }


def timeline(tasks: TaskQuerySet, today: datetime.date) -> dict[str, Any]:
    """Open tasks nearest their deadline as bars from their assignment to their deadline,
    placed in percent of a window around today (server-rendered, no script)."""
    start = today - datetime.timedelta(days=TIMELINE_BEFORE_DAYS)
    end = today + datetime.timedelta(days=TIMELINE_AFTER_DAYS)
    span = (end - start).days

    def pos(day: datetime.date) -> float:
        return round(100 * min(max((day - start).days, 0), span) / span, 2)

    bars = []
    for task in tasks.open().select_related("agency").order_by("deadline", "id")[:TIMELINE_LIMIT]:
        begin = pos(task.created_at.date())
        finish = pos(task.deadline)
        bars.append(
            {
                "task": task,
                "left": _pc(begin),
                "width": _pc(max(finish - begin, 0.8)),
                "late": task.deadline < today,
                "late_days": task.days_late(today),
            }
        )
    months = []
    day = start.replace(day=1)
    while day <= end:
        if day >= start:
            months.append({"label": day.strftime("%m/%Y"), "left": _pc(pos(day))})
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return {"bars": bars, "today": _pc(pos(today)), "months": months, "limit": TIMELINE_LIMIT}


def _pc(value: float) -> str:
    # A string, so that the template does not localise the decimal point ("12,5" in vi).
    return f"{value:.2f}"
