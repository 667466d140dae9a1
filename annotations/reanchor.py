"""Where one mark goes on a new version, and how sure we are: pure Python, no Django.

A *text-bound* mark (a highlight over selected text, a note on a selection) is found by its
quote (``annotations.anchoring``) and drawn anew over the new version's glyphs. A *free*
mark (ink, a free-hand highlighter swipe, a note put on the page) moves with the text
lines it was drawn on: the lines are quoted like a selection, found again, and the mark is
shifted by as much as their first letter moved. Outcomes (``State``):

- ``ok``: same words, same place;
- ``moved``: same words, another place (another page, or the same page further down);
- ``check``: found only approximately (the words changed): drawn there, listed for review
  with the old and the new text;
- ``lost``: not found: kept, listed for review, and never drawn (drawn anywhere, it
  would lie about the text under it).
A free mark with no text near it (a margin doodle on a scanned page) cannot follow words;
``place`` answers None and the caller falls back to matching whole pages, flagged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from annotations.anchoring import Quote, locate
from annotations.textmap import DocText, bbox_of_points, overlap


class State:
    OK = "ok"
    MOVED = "moved"
    CHECK = "check"
    LOST = "lost"


# A free mark follows the lines it touches, or the nearest line this close (page fraction).
FREE_REACH = 0.03
# Rectangles agreeing this much are "the same place".
SAME_PLACE = 0.9


@dataclass(frozen=True)
class Placement:
    state: str
    page: int
    data: dict[str, Any]
    selectors: list[dict[str, Any]]


def is_text_bound(data: dict[str, Any]) -> bool:
    return "rects" in data


def selectors_for(doc: DocText, page: int, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The selectors of a mark as it is saved: the glyphs under a highlight's rectangles,
    or, for a free mark, the lines it was drawn on ([] when there is no text there)."""
    if is_text_bound(data):
        span = doc.span(doc.indices_under(page, data["rects"]))
    else:
        span = doc.lines_near(page, _bbox(data), FREE_REACH)
    return doc.selectors(*span) if span else []


def _bbox(data: dict[str, Any]) -> tuple[float, float, float, float]:
    if "strokes" in data:
        points = [p for stroke in data["strokes"] for p in stroke]
        return bbox_of_points(points, data.get("width", 0.0) / 2)
    if "rects" in data:
        corners = [c for x, y, w, h in data["rects"] for c in ((x, y), (x + w, y + h))]
        return bbox_of_points(corners)
    return bbox_of_points([(data["x"], data["y"])])


def _shift(data: dict[str, Any], dx: float, dy: float) -> dict[str, Any]:
    def clamp(v: float) -> float:
        return round(min(1.0, max(0.0, v)), 5)

    if "strokes" in data:
        strokes = [
            [[clamp(p[0] + dx), clamp(p[1] + dy), *p[2:]] for p in stroke]
            for stroke in data["strokes"]
        ]
        return {**data, "strokes": strokes}
    if "rects" in data:
        return {
            **data,
            "rects": [[clamp(x + dx), clamp(y + dy), w, h] for x, y, w, h in data["rects"]],
        }
    return {**data, "x": clamp(data["x"] + dx), "y": clamp(data["y"] + dy)}


def place(
    old: DocText | None,
    new: DocText,
    page: int,
    data: dict[str, Any],
    selectors: Sequence[dict[str, Any]],
    new_page_count: int,
) -> Placement | None:
    """Place one mark of ``old`` (page ``page``) on ``new``; None when it has no words to
    follow (see the module doc)."""
    if not selectors and old is not None:
        selectors = selectors_for(old, page, data)
    quote = Quote.from_selectors(selectors)
    if quote is None:
        return None
    fallback_page = min(page, max(1, new_page_count))
    found = locate(new.text, quote)
    if found is None:
        return Placement(State.LOST, fallback_page, data, list(selectors))
    new_page = new.page_of_span(found.start, found.end) or fallback_page
    new_selectors = new.selectors(found.start, found.end)
    if is_text_bound(data):
        rects = new.rects(found.start, found.end, new_page)
        if not rects:
            return Placement(State.LOST, fallback_page, data, list(selectors))
        moved_data = {**data, "rects": rects}
        same = new_page == page and overlap(rects, data["rects"]) >= SAME_PLACE
    else:
        before = old.first_box(*_span_of(old, quote, selectors)) if old is not None else None
        after = new.first_box(found.start, found.end)
        if before is None or after is None:
            return Placement(State.LOST, fallback_page, data, list(selectors))
        dx, dy = after[1][0] - before[1][0], after[1][1] - before[1][1]
        # The lines' first letter is on the page the mark was on; the mark follows it.
        new_page = after[0]
        moved_data = _shift(data, dx, dy)
        same = new_page == page and abs(dx) < 0.002 and abs(dy) < 0.002
    state = State.CHECK if not found.exact else (State.OK if same else State.MOVED)
    return Placement(state, new_page, moved_data, new_selectors)


def _span_of(old: DocText, quote: Quote, selectors: Sequence[dict[str, Any]]) -> tuple[int, int]:
    """The quote's span in the version it was made on: its position selector when the
    text there still reads as quoted, else wherever the quote is found."""
    start = quote.start
    if start is not None and old.text[start : start + len(quote.exact)] == quote.exact:
        return start, start + len(quote.exact)
    found = locate(old.text, quote)
    return (found.start, found.end) if found else (0, 0)
