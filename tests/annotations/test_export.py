""" "Download my annotated copy": real PDF annotations, read back with pypdf."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from annotations import services
from documents import services as document_services
from tests import pdf_corpus as corpus
from tests.annotations.conftest import note, stroke
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def published_version(secretariat, sitting, *, confidential=False):
    upload = SimpleUploadedFile("report.pdf", corpus.valid_pdf(2), content_type="application/pdf")
    document = document_services.upload_document(
        secretariat, sitting, title="Báo cáo", upload=upload, confidential=confidential
    )
    document_services.publish_document(secretariat, document)
    return document.versions.select_related("document__sitting").get()


def annots(reader: PdfReader, page: int) -> dict[str, list]:
    found: dict[str, list] = {}
    for ref in reader.pages[page - 1].get("/Annots", []):
        annotation = ref.get_object()
        found.setdefault(annotation["/Subtype"], []).append(annotation)
    return found


def rounded(values) -> list[float]:
    return [round(float(v), 2) for v in values]


def download(member, version) -> PdfReader:
    response = client_for(member).get(f"/annotations/v/{version.pk}/annotated.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    return PdfReader(io.BytesIO(b"".join(response.streaming_content)))


def test_the_copy_carries_own_and_shared_annotations_on_their_pages(
    secretariat, sitting, delegate, teammate, loner
):
    version = published_version(secretariat, sitting)
    ink = stroke(page=1, points=[[0.25, 0.5], [0.75, 0.5]])
    ink["data"]["width"] = 0.01
    services.save_annotation(delegate, version, ink)
    highlight = {
        **stroke(page=2, colour="#facc15"),
        "kind": "highlight",
        "data": {"rects": [[0.1, 0.05, 0.5, 0.05]]},
    }
    services.save_annotation(delegate, version, highlight)
    services.save_annotation(teammate, version, note("Làm rõ điều 3", page=2, visibility="group"))
    services.save_annotation(loner, version, note("Riêng của tôi", page=2))  # not shared

    reader = download(delegate, version)

    page_one, page_two = annots(reader, 1), annots(reader, 2)
    assert set(page_one) == {"/Ink"}
    assert set(page_two) == {"/Highlight", "/Text"}
    (ink_annot,) = page_one["/Ink"]
    # Letter page: x = u * 612, y = 792 - v * 792; padded by half the width (3.06) + 1.
    assert [rounded(s) for s in ink_annot["/InkList"]] == [[153.0, 396.0, 459.0, 396.0]]
    assert rounded(ink_annot["/Rect"]) == pytest.approx([148.94, 391.94, 463.06, 400.06])
    assert ink_annot["/T"] == delegate.full_name
    (highlight_annot,) = page_two["/Highlight"]
    assert rounded(highlight_annot["/Rect"]) == [61.2, 712.8, 367.2, 752.4]
    (text,) = page_two["/Text"]
    assert text["/Contents"] == "Làm rõ điều 3"
    assert text["/T"] == teammate.full_name
    assert rounded(text["/Rect"]) == [306.0, 376.0, 326.0, 396.0]


def test_a_free_hand_highlight_becomes_the_band_it_covers(secretariat, sitting, delegate):
    version = published_version(secretariat, sitting)
    swipe = {
        **stroke(page=1, points=[[0.2, 0.5], [0.6, 0.5]]),
        "kind": "highlight",
    }
    swipe["data"]["width"] = 0.02
    services.save_annotation(delegate, version, swipe)
    (highlight,) = annots(download(delegate, version), 1)["/Highlight"]
    # x from 0.19 to 0.61 of 612, y from 0.49 to 0.51 of 792 (measured from the top)
    assert rounded(highlight["/Rect"]) == [116.28, 388.08, 373.32, 403.92]


def test_nobody_elses_private_annotation_is_in_anyones_copy(secretariat, sitting, delegate, chair):
    version = published_version(secretariat, sitting)
    services.save_annotation(delegate, version, note("Bí mật", page=1))
    for viewer in (chair, secretariat):
        reader = download(viewer, version)
        assert all("/Annots" not in page for page in reader.pages)


def test_a_confidential_documents_copy_keeps_the_readers_watermark(secretariat, sitting, delegate):
    version = published_version(secretariat, sitting, confidential=True)
    services.save_annotation(delegate, version, note("Mật", page=1))
    reader = download(delegate, version)
    assert "/Text" in annots(reader, 1)
    stamped = reader.pages[0].extract_text()
    assert delegate.full_name in stamped
    assert corpus.page_text(1) in stamped


def test_the_copy_leaves_no_file_behind(secretariat, sitting, delegate, media_root):
    version = published_version(secretariat, sitting)
    services.save_annotation(delegate, version, note("x", page=1))
    download(delegate, version)
    assert list((media_root / "annotated").iterdir()) == []


def test_the_confidential_annotated_copy_is_named_in_vietnamese_and_stamped_in_full(
    secretariat, sitting, delegate
):
    """Issue 18, point 16: "... (có ghi chú).pdf", and the stamp keeps every diacritic."""
    from urllib.parse import quote

    from council.models import Member

    Member.objects.filter(pk=delegate.pk).update(full_name="Nguyễn Thị Ánh Tuyết", seat="12")
    delegate.refresh_from_db()
    version = published_version(secretariat, sitting, confidential=True)
    response = client_for(delegate).get(f"/annotations/v/{version.pk}/annotated.pdf")
    expected = quote("Báo cáo, phiên bản 1 (có ghi chú).pdf")
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{expected}"
    text = PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages[0].extract_text()
    assert "Nguyễn Thị Ánh Tuyết" in text and "Ghế 12" in text
