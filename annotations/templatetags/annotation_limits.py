"""The limits the server enforces on annotations (annotations/validation.py), for the page.

The tablet splits a long stroke, caps a text highlight and a note at the same numbers the
server checks; read from here, a deployer's setting reaches the browser without a second constant.
"""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def annotation_limits() -> dict[str, int]:
    return {
        "points": settings.ANNOTATIONS_MAX_POINTS_PER_STROKE,
        "strokes": settings.ANNOTATIONS_MAX_STROKES,
        "note_chars": settings.ANNOTATIONS_MAX_NOTE_CHARS,
    }
