"""Small, real PDFs for the demo sitting, written without any PDF library.

The demo must work on a fresh machine with nothing but the pinned packages, so its papers
are generated: Helvetica (one of the standard 14 fonts, nothing embedded), which has no
Vietnamese letters, so the text on the page is folded to ASCII the way the watermark is.
"""

import textwrap

from documents.pdf_write import stamp_ascii

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points


def _literal(text: str) -> bytes:
    raw = stamp_ascii(text).encode("ascii")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _page_content(title: str, page: int, pages: int, paragraphs: list[str]) -> bytes:
    lines = [b"BT /F2 16 Tf 56 780 Td (%s) Tj ET" % _literal(title)]
    y = 740
    for paragraph in paragraphs:
        for line in textwrap.wrap(paragraph, 88):
            lines.append(b"BT /F1 11 Tf 56 %d Td (%s) Tj ET" % (y, _literal(line)))
            y -= 16
        y -= 10
    footer = f"Trang {page}/{pages}"
    lines.append(b"BT /F1 9 Tf 270 40 Td (%s) Tj ET" % _literal(footer))
    return b"\n".join(lines)


def demo_pdf(title: str, pages: list[list[str]]) -> bytes:
    """A PDF with one page per list of paragraphs."""
    count = len(pages)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, once the pages' numbers are known
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for number, paragraphs in enumerate(pages, start=1):
        content = _page_content(title, number, count, paragraphs)
        page_object = len(objects) + 1
        kids.append(b"%d 0 R" % page_object)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font"
            b" << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>"
            % (PAGE_WIDTH, PAGE_HEIGHT, page_object + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), count)

    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
