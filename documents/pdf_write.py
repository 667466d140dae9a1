"""Writing PDFs with pypdf: the per-delegate watermark and the annotation export.

These functions are called inside the sandboxed child process (``documents._pdf_worker``),
never in the web process: the input is an upload that passed ``inspect_pdf``, but pypdf
still parses every content stream while merging, and a file that slipped through must not
take the server down. So: no Django imports here, only pypdf and the standard library.

Coordinates. The tablet draws on the page as *displayed*: origin at the top-left, y
growing downwards, all values relative (0..1) to the displayed width and height. PDF user
space has its origin at the bottom-left of the page box and is then turned clockwise by
the page's /Rotate when displayed. ``PageGeometry.to_user`` undoes both. The displayed box
is the CropBox (what viewers such as pdf.js show; pypdf falls back to the MediaBox when
there is none). /Rotate is honoured for multiples of 90; any other value is invalid PDF
and is treated as 0, as viewers do.
"""

from __future__ import annotations

import math
import unicodedata
import uuid
from dataclasses import dataclass
from typing import Any

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.annotations import Highlight, Text
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    RectangleObject,
    TextStringObject,
)

from documents.pdf_active import strip
from documents.stamp_font import StampFont, embed, normalise

try:  # Exact Helvetica advance widths, for centring the stamp; private pypdf module.
    from pypdf._codecs.core_font_metrics import CORE_FONT_METRICS

    _HELVETICA_WIDTHS: dict[str, float] = dict(CORE_FONT_METRICS["Helvetica"].character_widths)
except (ImportError, KeyError, AttributeError):  # pragma: no cover - pypdf upgrade
    _HELVETICA_WIDTHS = {}

# Annotation flags (PDF 32000-1, 12.5.3): print them, and keep sticky-note icons upright
# and unscaled as the reader zooms, as Acrobat does for its own notes.
_PRINT, _NO_ZOOM, _NO_ROTATE = 4, 8, 16
NOTE_ICON_SIZE = 20.0  # points; the Text annotation's clickable icon

# The stamp: light grey with 35 % opacity through an ExtGState, so that the page beneath
# stays readable; viewers that ignore transparency still show a light grey.
_STAMP_GREY = 0.6
_STAMP_OPACITY = 0.35


@dataclass(frozen=True)
class PageGeometry:
    """Where a page's displayed box lies in user space, and how it is turned."""

    x0: float
    y0: float
    x1: float
    y1: float
    rotation: int  # 0, 90, 180 or 270: clockwise, as /Rotate

    @classmethod
    def of(cls, page: PageObject) -> PageGeometry:
        box = page.cropbox
        rotation = int(page.rotation) % 360
        if rotation % 90:
            rotation = 0
        left, right = sorted((float(box.left), float(box.right)))
        bottom, top = sorted((float(box.bottom), float(box.top)))
        return cls(left, bottom, right, top, rotation)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def display_size(self) -> tuple[float, float]:
        """Width and height as the reader sees them (swapped on quarter turns)."""
        if self.rotation in (90, 270):
            return self.height, self.width
        return self.width, self.height

    def to_user(self, u: float, v: float) -> tuple[float, float]:
        """Relative displayed point (from the top-left) to user space.

        A clockwise turn by /Rotate sends user-space "up" to displayed "right" at 90,
        to "down" at 180 and to "left" at 270; each branch inverts one of those.
        """
        u, v = min(max(u, 0.0), 1.0), min(max(v, 0.0), 1.0)
        w, h = self.width, self.height
        if self.rotation == 90:
            return self.x0 + v * w, self.y0 + u * h
        if self.rotation == 180:
            return self.x1 - u * w, self.y0 + v * h
        if self.rotation == 270:
            return self.x1 - v * w, self.y1 - u * h
        return self.x0 + u * w, self.y1 - v * h


# --- watermark ------------------------------------------------------------------------


def stamp_ascii(text: str) -> str:
    """Fold text to printable ASCII for the stamp.

    Only the fallback when no Unicode font is installed (see documents/stamp_font.py):
    Helvetica, one of the 14 standard fonts, covers Latin-1-like encodings only, so
    Vietnamese letters such as "ư", "ơ", "ạ", "ễ" would print as gaps.
    NFKD splits letters from their accents (the horn of ư/ơ is a combining mark too),
    but đ/Đ are letters in their own right with no decomposition, so they are mapped by
    hand. Anything left over becomes "?".
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return "".join(c if " " <= c <= "~" else "?" for c in " ".join(bare.split()))


def _pdf_literal(text: str) -> bytes:
    """An ASCII string as a PDF literal string, with its three special characters escaped."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("ascii") + b")"


def _em_width(text: str) -> float:
    """Advance width of ``text`` in Helvetica, in ems."""
    return sum(_HELVETICA_WIDTHS.get(c, 556) for c in text) / 1000.0


class _Helvetica:
    """The fallback face when no Unicode font is installed: ASCII-folded lines."""

    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )

    def em_width(self, text: str) -> float:
        return _em_width(text)

    def encode(self, text: str) -> bytes:
        return _pdf_literal(text)


def _stamp_page(
    geometry: PageGeometry, lines: list[str], face: StampFont | _Helvetica
) -> PageObject:
    """A blank page, the size of the target, carrying the diagonal stamp.

    The stamp runs along the displayed diagonal from bottom-left to top-right. A vector
    drawn at angle a in user space is displayed at a - /Rotate, hence the added rotation.
    """
    disp_w, disp_h = geometry.display_size
    angle = math.atan2(disp_h, disp_w) + math.radians(geometry.rotation)
    cos, sin = math.cos(angle), math.sin(angle)
    centre_x = (geometry.x0 + geometry.x1) / 2
    centre_y = (geometry.y0 + geometry.y1) / 2
    widest = max((face.em_width(line) for line in lines), default=1.0) or 1.0
    size = min(0.6 * math.hypot(disp_w, disp_h) / widest, 0.08 * min(disp_w, disp_h) or 12)
    leading = 1.3 * size

    ops = [
        b"q /GSWm gs %.3f g" % _STAMP_GREY,
        b"%.5f %.5f %.5f %.5f %.3f %.3f cm" % (cos, sin, -sin, cos, centre_x, centre_y),
    ]
    # One text object, each line placed relative to the previous one (Td is relative):
    # pypdf's extract_text then sees the line breaks. Lines are centred on the diagonal,
    # the block across it; -0.35 em puts the middle of the capitals on the centre line.
    ops.append(b"BT /FWm %.2f Tf" % size)
    last_x = last_y = 0.0
    for i, line in enumerate(lines):
        x = -face.em_width(line) * size / 2
        y = ((len(lines) - 1) / 2 - i) * leading - 0.35 * size
        ops.append(b"%.3f %.3f Td %s Tj" % (x - last_x, y - last_y, face.encode(line)))
        last_x, last_y = x, y
    ops.append(b"ET Q")

    page = PageObject.create_blank_page(None, geometry.width or 1, geometry.height or 1)
    # Same box as the target: merge_page clips the stamp to the stamp page's box.
    box = RectangleObject((geometry.x0, geometry.y0, geometry.x1, geometry.y1))
    page[NameObject("/MediaBox")] = box
    page[NameObject("/Resources")] = DictionaryObject(
        {
            NameObject("/Font"): DictionaryObject({NameObject("/FWm"): face.font}),
            NameObject("/ExtGState"): DictionaryObject(
                {
                    NameObject("/GSWm"): DictionaryObject(
                        {
                            NameObject("/Type"): NameObject("/ExtGState"),
                            NameObject("/ca"): FloatObject(_STAMP_OPACITY),
                            NameObject("/CA"): FloatObject(_STAMP_OPACITY),
                        }
                    )
                }
            ),
        }
    )
    content = DecodedStreamObject()
    content.set_data(b"\n".join(ops))
    page[NameObject("/Contents")] = content
    return page


def watermark(src: str, dest: str, lines: list[str]) -> int:
    """Stamp every page of ``src`` with ``lines`` and write ``dest``; return the page count."""
    writer = PdfWriter(clone_from=PdfReader(src))
    # Vietnamese as written, in an embedded subset of a font that has its letters; folded
    # to ASCII in Helvetica only where no such font is installed.
    unicode_lines = [text for line in lines if (text := normalise(line))]
    face: StampFont | _Helvetica | None = (
        embed(writer, "".join(unicode_lines)) if unicode_lines else None
    )
    if face is None:
        unicode_lines = [folded for line in lines if (folded := stamp_ascii(line))]
        face = _Helvetica()
    for page in writer.pages:
        if unicode_lines:
            page.merge_page(_stamp_page(PageGeometry.of(page), unicode_lines, face), over=True)
    strip(writer)  # every copy the app writes is free of active content
    writer.write(dest)
    return len(writer.pages)


# --- annotations ----------------------------------------------------------------------


def _rgb(color: str) -> ArrayObject:
    value = color.removeprefix("#")
    return ArrayObject(FloatObject(round(int(value[i : i + 2], 16) / 255, 4)) for i in (0, 2, 4))


def _bbox(points: list[tuple[float, float]], pad: float = 0.0) -> RectangleObject:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return RectangleObject(
        (
            round(min(xs) - pad, 2),
            round(min(ys) - pad, 2),
            round(max(xs) + pad, 2),
            round(max(ys) + pad, 2),
        )
    )


def _ink(geometry: PageGeometry, item: dict[str, Any], author: str) -> DictionaryObject:
    """An /Ink annotation (pypdf has no class for it): one polyline per stroke."""
    strokes = [[geometry.to_user(x, y) for x, y in stroke] for stroke in item["strokes"]]
    width = round(item["width"] * geometry.display_size[0], 2)
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Ink"),
            # The stroke is centred on the path: pad the box by half the pen width.
            NameObject("/Rect"): _bbox([p for s in strokes for p in s], pad=width / 2 + 1),
            NameObject("/InkList"): ArrayObject(
                ArrayObject(FloatObject(round(c, 2)) for point in stroke for c in point)
                for stroke in strokes
            ),
            NameObject("/C"): _rgb(item["color"]),
            NameObject("/BS"): DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Border"),
                    NameObject("/W"): FloatObject(width),
                    NameObject("/S"): NameObject("/S"),
                }
            ),
            NameObject("/F"): NumberObject(_PRINT),
            NameObject("/T"): TextStringObject(author),
            NameObject("/NM"): TextStringObject(str(uuid.uuid4())),
        }
    )


def _highlight(geometry: PageGeometry, item: dict[str, Any], author: str) -> Highlight:
    """One quadrilateral per displayed rectangle, corners in the order readers expect:
    upper-left, upper-right, lower-left, lower-right *as displayed* (so that a highlight
    on a turned page still follows the text)."""
    quads: list[tuple[float, float]] = []
    for x, y, w, h in item["rects"]:
        quads += [
            geometry.to_user(u, v) for u, v in ((x, y), (x + w, y), (x, y + h), (x + w, y + h))
        ]
    highlight = Highlight(
        rect=_bbox(quads),
        quad_points=ArrayObject(FloatObject(round(c, 2)) for point in quads for c in point),
        highlight_color=item["color"].removeprefix("#"),
        printing=True,
        title_bar=author,
    )
    highlight[NameObject("/NM")] = TextStringObject(str(uuid.uuid4()))
    return highlight


def _note(geometry: PageGeometry, item: dict[str, Any], author: str) -> Text:
    """A sticky note whose icon's upper-left corner is at the tapped point. The icon is
    drawn upright whatever the page rotation (NoRotate), so the box is the same on every
    page; near the right or bottom edge it is pulled back inside the page."""
    x, y = geometry.to_user(item["x"], item["y"])
    x = min(max(x, geometry.x0), geometry.x1 - NOTE_ICON_SIZE)
    y = max(min(y, geometry.y1), geometry.y0 + NOTE_ICON_SIZE)
    note = Text(
        rect=(round(x, 2), round(y - NOTE_ICON_SIZE, 2), round(x + NOTE_ICON_SIZE, 2), round(y, 2)),
        text=item["text"],
        title_bar=author,
    )
    note[NameObject("/C")] = _rgb(item["color"])
    note[NameObject("/Name")] = NameObject("/Comment")
    note[NameObject("/F")] = NumberObject(_PRINT | _NO_ZOOM | _NO_ROTATE)
    note.pop("/Flags", None)  # pypdf's Text writes flags under a non-standard key
    note[NameObject("/NM")] = TextStringObject(str(uuid.uuid4()))
    return note


_BUILDERS = {"ink": _ink, "highlight": _highlight, "note": _note}


class PageOutOfRangeError(ValueError):
    """An annotation names a page the document does not have (the caller's mistake)."""


def write_annotations(src: str, dest: str, annotations: list[dict[str, Any]], author: str) -> int:
    """Copy ``src`` to ``dest`` with ``annotations`` (already validated) added; return how many.

    Raises PageOutOfRangeError when an annotation names a page the document lacks.
    """
    writer = PdfWriter(clone_from=PdfReader(src))
    page_count = len(writer.pages)
    for item in annotations:
        if not 1 <= item["page"] <= page_count:
            raise PageOutOfRangeError(
                f"annotation on page {item['page']}, document has {page_count}"
            )
        page = writer.pages[item["page"] - 1]
        annotation = _BUILDERS[item["kind"]](
            PageGeometry.of(page), item, item.get("author") or author
        )
        writer.add_annotation(page, annotation)
    strip(writer)  # every copy the app writes is free of active content
    writer.write(dest)
    return len(annotations)
