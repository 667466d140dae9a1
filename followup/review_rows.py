"""The follow-up review's table rows as HTML, built in Python.

A review lists every conclusion of the earlier sittings (hundreds) and is rendered on each
task change that agencies make; through the template engine its rows took ~90 ms per language
for 500 conclusions, built here a small fraction of it. Every text is escaped (html.escape);
the rest are numbers and status codes from the model's choices.
"""

from html import escape
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe


def rows_html(rows: list[dict[str, Any]], overdue_word: str) -> SafeString:
    overdue = escape(str(overdue_word))
    # The conclusion's page lists its tasks and their reports (delegates read them there).
    link = reverse("followup:conclusion", args=[999999999]).replace("999999999", "{}")
    labels: dict[str, str] = {}
    out = []
    for row in rows:
        chips = []
        for status, label, n in row["statuses"]:
            if status not in labels:
                labels[status] = escape(str(label))
            chips.append(f'<span class="fu-status fu-status-{status}">{labels[status]}: {n}</span>')
        if row["late"]:
            chips.append(f'<span class="fu-late">{row["late"]} {overdue}</span>')
        late = ' class="is-late"' if row["late"] else ""
        out.append(
            f'<tr data-conclusion-id="{row["id"]}"{late}>'
            f'<td><a href="{link.format(row["id"])}"><b>{row["number"]}.</b></a> '
            f"{escape(row['text'])}</td>"
            f"<td>{escape(row['agencies'])}</td><td>{' '.join(chips)}</td>"
            f'<td><meter min="0" max="100" value="{row["percent"]}"></meter> {row["percent"]}%</td>'
            "</tr>"
        )
    return mark_safe("\n".join(out))  # noqa: S308  (every text above is escaped)
