"""The reminder sweep: one pass finds every due reminder (followup/schedule.py), writes one
digest per person per day, and sends it (notifications/delivery.py).

Idempotent and restart-safe by the database: each (reminder, person) is a Delivery row with
a UNIQUE key, written in the same transaction as that person's digest, so a second sweep, a
second worker or one restarted after a kill writes nothing twice. The sweep re-enqueues
itself at the next reminder slot before it starts, and `manage.py enqueue_reminders` (run
before the worker starts, see the Procfile) enqueues one now.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.tasks import task
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from council.models import Member
from followup.models import OPEN_STATUSES, Task
from followup.schedule import (
    Kind,
    Reminder,
    ReminderSettings,
    TaskFacts,
    WorkCalendar,
    due_reminders,
    next_slot,
    planned_reminders,
)
from notifications.delivery import send_pending
from notifications.live import publish_unread_many
from notifications.models import Channel, Delivery, Dispatch, Notification, PushSubscription

logger = logging.getLogger(__name__)
SWEEP_PATH = "followup.reminders.sweep_reminders"
# A digest lists this many reminders, then says how many more (the task list has them all).
DIGEST_LINES = 40
COMMIT_EVERY = 50
TO_AGENCY = {Kind.NOT_ACKNOWLEDGED, Kind.BEFORE, Kind.DUE_TODAY, Kind.OVERDUE}


def rules() -> ReminderSettings:
    return ReminderSettings(
        hour=settings.REMINDER_HOUR,
        quiet_hour=settings.REMINDER_QUIET_HOUR,
        days_before=tuple(settings.REMINDER_DAYS_BEFORE),
        escalate_after=settings.REMINDER_ESCALATE_AFTER,
        acknowledge_within=settings.REMINDER_ACKNOWLEDGE_WITHIN,
        timezone=settings.TIME_ZONE,
    )


@lru_cache(maxsize=4)
def calendar(first: int, last: int) -> WorkCalendar:
    return WorkCalendar.for_vietnam(first, last)


def calendar_for(*days: datetime.date) -> WorkCalendar:
    # A year of margin: the effective deadline of 31 December may be in January.
    return calendar(min(d.year for d in days) - 1, max(d.year for d in days) + 1)


@dataclass
class Due:
    reminder: Reminder
    row: dict[str, Any]


def _open_tasks() -> list[dict[str, Any]]:
    rows: Any = Task.objects.filter(status__in=OPEN_STATUSES).values(
        "id",
        "status",
        "deadline",
        "created_at",
        "acknowledged_at",
        "title",
        "agency_id",
        "agency__short_name",
        "agency__head__user_id",
        "assignee__user_id",
        "assigned_by__user_id",
    )
    return list(rows)


def _agency_users() -> dict[int, list[int]]:
    users: dict[int, list[int]] = defaultdict(list)
    for agency_id, user_id in Member.objects.filter(agency_link__isnull=False).values_list(
        "agency_link__agency_id", "user_id"
    ):
        users[agency_id].append(user_id)
    return users


def recipients(reminder: Reminder, row: dict[str, Any], agency_users: dict[int, list[int]]):
    """The assignee, else the agency's head, else its officers; escalations to the
    assigner and the agency's head."""
    if reminder.kind in TO_AGENCY:
        if row["assignee__user_id"]:
            return {row["assignee__user_id"]}
        if row["agency__head__user_id"]:
            return {row["agency__head__user_id"]}
        return set(agency_users.get(row["agency_id"], ()))
    return {u for u in (row["assigned_by__user_id"], row["agency__head__user_id"]) if u}


def find_due(now: datetime.datetime) -> dict[int, list[Due]]:
    """Every due reminder not yet delivered, by the user it goes to."""
    rows = _open_tasks()
    if not rows:
        return {}
    today = timezone.localdate(now)
    cal = calendar_for(today, *(r["deadline"] for r in rows), *(r["created_at"] for r in rows))
    settings_ = rules()
    delivered = set(Delivery.objects.filter(day=today).values_list("key", flat=True))
    agency_users = _agency_users()
    by_user: dict[int, list[Due]] = defaultdict(list)
    for row in rows:
        facts = TaskFacts(
            row["id"], row["status"], row["deadline"], row["created_at"], row["acknowledged_at"]
        )
        for reminder in due_reminders(facts, now, cal, settings_):
            for user_id in recipients(reminder, row, agency_users):
                if f"{reminder.key}:user:{user_id}" not in delivered:
                    by_user[user_id].append(Due(reminder, row))
    return by_user


def line(due: Due) -> str:
    r, row = due.reminder, due.row
    title, deadline = row["title"], row["deadline"].strftime("%d/%m/%Y")
    if r.kind == Kind.BEFORE:
        return ngettext(
            "%(title)s: %(n)d working day left (deadline %(deadline)s)",
            "%(title)s: %(n)d working days left (deadline %(deadline)s)",
            r.days,
        ) % {"title": title, "n": r.days, "deadline": deadline}
    if r.kind == Kind.DUE_TODAY:
        return _("%(title)s: due today") % {"title": title}
    if r.kind == Kind.NOT_ACKNOWLEDGED:
        return _("%(title)s: assigned, not yet acknowledged") % {"title": title}
    values = {"title": title, "n": r.days, "agency": row["agency__short_name"]}
    if r.kind == Kind.ESCALATION:
        return (
            ngettext(
                "%(title)s (%(agency)s): %(n)d working day overdue, not done",
                "%(title)s (%(agency)s): %(n)d working days overdue, not done",
                r.days,
            )
            % values
        )
    return (
        ngettext(
            "%(title)s: %(n)d working day overdue",
            "%(title)s: %(n)d working days overdue",
            r.days,
        )
        % values
    )


def digest_text(items: list[Due], day: datetime.date) -> str:
    order = [Kind.ESCALATION, Kind.OVERDUE, Kind.DUE_TODAY, Kind.NOT_ACKNOWLEDGED, Kind.BEFORE]
    items = sorted(items, key=lambda d: (order.index(d.reminder.kind), -d.reminder.days))
    head = ngettext(
        "Reminders of %(day)s: %(n)d task",
        "Reminders of %(day)s: %(n)d tasks",
        len(items),
    ) % {"day": day.strftime("%d/%m/%Y"), "n": len(items)}
    lines = [f"- {line(d)}" for d in items[:DIGEST_LINES]]
    if len(items) > DIGEST_LINES:
        lines.append(_("... and %(n)d more.") % {"n": len(items) - DIGEST_LINES})
    return "\n".join([head, *lines])


def digest_url() -> str:
    try:
        return reverse("followup:my_tasks")
    except NoReverseMatch:
        return reverse("notifications:list")


def digest_key(user_id: int, day: datetime.date) -> str:
    return f"digest:{user_id}:{day.isoformat()}"


def write_digest(
    user_id: int,
    items: list[Due],
    day: datetime.date,
    language: str,
    channels: list[str],
    url: str = "",
    existing: int | None = None,
) -> bool:
    """Record and write one person's reminders of `day` (`existing`: the id of their digest
    of the day if there is one); False if another sweep did meanwhile."""
    with translation.override(language):
        text = digest_text(items, day)
    try:
        with transaction.atomic():
            if existing is None:
                notification = Notification.objects.create(
                    user_id=user_id,
                    kind="reminders",
                    text=text,
                    url=url,
                    dedupe_key=digest_key(user_id, day),
                )
                Dispatch.objects.bulk_create(
                    [Dispatch(notification=notification, channel=c) for c in channels]
                )
            else:
                # Found later the same day (a task reassigned, a deadline moved): added to
                # the day's digest, unread again; its e-mail and push already went.
                notification = Notification.objects.select_for_update().get(pk=existing)
                notification.text = (notification.text + "\n" + text.partition("\n")[2])[:20000]
                notification.read_at = None
                notification.save(update_fields=["text", "read_at"])
            Delivery.objects.bulk_create(
                [
                    Delivery(
                        key=f"{d.reminder.key}:user:{user_id}",
                        day=day,
                        user_id=user_id,
                        notification=notification,
                    )
                    for d in items
                ]
            )
    except IntegrityError:
        return False
    return True


def sweep(now: datetime.datetime | None = None) -> dict[str, int]:
    """Find and write due reminders; send nothing yet (see sweep_reminders)."""
    now = now or timezone.now()
    by_user = find_due(now)
    if not by_user:
        return {"people": 0, "reminders": 0}
    day = timezone.localdate(now)
    languages = dict(Member.objects.filter(user_id__in=by_user).values_list("user_id", "language"))
    emails = set(
        Member.objects.filter(user_id__in=by_user)
        .exclude(user__email="")
        .values_list("user_id", flat=True)
    )
    pushes = set(
        PushSubscription.objects.filter(user_id__in=by_user).values_list("user_id", flat=True)
    )
    people = reminders = 0
    url = digest_url()
    users = list(by_user.items())
    # One commit per batch of people (each person in a savepoint of their own): a commit per
    # person cost 12 s for 400 people on PostgreSQL. A worker killed mid-batch loses the
    # batch's uncommitted digests; the next sweep writes them.
    for start in range(0, len(users), COMMIT_EVERY):
        chunk = users[start : start + COMMIT_EVERY]
        existing = dict(
            Notification.objects.filter(
                dedupe_key__in=[digest_key(user_id, day) for user_id, _ in chunk]
            ).values_list("user_id", "id")
        )
        written = []
        with transaction.atomic():
            for user_id, items in chunk:
                channels: list[str] = [Channel.EMAIL] if user_id in emails else []
                channels += [Channel.PUSH] if user_id in pushes else []
                language = languages.get(user_id) or settings.LANGUAGE_CODE
                found = existing.get(user_id)
                if write_digest(user_id, items, day, language, channels, url, found):
                    written.append(user_id)
                    reminders += len(items)
        people += len(written)
        transaction.on_commit(partial(publish_unread_many, written))
    return {"people": people, "reminders": reminders}


def enqueue_next(now: datetime.datetime) -> None:
    """Make sure a sweep waits for the next reminder slot (one is enough)."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=SWEEP_PATH, status=TaskResultStatus.READY, run_after__gt=now
    )
    if not waiting.exists():
        today = timezone.localdate(now)
        slot = next_slot(now, calendar_for(today), rules())
        sweep_reminders.using(run_after=slot).enqueue()


def enqueue_now() -> None:
    """A sweep at once, unless one is already waiting to run now (manage.py command)."""
    from django_tasks_db.models import DBTaskResult

    if not DBTaskResult.objects.ready().filter(task_path=SWEEP_PATH).exists():
        sweep_reminders.enqueue()


@task
def sweep_reminders(at: str | None = None) -> dict[str, int]:
    """The periodic sweep; with `at` (ISO 8601), a one-off sweep as of that moment, e.g. to
    redo a morning's reminders after a fix (it schedules nothing)."""
    if at is None:
        now = timezone.now()
        enqueue_next(now)
    else:
        now = datetime.datetime.fromisoformat(at)
    result = sweep(now)
    result["sent"] = send_pending()
    logger.info("reminder sweep: %s", result)
    return result


PLANNED_YEARS = 5


def planned_for(task: Task) -> list[Reminder]:
    """The reminders `task` will get from today up to its deadline (its page shows them)."""
    today = timezone.localdate()
    if task.deadline.year > today.year + PLANNED_YEARS:
        # A calendar of every working day up to a far deadline is not built for a page.
        return []
    facts = TaskFacts(task.pk, task.status, task.deadline, task.created_at, task.acknowledged_at)
    return planned_reminders(facts, today, calendar_for(today, task.deadline), rules())
