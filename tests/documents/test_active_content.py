"""No active content in what tablets read or what the app writes (issue 13, point 4).

The hostile files are made here (tests/pdf_corpus.py): JavaScript, OpenAction, Launch,
SubmitForm, embedded files, XFA and /AA, all in one page. The original stays the record.
"""

import io

import pytest
from pypdf import PdfReader

from documents import services
from documents.pdf import make_reading_copy, watermark_pdf, write_annotations_copy
from documents.pdf_active import findings, is_linearized
from tests import pdf_corpus as corpus
from tests.documents.conftest import upload


def active(data: bytes) -> list[str]:
    return findings(PdfReader(io.BytesIO(data)).trailer)


def served_to_tablets(version) -> bytes:
    return services.media_path(version.reading_name).read_bytes()


def test_the_hostile_file_carries_every_kind_of_active_content():
    found = active(corpus.active_content_pdf())
    for kind in ("/OpenAction", "/AA", "/JS", "/EmbeddedFiles", "/XFA"):
        assert kind in found
    for kind in ("action /Launch", "action /SubmitForm", "annotation /FileAttachment"):
        assert kind in found


def test_the_reading_copy_carries_none_and_the_original_stays_the_record(secretariat, sitting):
    data = corpus.active_content_pdf()
    version = upload(secretariat, sitting, data=data).versions.get()
    assert services.media_path(version.file.name).read_bytes() == data
    reading = served_to_tablets(version)
    assert reading != data
    assert active(reading) == []
    page = PdfReader(io.BytesIO(reading)).pages[0]
    assert corpus.page_text(1) in page.extract_text()
    # The links that only move the reader stay.
    actions = [a.get_object().get("/A", {}).get("/S") for a in page["/Annots"]]
    assert sorted(a for a in actions if a) == ["/GoTo", "/URI"]


def test_a_signed_file_with_active_content_reaches_tablets_stripped(secretariat, sitting):
    data = corpus.active_content_pdf(signed=True)
    version = upload(secretariat, sitting, data=data).versions.get()
    assert version.reading_name != version.file.name
    assert active(served_to_tablets(version)) == []


def test_a_clean_signed_file_is_still_served_as_uploaded(tmp_path):
    clean = corpus.valid_pdf(1).replace(
        b"/Type /Catalog /Pages 2 0 R", b"/Type /Catalog /Pages 2 0 R /AcroForm << /SigFlags 3 >>"
    )
    src = tmp_path / "signed.pdf"
    src.write_bytes(clean)
    assert make_reading_copy(src, tmp_path / "copy.pdf") == "signed"


def test_the_word_linearized_alone_does_not_make_a_file_linearized(tmp_path):
    in_a_dictionary = corpus.valid_pdf(1).replace(
        b"/Type /Catalog", b"/Type /Catalog /Linearized 1 /L 12", 1
    )
    assert not is_linearized(in_a_dictionary[:1024], len(in_a_dictionary))
    fake = corpus.valid_pdf(1).replace(b"%PDF-1.7\n", b"%PDF-1.7\n% /Linearized\n", 1)
    assert not is_linearized(fake[:1024], len(fake))
    src = tmp_path / "fake.pdf"
    src.write_bytes(fake)
    assert make_reading_copy(src, tmp_path / "copy.pdf") == ""  # a copy was made

    real = corpus.linearized_pdf()
    assert is_linearized(real[:1024], len(real))
    assert not is_linearized(real[:1024], len(real) + 1)  # /L must be the file's length


@pytest.mark.parametrize("write", ["watermark", "annotations"])
def test_every_copy_the_app_writes_carries_none(tmp_path, write):
    src = tmp_path / "hostile.pdf"
    src.write_bytes(corpus.active_content_pdf())
    dest = tmp_path / "copy.pdf"
    if write == "watermark":
        watermark_pdf(src, dest, ["Đại biểu Nguyễn Văn A"])
    else:
        note = {"page": 1, "kind": "note", "color": "#ffcc00", "x": 0.5, "y": 0.5, "text": "Ý kiến"}
        write_annotations_copy(src, dest, [note], author="Đại biểu")
    assert active(dest.read_bytes()) == []


def test_a_delegate_asking_for_the_original_gets_the_stripped_copy(secretariat, delegate, sitting):
    from tests.conftest import client_for

    data = corpus.active_content_pdf()
    document = services.publish_document(secretariat, upload(secretariat, sitting, data=data))
    version = document.versions.get()
    response = client_for(delegate).get(f"/documents/v/{version.pk}/file?original=1")
    assert active(b"".join(response.streaming_content)) == []
    record = client_for(secretariat).get(f"/documents/v/{version.pk}/file?original=1")
    assert b"".join(record.streaming_content) == data
