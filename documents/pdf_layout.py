"""Re-lay a PDF's bytes so that a reader walking the page tree fetches only the file's head.

pdf.js opens a file that is not linearized by walking the whole page tree (checkLastPage):
it fetches every /Page dictionary. When the page dictionaries sit between large image
streams, as most producers write them, that costs Range requests across the whole file.
``relayout`` moves the structural objects (catalog, page tree, pages) and every other
small object to the front and the large streams after them, and writes a new xref table.

Input: a PDF with one classic (uncompressed) xref table and no incremental updates, such
as pypdf's PdfWriter writes. Anything else raises ``LayoutError``; the caller then serves
the original. Pure bytes in, bytes out: no pypdf, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# An object whose bytes (header to endobj) exceed this goes after the small ones. pdf.js
# fetches in 64 KB chunks; half of that keeps the front dense.
LARGE_OBJECT_BYTES = 32 * 1024

_OBJ_HEADER = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_SUBSECTION = re.compile(rb"\s*(\d+)\s+(\d+)\s*[\r\n]+")
# The dictionary head of a structural object: these always go first, whatever their size.
_STRUCTURAL = re.compile(rb"/Type\s*/(?:Catalog|Pages|Page)(?![A-Za-z0-9])")
_HEAD_BYTES = 4096


class LayoutError(ValueError):
    """The file is not in the simple form this module rewrites."""


@dataclass(frozen=True)
class Layout:
    data: bytes
    small_objects: int
    large_objects: int
    large_from: int  # offset of the first large object (len(data) if none)


def _parse_xref(data: bytes) -> tuple[dict[int, tuple[int, int]], bytes, int]:
    """Object number -> (offset, generation), the trailer dictionary's bytes, and where
    the xref table starts."""
    tail_at = data.rfind(b"startxref", max(0, len(data) - 2048))
    if tail_at < 0:
        raise LayoutError("no startxref")
    match = re.match(rb"startxref\s+(\d+)", data[tail_at:])
    if not match:
        raise LayoutError("unreadable startxref")
    xref_at = int(match.group(1))
    if not data.startswith(b"xref", xref_at):
        raise LayoutError("not a classic xref table")
    pos = xref_at + 4
    entries: dict[int, tuple[int, int]] = {}
    while True:
        sub = _SUBSECTION.match(data, pos)
        if sub is None:
            break
        first, count = int(sub.group(1)), int(sub.group(2))
        pos = sub.end()
        for number in range(first, first + count):
            entry = _XREF_ENTRY.match(data, pos)
            if entry is None:
                raise LayoutError(f"bad xref entry for object {number}")
            pos = entry.end()
            while pos < len(data) and data[pos : pos + 1] in b" \r\n":
                pos += 1
            if entry.group(3) == b"n":
                entries[number] = (int(entry.group(1)), int(entry.group(2)))
    trailer_at = data.find(b"trailer", pos, pos + 64)
    if trailer_at < 0:
        raise LayoutError("no trailer after the xref table")
    trailer = data[trailer_at + len(b"trailer") : tail_at].strip()
    if not trailer.startswith(b"<<") or not trailer.endswith(b">>"):
        raise LayoutError("unreadable trailer")
    if re.search(rb"/(?:Prev|XRefStm)(?![A-Za-z0-9])", trailer):
        raise LayoutError("incremental updates or hybrid xref")
    return entries, trailer, xref_at


def relayout(data: bytes, *, large_bytes: int = LARGE_OBJECT_BYTES) -> Layout:
    """Return ``data`` with structural and small objects first, large objects after."""
    entries, trailer, xref_at = _parse_xref(data)
    if not entries:
        raise LayoutError("no objects")
    ordered = sorted((offset, number) for number, (offset, _gen) in entries.items())
    if ordered[0][0] <= 0 or ordered[-1][0] >= xref_at:
        raise LayoutError("an object offset lies outside the body")
    header = data[: ordered[0][0]]
    small: list[tuple[int, bytes]] = []
    large: list[tuple[int, bytes]] = []
    for index, (offset, number) in enumerate(ordered):
        end = ordered[index + 1][0] if index + 1 < len(ordered) else xref_at
        span = data[offset:end]
        found = _OBJ_HEADER.match(span)
        if found is None or int(found.group(1)) != number:
            raise LayoutError(f"object {number} is not at its xref offset")
        if int(found.group(2)) != entries[number][1]:
            raise LayoutError(f"object {number} has another generation than its xref entry")
        if not span.rstrip().endswith(b"endobj"):
            raise LayoutError(f"object {number} does not end with endobj")
        head = span[:_HEAD_BYTES].split(b"stream", 1)[0]
        if len(span) > large_bytes and not _STRUCTURAL.search(head):
            large.append((number, span))
        else:
            small.append((number, span))

    out = bytearray(header)
    offsets: dict[int, int] = {}
    large_from = -1
    for position, (number, span) in enumerate([*small, *large]):
        if position == len(small):
            large_from = len(out)
        offsets[number] = len(out)
        out += span
        if not span.endswith((b"\n", b"\r")):
            out += b"\n"
    if large_from < 0:
        large_from = len(out)
    new_xref_at = len(out)
    size = max(max(entries) + 1, _trailer_size(trailer))
    out += b"xref\n0 %d\n" % size
    for number in range(size):
        if number in offsets:
            out += b"%010d %05d n\r\n" % (offsets[number], entries[number][1])
        else:
            out += b"0000000000 65535 f\r\n"
    out += b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % new_xref_at
    return Layout(bytes(out), len(small), len(large), large_from)


def _trailer_size(trailer: bytes) -> int:
    match = re.search(rb"/Size\s+(\d+)", trailer)
    return int(match.group(1)) if match else 0
