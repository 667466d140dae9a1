"""An embedded Unicode font for the confidential stamp, so "Nguyễn Thị Ánh" prints whole.

The 14 standard PDF fonts have no glyph for ư, ơ, ạ, ễ…; a stamp folded to ASCII ("Nguyen
Thi Anh") named the reader less surely. Here the stamp's characters are cut out of a
TrueType font with Vietnamese glyphs (DejaVu Sans or Liberation Sans, which
scripts/ensure_pdf_tools.sh installs) with fontTools' subsetter, and embedded as a
Type0/CIDFontType2 font with Identity-H encoding: the content stream draws glyph ids, and
a ToUnicode map lets viewers (and pypdf) extract the text back. A subset of a few dozen
glyphs is a few kilobytes per document.

Runs in the sandboxed PDF worker: no Django here. Without any of the fonts the caller
falls back to the ASCII stamp.
"""

from __future__ import annotations

import io
import os
import unicodedata
from dataclasses import dataclass

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

# First one found wins. An operator may point STAMP_FONT at another TrueType file.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)


def font_path() -> str | None:
    override = os.environ.get("STAMP_FONT", "")
    for path in (override, *FONT_CANDIDATES):
        if path and os.path.isfile(path):
            return path
    return None


def normalise(text: str) -> str:
    """NFC (the fonts have the precomposed Vietnamese letters), one space between words."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass(frozen=True)
class StampFont:
    glyphs: dict[str, int]  # character -> glyph id in the subset
    widths: dict[int, float]  # glyph id -> advance in thousandths of an em
    font: IndirectObject  # the Type0 font dictionary, added to the writer

    def em_width(self, text: str) -> float:
        return sum(self.widths.get(self.glyphs.get(c, 0), 500.0) for c in text) / 1000.0

    def encode(self, text: str) -> bytes:
        """``text`` as a PDF hex string of two-byte glyph ids (Identity-H)."""
        return b"<" + "".join(f"{self.glyphs.get(c, 0):04X}" for c in text).encode() + b">"


def _to_unicode(glyphs: dict[str, int]) -> bytes:
    pairs = sorted({gid: ch for ch, gid in glyphs.items() if gid}.items())
    entries = "\n".join(f"<{gid:04X}> <{ch.encode('utf-16-be').hex()}>" for gid, ch in pairs)
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(pairs)} beginbfchar\n{entries}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode("ascii")


def embed(writer: PdfWriter, text: str) -> StampFont | None:
    """Subset the font to the characters of ``text`` and add it to ``writer``."""
    path = font_path()
    if path is None:
        return None
    from fontTools import subset  # imported here: only the stamp needs it
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=False)
    options = subset.Options()
    options.layout_features = []  # no shaping in a PDF text stream: plain glyphs
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    data = io.BytesIO()
    font.save(data)

    cmap = font.getBestCmap()
    units = font["head"].unitsPerEm
    scale = 1000.0 / units
    glyphs = {ch: font.getGlyphID(cmap[ord(ch)]) for ch in set(text) if ord(ch) in cmap}
    hmtx = font["hmtx"]
    order = font.getGlyphOrder()
    widths = {gid: hmtx[order[gid]][0] * scale for gid in set(glyphs.values()) | {0}}
    head, hhea = font["head"], font["hhea"]
    name = NameObject("/WMSTMP+" + font["name"].getDebugName(6).replace(" ", ""))

    file_stream = DecodedStreamObject()
    file_stream.set_data(data.getvalue())
    file_stream[NameObject("/Length1")] = NumberObject(len(data.getvalue()))
    descriptor = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/FontDescriptor"),
            NameObject("/FontName"): name,
            NameObject("/Flags"): NumberObject(32),  # non-symbolic
            NameObject("/FontBBox"): ArrayObject(
                FloatObject(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)
            ),
            NameObject("/ItalicAngle"): NumberObject(0),
            NameObject("/Ascent"): FloatObject(hhea.ascent * scale),
            NameObject("/Descent"): FloatObject(hhea.descent * scale),
            NameObject("/CapHeight"): FloatObject(hhea.ascent * scale),
            NameObject("/StemV"): NumberObject(80),
            NameObject("/FontFile2"): writer._add_object(file_stream),
        }
    )
    w = ArrayObject()
    for gid in sorted(widths):
        w.extend([NumberObject(gid), ArrayObject([FloatObject(round(widths[gid], 2))])])
    cid_font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/CIDFontType2"),
            NameObject("/BaseFont"): name,
            NameObject("/CIDSystemInfo"): DictionaryObject(
                {
                    NameObject("/Registry"): TextStringObject("Adobe"),
                    NameObject("/Ordering"): TextStringObject("Identity"),
                    NameObject("/Supplement"): NumberObject(0),
                }
            ),
            NameObject("/FontDescriptor"): writer._add_object(descriptor),
            NameObject("/W"): w,
            NameObject("/CIDToGIDMap"): NameObject("/Identity"),
        }
    )
    to_unicode = DecodedStreamObject()
    to_unicode.set_data(_to_unicode(glyphs))
    type0 = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type0"),
            NameObject("/BaseFont"): name,
            NameObject("/Encoding"): NameObject("/Identity-H"),
            NameObject("/DescendantFonts"): ArrayObject([writer._add_object(cid_font)]),
            NameObject("/ToUnicode"): writer._add_object(to_unicode),
        }
    )
    return StampFont(glyphs, widths, writer._add_object(type0))
