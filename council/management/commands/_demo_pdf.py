"""Small, real PDFs for the demo sitting, in Vietnamese with every diacritic.

They go through the same font path as the council's records (records/fonts.py: Liberation
Serif or DejaVu Serif, embedded), rendered by WeasyPrint: the demo's papers used to be
drawn in Helvetica, which has no Vietnamese letters, and were folded to ASCII.
"""

from django.utils.html import escape

from records.fonts import font_css
from records.rendering import html_to_pdf


def demo_pdf(title: str, pages: list[list[str]]) -> bytes:
    """A PDF with one page per list of paragraphs."""
    count = len(pages)
    sheets = []
    for number, paragraphs in enumerate(pages, start=1):
        body = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)
        sheets.append(
            f'<section class="sheet"><h1>{escape(title)}</h1>{body}'
            f'<p class="footer">Trang {number}/{count}</p></section>'
        )
    html = f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{escape(title)}</title><style>{font_css()}
@page {{ size: A4; margin: 20mm; }}
html {{ font-size: 12pt; line-height: 1.4; }}
h1 {{ font-size: 16pt; }}
.sheet {{ page-break-after: always; position: relative; min-height: 240mm; }}
.sheet:last-child {{ page-break-after: auto; }}
.footer {{ position: absolute; bottom: 0; width: 100%; text-align: center; font-size: 9pt; }}
</style></head><body>{"".join(sheets)}</body></html>"""
    return html_to_pdf(html)
