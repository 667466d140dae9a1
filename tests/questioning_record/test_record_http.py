"""The record over HTTP: who reads it, who keeps it, and what the exports hold."""

import csv
import io
from urllib.parse import unquote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from questioning import answering
from questioning.answering import PromiseInput
from questioning.models import Answer, Official, Promise, QuestionState
from tests.conftest import client_for
from tests.questioning_record.conftest import (
    give_floor_done,
    make_official,
    make_question,
    promised_on,
)

pytestmark = pytest.mark.django_db


def filename_of(response):
    return unquote(response["Content-Disposition"].split("''", 1)[1])


def url(name, sitting, *args):
    return reverse(f"questioning_record:{name}", args=[sitting.pk, *args])


@pytest.fixture
def answered(sitting, question, secretariat, delegate, chair):
    question.co_authors.add(chair)
    give_floor_done(question, seconds=185)
    answering.record_answer(
        secretariat,
        question.pk,
        gist='=HYPERLINK("http://x") sẽ hoàn thành trong quý I.',
        promise=PromiseInput("Báo cáo tiến độ từng dự án", promised_on(sitting)),
    )
    return question


# -- access --------------------------------------------------------------------------------------


def test_delegates_read_the_record(delegate, sitting, answered):
    page = client_for(delegate).get(url("record", sitting))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Báo cáo tiến độ từng dự án" in html
    assert "Chưa giao việc" in html
    assert "3:05" in html
    # A delegate reads; the forms are the secretariat's.
    assert url("answer", sitting, answered.pk) not in html
    assert url("official_add", sitting) not in html


def test_a_draft_or_withdrawn_question_is_not_in_the_record(
    delegate, sitting, official, chair, answered
):
    make_question(sitting, official, chair, state=QuestionState.DRAFT, text="Bản nháp bí mật")
    make_question(sitting, official, chair, state=QuestionState.WITHDRAWN, text="Đã rút")
    html = client_for(delegate).get(url("record", sitting)).content.decode()
    assert "Bản nháp bí mật" not in html and "Đã rút" not in html


@pytest.mark.parametrize("page", ["record", "print", "export_csv", "export_xlsx"])
def test_screens_agencies_and_other_councils_do_not_see_it(
    page, sitting, screen, officer, outsider, answered
):
    for member in (screen, officer, outsider):
        assert client_for(member).get(url(page, sitting)).status_code == 404


def test_staff_see_the_forms(secretariat, chair, sitting, answered):
    for member in (secretariat, chair):
        html = client_for(member).get(url("record", sitting)).content.decode()
        assert url("answer", sitting, answered.pk) in html
        assert url("official_add", sitting) in html


def test_a_delegate_cannot_post(delegate, sitting, question):
    client = client_for(delegate)
    assert client.post(url("answer", sitting, question.pk), {"gist": "x"}).status_code == 404
    assert (
        client.post(url("official_add", sitting), {"name": "A", "office": "B"}).status_code == 404
    )
    assert not Answer.objects.exists()
    assert Official.objects.count() == 1


# -- the secretariat's writes --------------------------------------------------------------------


def test_the_secretariat_records_an_answer_and_makes_the_promise_a_task(
    secretariat, sitting, question, agency
):
    client = client_for(secretariat)
    due = promised_on(sitting)
    response = client.post(
        url("answer", sitting, question.pk),
        {
            "gist": "Trả lời",
            "promise_text": "Khởi công cầu",
            "promise_due": due.strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    promise = Promise.objects.get()
    response = client.post(url("promise_task", sitting, promise.pk), {"priority": "3"}, follow=True)
    promise.refresh_from_db()
    assert promise.task.agency == agency and promise.task.priority == 3
    assert "đã được giao thành nhiệm vụ cho Sở Kế hoạch và Đầu tư" in response.content.decode()


def test_a_bad_date_is_a_translated_message_and_nothing_is_saved(secretariat, sitting, question):
    client = client_for(secretariat)
    response = client.post(
        url("answer", sitting, question.pk),
        {"gist": "Trả lời", "promise_text": "Hứa", "promise_due": "31/02/2027"},
        HTTP_REFERER=url("record", sitting),
        follow=True,
    )
    assert response.status_code == 200
    assert "Hãy ghi ngày theo dạng dd/mm/yyyy." in response.content.decode()
    assert not Answer.objects.exists() and not Promise.objects.exists()


def test_removing_an_official_with_questions_shows_why(secretariat, sitting, official, question):
    response = client_for(secretariat).post(
        url("official_remove", sitting, official.pk),
        HTTP_REFERER=url("record", sitting),
        follow=True,
    )
    assert "Không thể xóa Nguyễn Văn Sở" in response.content.decode()
    assert Official.objects.filter(pk=official.pk).exists()


def test_an_official_of_another_sitting_is_not_reached_through_this_one(
    secretariat, sitting, council
):
    from tests.conftest import make_sitting

    other = make_official(make_sitting(council, number=16))
    client_for(secretariat).post(
        url("official_remove", sitting, other.pk), HTTP_REFERER=url("record", sitting)
    )
    assert Official.objects.filter(pk=other.pk).exists()


def test_adding_and_editing_officials(secretariat, sitting, agency):
    client = client_for(secretariat)
    client.post(
        url("official_add", sitting),
        {"name": "Lê Văn Hùng", "office": "Giám đốc Sở Xây dựng", "agency_id": str(agency.pk)},
    )
    official = Official.objects.get(name="Lê Văn Hùng")
    client.post(
        url("official_edit", sitting, official.pk),
        {"name": "Lê Văn Hùng", "office": "Phó Giám đốc Sở Xây dựng", "agency_id": ""},
    )
    official.refresh_from_db()
    assert (official.office, official.agency) == ("Phó Giám đốc Sở Xây dựng", None)


# -- exports -------------------------------------------------------------------------------------


def test_the_csv_has_a_bom_vietnamese_name_and_neutralised_formulas(delegate, sitting, answered):
    response = client_for(delegate).get(url("export_csv", sitting))
    assert response.status_code == 200
    assert filename_of(response) == "Hồ sơ chất vấn - Kỳ họp thứ 15.csv"
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert rows[0][:4] == ["STT", "Chủ đề", "Người hỏi", "Người bị chất vấn"]
    row = rows[1]
    assert row[2] == "Delegate; Chair"
    assert row[3] == "Nguyễn Văn Sở, Giám đốc Sở Kế hoạch và Đầu tư"
    assert row[9] == "3:05"
    assert row[10].startswith("'=HYPERLINK")  # a formula is shown as text
    assert row[12] == "Báo cáo tiến độ từng dự án"
    assert row[13] == promised_on(sitting).strftime("%d/%m/%Y")
    assert row[14] == "Chưa giao việc"


def test_the_xlsx_opens_with_the_record(delegate, sitting, answered, secretariat):
    promise = Promise.objects.get()
    answering.promise_to_task(secretariat, promise.pk)
    response = client_for(delegate).get(url("export_xlsx", sitting))
    assert response.status_code == 200
    assert filename_of(response) == "Hồ sơ chất vấn - Kỳ họp thứ 15.xlsx"
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Kỳ họp thứ 15"
    header = [c.value for c in sheet[3]]
    assert header[0] == "STT" and header[-1] == "Tình trạng lời hứa"
    values = [c.value for c in sheet[4]]
    assert values[4] == "Vì sao giải ngân chậm?"
    assert values[10].startswith("'=")
    assert values[14] == "Đã giao"
    assert values[13] == promised_on(sitting).strftime("%d/%m/%Y")


def test_the_print_page(delegate, sitting, answered):
    response = client_for(delegate).get(url("print", sitting))
    html = response.content.decode()
    assert response.status_code == 200
    assert "questioning_record.css" in html and "Hồ sơ chất vấn" in html
    assert "<form" not in html


def test_the_agency_officer_sees_the_promise_task_with_its_reminder_schedule(
    secretariat, sitting, answered, officer, other_officer
):
    promise = Promise.objects.get()
    task = answering.promise_to_task(secretariat, promise.pk)
    page = client_for(officer).get(reverse("followup:task", args=[task.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Lời hứa: Báo cáo tiến độ từng dự án" in html
    assert 'id="task-reminders"' in html and "Nhắc việc" in html
    assert "ngày đến hạn" in html and promise.due_date.strftime("%d/%m/%Y") in html
    # In their list of tasks, as any assigned task; another agency's officer sees nothing.
    assert "Báo cáo tiến độ từng dự án" in client_for(officer).get("/followup/").content.decode()
    other = client_for(other_officer)
    assert other.get(reverse("followup:task", args=[task.pk])).status_code == 404


@pytest.mark.parametrize(
    ("due", "message"),
    [("10000-01-01", "dd/mm/yyyy"), ("0001-01-01", "trước ngày khai mạc"), ("01/01/2206", "5 năm")],
)
def test_dates_out_of_range_are_refused_with_a_message(
    secretariat, sitting, question, due, message
):
    response = client_for(secretariat).post(
        url("answer", sitting, question.pk),
        {"gist": "Trả lời", "promise_text": "Hứa", "promise_due": due},
        HTTP_REFERER=url("record", sitting),
        follow=True,
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Answer.objects.exists()


def test_a_priority_not_in_the_list_is_refused(secretariat, sitting, answered):
    promise = Promise.objects.get()
    response = client_for(secretariat).post(
        url("promise_task", sitting, promise.pk),
        {"priority": "99"},
        HTTP_REFERER=url("record", sitting),
        follow=True,
    )
    assert "Hãy chọn mức ưu tiên trong danh sách." in response.content.decode()
    promise.refresh_from_db()
    assert promise.task is None
