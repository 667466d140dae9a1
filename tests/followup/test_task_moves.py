"""Every move of a task through its service: the legal ones audited and recorded, every
illegal one refused with nothing saved, a stale tablet refused, the wrong side refused."""

import datetime

import pytest

from council.audit import AuditEntry
from followup.lifecycle import TRANSITIONS, Move, Status
from followup.models import ExtensionRequest, ExtensionState, Task, TaskEvent, TaskStatus
from followup.services import agency_moves, assigner_moves, extensions
from sessions.errors import ActionRefused, NotAllowed, StaleState
from tests.followup.conftest import make_task

pytestmark = pytest.mark.django_db


def do(move, personas, task, version=None):
    officer, chair = personas["officer"], personas["chair"]
    version = task.version if version is None else version
    if move is Move.ACKNOWLEDGE:
        return agency_moves.acknowledge(officer, task.pk, version)
    if move is Move.PROGRESS:
        return agency_moves.report_progress(officer, task.pk, version, 40, "Đang làm")
    if move is Move.REPORT:
        return agency_moves.submit_report(officer, task.pk, version, "Đã xong", [])
    if move is Move.ACCEPT:
        return assigner_moves.accept(chair, task.pk, version)
    if move is Move.RETURN:
        return assigner_moves.return_task(chair, task.pk, version, "Chưa đủ số liệu")
    if move is Move.REQUEST_EXTENSION:
        later = task.deadline + datetime.timedelta(days=14)
        return extensions.request_extension(officer, task.pk, version, later, "Chờ số liệu")
    if move is Move.DECIDE_EXTENSION:
        return extensions.decide_extension(chair, task.pk, version, True)
    raise AssertionError(move)


@pytest.fixture
def personas(officer, chair):
    return {"officer": officer, "chair": chair}


def prepared(conclusion, agency, chair, officer, status, move):
    task = make_task(conclusion, agency, chair, status=status)
    if move is Move.DECIDE_EXTENSION:
        ExtensionRequest.objects.create(
            task=task,
            requested_deadline=task.deadline + datetime.timedelta(days=7),
            previous_deadline=task.deadline,
            reason="Cần thêm thời gian",
            requested_by=officer,
        )
    return task


LEGAL = [(m, s) for m, (_side, sources, _t) in TRANSITIONS.items() for s in sorted(sources)]
ILLEGAL = [(m, s) for m in Move for s in Status if s not in TRANSITIONS[m][1]]


@pytest.mark.parametrize(("move", "status"), LEGAL)
def test_a_legal_move_is_saved_audited_and_recorded(
    move, status, personas, conclusion, agency, chair, officer
):
    task = prepared(conclusion, agency, chair, officer, status, move)
    do(move, personas, task)
    task.refresh_from_db()
    target = TRANSITIONS[move][2]
    assert task.status == (target or status)
    assert task.version == 2
    assert TaskEvent.objects.filter(task=task).count() == 1
    assert AuditEntry.objects.filter(
        object_id=str(task.pk), action__startswith="followup.task."
    ).exists()


@pytest.mark.parametrize(("move", "status"), ILLEGAL)
def test_an_illegal_move_is_refused_and_nothing_is_saved(
    move, status, personas, conclusion, agency, chair, officer
):
    task = prepared(conclusion, agency, chair, officer, status, move)
    with pytest.raises(ActionRefused) as refused:
        do(move, personas, task)
    assert not isinstance(refused.value, (StaleState, NotAllowed))
    task.refresh_from_db()
    assert task.status == status and task.version == 1
    assert not TaskEvent.objects.filter(task=task).exists()
    assert not AuditEntry.objects.filter(action__startswith="followup.task.").exists()


def test_acknowledging_records_the_time(personas, task):
    do(Move.ACKNOWLEDGE, personas, task)
    task.refresh_from_db()
    assert task.acknowledged_at is not None


def test_a_stale_tablet_is_refused_with_nothing_saved(personas, task, officer):
    agency_moves.acknowledge(officer, task.pk, task.version)
    # The second tablet still shows version 1.
    with pytest.raises(StaleState) as stale:
        agency_moves.report_progress(officer, task.pk, 1, 30, "Từ máy tính bảng cũ")
    assert "thiết bị khác" in str(stale.value.message)  # the Vietnamese message, clear
    task.refresh_from_db()
    assert task.status == TaskStatus.ACKNOWLEDGED and task.progress == 0


def test_a_stale_report_leaves_no_file(personas, task, officer, media_root):
    from tests.followup.conftest import files_under, pdf_upload

    agency_moves.acknowledge(officer, task.pk, task.version)
    with pytest.raises(StaleState):
        agency_moves.submit_report(officer, task.pk, 1, "Báo cáo", [pdf_upload()])
    assert not task.reports.exists()
    assert files_under(media_root) == []


def test_the_chair_cannot_act_for_the_agency(task, chair):
    with pytest.raises(NotAllowed):
        agency_moves.acknowledge(chair, task.pk, task.version)


def test_an_agency_cannot_accept_its_own_report(conclusion, agency, chair, officer):
    task = make_task(conclusion, agency, chair, status=TaskStatus.REPORTED)
    with pytest.raises(NotAllowed):
        assigner_moves.accept(officer, task.pk, task.version)


def test_another_agency_cannot_touch_the_task(task, other_officer):
    with pytest.raises(NotAllowed):
        agency_moves.acknowledge(other_officer, task.pk, task.version)


def test_a_delegate_cannot_accept(conclusion, agency, chair, delegate):
    task = make_task(conclusion, agency, chair, status=TaskStatus.REPORTED)
    with pytest.raises(NotAllowed):
        assigner_moves.accept(delegate, task.pk, task.version)


def test_another_councils_member_does_not_find_the_task(task, outsider):
    with pytest.raises(ActionRefused):
        assigner_moves.accept(outsider, task.pk, task.version)


def test_progress_outside_0_to_100_is_refused(personas, conclusion, agency, chair, officer):
    task = make_task(conclusion, agency, chair, status=TaskStatus.ACKNOWLEDGED)
    with pytest.raises(ActionRefused):
        agency_moves.report_progress(officer, task.pk, task.version, 140, "")


def test_returning_needs_a_reason(conclusion, agency, chair):
    task = make_task(conclusion, agency, chair, status=TaskStatus.REPORTED)
    with pytest.raises(ActionRefused):
        assigner_moves.return_task(chair, task.pk, task.version, " ")


def test_accepting_completes_the_task(conclusion, agency, chair, secretariat):
    task = make_task(conclusion, agency, chair, status=TaskStatus.REPORTED)
    assigner_moves.accept(secretariat, task.pk, task.version)
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.completed_at and task.progress == 100


def test_a_granted_extension_moves_the_deadline(personas, task, officer, chair):
    later = task.deadline + datetime.timedelta(days=20)
    extensions.request_extension(officer, task.pk, task.version, later, "Chờ phê duyệt vốn")
    task.refresh_from_db()
    extension = extensions.decide_extension(chair, task.pk, task.version, True, "Đồng ý")
    task.refresh_from_db()
    assert extension.state == ExtensionState.GRANTED and task.deadline == later


def test_a_refused_extension_keeps_the_deadline(personas, task, officer, chair):
    before = task.deadline
    extensions.request_extension(
        officer, task.pk, task.version, before + datetime.timedelta(days=5), "Xin thêm"
    )
    task.refresh_from_db()
    extensions.decide_extension(chair, task.pk, task.version, False)
    task.refresh_from_db()
    assert task.deadline == before
    assert task.extensions.get().state == ExtensionState.REFUSED


def test_a_second_pending_extension_is_refused(task, officer):
    later = task.deadline + datetime.timedelta(days=5)
    extensions.request_extension(officer, task.pk, task.version, later, "Một")
    task.refresh_from_db()
    with pytest.raises(ActionRefused):
        extensions.request_extension(officer, task.pk, task.version, later, "Hai")


def test_an_extension_must_be_later(task, officer):
    with pytest.raises(ActionRefused):
        extensions.request_extension(officer, task.pk, task.version, task.deadline, "Sớm hơn")


def test_deciding_without_a_request_is_refused(task, chair):
    with pytest.raises(ActionRefused):
        extensions.decide_extension(chair, task.pk, task.version, True)


def test_overdue_is_derived_from_the_deadline(conclusion, agency, chair):
    late = make_task(conclusion, agency, chair, status=TaskStatus.IN_PROGRESS, days=-3)
    reported = make_task(conclusion, agency, chair, status=TaskStatus.REPORTED, days=-3)
    assert late.is_overdue and late.days_late() == 3
    assert not reported.is_overdue
    assert set(Task.objects.overdue()) == {late}


def test_the_agency_is_told_of_a_new_task_and_the_assigner_of_its_report(
    conclusion, chair, agency, officer
):
    from followup.services.assign import assign_task
    from notifications.models import Notification

    task = assign_task(
        chair,
        conclusion,
        agency_id=agency.pk,
        deadline=conclusion.created_at.date() + datetime.timedelta(days=9),
    )
    told = Notification.objects.get(user=officer.user)
    assert (
        told.kind == "task_assigned"
        and task.title in told.text
        and told.text.startswith("Nhiệm vụ mới")
    )
    agency_moves.acknowledge(officer, task.pk, task.version)
    task.refresh_from_db()
    agency_moves.submit_report(officer, task.pk, task.version, "Xong", [])
    assert Notification.objects.filter(user=chair.user, kind="task_reported").count() == 1
