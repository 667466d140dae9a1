"""Per-character text and boxes of every page, for anchoring annotations to words.

Runs inside the sandboxed worker (``documents._pdf_worker``, op ``glyphs``); no Django.

pypdfium2 (PDFium, the engine of Chromium's PDF viewer) rather than pypdf or pdfminer.six:
pypdf's text visitor reports runs of text, not characters, so a highlight's rectangles
could not be mapped to the letters under them; pdfminer.six gives LTChar boxes but is pure
Python and several times slower on long drafts; PDFium gives each character's box
directly (``FPDFText_GetLooseCharBox``: the full line height, as a text selection
shows it), handles the TrueType/CID fonts Vietnamese drafts use, and ships as a wheel.

Each page answers ``{"text": str, "boxes": base64}``: one character of ``text`` for each
box, boxes as four little-endian uint16 per character (x0, y0, x1, y1 as 1/65535 of the
page *as displayed*, from its top-left corner, the annotations' own coordinates). Line
ends and spaces PDFium makes up (``FPDFText_IsGenerated``) have an empty box.
"""

from __future__ import annotations

import base64
import ctypes
import sys
from array import array
from typing import Any

SCALE = 65535
DEFAULT_CHARS_PER_PAGE = 20_000
DEFAULT_CHARS_TOTAL = 2_000_000


def _to_display(
    x: float, y: float, box: tuple[float, float, float, float], rotation: int
) -> tuple[float, float]:
    """A user-space point as fractions of the displayed page (inverse of
    ``documents.pdf_write.PageGeometry.to_user``)."""
    x0, y0, x1, y1 = box
    w, h = (x1 - x0) or 1.0, (y1 - y0) or 1.0
    if rotation == 90:
        return (y - y0) / h, (x - x0) / w
    if rotation == 180:
        return (x1 - x) / w, (y - y0) / h
    if rotation == 270:
        return (y1 - y) / h, (x1 - x) / w
    return (x - x0) / w, (y1 - y) / h


def _clamp(value: float) -> int:
    return round(min(1.0, max(0.0, value)) * SCALE)


def page_glyphs(page: Any, limit: int) -> dict[str, Any]:
    import pypdfium2.raw as pdfium_c

    left, bottom, right, top = page.get_cropbox()
    box = (min(left, right), min(bottom, top), max(left, right), max(bottom, top))
    rotation = page.get_rotation() % 360
    textpage = page.get_textpage()
    try:
        count = min(textpage.count_chars(), limit)
        chars: list[str] = []
        boxes = array("H")
        rect = pdfium_c.FS_RECTF()
        for index in range(count):
            code = pdfium_c.FPDFText_GetUnicode(textpage, index)
            char = chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"
            if char == "\x00":
                char = " "
            generated = pdfium_c.FPDFText_IsGenerated(textpage, index) == 1
            if generated or not pdfium_c.FPDFText_GetLooseCharBox(
                textpage, index, ctypes.byref(rect)
            ):
                boxes.extend((0, 0, 0, 0))
            else:
                ax, ay = _to_display(rect.left, rect.top, box, rotation)
                bx, by = _to_display(rect.right, rect.bottom, box, rotation)
                boxes.extend(
                    (
                        _clamp(min(ax, bx)),
                        _clamp(min(ay, by)),
                        _clamp(max(ax, bx)),
                        _clamp(max(ay, by)),
                    )
                )
            chars.append(char)
    finally:
        textpage.close()
    if boxes.itemsize != 2:  # pragma: no cover - "H" is two bytes on every platform we run
        raise RuntimeError("unexpected array item size")
    if sys.byteorder != "little":  # pragma: no cover
        boxes.byteswap()
    return {"text": "".join(chars), "boxes": base64.b64encode(boxes.tobytes()).decode("ascii")}


def extract(path: str, per_page: int, total: int) -> list[dict[str, Any]]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        pages = []
        budget = total
        for number in range(len(document)):
            page = document[number]
            try:
                glyphs = page_glyphs(page, max(0, min(per_page, budget)))
            finally:
                page.close()
            budget -= len(glyphs["text"])
            pages.append(glyphs)
        return pages
    finally:
        document.close()
