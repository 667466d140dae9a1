"""The services after the question: officials, answers, promises, the promise made a task."""

import datetime

import pytest
from django.utils import timezone

from council.audit import AuditEntry
from followup.models import Priority, Task, TaskEvent, TaskStatus
from questioning import answering
from questioning.answering import PromiseInput
from questioning.models import Answer, Official, Promise, QuestionState
from sessions.errors import ActionRefused, NotAllowed, NotFound
from sessions.models import SittingState
from tests.conftest import make_sitting
from tests.questioning_record.conftest import make_official, make_question, promised_on

pytestmark = pytest.mark.django_db


# -- officials -----------------------------------------------------------------------------------


def test_secretariat_adds_an_official_linked_to_an_agency(secretariat, sitting, agency):
    official = answering.add_official(
        secretariat,
        sitting,
        name="  Trần  Văn Tài ",
        office="Giám đốc Sở Tài chính",
        agency_id=agency.pk,
    )
    assert (official.name, official.agency, official.position) == ("Trần Văn Tài", agency, 1)
    assert AuditEntry.objects.filter(action="questioning.official.added").count() == 1


@pytest.mark.parametrize(
    ("name", "office", "message"),
    [
        ("", "Giám đốc", "cần họ tên"),
        ("Trần Văn Tài", " ", "cần chức vụ"),
        ("x" * 201, "Giám đốc", "tối đa 200"),
        ("Trần Văn Tài", "x" * 201, "tối đa 200"),
    ],
)
def test_an_official_needs_a_name_and_an_office_within_bounds(
    secretariat, sitting, name, office, message
):
    with pytest.raises(ActionRefused) as refused:
        answering.add_official(secretariat, sitting, name=name, office=office, agency_id=None)
    assert message in str(refused.value.message)
    assert not Official.objects.exists()


def test_an_agency_of_another_council_or_inactive_is_refused(
    secretariat, sitting, agency, other_council
):
    from tests.followup.conftest import make_agency

    foreign = make_agency(other_council, "Sở Tài chính", "Sở TC")
    agency.active = False
    agency.save()
    for agency_id in (foreign.pk, agency.pk, 999999):
        with pytest.raises(ActionRefused, match="chọn cơ quan trong danh sách"):
            answering.add_official(secretariat, sitting, name="A", office="B", agency_id=agency_id)


def test_the_same_official_twice_is_refused(secretariat, sitting, official):
    with pytest.raises(ActionRefused, match="đã có trong danh sách"):
        answering.add_official(
            secretariat, sitting, name=official.name, office=official.office, agency_id=None
        )


def test_delegates_and_other_councils_may_not_manage_officials(
    delegate, outsider, sitting, official
):
    with pytest.raises(NotAllowed):
        answering.add_official(delegate, sitting, name="A", office="B", agency_id=None)
    with pytest.raises(NotFound):
        answering.add_official(outsider, sitting, name="A", office="B", agency_id=None)
    with pytest.raises(NotFound):
        answering.edit_official(outsider, official.pk, name="A", office="B", agency_id=None)


def test_editing_an_official(chair, official, other_agency):
    answering.edit_official(
        chair, official.pk, name="Lê Thị Hoa", office="Phó Giám đốc", agency_id=other_agency.pk
    )
    official.refresh_from_db()
    assert (official.name, official.office, official.agency) == (
        "Lê Thị Hoa",
        "Phó Giám đốc",
        other_agency,
    )


def test_removing_an_official_without_questions(secretariat, sitting):
    official = make_official(sitting)
    answering.remove_official(secretariat, official.pk)
    assert not Official.objects.exists()
    assert AuditEntry.objects.filter(action="questioning.official.removed").exists()


def test_removing_an_official_with_questions_is_refused(secretariat, official, question):
    with pytest.raises(ActionRefused) as refused:
        answering.remove_official(secretariat, official.pk)
    assert official.name in str(refused.value.message)
    assert "Không thể xóa" in str(refused.value.message)
    assert Official.objects.filter(pk=official.pk).exists()


def test_officials_wait_for_the_sitting_to_be_published(secretariat, council):
    draft = make_sitting(council, state=SittingState.DRAFT, number=16)
    with pytest.raises(ActionRefused, match="công bố"):
        answering.add_official(secretariat, draft, name="A", office="B", agency_id=None)


# -- answers and promises ------------------------------------------------------------------------


def test_recording_an_answer_with_a_promise(secretariat, sitting, question):
    due = promised_on(sitting)
    answer = answering.record_answer(
        secretariat,
        question.pk,
        gist="Sẽ hoàn thành giải ngân trong quý I.",
        promise=PromiseInput("Báo cáo tiến độ giải ngân từng dự án", due),
    )
    question.refresh_from_db()
    assert question.state == QuestionState.ANSWERED
    assert answer.recorded_by == secretariat
    promise = Promise.objects.get()
    assert (promise.official, promise.question, promise.due_date) == (
        question.official,
        question,
        due,
    )
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"questioning.answer.recorded", "questioning.promise.recorded"} <= actions


def test_a_bad_promise_saves_nothing_not_even_the_answer(secretariat, sitting, question):
    for promise, message in [
        (PromiseInput("", promised_on(sitting)), "cần nội dung"),
        (PromiseInput("Hứa", None), "ngày"),
        (PromiseInput("Hứa", sitting.starts_on - datetime.timedelta(days=1)), "trước ngày"),
        (PromiseInput("x" * 2001, promised_on(sitting)), "2000"),
        (PromiseInput("Hứa", datetime.date(2206, 1, 1)), "trong vòng 5 năm"),
    ]:
        with pytest.raises(ActionRefused) as refused:
            answering.record_answer(secretariat, question.pk, gist="Trả lời", promise=promise)
        assert message in str(refused.value.message)
    assert not Answer.objects.exists()
    assert not Promise.objects.exists()


def test_correcting_an_answer_keeps_one_answer(secretariat, question):
    answering.record_answer(secretariat, question.pk, gist="Lần đầu")
    answering.record_answer(secretariat, question.pk, gist="Đã sửa")
    assert list(Answer.objects.values_list("gist", flat=True)) == ["Đã sửa"]
    assert AuditEntry.objects.filter(action="questioning.answer.corrected").count() == 1


@pytest.mark.parametrize(
    "state", [QuestionState.DRAFT, QuestionState.WITHDRAWN, QuestionState.MERGED]
)
def test_a_question_not_put_cannot_be_answered(secretariat, sitting, official, delegate, state):
    question = make_question(sitting, official, delegate, state=state)
    with pytest.raises(ActionRefused, match="không thể ghi trả lời"):
        answering.record_answer(secretariat, question.pk, gist="Trả lời")


def test_a_registered_question_answered_in_writing(secretariat, sitting, official, delegate):
    question = make_question(sitting, official, delegate, state=QuestionState.REGISTERED)
    answering.record_answer(secretariat, question.pk, gist="Trả lời bằng văn bản.")
    question.refresh_from_db()
    assert question.state == QuestionState.ANSWERED


def test_a_question_on_the_floor_stays_on_the_floor(secretariat, sitting, official, delegate):
    question = make_question(sitting, official, delegate, state=QuestionState.ON_FLOOR)
    answering.record_answer(secretariat, question.pk, gist="Đang trả lời")
    question.refresh_from_db()
    assert question.state == QuestionState.ON_FLOOR


def test_empty_or_long_gist_is_refused(secretariat, question):
    for gist in ("   ", "x" * 5001):
        with pytest.raises(ActionRefused):
            answering.record_answer(secretariat, question.pk, gist=gist)
    assert not Answer.objects.exists()


def test_a_delegate_cannot_record_answers(delegate, question, outsider):
    with pytest.raises(NotAllowed):
        answering.record_answer(delegate, question.pk, gist="Trả lời")
    with pytest.raises(NotFound):
        answering.record_answer(outsider, question.pk, gist="Trả lời")


def test_a_promise_is_added_to_a_recorded_answer_only(secretariat, sitting, question):
    with pytest.raises(ActionRefused, match="trả lời trước"):
        answering.add_promise(secretariat, question.pk, PromiseInput("Hứa", promised_on(sitting)))
    answering.record_answer(secretariat, question.pk, gist="Trả lời")
    answering.add_promise(secretariat, question.pk, PromiseInput("Hứa", promised_on(sitting)))
    assert Promise.objects.count() == 1


# -- the promise becomes a task ------------------------------------------------------------------


def _promise(secretariat, sitting, question, days=20):
    answering.record_answer(
        secretariat,
        question.pk,
        gist="Trả lời",
        promise=PromiseInput(
            "Hoàn thành giải phóng mặt bằng dự án cầu", promised_on(sitting, days)
        ),
    )
    return Promise.objects.get()


def test_a_promise_becomes_a_task_of_the_officials_agency(
    secretariat, sitting, question, agency, officer
):
    promise = _promise(secretariat, sitting, question)
    task = answering.promise_to_task(secretariat, promise.pk, priority=Priority.HIGH)
    promise.refresh_from_db()
    assert promise.task == task
    assert (task.agency, task.deadline, task.status, task.priority, task.conclusion) == (
        agency,
        promise.due_date,
        TaskStatus.ASSIGNED,
        Priority.HIGH,
        None,
    )
    assert promise.text in task.title
    assert question.author.full_name in task.description
    assert TaskEvent.objects.filter(task=task, kind="assigned").exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"followup.task.assigned", "questioning.promise.tasked"} <= actions
    # The agency's officers were told, as for any assigned task.
    from notifications.models import Notification

    assert Notification.objects.filter(user=officer.user).exists()


def test_a_promise_becomes_a_task_once(secretariat, sitting, question):
    promise = _promise(secretariat, sitting, question)
    answering.promise_to_task(secretariat, promise.pk)
    with pytest.raises(ActionRefused, match="đã là nhiệm vụ"):
        answering.promise_to_task(secretariat, promise.pk)
    assert Task.objects.count() == 1


def test_an_official_without_agency_cannot_be_given_the_task(secretariat, sitting, question):
    Official.objects.filter(pk=question.official_id).update(agency=None)
    promise = _promise(secretariat, sitting, question)
    with pytest.raises(ActionRefused, match="chưa gắn với cơ quan"):
        answering.promise_to_task(secretariat, promise.pk)
    assert not Task.objects.exists()


def test_a_promise_already_due_cannot_become_a_task(secretariat, sitting, question):
    promise = _promise(secretariat, sitting, question)
    Promise.objects.filter(pk=promise.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(ActionRefused, match="quá khứ"):
        answering.promise_to_task(secretariat, promise.pk)
    assert not Task.objects.exists()


def test_a_tasked_promise_cannot_be_removed(secretariat, sitting, question):
    promise = _promise(secretariat, sitting, question)
    answering.promise_to_task(secretariat, promise.pk)
    with pytest.raises(ActionRefused, match="không thể xóa"):
        answering.remove_promise(secretariat, promise.pk)
    assert Promise.objects.exists()


def test_removing_a_promise_recorded_by_mistake(secretariat, sitting, question):
    promise = _promise(secretariat, sitting, question)
    answering.remove_promise(secretariat, promise.pk)
    assert not Promise.objects.exists()


def test_only_staff_make_tasks(delegate, secretariat, sitting, question):
    promise = _promise(secretariat, sitting, question)
    with pytest.raises(NotAllowed):
        answering.promise_to_task(delegate, promise.pk)
