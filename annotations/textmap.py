"""A document version's text as one string, each character tied to its page and box.

Pure Python (no Django): built from what ``documents.pdf.extract_glyphs`` returns per page,
tested without a database. Offsets into ``DocText.text`` are what a TextPositionSelector
counts, and what a TextQuoteSelector's prefix and suffix are cut from.

The text is normalised so that two versions of a draft compare by their words, not by how
PDFium laid them out: NFC (a Vietnamese letter is one character even when a producer drew
the base letter and its marks apart), every run of white space (line ends included) one
space, and pages joined by one space, so a sentence that a new version breaks across two
pages is still found whole.

Boxes are (x0, y0, x1, y1) fractions of the page as displayed, from its top-left corner;
rectangles are [x, y, w, h] in the same frame, the annotations' own.
"""

from __future__ import annotations

import base64
import math
import sys
import unicodedata
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

SCALE = 65535
CONTEXT_CHARS = 32  # the prefix and suffix each keep this much, as Hypothesis does
# A highlight rectangle from the tablet is drawn over pdf.js's text layer, whose boxes are
# not PDFium's to the hundredth: a glyph counts as under it when its centre lies within
# the rectangle grown by this much (a fraction of the page).
TOLERANCE = 0.003

Box = tuple[float, float, float, float]


def decode_boxes(data: bytes | str) -> list[Box]:
    raw = base64.b64decode(data) if isinstance(data, str) else bytes(data)
    values = array("H")
    values.frombytes(raw[: len(raw) - len(raw) % 8])
    if sys.byteorder != "little":  # pragma: no cover
        values.byteswap()
    return [
        (
            values[i] / SCALE,
            values[i + 1] / SCALE,
            values[i + 2] / SCALE,
            values[i + 3] / SCALE,
        )
        for i in range(0, len(values), 4)
    ]


def encode_boxes(boxes: Iterable[Box]) -> bytes:
    values = array("H")
    for box in boxes:
        values.extend(round(min(1.0, max(0.0, v)) * SCALE) for v in box)
    if sys.byteorder != "little":  # pragma: no cover
        values.byteswap()
    return values.tobytes()


class Boxes(Sequence):
    """Boxes or None, kept flat in a float array: about 16 bytes a character rather than the
    150 of a tuple of floats, which matters for a long draft kept in memory."""

    def __init__(self) -> None:
        self._values = array("f")

    def append(self, box: Box | None) -> None:
        self._values.extend(box if box is not None else (math.nan, 0.0, 0.0, 0.0))

    def __len__(self) -> int:
        return len(self._values) // 4

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        at = index * 4
        x0 = self._values[at]
        if math.isnan(x0):
            return None
        return (x0, self._values[at + 1], self._values[at + 2], self._values[at + 3])

    def __setitem__(self, index: int, box: Box | None) -> None:
        if index < 0:
            index += len(self)
        at = index * 4
        self._values[at : at + 4] = array(
            "f", box if box is not None else (math.nan, 0.0, 0.0, 0.0)
        )


@dataclass
class DocText:
    text: str
    pages: Sequence[int]  # the page (1-based) of each character; 0 for a made-up space
    boxes: Boxes  # each character's box; None for a made-up space
    lines: Sequence[int]  # a running line number per character, -1 for a made-up space

    def page_range(self, page: int) -> range:
        """The offsets of ``page``'s characters (pages are in order, so one run)."""
        ranges = self.__dict__.get("_ranges")
        if ranges is None:
            ranges = {}
            for index, number in enumerate(self.pages):
                if number:
                    first, _last = ranges.get(number, (index, index))
                    ranges[number] = (first, index + 1)
            self.__dict__["_ranges"] = ranges
        first, last = ranges.get(page, (0, 0))
        return range(first, last)

    @classmethod
    def build(cls, pages: Iterable[tuple[str, Sequence[Box]]]) -> DocText:
        """From each page's raw text and boxes (an iterable: pages are decoded one by one)."""
        chars: list[str] = []
        page_of = array("H")
        box_of = Boxes()
        line_of = array("i")
        line = 0
        for number, (raw, boxes) in enumerate(pages, start=1):
            line += 1
            pending_space = bool(chars)
            for index, char in enumerate(raw):
                box = boxes[index] if index < len(boxes) else None
                if box is not None and box[2] <= box[0] and box[3] <= box[1]:
                    box = None
                if char.isspace():
                    pending_space = bool(chars)
                    if char in "\r\n":
                        line += 1
                    continue
                if unicodedata.combining(char) and chars and not pending_space:
                    composed = unicodedata.normalize("NFC", chars[-1] + char)
                    if len(composed) == 1:
                        chars[-1] = composed
                        box_of[-1] = _union(box_of[-1], box)
                        continue
                if pending_space:
                    chars.append(" ")
                    page_of.append(0)
                    box_of.append(None)
                    line_of.append(-1)
                    pending_space = False
                chars.append(unicodedata.normalize("NFC", char)[:1] or char)
                page_of.append(number)
                box_of.append(box)
                line_of.append(line)
        return cls("".join(chars), page_of, box_of, line_of)

    # --- from a mark to words --------------------------------------------------------

    def indices_under(self, page: int, rects: Sequence[Sequence[float]]) -> list[int]:
        """The characters of ``page`` whose centre lies within one of ``rects``."""
        grown = [
            (x - TOLERANCE, y - TOLERANCE, x + w + TOLERANCE, y + h + TOLERANCE)
            for x, y, w, h in rects
        ]
        found = []
        for index in self.page_range(page):
            box = self.boxes[index]
            if box is None or self.pages[index] != page:
                continue
            cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
            if any(x0 <= cx <= x1 and y0 <= cy <= y1 for x0, y0, x1, y1 in grown):
                found.append(index)
        return found

    def lines_near(self, page: int, bbox: Box, reach: float) -> tuple[int, int] | None:
        """The span of the text lines a free mark was drawn on: the lines its box touches,
        else the nearest line within ``reach`` (a fraction of the page), else None."""
        x0, y0, x1, y1 = bbox
        touched: set[int] = set()
        nearest: tuple[float, int] | None = None
        for index in self.page_range(page):
            box = self.boxes[index]
            if box is None or self.pages[index] != page:
                continue
            dx = max(box[0] - x1, x0 - box[2], 0.0)
            dy = max(box[1] - y1, y0 - box[3], 0.0)
            distance = (dx * dx + dy * dy) ** 0.5
            if distance == 0.0:
                touched.add(self.lines[index])
            elif distance <= reach and (nearest is None or distance < nearest[0]):
                nearest = (distance, self.lines[index])
        if not touched and nearest is not None:
            touched = {nearest[1]}
        if not touched:
            return None
        members = [i for i in self.page_range(page) if self.lines[i] in touched]
        return members[0], members[-1] + 1

    def span(self, indices: Sequence[int]) -> tuple[int, int] | None:
        if not indices:
            return None
        return min(indices), max(indices) + 1

    def selectors(self, start: int, end: int) -> list[dict[str, Any]]:
        """The W3C TextQuoteSelector and TextPositionSelector of ``text[start:end]``."""
        return [
            {
                "type": "TextQuoteSelector",
                "exact": self.text[start:end],
                "prefix": self.text[max(0, start - CONTEXT_CHARS) : start],
                "suffix": self.text[end : end + CONTEXT_CHARS],
            },
            {"type": "TextPositionSelector", "start": start, "end": end},
        ]

    # --- from words to a place -------------------------------------------------------

    def page_of_span(self, start: int, end: int) -> int | None:
        """The page holding most of the span's characters (a quote a new version breaks
        across two pages is drawn on the page with its larger part)."""
        counts: dict[int, int] = {}
        for index in range(start, end):
            page = self.pages[index]
            if page:
                counts[page] = counts.get(page, 0) + 1
        if not counts:
            return None
        return max(counts, key=lambda p: (counts[p], -p))

    def rects(self, start: int, end: int, page: int) -> list[list[float]]:
        """One rectangle per text line of the span's characters on ``page``."""
        bands: dict[int, list[float]] = {}
        order: list[int] = []
        for index in range(start, end):
            box = self.boxes[index]
            if box is None or self.pages[index] != page:
                continue
            line = self.lines[index]
            band = bands.get(line)
            if band is None:
                bands[line] = list(box)
                order.append(line)
            else:
                band[0], band[1] = min(band[0], box[0]), min(band[1], box[1])
                band[2], band[3] = max(band[2], box[2]), max(band[3], box[3])
        return [
            [round(b[0], 5), round(b[1], 5), round(b[2] - b[0], 5), round(b[3] - b[1], 5)]
            for b in (bands[line] for line in order)
        ]

    def first_box(self, start: int, end: int) -> tuple[int, Box] | None:
        for index in range(start, end):
            box = self.boxes[index]
            if box is not None:
                return self.pages[index], box
        return None


def _union(a: Box | None, b: Box | None) -> Box | None:
    if a is None or b is None:
        return a or b
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def bbox_of_points(points: Iterable[Sequence[float]], pad: float = 0.0) -> Box:
    xs, ys = [], []
    for point in points:
        xs.append(point[0])
        ys.append(point[1])
    return (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)


def overlap(a: Sequence[Sequence[float]], b: Sequence[Sequence[float]]) -> float:
    """How much two sets of [x, y, w, h] rectangles agree: the area both cover over the
    area either covers (rectangles of one set do not overlap each other: one per line)."""

    def area(rects: Sequence[Sequence[float]]) -> float:
        return sum(max(0.0, r[2]) * max(0.0, r[3]) for r in rects)

    both = 0.0
    for ra in a:
        for rb in b:
            w = min(ra[0] + ra[2], rb[0] + rb[2]) - max(ra[0], rb[0])
            h = min(ra[1] + ra[3], rb[1] + rb[3]) - max(ra[1], rb[1])
            if w > 0 and h > 0:
                both += w * h
    either = area(a) + area(b) - both
    return both / either if either > 0 else 0.0
