"""The follow-up dashboard and the follow-up review with 10,000 tasks over 40 agencies, on
SQLite and, with DATABASE_URL set to PostgreSQL, on a throwaway database next to it.

    python -m bench.followup_bench        # writes bench/results/followup_render.json

Server time: from the request entering Django to the response rendered (the test client,
in process, no network), and for the review the render of its live regions as live.publish
does it (every language). Each run checks what it shows (10,000 tasks counted, the overdue
sum, every conclusion in the review). Goal: <= 200 ms.
"""

import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

from bench.each_database import measure_on_each_database

TASKS, AGENCIES, SITTINGS, CONCLUSIONS = 10_000, 40, 5, 100
RUNS = 15
GOAL_MS = 200.0
ROOT = Path(__file__).resolve().parent.parent


def timed(work, runs: int = RUNS) -> dict:
    """Wall time, and this process's CPU time beside it: on a shared machine the wall time
    also counts the turns other engineers' processes took on the 2 cores."""
    work()  # warm: templates compiled, connections open
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        work()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "max_ms": round(times[-1], 1),
        "cpu_median_ms": round(statistics.median(cpu), 1),
    }


def measure() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from council.models import Council, Member, Role
    from followup.dashboard import Filters
    from followup.dashboard import dashboard as dashboard_data
    from followup.models import Conclusion, Task
    from followup.queries import review_of
    from sessions.regions import render_regions_in
    from tests.conftest import make_member
    from tests.followup.factory import seed_tasks

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    council = Council.objects.create(name=f"Bench {uuid.uuid4().hex[:6]}", total_delegates=95)
    chair = make_member(council, f"chair-{council.pk}", Role.CHAIR)
    secretariat = make_member(council, f"thuky-{council.pk}", Role.SECRETARIAT)
    later = seed_tasks(
        council,
        chair,
        tasks=TASKS,
        agencies=AGENCIES,
        sittings=SITTINGS,
        conclusions_per_sitting=CONCLUSIONS,
    )
    if connection.vendor == "postgresql":
        # As autovacuum does for a real table: planner statistics after the bulk load.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = Client()
    client.force_login(secretariat.user)
    officer = Member.objects.filter(council=council, role=Role.AGENCY).first()
    agency_client = Client()
    agency_client.force_login(officer.user)

    dashboard = client.get("/followup/dashboard/")
    late = Task.objects.filter(council=council).overdue(timezone.localdate()).count()
    review = review_of(later)
    languages = [code for code, _name in settings.LANGUAGES]
    shown = dashboard_data(council.pk, Filters(), timezone.localdate())
    ok = (
        dashboard.status_code == 200
        and f'<b id="late-total">{late}</b>' in dashboard.content.decode()
        and shown["total"] == TASKS
        and shown["late_total"] == late
        and len(shown["by_agency"]) == AGENCIES
        and review["totals"]["tasks"] == TASKS
        and sum(len(s["rows"]) for s in review["sittings"]) == Conclusion.objects.count()
    )
    results = {
        "dashboard": timed(lambda: client.get("/followup/dashboard/")),
        "dashboard_overdue_only": timed(lambda: client.get("/followup/dashboard/?late=1")),
        "agency_task_list": timed(lambda: agency_client.get("/followup/")),
        "review_event_all_languages": timed(
            lambda: render_regions_in(later, ("followup-review", "screen-followup"), languages)
        ),
        "review_on_the_hall_screen_page": timed(
            lambda: render_regions_in(later, ("screen-followup",), languages[:1])
        ),
    }
    return {
        "database": connection.vendor,
        "tasks": TASKS,
        "agencies": AGENCIES,
        "conclusions": SITTINGS * CONCLUSIONS,
        "overdue": late,
        "runs": RUNS,
        "load_average_1m": round(os.getloadavg()[0], 2),
        **results,
        # The goal is the dashboard and the review; an agency's list is shown beside.
        "within_goal": all(
            r["p95_ms"] <= GOAL_MS for name, r in results.items() if name != "agency_task_list"
        ),
        "correct": ok,
    }


def main() -> None:
    if sys.argv[1:] == ["--inner"]:
        print(json.dumps(measure()))
        return
    results = measure_on_each_database("bench.followup_bench")
    report = {
        "goal": f"dashboard and follow-up review with {TASKS} tasks over {AGENCIES} agencies "
        f"in <= {GOAL_MS:.0f} ms server time (p95 of {RUNS} runs)",
        "machine": "shared: 2 cores, 7 engineers working at the same time; figures are noisy",
        "taken_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "results": results,
    }
    out = ROOT / "bench" / "results" / "followup_render.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    if not all(r["correct"] for r in results):
        raise SystemExit("the dashboard or the review showed something other than the data")


if __name__ == "__main__":
    main()
