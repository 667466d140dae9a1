import datetime

import pytest
from django.utils import timezone

from council.audit import AuditEntry
from followup.models import Priority, Task, TaskEvent, TaskStatus
from followup.services.assign import assign_task
from sessions.errors import ActionRefused, NotAllowed
from tests.followup.conftest import make_agency

pytestmark = pytest.mark.django_db


def in_days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def test_the_chair_assigns_a_task_from_a_conclusion(conclusion, chair, agency, officer):
    task = assign_task(
        chair,
        conclusion,
        agency_id=agency.pk,
        deadline=in_days(30),
        title="Rà soát",
        description="Báo cáo kết quả",
        priority=Priority.HIGH,
        assignee_id=officer.pk,
    )
    assert task.status == TaskStatus.ASSIGNED and task.assignee == officer
    assert task.council_id == conclusion.sitting.council_id
    assert TaskEvent.objects.filter(task=task, kind="assigned").exists()
    assert AuditEntry.objects.filter(
        action="followup.task.assigned", object_id=str(task.pk)
    ).exists()


def test_the_title_defaults_to_the_conclusion(conclusion, secretariat, agency):
    task = assign_task(secretariat, conclusion, agency_id=agency.pk, deadline=in_days(5))
    assert task.title == conclusion.text


def test_a_delegate_cannot_assign(conclusion, delegate, agency):
    with pytest.raises(NotAllowed):
        assign_task(delegate, conclusion, agency_id=agency.pk, deadline=in_days(5))
    assert not Task.objects.exists()


def test_an_agency_officer_cannot_assign(conclusion, officer, agency):
    with pytest.raises(NotAllowed):
        assign_task(officer, conclusion, agency_id=agency.pk, deadline=in_days(5))


def test_another_councils_agency_is_refused(conclusion, chair, other_council):
    foreign = make_agency(other_council, "Sở khác", "SK")
    with pytest.raises(ActionRefused):
        assign_task(chair, conclusion, agency_id=foreign.pk, deadline=in_days(5))


def test_a_deadline_in_the_past_is_refused(conclusion, chair, agency):
    with pytest.raises(ActionRefused):
        assign_task(chair, conclusion, agency_id=agency.pk, deadline=in_days(-1))


def test_a_missing_deadline_is_refused(conclusion, chair, agency):
    with pytest.raises(ActionRefused):
        assign_task(chair, conclusion, agency_id=agency.pk, deadline=None)


def test_the_person_must_belong_to_the_agency(conclusion, chair, agency, other_officer):
    with pytest.raises(ActionRefused):
        assign_task(
            chair,
            conclusion,
            agency_id=agency.pk,
            deadline=in_days(5),
            assignee_id=other_officer.pk,
        )
    assert not Task.objects.exists()


def test_an_unknown_priority_is_refused(conclusion, chair, agency):
    with pytest.raises(ActionRefused):
        assign_task(chair, conclusion, agency_id=agency.pk, deadline=in_days(5), priority=9)
