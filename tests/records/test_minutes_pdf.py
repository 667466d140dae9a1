"""The minutes of a scripted sitting: what they say, and that the PDF is an archivable PDF/A
with every font embedded and no glyph missing."""

import io
from pathlib import Path

from fontTools.ttLib import TTFont
from pypdf import PdfReader

from records import fonts, services
from tests.records.conftest import NAMED_TITLE, NAMES, SECRET_TITLE
from tests.records.helpers import pdf_text, pdffonts


def _minutes_pdf(closed_sitting, people) -> bytes:
    sitting, _named, _secret = closed_sitting
    secretary = people["thuky"]
    minutes = services.open_minutes(secretary, sitting)
    absent = people["db6"]
    services.save_draft(secretary, minutes, member_id=absent.pk, reason="công tác nước ngoài")
    item = sitting.items.get(position=2)
    services.save_draft(
        secretary, minutes, item_id=item.pk, notes="Các đại biểu thảo luận sôi nổi về chi đầu tư."
    )
    record = services.finalise_minutes(secretary, minutes)
    with record.pdf.open("rb") as fh:
        return fh.read()


def test_the_minutes_name_the_delegates_with_their_diacritics(closed_sitting, people, keys):
    text = " ".join(pdf_text(_minutes_pdf(closed_sitting, people)).split())
    for _role, name in NAMES.values():
        assert name in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "BIÊN BẢN" in text
    assert "Huỳnh Ngọc Yến (công tác nước ngoài)" in text
    assert "Các đại biểu thảo luận sôi nổi về chi đầu tư." in text
    assert "Giám đốc Sở Tài chính" in text and "4 phút 00 giây" in text


def test_the_chairs_conclusions_stand_under_their_item(closed_sitting, people, keys):
    from followup.services.conclusions import record_conclusion

    sitting = closed_sitting[0]
    item = sitting.items.order_by("position").first()
    record_conclusion(
        people["chutoa"], sitting, "Giao Sở Tài chính rà soát dự toán.", item_id=item.pk
    )
    text = " ".join(pdf_text(_minutes_pdf(closed_sitting, people)).split())
    assert "Giao Sở Tài chính rà soát dự toán." in text


def test_each_vote_has_its_counts_verdict_and_legal_basis(closed_sitting, people, keys):
    text = " ".join(pdf_text(_minutes_pdf(closed_sitting, people)).split())
    named = text[text.index(NAMED_TITLE) : text.index(SECRET_TITLE)]
    assert "Tán thành 4/7" in named and "Không tán thành 1/7" in named
    assert "Không biểu quyết 1/7" in named
    assert "Thông qua" in named and "quá nửa tổng số đại biểu: 4/7" in named
    # Named: who chose what.
    assert "Không tán thành (1): Võ Thị Ánh Tuyết" in named
    secret = text[text.index(SECRET_TITLE) :]
    secret = secret[: secret.index("3. Bế mạc")]
    assert "Tán thành 4/7" in secret and "Không tán thành 2/7" in secret
    assert "Thông qua" in secret


def test_no_secret_voters_choice_is_in_the_minutes(closed_sitting, people, keys):
    text = " ".join(pdf_text(_minutes_pdf(closed_sitting, people)).split())
    secret = text[text.index(SECRET_TITLE) :]
    secret = secret[: secret.index("3. Bế mạc")]
    for _role, name in NAMES.values():
        assert name not in secret


def test_the_pdf_identifies_itself_as_pdf_a(closed_sitting, people, keys):
    reader = PdfReader(io.BytesIO(_minutes_pdf(closed_sitting, people)))
    xmp = reader.xmp_metadata
    assert xmp is not None
    raw = xmp.stream.get_data().decode()
    assert "<pdfaid:part>3</pdfaid:part>" in raw or 'pdfaid:part="3"' in raw
    assert "<pdfaid:conformance>B</pdfaid:conformance>" in raw or 'pdfaid:conformance="B"' in raw


def test_every_font_is_embedded_and_is_the_records_font(closed_sitting, people, keys, tmp_path):
    path = tmp_path / "minutes.pdf"
    path.write_bytes(_minutes_pdf(closed_sitting, people))
    rows = pdffonts(path)
    assert rows
    for row in rows:
        name, emb = row[0], row[-5]
        assert emb == "yes", row
        # Only the records' own faces: a glyph they lacked would have pulled in a fallback.
        assert "recordserif" in name.replace("-", "").lower(), row


def test_no_glyph_is_missing(closed_sitting, people, keys):
    text = pdf_text(_minutes_pdf(closed_sitting, people))
    cmap = TTFont(str(fonts.font_file("regular"))).getBestCmap()
    missing = {ch for ch in text if not ch.isspace() and ord(ch) not in cmap}
    assert not missing
    assert "\ufffd" not in text


def test_the_font_file_exists():
    assert Path(fonts.font_file("bold")).is_file()


def test_a_confidential_document_is_counted_never_named(closed_sitting, people, keys):
    from documents.models import Document

    sitting = closed_sitting[0]
    item = sitting.items.get(position=2)
    Document.objects.create(
        sitting=sitting, agenda_item=item, title="Tờ trình công khai", published=True
    )
    Document.objects.create(
        sitting=sitting,
        agenda_item=item,
        title="Báo cáo thẩm tra mật",
        confidential=True,
        published=True,
    )
    text = " ".join(pdf_text(_minutes_pdf(closed_sitting, people)).split())
    assert "Tờ trình công khai" in text
    assert "1 tài liệu mật (không công bố)" in text
    assert "Báo cáo thẩm tra mật" not in text
