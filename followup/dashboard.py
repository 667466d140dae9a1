"""The chair's and the secretariat's follow-up dashboard: counts, the overdue-first list and the
timeline, each one query whatever the number of tasks (tests/followup/test_query_counts.py)."""

import datetime
from collections import Counter, defaultdict
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
    agencies = list(Agency.objects.filter(council_id=council_id).only("id", "name", "short_name"))
    sittings = list(
        Sitting.objects.filter(council_id=council_id, conclusions__isnull=False)
        .distinct()
        .only("id", "title", "number")
        .order_by("-number")
    )
    # One pass over the tasks for every count on the page (by status, agency and sitting):
    # at most agencies x sittings x statuses rows, summed here.
    cells = (
        tasks.values("agency_id", "conclusion__sitting_id", "status")
        .annotate(n=Count("id"), late=Count("id", filter=_late(today)))
        .values_list("agency_id", "conclusion__sitting_id", "status", "n", "late")
    )
    counted: dict[str, int] = defaultdict(int)
    per_agency: dict[int, Counter[str]] = defaultdict(Counter)
    per_sitting: dict[int | None, Counter[str]] = defaultdict(Counter)
    for agency_id, sitting_id, status, n, late in cells:
        counted[status] += n
        for tally in (per_agency[agency_id], per_sitting[sitting_id]):
            tally["n"] += n
            tally["late"] += late
            tally["open"] += n if status in OPEN_STATUSES else 0
            tally["done"] += n if status == TaskStatus.DONE else 0
    late_total = sum(t["late"] for t in per_agency.values())
    labels = dict(TaskStatus.choices)
    statuses = [
        {"status": s, "label": labels[s], "n": counted.get(s, 0)} for s in TaskStatus.values
    ]
    shown = sorted(
        (a for a in agencies if a.pk in per_agency),
        key=lambda a: (-per_agency[a.pk]["late"], -per_agency[a.pk]["open"], a.name),
    )
    by_agency = [{"agency": agency, **per_agency[agency.pk]} for agency in shown]
    by_sitting = [
        {"sitting": sitting, **per_sitting[sitting.pk]}
        for sitting in sittings
        if sitting.pk in per_sitting
    ]
    if None in per_sitting:
        by_sitting.append({"sitting": None, **per_sitting[None]})
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
        "agencies": agencies,
        "sittings": sittings,
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
