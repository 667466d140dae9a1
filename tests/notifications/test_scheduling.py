"""The sweep keeps one successor waiting at the next reminder slot; enqueue_reminders adds
one sweep now, once; notify() writes nothing when its caller's transaction rolls back."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from followup.reminders import SWEEP_PATH, enqueue_next, sweep_reminders
from notifications.models import Notification
from notifications.services import notify
from tests.notifications.factory import HCM

pytestmark = pytest.mark.django_db


def waiting_sweeps():
    return DBTaskResult.objects.filter(task_path=SWEEP_PATH, status=TaskResultStatus.READY)


def test_a_friday_evening_sweep_waits_for_monday_morning():
    friday_evening = datetime.datetime(2026, 12, 4, 21, tzinfo=HCM)
    enqueue_next(friday_evening)
    enqueue_next(friday_evening)
    [waiting] = waiting_sweeps()
    assert waiting.run_after == datetime.datetime(2026, 12, 7, 8, tzinfo=HCM)


def test_the_sweep_before_tet_waits_until_after_it():
    enqueue_next(datetime.datetime(2027, 2, 3, 9, tzinfo=HCM))
    assert waiting_sweeps().get().run_after == datetime.datetime(2027, 2, 11, 8, tzinfo=HCM)


def test_enqueue_reminders_adds_one_sweep_now_however_often_it_runs():
    call_command("enqueue_reminders")
    call_command("enqueue_reminders")
    assert DBTaskResult.objects.ready().filter(task_path=SWEEP_PATH).count() == 1


def test_a_one_off_sweep_schedules_nothing():
    sweep_reminders.call(at="2026-12-07T09:00:00+07:00")
    assert not waiting_sweeps().exists()


def test_a_rolled_back_change_leaves_no_notification():
    user = get_user_model().objects.create_user("sokhdt")
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(user, "task_assigned", "Nhiệm vụ mới")
        raise RuntimeError("the assignment failed")
    assert not Notification.objects.exists()


def test_the_same_dedupe_key_notifies_once():
    user = get_user_model().objects.create_user("sokhdt")
    assert notify(user, "task_assigned", "Nhiệm vụ mới", dedupe_key="task:1:assigned:1")
    assert notify(user, "task_assigned", "Nhiệm vụ mới", dedupe_key="task:1:assigned:1") is None
    assert Notification.objects.count() == 1
