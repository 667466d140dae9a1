"""The reminder schedule (followup/schedule.py): pure, no database."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.schedule import (
    Kind,
    ReminderSettings,
    TaskFacts,
    WorkCalendar,
    due_reminders,
    next_slot,
    sending_day,
    working_days_late,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = WorkCalendar.for_vietnam(2025, 2029)
RULES = ReminderSettings()
TET_2027 = [datetime.date(2027, 2, d) for d in range(4, 11)]
OPEN = ["assigned", "acknowledged", "in_progress", "returned"]


def at(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=HCM)


def task(deadline, created, status="acknowledged", task_id=1) -> TaskFacts:
    return TaskFacts(id=task_id, status=status, deadline=deadline, created_at=at(created, 10))


def kinds(facts, now):
    return [(r.kind, r.days) for r in due_reminders(facts, now, CAL, RULES)]


days = st.dates(datetime.date(2025, 6, 1), datetime.date(2028, 6, 30))
instants = st.builds(
    lambda d, m: at(d, 0) + datetime.timedelta(minutes=m), days, st.integers(0, 24 * 60 - 1)
)


def test_the_tet_holidays_of_2027_are_not_working_days():
    assert not any(CAL.is_working_day(d) for d in TET_2027)
    # Monday 1 Feb 2027 is a working day; Thursday 11 Feb is the first one after Tết.
    assert CAL.is_working_day(datetime.date(2027, 2, 1))
    assert CAL.days[CAL.on_or_after(datetime.date(2027, 2, 4))] == datetime.date(2027, 2, 11)


def test_the_hung_kings_day_is_a_lunar_holiday():
    assert not CAL.is_working_day(datetime.date(2027, 4, 16))


def test_a_deadline_after_tet_counts_working_days_over_it():
    # Deadline Friday 12 Feb 2027: one working day before is Thursday 11 Feb, three before is
    # Tuesday 2 Feb (Tết, 4-10 Feb, and the weekend in between do not count).
    facts = task(datetime.date(2027, 2, 12), datetime.date(2027, 1, 4))
    assert kinds(facts, at(datetime.date(2027, 2, 11))) == [(Kind.BEFORE, 1)]
    assert kinds(facts, at(datetime.date(2027, 2, 3))) == []
    assert kinds(facts, at(datetime.date(2027, 2, 2))) == [(Kind.BEFORE, 3)]
    assert kinds(facts, at(datetime.date(2027, 2, 12))) == [(Kind.DUE_TODAY, 0)]


def test_a_deadline_on_a_holiday_moves_to_the_next_working_day():
    facts = task(datetime.date(2027, 2, 6), datetime.date(2027, 1, 4))
    assert kinds(facts, at(datetime.date(2027, 2, 11))) == [(Kind.DUE_TODAY, 0)]
    assert kinds(facts, at(datetime.date(2027, 2, 12))) == [(Kind.OVERDUE, 1)]


def test_overdue_is_reminded_every_working_day_and_escalated_after_n():
    facts = task(datetime.date(2026, 12, 4), datetime.date(2026, 11, 2))  # a Friday
    assert kinds(facts, at(datetime.date(2026, 12, 7))) == [(Kind.OVERDUE, 1)]
    assert kinds(facts, at(datetime.date(2026, 12, 8))) == [(Kind.OVERDUE, 2)]
    assert kinds(facts, at(datetime.date(2026, 12, 9))) == [
        (Kind.OVERDUE, 3),
        (Kind.ESCALATION, 3),
    ]
    assert working_days_late(datetime.date(2026, 12, 4), datetime.date(2026, 12, 13), CAL) == 5


def test_a_task_not_acknowledged_within_one_working_day_is_reminded_once():
    facts = task(datetime.date(2027, 3, 31), datetime.date(2026, 12, 4), status="assigned")
    assert kinds(facts, at(datetime.date(2026, 12, 7))) == [(Kind.NOT_ACKNOWLEDGED, 0)]
    assert kinds(facts, at(datetime.date(2026, 12, 8))) == []
    acknowledged = task(datetime.date(2027, 3, 31), datetime.date(2026, 12, 4))
    assert kinds(acknowledged, at(datetime.date(2026, 12, 7))) == []


@pytest.mark.parametrize("status", ["reported", "done"])
def test_a_task_the_agency_no_longer_owes_gets_no_reminder(status):
    facts = task(datetime.date(2026, 12, 4), datetime.date(2026, 11, 2), status=status)
    assert kinds(facts, at(datetime.date(2026, 12, 7))) == []


def test_nothing_goes_out_before_the_hour_or_at_night():
    facts = task(datetime.date(2026, 12, 4), datetime.date(2026, 11, 2))
    monday = datetime.date(2026, 12, 7)
    assert kinds(facts, at(monday, 7, 59)) == []
    assert kinds(facts, at(monday, 8, 0)) == [(Kind.OVERDUE, 1)]
    assert kinds(facts, at(monday, 20, 0)) == []


def test_a_worker_down_for_two_days_sends_only_what_is_due_now():
    facts = task(datetime.date(2026, 12, 4), datetime.date(2026, 11, 2))
    wednesday = datetime.date(2026, 12, 9)
    due = due_reminders(facts, at(wednesday, 15), CAL, RULES)
    assert {r.day for r in due} == {wednesday}
    assert [r.key for r in due] == ["task:1:overdue:2026-12-09", "task:1:escalation:2026-12-09"]


def test_the_next_slot_skips_the_night_the_weekend_and_tet():
    assert next_slot(at(datetime.date(2026, 12, 4), 9), CAL, RULES) == at(
        datetime.date(2026, 12, 7), 8
    )
    assert next_slot(at(datetime.date(2026, 12, 7), 7), CAL, RULES) == at(
        datetime.date(2026, 12, 7), 8
    )
    assert next_slot(at(datetime.date(2027, 2, 3), 9), CAL, RULES) == at(
        datetime.date(2027, 2, 11), 8
    )


def test_settings_refuse_an_hour_inside_the_night():
    with pytest.raises(ValueError):
        ReminderSettings(hour=21, quiet_hour=20)


@settings(max_examples=300, deadline=None)
@given(deadline=days, created=days, now=instants, status=st.sampled_from(OPEN))
def test_reminders_are_never_on_a_day_off_nor_at_night(deadline, created, now, status):
    facts = task(deadline, created, status=status)
    for reminder in due_reminders(facts, now, CAL, RULES):
        local = now.astimezone(HCM)
        assert CAL.is_working_day(reminder.day)
        assert reminder.day == local.date()
        assert RULES.hour <= local.hour < RULES.quiet_hour
        assert reminder.day not in TET_2027


@settings(max_examples=60, deadline=None)
@given(
    deadline=days,
    created=days,
    status=st.sampled_from(OPEN),
    sweeps_per_day=st.lists(st.integers(0, 24 * 60 - 1), min_size=1, max_size=4),
)
def test_a_reminder_key_is_due_on_one_day_only_and_once_per_kind(
    deadline, created, status, sweeps_per_day
):
    facts = task(deadline, created, status=status)
    first_day_of = {}
    start = min(deadline, created) - datetime.timedelta(days=3)
    for offset in range((max(deadline, created) - start).days + 30):
        day = start + datetime.timedelta(days=offset)
        for minute in sweeps_per_day:
            due = due_reminders(facts, at(day, 0) + datetime.timedelta(minutes=minute), CAL, RULES)
            assert len({r.kind for r in due}) == len(due)
            for reminder in due:
                assert first_day_of.setdefault(reminder.key, day) == day


@given(now=instants)
def test_sending_day_is_a_working_day_in_daytime(now):
    day = sending_day(now, CAL, RULES)
    slot = next_slot(now, CAL, RULES)
    assert slot > now
    assert CAL.is_working_day(slot.date()) and slot.hour == RULES.hour
    if day is not None:
        assert CAL.is_working_day(day)
