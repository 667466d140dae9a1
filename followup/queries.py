"""Read-side queries of the follow-up, each a fixed number of queries whatever the size
(tests/followup/test_query_counts.py holds them to it)."""

import datetime
from collections import defaultdict
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from followup.models import OPEN_STATUSES, Conclusion, ReviewItem, Task, TaskStatus
from sessions.models import Sitting


def sitting_conclusions(sitting: Sitting) -> dict[str, Any]:
    """The sitting's conclusions under their agenda items (agenda order), with their tasks."""
    conclusions = list(
        Conclusion.objects.filter(sitting=sitting)
        .select_related("item")
        .prefetch_related(
            Prefetch("tasks", queryset=Task.objects.select_related("agency").order_by("id"))
        )
        .order_by("number")
    )
    by_item: dict[int | None, list[Conclusion]] = defaultdict(list)
    for conclusion in conclusions:
        by_item[conclusion.item_id].append(conclusion)
    groups = []
    for number, item in enumerate(sitting.items.all(), start=1):
        if item.pk in by_item:
            groups.append({"number": number, "item": item, "conclusions": by_item[item.pk]})
    if None in by_item:
        groups.append({"number": None, "item": None, "conclusions": by_item[None]})
    return {"groups": groups, "conclusion_count": len(conclusions)}


def is_review_item(item_id: int) -> bool:
    return ReviewItem.objects.filter(item_id=item_id).exists()


STATUS_ORDER = [s.value for s in TaskStatus]


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def review_of(sitting: Sitting, today: datetime.date | None = None) -> dict[str, Any]:
    """For a sitting with a follow-up review item: the earlier sittings' conclusions, each with
    its tasks counted by status, how many are late, and the agencies they went to.

    Plain values, not model instances: a review may list hundreds of conclusions and
    thousands of tasks, and is rebuilt on each task change (bench/followup_bench.py)."""
    if not ReviewItem.objects.filter(item__sitting=sitting).exists():
        return {"review": False}
    today = today or timezone.localdate()
    conclusions = list(
        Conclusion.objects.filter(
            sitting__council_id=sitting.council_id, sitting__number__lt=sitting.number
        )
        .order_by("-sitting__number", "number")
        .values_list("id", "number", "text", "sitting_id", "sitting__title")
    )
    # By the conclusions' ids: no join back to the sittings for each of 10,000 tasks.
    tasks = Task.objects.filter(conclusion_id__in=[c[0] for c in conclusions])
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    late: dict[int, int] = defaultdict(int)
    for conclusion_id, status, n, n_late in (
        tasks.values("conclusion_id", "status")
        .annotate(
            n=Count("id"),
            late=Count("id", filter=Q(status__in=OPEN_STATUSES, deadline__lt=today)),
        )
        .values_list("conclusion_id", "status", "n", "late")
    ):
        counts[conclusion_id][status] = n
        late[conclusion_id] += n_late
    agencies: dict[int, list[str]] = defaultdict(list)
    for conclusion_id, short_name in (
        tasks.values_list("conclusion_id", "agency__short_name")
        .order_by("conclusion_id", "agency__short_name")
        .distinct()
    ):
        agencies[conclusion_id].append(short_name)
    labels = dict(TaskStatus.choices)
    sittings: list[dict[str, Any]] = []
    totals = {"tasks": 0, "done": 0, "late": 0}
    for pk, number, text, sitting_id, sitting_title in conclusions:
        by_status = counts.get(pk, {})
        total = sum(by_status.values())
        done = by_status.get(TaskStatus.DONE, 0)
        row: dict[str, Any] = {
            "id": pk,
            "number": number,
            "text": _short(text),
            "total": total,
            "done": done,
            "late": late.get(pk, 0),
            "percent": round(100 * done / total) if total else 0,
            "statuses": [(s, labels[s], by_status[s]) for s in STATUS_ORDER if by_status.get(s)],
            "agencies": ", ".join(agencies.get(pk, [])),
        }
        totals["tasks"] += total
        totals["done"] += done
        totals["late"] += row["late"]
        if not sittings or sittings[-1]["id"] != sitting_id:
            sittings.append({"id": sitting_id, "title": sitting_title, "rows": []})
        sittings[-1]["rows"].append(row)
    return {"review": True, "sittings": sittings, "totals": totals}
