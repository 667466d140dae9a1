"""One reminder sweep over 10,000 open tasks of 40 agencies (400 officers), on SQLite and,
with DATABASE_URL set to PostgreSQL, on a throwaway database next to it.

    python -m bench.reminders_bench            # writes bench/results/reminders_sweep.json

Each run checks what it measures: every task's reminder delivered once (10,000 deliveries,
one digest per officer), and a second sweep writes nothing. Goal: a sweep in <= 5 s.
"""

import json
import os
import sys
import time
from pathlib import Path

from bench.each_database import measure_on_each_database

TASKS, OFFICERS, AGENCIES = 10_000, 400, 40
GOAL_SECONDS = 5.0
ROOT = Path(__file__).resolve().parent.parent


def measure() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from followup.reminders import sweep
    from notifications.delivery import send_pending
    from notifications.models import Delivery, Notification
    from tests.notifications.factory import MONDAY_9AM, seed

    call_command("migrate", verbosity=0)
    seed(tasks=TASKS, officers=OFFICERS, agencies=AGENCIES)
    started = time.perf_counter()
    first = sweep(MONDAY_9AM)
    sweep_seconds = time.perf_counter() - started
    started = time.perf_counter()
    again = sweep(MONDAY_9AM)
    second_seconds = time.perf_counter() - started
    started = time.perf_counter()
    sent = send_pending()
    send_seconds = time.perf_counter() - started
    ok = (
        first == {"people": OFFICERS, "reminders": TASKS}
        and again == {"people": 0, "reminders": 0}
        and Delivery.objects.count() == TASKS
        and Notification.objects.count() == OFFICERS
        and sent == OFFICERS
    )
    return {
        "database": connection.vendor,
        "tasks": TASKS,
        "agencies": AGENCIES,
        "officers": OFFICERS,
        "sweep_seconds": round(sweep_seconds, 3),
        "second_sweep_seconds": round(second_seconds, 3),
        # 400 digests to the file backend, one claim/send/mark per e-mail (not a goal).
        "send_emails_seconds": round(send_seconds, 3),
        "within_goal": sweep_seconds <= GOAL_SECONDS,
        "load_average_1m": round(os.getloadavg()[0], 2),
        "correct": ok,
    }


def main() -> None:
    if sys.argv[1:] == ["--inner"]:
        print(json.dumps(measure()))
        return
    results = measure_on_each_database("bench.reminders_bench")
    report = {
        "goal": f"one sweep over {TASKS} tasks in <= {GOAL_SECONDS} s",
        "machine": "shared: 2 cores, 7 engineers working at the same time; figures are noisy",
        "taken_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "results": results,
    }
    out = ROOT / "bench" / "results" / "reminders_sweep.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    if not all(r["correct"] for r in results):
        raise SystemExit("a sweep delivered something other than each reminder once")


if __name__ == "__main__":
    main()
