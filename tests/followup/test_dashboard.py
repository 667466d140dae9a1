import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from followup.models import TaskStatus
from tests.conftest import client_for
from tests.followup.conftest import make_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(conclusion, agency, other_agency, chair):
    return [
        make_task(conclusion, agency, chair, status=TaskStatus.IN_PROGRESS, days=-9),
        make_task(conclusion, other_agency, chair, status=TaskStatus.ASSIGNED, days=-2),
        make_task(conclusion, agency, chair, status=TaskStatus.DONE, days=-30),
        make_task(conclusion, other_agency, chair, status=TaskStatus.REPORTED, days=3),
    ]


def test_the_dashboard_puts_overdue_first_with_how_late(secretariat, tasks):
    page = client_for(secretariat).get(reverse("followup:dashboard")).content.decode()
    rows = [int(part.split('"')[0]) for part in page.split('data-task-id="')[1:]]
    # The timeline lists open tasks first; the list follows it.
    listed = rows[-4:]
    assert listed[:2] == [tasks[0].pk, tasks[1].pk]
    assert "trễ 9 ngày" in page and "trễ 2 ngày" in page


def test_the_dashboard_filters_by_agency_and_status(chair, tasks, agency):
    client = client_for(chair)
    page = client.get(reverse("followup:dashboard"), {"agency": agency.pk, "status": "done"})
    listed = page.context["rows"]
    assert [t.pk for t in listed] == [tasks[2].pk]


def test_hostile_filters_are_ignored(chair, tasks):
    response = client_for(chair).get(
        reverse("followup:dashboard"), {"agency": "x' OR 1=1", "page": "-5", "status": "<b>"}
    )
    assert response.status_code == 200 and response.context["total"] == 4


def test_a_delegate_has_no_dashboard(delegate):
    assert client_for(delegate).get(reverse("followup:dashboard")).status_code == 404


def test_the_csv_export_is_utf8_with_bom_and_neutralises_formulas(chair, tasks):
    tasks[0].title = '=HYPERLINK("http://evil")'
    tasks[0].save()
    response = client_for(chair).get(reverse("followup:export_csv"))
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][0] == "STT" and len(rows) == 5
    titles = [row[3] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in titles
    assert "Đang thực hiện" in [row[8] for row in rows[1:]]


def test_the_exports_write_dates_dd_mm_yyyy_and_moments_on_the_hanoi_clock(chair, tasks):
    import datetime

    from django.utils.http import content_disposition_header

    moment = datetime.datetime(2026, 12, 4, 20, 30, tzinfo=datetime.UTC)  # 03:30 on the 5th
    tasks[0].acknowledged_at = moment
    tasks[0].save()
    client = client_for(chair)
    response = client.get(reverse("followup:export_csv"))
    today = datetime.date.today().strftime("%d-%m-%Y")
    assert response["Content-Disposition"] == content_disposition_header(
        True, f"Nhiệm vụ {today}.csv"
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    row = next(r for r in rows[1:] if r[0] == str(tasks[0].pk))
    assert row[11] == "05/12/2026 03:30"
    assert row[7] == tasks[0].deadline.strftime("%d/%m/%Y")

    workbook = client.get(reverse("followup:export_xlsx"))
    assert workbook["Content-Disposition"].endswith(".xlsx")
    assert "Nhi%E1%BB%87m%20v%E1%BB%A5" in workbook["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
    cells = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == tasks[0].pk)
    assert cells[11].value == datetime.datetime(2026, 12, 5, 3, 30)
    assert cells[11].number_format == "dd/mm/yyyy hh:mm"
    assert cells[7].number_format == "dd/mm/yyyy"


def test_the_excel_export_opens_with_the_tasks(chair, tasks):
    response = client_for(chair).get(reverse("followup:export_xlsx"), {"late": "1"})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.active
    values = list(sheet.values)
    assert values[0][0] == "STT"
    assert [row[0] for row in values[1:]] == [tasks[0].pk, tasks[1].pk]
    assert values[1][10] == 9
