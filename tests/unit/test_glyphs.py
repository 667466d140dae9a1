"""Character boxes read in the PDF sandbox (documents._glyphs, pypdfium2): in the frame the
annotations use, whatever the page's rotation, and Vietnamese read back intact."""

from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from annotations.textmap import DocText, decode_boxes
from documents.pdf import PdfRejected, extract_glyphs
from documents.pdf_write import PageGeometry
from tests import anchoring_corpus
from tests import pdf_corpus as corpus


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_a_glyph_box_maps_back_onto_the_letter_drawn_in_user_space(tmp_path, rotate):
    data = corpus.valid_pdf(1, rotate=rotate)
    (page,) = extract_glyphs(write(tmp_path, data))
    assert page["text"] == corpus.page_text(1)
    x0, y0, x1, y1 = decode_boxes(page["boxes"])[0]  # the "C", drawn at (72, 720) in 18 pt
    geometry = PageGeometry.of(PdfReader(BytesIO(data)).pages[0])
    x, y = geometry.to_user((x0 + x1) / 2, (y0 + y1) / 2)
    assert 72 < x < 72 + 18 and 720 - 6 < y < 720 + 18


def test_vietnamese_in_a_truetype_font_reads_back_letter_for_letter(tmp_path):
    sentence = "Điều 7. Ủy ban nhân dân thành phố báo cáo Hội đồng về ngân sách năm 2027."
    pages = extract_glyphs(write(tmp_path, anchoring_corpus.render([[[sentence]]])))
    doc = DocText.build([(p["text"], decode_boxes(p["boxes"])) for p in pages])
    assert doc.text == sentence
    assert all(doc.boxes[i] is not None for i, c in enumerate(doc.text) if c != " ")


def test_a_damaged_file_is_rejected_not_crashed_on(tmp_path):
    with pytest.raises(PdfRejected):
        extract_glyphs(write(tmp_path, b"%PDF-1.7\nnot really a pdf at all\n"))
