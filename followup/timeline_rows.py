"""The dashboard timeline's rows as HTML, built in Python: a hundred rows of label, bar and
today line cost the template engine ~25 ms a page (see followup/review_rows.py, same reason).
Every text is escaped; positions are the strings followup.dashboard.timeline() made."""

from html import escape
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def rows_html(bars: list[dict[str, Any]], today: str) -> SafeString:
    link = reverse("followup:task", args=[999999999]).replace("999999999", "{}")
    out = []
    for bar in bars:
        task = bar["task"]
        deadline = task.deadline.strftime("%d/%m/%Y")
        late = ""
        if bar["late"]:
            days = bar["late_days"]
            words = ngettext("%(n)s day late", "%(n)s days late", days) % {"n": days}
            late = f' <span class="fu-late">{escape(words)}</span>'
        out.append(
            '<div class="fu-timeline-row" role="listitem">'
            f'<a class="fu-timeline-label" href="{link.format(task.pk)}">'
            f"{escape(task.agency.short_name)} · {escape(_short(task.title))}{late}</a>"
            f'<svg class="fu-timeline-track" height="16" role="img" aria-label="{deadline}">'
            f'<rect class="fu-bar{" is-late" if bar["late"] else ""} fu-status-{task.status}"'
            f' x="{bar["left"]}%" width="{bar["width"]}%" y="3" height="10" rx="3">'
            f"<title>{deadline}</title></rect>"
            f'<line class="fu-today" x1="{today}%" x2="{today}%" y1="0" y2="16"/></svg></div>'
        )
    return mark_safe("\n".join(out))  # noqa: S308  (every text above is escaped)
