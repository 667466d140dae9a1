"""The questioning record as CSV (UTF-8 with BOM, through council.exports) and as .xlsx.

One line per question; its promises share the question's line (one per promise line in the
cell), so that a spreadsheet sorts and filters questions. Dates are dd/mm/yyyy and times
Asia/Ho_Chi_Minh (the council's), as the secretariat writes them; the file is named in
Vietnamese after the sitting (council.downloads).
"""

import datetime
import io
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from council.downloads import attachment, safe_part
from council.exports import csv_response, safe_cell
from questioning.record import QuestionRow
from sessions.models import Sitting

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def header() -> list[str]:
    return [
        pgettext("table column: ordinal", "No."),
        pgettext("questioning record", "Topic"),
        pgettext("questioning record", "Asked by"),
        pgettext("questioning record", "Addressed to"),
        pgettext("questioning record", "Question"),
        pgettext("questioning record", "Quoted passage"),
        pgettext("questioning record", "Sent before the sitting"),
        pgettext("questioning record", "State"),
        pgettext("questioning record", "Answered by"),
        pgettext("questioning record", "Time used"),
        pgettext("questioning record", "Gist of the answer"),
        pgettext("questioning record", "Answer recorded at"),
        pgettext("questioning record", "Promises"),
        pgettext("questioning record", "Promised for"),
        pgettext("questioning record", "Status of the promises"),
    ]


def _local(moment: datetime.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def line(row: QuestionRow) -> list[Any]:
    quote = row.quote
    if quote and row.page:
        quote = _("p. %(page)d: %(quote)s") % {"page": row.page, "quote": quote}
    return [
        row.number,
        row.topic,
        "; ".join(row.authors),
        row.addressed_to,
        row.text,
        quote,
        _("yes") if row.registered_before else "",
        row.state_label,
        row.answered_by,
        row.time_used,
        row.gist,
        _local(row.answered_at),
        "\n".join(p.text for p in row.promises),
        "\n".join(p.due_date.strftime("%d/%m/%Y") for p in row.promises),
        "\n".join(p.status_label + (f" ({_('overdue')})" if p.late else "") for p in row.promises),
    ]


def filename(sitting: Sitting, extension: str) -> str:
    # "Hồ sơ chất vấn - Kỳ họp thứ 14.csv": in the reader's language, Vietnamese kept.
    name = pgettext("questioning record", "Questioning record")
    return f"{name} - {safe_part(sitting.title)}.{extension}"


def csv_download(sitting: Sitting, rows: list[QuestionRow]) -> HttpResponse:
    response, writer = csv_response(filename(sitting, "csv"))
    writer.writerow(header())
    for row in rows:
        writer.writerow(line(row))
    return response


def xlsx_bytes(sitting: Sitting, rows: list[QuestionRow]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = pgettext("questioning record", "Questioning")[:31]
    sheet.append([sitting.title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(header())
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        # openpyxl writes a text that starts with "=" as a formula: the CSV's rule here too.
        sheet.append([safe_cell(value) for value in line(row)])
    wrap = Alignment(wrap_text=True, vertical="top")
    for column, width in zip(
        "ABCDEFGHIJKLMNO", (6, 20, 24, 28, 50, 40, 10, 14, 28, 10, 60, 16, 50, 14, 20), strict=True
    ):
        sheet.column_dimensions[column].width = width
    for cells in sheet.iter_rows(min_row=4):
        for cell in cells:
            cell.alignment = wrap
    sheet.freeze_panes = "A4"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_download(sitting: Sitting, rows: list[QuestionRow]) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(sitting, rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = attachment(filename(sitting, "xlsx"))
    return response
