"""The reminder schedule a task's page shows (followup/schedule.planned_reminders): exactly
the reminders the sweep will find due, day by day, up to the deadline. Pure, no database."""

import datetime
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from followup.schedule import (
    Kind,
    ReminderSettings,
    TaskFacts,
    WorkCalendar,
    due_reminders,
    planned_reminders,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = WorkCalendar.for_vietnam(2025, 2029)
RULES = ReminderSettings()


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=HCM)


def swept(task: TaskFacts, today: datetime.date) -> list:
    """What daily sweeps from `today` to the effective deadline send (overdue ones aside)."""
    end = CAL.days[CAL.on_or_after(task.deadline)]
    found, day = [], today
    while day <= end:
        found += [r for r in due_reminders(task, at(day), CAL, RULES) if r.kind is not Kind.OVERDUE]
        day += datetime.timedelta(days=1)
    return sorted(
        (r for r in found if r.kind is not Kind.ESCALATION), key=lambda r: (r.day, r.kind)
    )


def test_a_promise_due_in_a_month_gets_the_reminders_before_and_on_the_day():
    task = TaskFacts(1, "assigned", datetime.date(2027, 1, 15), at(datetime.date(2026, 12, 7), 10))
    planned = planned_reminders(task, datetime.date(2026, 12, 7), CAL, RULES)
    assert [(r.kind, r.day, r.days) for r in planned] == [
        (Kind.NOT_ACKNOWLEDGED, datetime.date(2026, 12, 8), 0),
        (Kind.BEFORE, datetime.date(2027, 1, 6), 7),
        (Kind.BEFORE, datetime.date(2027, 1, 12), 3),
        (Kind.BEFORE, datetime.date(2027, 1, 14), 1),
        (Kind.DUE_TODAY, datetime.date(2027, 1, 15), 0),
    ]


def test_a_closed_task_has_no_schedule():
    task = TaskFacts(1, "done", datetime.date(2027, 1, 15), at(datetime.date(2026, 12, 7)))
    assert planned_reminders(task, datetime.date(2026, 12, 7), CAL, RULES) == []


@settings(max_examples=150, deadline=None)
@given(
    created=st.dates(datetime.date(2026, 1, 1), datetime.date(2027, 12, 31)),
    ahead=st.integers(0, 40),
    later=st.integers(0, 20),
    status=st.sampled_from(["assigned", "acknowledged", "in_progress", "returned"]),
)
def test_the_schedule_is_what_the_sweeps_send(created, ahead, later, status):
    task = TaskFacts(1, status, created + datetime.timedelta(days=ahead), at(created, 10))
    today = created + datetime.timedelta(days=min(later, ahead))
    assert planned_reminders(task, today, CAL, RULES) == swept(task, today)
