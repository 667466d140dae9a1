"""Serving PDFs: who may fetch what, Range through the real view, per-reader watermarks."""

import io

import pytest
from pypdf import PdfReader

from documents import services
from documents.models import WatermarkedCopy
from tests import pdf_corpus as corpus
from tests.conftest import client_for, make_member
from tests.documents.conftest import upload

pytestmark = pytest.mark.django_db


def file_url(document) -> str:
    return f"/documents/v/{document.versions.first().pk}/file"


def test_an_outsider_gets_404_for_a_published_document(published, outsider):
    assert client_for(outsider).get(file_url(published)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(published, client):
    response = client.get(file_url(published))
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_an_unpublished_document_is_404_for_delegates_but_served_to_the_secretariat_and_chair(
    secretariat, chair, delegate, sitting
):
    document = upload(secretariat, sitting)
    assert client_for(delegate).get(file_url(document)).status_code == 404
    assert client_for(secretariat).get(file_url(document)).status_code == 200
    assert client_for(chair).get(file_url(document)).status_code == 200


def test_a_withdrawn_document_is_404_for_delegates(secretariat, delegate, published):
    services.withdraw_document(secretariat, published)
    assert client_for(delegate).get(file_url(published)).status_code == 404


def test_a_delegate_reads_a_published_document_with_ranges(delegate, published):
    version = published.versions.get()
    client = client_for(delegate)
    whole = client.get(file_url(published))
    data = b"".join(whole.streaming_content)
    assert whole.status_code == 200
    assert whole["Accept-Ranges"] == "bytes"
    assert whole["ETag"] == f'"{version.reading_etag}"'
    assert "immutable" in whole["Cache-Control"]
    assert "Content-Encoding" not in whole

    part = client.get(file_url(published), HTTP_RANGE="bytes=10-19")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 10-19/{len(data)}"
    assert b"".join(part.streaming_content) == data[10:20]

    stale = client.get(file_url(published), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"other"')
    assert stale.status_code == 200
    beyond = client.get(file_url(published), HTTP_RANGE=f"bytes={len(data)}-")
    assert beyond.status_code == 416
    cached = client.get(file_url(published), HTTP_IF_NONE_MATCH=f'"{version.reading_etag}"')
    assert cached.status_code == 304


def test_a_confidential_document_is_stamped_with_each_readers_name_and_seat(
    secretariat, delegate, council, sitting
):
    other = make_member(council, "nguyen van binh", "delegate", seat="017")
    document = upload(secretariat, sitting, confidential=True)
    services.publish_document(secretariat, document)
    version = document.versions.get()

    mine = client_for(delegate).get(file_url(document))
    theirs = client_for(other).get(file_url(document))
    mine_pdf = PdfReader(io.BytesIO(b"".join(mine.streaming_content)))
    theirs_pdf = PdfReader(io.BytesIO(b"".join(theirs.streaming_content)))

    for page in mine_pdf.pages:
        assert "Delegate" in page.extract_text()
    assert "002" in mine_pdf.pages[0].extract_text()
    assert "Nguyen Van Binh" in theirs_pdf.pages[0].extract_text()
    assert "017" in theirs_pdf.pages[0].extract_text()
    assert mine["ETag"] != theirs["ETag"] != f'"{version.sha256}"'
    assert len(mine_pdf.pages) == version.page_count


def test_a_tablet_asks_for_a_confidential_copy_in_its_readers_name(
    secretariat, delegate, council, sitting
):
    from documents.queries import reader_catalogue

    other = make_member(council, "nguyen van binh", "delegate")
    document = upload(secretariat, sitting, confidential=True)
    services.publish_document(secretariat, document)
    (entry,) = reader_catalogue(sitting, delegate)
    assert entry["versions"][0]["file"] == file_url(document) + f"?for={delegate.pk}"
    assert client_for(delegate).get(entry["versions"][0]["file"]).status_code == 200
    # A URL a shared tablet kept from the delegate before: never served to the next one.
    assert client_for(other).get(entry["versions"][0]["file"]).status_code == 404
    assert client_for(other).get(file_url(document)).status_code == 200


def test_a_stamped_copy_is_made_once_and_then_served_from_disk(secretariat, delegate, sitting):
    document = upload(secretariat, sitting, confidential=True)
    services.publish_document(secretariat, document)
    client = client_for(delegate)
    first = client.get(file_url(document))
    second = client.get(file_url(document), HTTP_RANGE="bytes=0-99")
    assert second.status_code == 206
    assert first["ETag"] == second["ETag"]
    assert WatermarkedCopy.objects.count() == 1


def test_the_secretariat_gets_a_confidential_document_unstamped(secretariat, sitting):
    document = upload(secretariat, sitting, confidential=True, data=corpus.valid_pdf(2))
    response = client_for(secretariat).get(file_url(document))
    read = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    assert [page.extract_text() for page in read.pages] == [
        corpus.page_text(1),
        corpus.page_text(2),
    ]
    original = client_for(secretariat).get(file_url(document) + "?original=1")
    assert b"".join(original.streaming_content) == corpus.valid_pdf(2)


def test_a_hall_screen_never_gets_a_confidential_document(secretariat, screen, sitting):
    document = upload(secretariat, sitting, confidential=True)
    services.publish_document(secretariat, document)
    assert client_for(screen).get(file_url(document)).status_code == 404


def test_the_reader_page_allows_webassembly_but_no_script_evaluation(delegate, published):
    response = client_for(delegate).get(f"/documents/sittings/{published.sitting_id}/reader/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "'wasm-unsafe-eval'" in policy
    assert "'unsafe-eval'" not in policy.replace("'wasm-unsafe-eval'", "")
    assert "Báo cáo kinh tế" in response.content.decode()


def test_other_pages_keep_the_strict_policy(delegate, sitting):
    response = client_for(delegate).get(f"/documents/sittings/{sitting.pk}/search/?q=x")
    assert "wasm-unsafe-eval" not in response["Content-Security-Policy"]


def test_a_version_link_opens_the_sittings_reader_on_that_version_and_page(delegate, published):
    version = published.versions.get()
    response = client_for(delegate).get(f"/documents/v/{version.pk}/?page=2")
    assert response.status_code == 302
    assert (
        response.url == f"/documents/sittings/{published.sitting_id}/reader/#v={version.pk}&page=2"
    )
