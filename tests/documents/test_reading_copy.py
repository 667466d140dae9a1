"""Tablets read a re-laid copy; the upload itself stays the record and is served on request."""

import hashlib
import io
import re

import pytest
from pypdf import PdfReader

from documents import services
from sessions.errors import ActionRefused
from tests import pdf_corpus as corpus
from tests.conftest import client_for
from tests.documents.conftest import files_under, pdf_file, upload

pytestmark = pytest.mark.django_db

INTERLEAVED = corpus.valid_pdf(6, image_bytes_per_page=40_000)


def signed_pdf() -> bytes:
    """A catalogue whose form says it holds signatures (SigFlags 3: signed, append only)."""
    return corpus.assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] /SigFlags 3 >> >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        ]
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_delegate_reads_the_copy_with_its_own_etag_and_the_same_pages(
    secretariat, delegate, sitting, media_root
):
    document = upload(secretariat, sitting, data=INTERLEAVED)
    services.publish_document(secretariat, document)
    version = document.versions.get()
    assert version.reading_file.name.startswith("documents/")

    response = client_for(delegate).get(f"/documents/v/{version.pk}/file")
    served = body(response)
    assert response["ETag"] == f'"{version.reading_sha256}"' != f'"{version.sha256}"'
    assert hashlib.sha256(served).hexdigest() == version.reading_sha256
    assert (media_root / version.reading_file.name).read_bytes() == served
    assert page_tree_before_images(served)
    read = PdfReader(io.BytesIO(served), strict=True)
    assert [p.extract_text() for p in read.pages] == [corpus.page_text(n) for n in range(1, 7)]


def page_tree_before_images(data: bytes) -> bool:
    pages = [m.start() for m in re.finditer(rb"/Type\s*/Page(?![A-Za-z])", data)]
    return max(pages) < data.index(b"/Subtype /Image")


def test_a_stamped_confidential_copy_is_laid_out_the_same_way(secretariat, delegate, sitting):
    document = upload(secretariat, sitting, data=INTERLEAVED, confidential=True)
    services.publish_document(secretariat, document)
    version = document.versions.get()

    served = body(client_for(delegate).get(f"/documents/v/{version.pk}/file"))
    assert "Delegate" in PdfReader(io.BytesIO(served)).pages[0].extract_text()
    assert page_tree_before_images(served)


def test_the_original_file_is_served_byte_for_byte_on_request(secretariat, delegate, sitting):
    document = upload(secretariat, sitting, data=INTERLEAVED)
    services.publish_document(secretariat, document)
    version = document.versions.get()

    response = client_for(secretariat).get(f"/documents/v/{version.pk}/file?original=1")
    assert response["ETag"] == f'"{version.sha256}"'
    assert body(response) == INTERLEAVED


def test_a_signed_pdf_is_read_as_uploaded(secretariat, delegate, sitting):
    data = signed_pdf()
    document = upload(secretariat, sitting, data=data)
    services.publish_document(secretariat, document)
    version = document.versions.get()

    assert version.reading_file.name == ""
    response = client_for(delegate).get(f"/documents/v/{version.pk}/file")
    assert response["ETag"] == f'"{version.sha256}"'
    assert body(response) == data


def test_with_reading_copies_off_the_original_is_read(secretariat, sitting, settings):
    settings.DOCUMENT_READING_COPY = False
    version = upload(secretariat, sitting, data=INTERLEAVED).versions.get()
    assert (version.reading_file.name, version.reading_sha256) == ("", "")
    assert version.reading_name == version.file.name


def test_a_refused_upload_leaves_no_reading_copy_behind(secretariat, sitting, media_root):
    with pytest.raises(ActionRefused):
        services.upload_document(
            secretariat,
            sitting,
            title="Báo cáo",
            upload=pdf_file(INTERLEAVED),
            agenda_item_id=10**6,  # not on this agenda: refused inside the transaction
        )
    assert files_under(media_root) == []


def test_deleting_a_document_deletes_its_reading_copy(
    secretariat, sitting, media_root, django_capture_on_commit_callbacks
):
    document = upload(secretariat, sitting, data=INTERLEAVED)
    assert len(files_under(media_root)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_document(secretariat, document)
    assert files_under(media_root) == []


def test_a_new_version_gets_its_own_reading_copy(secretariat, sitting):
    document = upload(secretariat, sitting, data=INTERLEAVED)
    second = services.add_version(
        secretariat, document, pdf_file(corpus.valid_pdf(4, image_bytes_per_page=40_000, seed=7))
    )
    first = document.versions.get(number=1)
    assert second.reading_file.name not in ("", first.reading_file.name)
