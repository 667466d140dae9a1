from django import template

register = template.Library()


@register.filter
def clock(milliseconds: int | None) -> str:
    """3:05 for the time left; 0:12 after a minus sign (U+2212) for time over.

    static/js/speakers.js formats the same way.
    """
    if milliseconds is None:
        return ""
    if milliseconds >= 0:
        seconds = -(-milliseconds // 1000)
        sign = ""
    else:
        seconds = -milliseconds // 1000
        sign = "\u2212"  # minus sign
    return f"{sign}{seconds // 60}:{seconds % 60:02d}"


@register.filter
def clock_seconds(seconds: int | None) -> str:
    return clock((seconds or 0) * 1000)


@register.filter
def minutes(seconds: int) -> str:
    """180 -> "3", 150 -> "2.5": the value of a minutes field."""
    return f"{seconds / 60:.2f}".rstrip("0").rstrip(".")
