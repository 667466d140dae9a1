"""What a tablet may store: shapes, bounds and plain-text notes.

Everything here refuses with a translated ActionRefused, because a delegate may hit a
bound (a very long note, a page full of ink) and must be told which one. Shapes that no
honest tablet sends (a point that is not a number) get one generic message.

The stored data of each kind, coordinates as fractions (0..1) of the page as displayed,
from its top-left corner:

- ink:       {"strokes": [[[x, y] or [x, y, pressure], ...], ...], "width": w}
- highlight: {"rects": [[x, y, w, h], ...]}  (over selected text)
             or {"strokes": ..., "width": w}  (free-hand, drawn like ink but translucent)
- note:      {"x": x, "y": y, "text": "plain text"}

``width`` is a fraction of the page width, as documents.pdf expects.
"""

import json
import math
import re
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from annotations.models import Kind, Visibility
from sessions.errors import ActionRefused

COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
MAX_WIDTH = 0.1  # a tenth of the page width: wider than any highlighter
# Control characters other than tab and newline have no place in a note (and PostgreSQL
# cannot store NUL in a JSON string).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def malformed() -> ActionRefused:
    return ActionRefused(_("The annotation could not be read. Reload the page and try again."))


def _fraction(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise malformed()
    # A pen that slips a little past the page edge is kept at the edge.
    return round(min(1.0, max(0.0, float(value))), 5)


def _width(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise malformed()
    if not 0 < value <= MAX_WIDTH:
        raise malformed()
    return round(float(value), 5)


def _strokes(raw: Any) -> list[list[list[float]]]:
    if not isinstance(raw, list) or not raw:
        raise malformed()
    if len(raw) > settings.ANNOTATIONS_MAX_STROKES:
        raise ActionRefused(
            _("An annotation may have at most %(limit)d strokes.")
            % {"limit": settings.ANNOTATIONS_MAX_STROKES}
        )
    strokes = []
    for stroke in raw:
        if not isinstance(stroke, list) or not stroke:
            raise malformed()
        if len(stroke) > settings.ANNOTATIONS_MAX_POINTS_PER_STROKE:
            raise ActionRefused(
                _("A stroke may have at most %(limit)d points; draw it in two parts.")
                % {"limit": settings.ANNOTATIONS_MAX_POINTS_PER_STROKE}
            )
        points = []
        for point in stroke:
            if not isinstance(point, list) or len(point) not in (2, 3):
                raise malformed()
            points.append([_fraction(c) for c in point])
        strokes.append(points)
    return strokes


def _rects(raw: Any) -> list[list[float]]:
    if not isinstance(raw, list) or not raw:
        raise malformed()
    if len(raw) > settings.ANNOTATIONS_MAX_STROKES:
        raise ActionRefused(
            _("An annotation may have at most %(limit)d strokes.")
            % {"limit": settings.ANNOTATIONS_MAX_STROKES}
        )
    rects = []
    for rect in raw:
        if not isinstance(rect, list) or len(rect) != 4:
            raise malformed()
        x, y, w, h = (_fraction(c) for c in rect)
        rects.append([x, y, min(w, 1 - x), min(h, 1 - y)])
    return rects


def clean_data(kind: str, data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise malformed()
    if kind == Kind.INK or (kind == Kind.HIGHLIGHT and "strokes" in data):
        return {"strokes": _strokes(data.get("strokes")), "width": _width(data.get("width"))}
    if kind == Kind.HIGHLIGHT:
        return {"rects": _rects(data.get("rects"))}
    if kind == Kind.NOTE:
        text = data.get("text")
        if not isinstance(text, str):
            raise malformed()
        text = _CONTROL.sub("", text).strip()
        if not text:
            raise ActionRefused(_("A note needs some text."))
        if len(text) > settings.ANNOTATIONS_MAX_NOTE_CHARS:
            raise ActionRefused(
                _("A note may have at most %(limit)d characters; this one has %(count)d.")
                % {"limit": settings.ANNOTATIONS_MAX_NOTE_CHARS, "count": len(text)}
            )
        return {"x": _fraction(data.get("x")), "y": _fraction(data.get("y")), "text": text}
    raise malformed()


def check_payload_size(data: dict[str, Any]) -> None:
    size = len(json.dumps(data, separators=(",", ":")).encode())
    if size > settings.ANNOTATIONS_MAX_PAYLOAD_BYTES:
        raise too_large()


def too_large() -> ActionRefused:
    return ActionRefused(_("This annotation is too large to save. Draw it in smaller parts."))


def clean_kind(kind: Any) -> str:
    if kind not in Kind.values:
        raise malformed()
    return str(kind)


def clean_colour(colour: Any) -> str:
    if not isinstance(colour, str) or not COLOUR.fullmatch(colour):
        raise malformed()
    return colour.lower()


def clean_visibility(visibility: Any) -> str:
    if visibility not in Visibility.values:
        raise malformed()
    return str(visibility)


def clean_page(page: Any, page_count: int) -> int:
    if isinstance(page, bool) or not isinstance(page, int):
        raise malformed()
    if not 1 <= page <= page_count:
        raise ActionRefused(
            _("Page %(page)d is not in this document (it has %(pages)d pages).")
            % {"page": page, "pages": page_count}
        )
    return page


def export_failed() -> str:
    return _("The annotated copy could not be made just now. Please try again in a minute.")
