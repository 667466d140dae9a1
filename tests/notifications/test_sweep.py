"""The reminder sweep in the database: one digest per person per day, each reminder once,
to the right people, in their language."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from council.models import Member, Role
from followup.models import Agency, Task
from followup.reminders import sweep
from notifications.models import Delivery, Dispatch, Notification
from tests.notifications.factory import HCM, MONDAY_9AM, seed

pytestmark = pytest.mark.django_db


def test_each_person_gets_one_digest_listing_all_their_reminders():
    seed(tasks=6, officers=2)
    assert sweep(MONDAY_9AM) == {"people": 2, "reminders": 6}
    digests = Notification.objects.order_by("user_id")
    assert [n.text.count("\n- ") for n in digests] == [3, 3]
    assert digests[0].text.startswith("Nhắc việc ngày 07/12/2026: 3 nhiệm vụ")
    assert "quá hạn 1 ngày làm việc" in digests[0].text
    assert Dispatch.objects.filter(channel="email").count() == 2


def test_a_second_sweep_the_same_day_writes_nothing():
    seed(tasks=4, officers=2)
    sweep(MONDAY_9AM)
    assert sweep(MONDAY_9AM.replace(hour=15)) == {"people": 0, "reminders": 0}
    assert Delivery.objects.count() == 4
    assert Notification.objects.count() == 2


def test_the_next_working_day_brings_a_new_digest():
    seed(tasks=1, officers=1)
    sweep(MONDAY_9AM)
    sweep(MONDAY_9AM + datetime.timedelta(days=1))
    assert Notification.objects.count() == 2


def test_nothing_goes_out_at_night_or_on_a_sunday():
    seed(tasks=2, officers=1)
    assert sweep(MONDAY_9AM.replace(hour=22))["reminders"] == 0
    assert sweep(datetime.datetime(2026, 12, 6, 9, tzinfo=HCM))["reminders"] == 0
    assert not Notification.objects.exists()


def test_an_escalation_reaches_the_assigner_and_the_agency_head():
    council = seed(tasks=1, officers=2)
    agency = Agency.objects.get(council=council)
    head = Member.objects.filter(role=Role.AGENCY).last()
    agency.head = head
    agency.save()
    wednesday = datetime.datetime(2026, 12, 9, 9, tzinfo=HCM)  # three working days late
    sweep(wednesday)
    chair_user = Member.objects.get(role=Role.CHAIR).user
    escalated = Notification.objects.get(user=chair_user)
    assert "quá hạn 3 ngày làm việc, chưa hoàn thành" in escalated.text
    assert Notification.objects.filter(user=head.user).exists()
    assert Delivery.objects.filter(key__contains=":escalation:").count() == 2


def test_a_task_without_assignee_reminds_the_agency_officers():
    council = seed(tasks=1, officers=2)
    Task.objects.filter(council=council).update(assignee=None)
    sweep(MONDAY_9AM)
    assert Notification.objects.count() == 2


def test_a_done_task_is_not_reminded():
    council = seed(tasks=1, officers=1)
    Task.objects.filter(council=council).update(status="done")
    assert sweep(MONDAY_9AM)["reminders"] == 0


def test_an_english_speaking_officer_gets_the_digest_in_english():
    seed(tasks=1, officers=1)
    Member.objects.filter(role=Role.AGENCY).update(language="en")
    sweep(MONDAY_9AM)
    assert Notification.objects.get().text.startswith("Reminders of 07/12/2026: 1 task")


def test_a_user_without_e_mail_gets_no_e_mail_dispatch():
    seed(tasks=1, officers=1)
    get_user_model().objects.filter(username__startswith="officer").update(email="")
    sweep(MONDAY_9AM)
    assert Notification.objects.count() == 1
    assert not Dispatch.objects.exists()
