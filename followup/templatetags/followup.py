from typing import Any

from django import template
from django.utils.safestring import SafeString

from followup import timeline_rows as timeline_html
from followup.review_rows import rows_html

register = template.Library()


@register.simple_tag
def review_rows(rows: list[dict[str, Any]], overdue_word: str) -> SafeString:
    """The review's rows (followup/review_rows.py: built in Python for speed)."""
    return rows_html(rows, overdue_word)


@register.simple_tag
def timeline_rows(timeline: dict[str, Any]) -> SafeString:
    """The timeline's rows (followup/timeline_rows.py: built in Python for speed)."""
    return timeline_html.rows_html(timeline["bars"], timeline["today"])
