"""HTML → PDF/A-3b with WeasyPrint, plus where the signature boxes landed.

The template reserves an empty box per signer (an element with id "sig-<role>"); after
layout we read each box's page and rectangle, so the signature fields pyHanko fills sit
exactly in the signature block of Nghị định 30's layout, whatever the length of the text.
"""

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import segno
from django.template.loader import render_to_string
from django.utils import translation

from records import fonts

PDF_VARIANT = "pdf/a-3b"
_PX_TO_PT = 0.75  # CSS px are 1/96 in, PDF points 1/72 in

# fontTools logs a line for every table it cannot subset (FFTM in Liberation): not ours to fix.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)


@dataclass(frozen=True)
class Box:
    page: int  # 0-based
    rect: tuple[float, float, float, float]  # x1, y1, x2, y2 in PDF points, origin bottom left


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    boxes: dict[str, Box]  # by element id


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def _boxes(document: Any, prefix: str) -> dict[str, Box]:
    found: dict[str, Box] = {}
    for index, page in enumerate(document.pages):
        height_pt = page.height * _PX_TO_PT
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            element_id = element.get("id") if element is not None else None
            if not element_id or not element_id.startswith(prefix) or element_id in found:
                continue
            x, y = box.border_box_x(), box.border_box_y()
            w, h = box.border_width(), box.border_height()
            found[element_id] = Box(
                index,
                (
                    x * _PX_TO_PT,
                    height_pt - (y + h) * _PX_TO_PT,
                    (x + w) * _PX_TO_PT,
                    height_pt - y * _PX_TO_PT,
                ),
            )
    return found


def render_pdf(
    template: str,
    context: dict[str, Any],
    *,
    title: str,
    attachments: Sequence[tuple[Path, str, str]] = (),
) -> Rendered:
    """``attachments``: (file, name, description) embedded as PDF/A-3 associated files."""
    from weasyprint import HTML, Attachment

    with translation.override("vi"):
        html = render_to_string(template, {**context, "font_css": fonts.font_css()})
    document = HTML(string=html, base_url=None).render()
    document.metadata.title = title
    document.metadata.lang = "vi"
    out = io.BytesIO()
    files = [
        Attachment(filename=str(path), name=name, description=description, relationship="Source")
        for path, name, description in attachments
    ]
    document.write_pdf(out, pdf_variant=PDF_VARIANT, attachments=files)
    return Rendered(out.getvalue(), _boxes(document, "sig-"))


def html_to_pdf(html: str) -> bytes:
    """A plain document (the demo's papers) with the project's fonts."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)
