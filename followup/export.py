"""The dashboard's tasks as CSV (UTF-8 with BOM, so Excel shows Vietnamese) and as .xlsx."""

import datetime
import io
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

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
            task.acknowledged_at.replace(tzinfo=None) if task.acknowledged_at else None,
            task.completed_at.replace(tzinfo=None) if task.completed_at else None,
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(tasks: TaskQuerySet, today: datetime.date) -> Iterator[str]:
    writer = SafeWriter(_Echo())
    yield "\ufeff" + writer.writerow(header())
    for row in rows(tasks, today):
        yield writer.writerow(
            ["" if v is None else v.isoformat() if hasattr(v, "isoformat") else str(v) for v in row]
        )


def xlsx_bytes(tasks: TaskQuerySet, today: datetime.date) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Tasks"))
    sheet.append(header())
    for row in rows(tasks, today):
        # openpyxl writes a string that starts with "=" as a formula: the same rule as the CSV.
        sheet.append([safe_cell(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
