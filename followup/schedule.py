"""When a task's reminders are due: pure rules, no Django (tested without a database).

A reminder belongs to one working day and is due only on that day, from the reminder hour
until the quiet hour (local time, Asia/Ho_Chi_Minh). A sweep therefore finds what is due *now*:
a worker that was down for two days sends today's reminders when it comes back, not the
missed ones, and a reminder's key (task, kind, day) can be due on one day only.

The deadline: under the Civil Code (Bộ luật Dân sự 2015, art. 148) a time limit whose last
day is a weekend or a public holiday ends with the next working day, so the reminders count
from that effective deadline.
"""

import bisect
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from zoneinfo import ZoneInfo

import holidays as holidays_lib

# The statuses in which the agency still owes work (followup.models.OPEN_STATUSES, kept as
# plain strings here so that this module needs no Django).
OPEN = frozenset({"assigned", "acknowledged", "in_progress", "returned"})
NOT_ACKNOWLEDGED = "assigned"


class Kind(StrEnum):
    NOT_ACKNOWLEDGED = "not_acknowledged"
    BEFORE = "before"  # n working days before the deadline
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"  # every working day after the deadline
    ESCALATION = "escalation"  # to the assigner and the agency's head


def vietnam_holidays(years: Iterable[int]) -> frozenset[datetime.date]:
    """Vietnam's public holidays (lunar ones and substitute days included) for `years`."""
    return frozenset(holidays_lib.country_holidays("VN", years=list(years)).keys())


class WorkCalendar:
    """Working days (Monday to Friday, no public holiday) between `first` and `last` years.

    The days are listed once, so counting working days between two dates is a bisect, not a
    walk: a sweep asks for thousands of tasks.
    """

    def __init__(self, holidays: Iterable[datetime.date], first: int, last: int) -> None:
        self.holidays = frozenset(holidays)
        day, end = datetime.date(first, 1, 1), datetime.date(last, 12, 31)
        self.days: list[datetime.date] = []
        while day <= end:
            if day.weekday() < 5 and day not in self.holidays:
                self.days.append(day)
            day += datetime.timedelta(days=1)
        self.rank = {d: i for i, d in enumerate(self.days)}

    @classmethod
    def for_vietnam(cls, first: int, last: int) -> "WorkCalendar":
        return cls(vietnam_holidays(range(first, last + 1)), first, last)

    def is_working_day(self, day: datetime.date) -> bool:
        return day in self.rank

    def on_or_after(self, day: datetime.date) -> int:
        """Index of the first working day on or after `day`."""
        index = bisect.bisect_left(self.days, day)
        if index >= len(self.days):
            raise ValueError(f"{day} is beyond the calendar")
        return index

    def day(self, index: int) -> datetime.date | None:
        return self.days[index] if 0 <= index < len(self.days) else None


@dataclass(frozen=True)
class ReminderSettings:
    hour: int = 8  # the local hour reminders go out from
    quiet_hour: int = 20  # and the hour from which nothing goes out (the night)
    days_before: tuple[int, ...] = (7, 3, 1)
    escalate_after: int = 3  # working days overdue
    acknowledge_within: int = 1  # working days
    timezone: str = "Asia/Ho_Chi_Minh"

    def __post_init__(self) -> None:
        if not 0 <= self.hour < self.quiet_hour <= 24:
            raise ValueError("reminder hour must be before the quiet hour, within the day")


@dataclass(frozen=True)
class TaskFacts:
    id: int
    status: str
    deadline: datetime.date
    created_at: datetime.datetime  # aware
    acknowledged_at: datetime.datetime | None = None


@dataclass(frozen=True, order=True)
class Reminder:
    task_id: int
    kind: Kind
    day: datetime.date
    # Before the deadline: working days left; after it: working days overdue.
    days: int = field(default=0, compare=False)

    @property
    def key(self) -> str:
        return f"task:{self.task_id}:{self.kind}:{self.day.isoformat()}"


def local_now(now: datetime.datetime, settings: ReminderSettings) -> datetime.datetime:
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    return now.astimezone(ZoneInfo(settings.timezone))


def sending_day(
    now: datetime.datetime, calendar: WorkCalendar, settings: ReminderSettings
) -> datetime.date | None:
    """The working day whose reminders may go out at `now`, or None (night, day off)."""
    local = local_now(now, settings)
    if not settings.hour <= local.hour < settings.quiet_hour:
        return None
    today = local.date()
    return today if calendar.is_working_day(today) else None


def next_slot(
    now: datetime.datetime, calendar: WorkCalendar, settings: ReminderSettings
) -> datetime.datetime:
    """The next moment (aware, after `now`) at which a working day's reminders start."""
    local = local_now(now, settings)
    index = calendar.on_or_after(local.date())
    while True:
        day = calendar.days[index]
        slot = datetime.datetime.combine(
            day, datetime.time(settings.hour), tzinfo=ZoneInfo(settings.timezone)
        )
        if slot > local:
            return slot
        index += 1
        if index >= len(calendar.days):
            raise ValueError("the calendar ends before the next reminder slot")


def due_reminders(
    task: TaskFacts,
    now: datetime.datetime,
    calendar: WorkCalendar,
    settings: ReminderSettings,
) -> list[Reminder]:
    """The reminders of `task` that are due at `now` (each at most once per day and kind)."""
    if task.status not in OPEN:
        return []
    today = sending_day(now, calendar, settings)
    if today is None:
        return []
    created = local_now(task.created_at, settings).date()
    if created >= today:
        return []  # assigned today: the assignment itself was the notice
    t = calendar.rank[today]
    due: list[Reminder] = []

    # Counted from the first working day on or after the assignment.
    first = calendar.on_or_after(created)
    if task.status == NOT_ACKNOWLEDGED and t == first + settings.acknowledge_within:
        due.append(Reminder(task.id, Kind.NOT_ACKNOWLEDGED, today))

    d = calendar.on_or_after(task.deadline)  # the effective deadline (art. 148)
    if t < d:
        left = d - t
        if left in settings.days_before:
            due.append(Reminder(task.id, Kind.BEFORE, today, left))
    elif t == d:
        due.append(Reminder(task.id, Kind.DUE_TODAY, today))
    else:
        late = t - d
        due.append(Reminder(task.id, Kind.OVERDUE, today, late))
        every = settings.escalate_after
        if every and late % every == 0:
            due.append(Reminder(task.id, Kind.ESCALATION, today, late))
    return due


def working_days_late(deadline: datetime.date, today: datetime.date, calendar: WorkCalendar) -> int:
    """Working days past the effective deadline (0 on or before it)."""
    d = calendar.on_or_after(deadline)
    t = bisect.bisect_right(calendar.days, today) - 1
    return max(0, t - d)


def planned_reminders(
    task: TaskFacts, today: datetime.date, calendar: WorkCalendar, settings: ReminderSettings
) -> list[Reminder]:
    """The reminders `task` will get from `today` on if nothing changes (the schedule its
    page shows): the days due_reminders will find them due, up to the effective deadline.
    Overdue reminders and escalations follow only if the deadline passes: not listed."""
    if task.status not in OPEN:
        return []
    created = local_now(task.created_at, settings).date()
    start = calendar.on_or_after(max(today, created + datetime.timedelta(days=1)))
    first = calendar.on_or_after(created)
    d = calendar.on_or_after(task.deadline)
    planned: list[Reminder] = []
    ack = first + settings.acknowledge_within
    if task.status == NOT_ACKNOWLEDGED and start <= ack <= d:
        planned.append(Reminder(task.id, Kind.NOT_ACKNOWLEDGED, calendar.days[ack]))
    for left in sorted(settings.days_before, reverse=True):
        t = d - left
        if t >= start:
            planned.append(Reminder(task.id, Kind.BEFORE, calendar.days[t], left))
    if d >= start:
        planned.append(Reminder(task.id, Kind.DUE_TODAY, calendar.days[d]))
    return sorted(planned, key=lambda r: (r.day, r.kind))
