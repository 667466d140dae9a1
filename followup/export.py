"""The dashboard's tasks as CSV (UTF-8 with BOM, so Excel shows Vietnamese) and as .xlsx.

Dates are written dd/mm/yyyy and moments in the council's time zone (Asia/Ho_Chi_Minh), as a
Vietnamese clerk reads them: in the CSV as text, in the workbook as real dates with that
number format (so they still sort and filter).
"""

import datetime
import io
from collections.abc import Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from council.exports import SafeWriter, safe_cell
from followup.models import TaskQuerySet

# Enough for any council's follow-up; bounds the memory of one export.
MAX_ROWS = 50_000


def header() -> list[str]:
    return [
        pgettext("table column: ordinal", "No."),
        _("Sitting"),
        _("Conclusion"),
        _("Task"),
        _("Agency"),
        _("Person responsible"),
        _("Priority"),
        _("Deadline"),
        _("Status"),
        _("Progress (%)"),
        _("Days late"),
        _("Acknowledged at"),
        _("Completed at"),
    ]


def rows(tasks: TaskQuerySet, today: datetime.date) -> Iterator[list[Any]]:
    for task in tasks[:MAX_ROWS].iterator(chunk_size=2000):
        conclusion = task.conclusion
        yield [
            task.pk,
            conclusion.sitting.title if conclusion else "",
            f"{conclusion.number}. {conclusion.text}" if conclusion else "",
            task.title,
            task.agency.name,
            task.assignee.full_name if task.assignee else "",
            task.get_priority_display(),
            task.deadline,
            task.get_status_display(),
            task.progress,
            task.days_late(today),
            _local(task.acknowledged_at),
            _local(task.completed_at),
        ]


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    """The moment on the council's clock, naive (a spreadsheet has no time zones)."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


DATE_FORMAT = "%d/%m/%Y"
MOMENT_FORMAT = "%d/%m/%Y %H:%M"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime(MOMENT_FORMAT)
    if isinstance(value, datetime.date):
        return value.strftime(DATE_FORMAT)
    return str(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(tasks: TaskQuerySet, today: datetime.date) -> Iterator[str]:
    writer = SafeWriter(_Echo())
    yield "\ufeff" + writer.writerow(header())
    for row in rows(tasks, today):
        yield writer.writerow([_text(value) for value in row])


def _cell(sheet: Any, value: Any) -> Any:
    if not isinstance(value, datetime.date):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    is_moment = isinstance(value, datetime.datetime)
    cell.number_format = "dd/mm/yyyy hh:mm" if is_moment else "dd/mm/yyyy"
    return cell


def filename(today: datetime.date, extension: str) -> str:
    """ "Nhiệm vụ 05-12-2026.csv": the date as Vietnamese write it (no slash in a name)."""
    return _("Tasks %(date)s.%(extension)s") % {
        "date": today.strftime("%d-%m-%Y"),
        "extension": extension,
    }


def xlsx_bytes(tasks: TaskQuerySet, today: datetime.date) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Tasks"))
    sheet.append(header())
    for row in rows(tasks, today):
        # openpyxl writes a string that starts with "=" as a formula: the same rule as the CSV.
        sheet.append([_cell(sheet, safe_cell(value)) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
