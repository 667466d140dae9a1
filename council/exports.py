"""CSV exports: every CSV the app writes goes through `csv_response` (or `SafeWriter`).

Why: a spreadsheet reads a cell that begins with =, +, -, @, a tab or a carriage return as
a formula (`=HYPERLINK(...)` in a poll title, `@SUM(...)` in a candidate's name), and the
secretariat opens these files in Excel. OWASP's rule: prefix such a cell with an apostrophe
so that it is shown as text. Numbers are left alone (a negative count is not an attack);
everything else is text and gets the rule. New exports (follow-up, records) use this too.
"""

import csv
import datetime
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from council.downloads import attachment

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """`value` as a spreadsheet will show it, never as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer whose every cell is neutralised."""

    def __init__(self, stream: Any) -> None:
        self._writer = csv.writer(stream)

    def writerow(self, row: Iterable[Any]) -> Any:
        # csv.writer returns what the stream's write returned: a streaming export's
        # pass-through stream hands the line back to be yielded.
        return self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def local_time(value: datetime.datetime | str | None) -> str:
    """A moment as the council reads it: dd/mm/yyyy HH:MM in TIME_ZONE (Asia/Ho_Chi_Minh).

    Accepts the ISO text frozen in a JSON record too. Stored moments are UTC; a CSV
    opened in Excel shows them as written, so they are converted here, not by the reader.
    """
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")


def csv_response(filename: str) -> tuple[HttpResponse, SafeWriter]:
    """An attachment `filename` and the writer to fill it with."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = attachment(filename)
    response.write("\ufeff")  # Excel opens UTF-8 (Vietnamese names) only with a BOM
    return response, SafeWriter(response)
