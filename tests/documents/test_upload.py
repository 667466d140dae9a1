"""Uploads: every bad file gets its own message and leaves nothing behind."""

import hashlib
import re

import pytest
from django.utils import translation

from documents import services
from documents.models import Document, DocumentPage, DocumentVersion
from documents.pdf import MESSAGES, RejectReason
from sessions.errors import ActionRefused, NotAllowed
from tests import pdf_corpus as corpus
from tests.conftest import client_for
from tests.documents.conftest import files_under, pdf_file, upload

pytestmark = pytest.mark.django_db

EXPECTED = {
    "empty": RejectReason.EMPTY,
    "not_pdf": RejectReason.NOT_PDF,
    "garbage": RejectReason.NOT_PDF,
    "header_then_garbage": RejectReason.DAMAGED,
    "truncated": RejectReason.TRUNCATED,
    "encrypted": RejectReason.ENCRYPTED,
    "zero_pages": RejectReason.NO_PAGES,
    "nested_arrays": RejectReason.HOSTILE,
    "objstm_bomb": RejectReason.HOSTILE,
    "flate_bomb": RejectReason.HOSTILE,
    "self_referencing": RejectReason.DAMAGED,
}


def refusal_text(callable_, *args, **kwargs) -> str:
    with pytest.raises(ActionRefused) as refused, translation.override("en"):
        callable_(*args, **kwargs)
    with translation.override("en"):
        return str(refused.value.message)


def test_every_bad_file_in_the_corpus_is_named_in_the_expectations():
    assert set(EXPECTED) | {"broken_xref"} == set(corpus.BAD_FILES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_upload_is_refused_with_its_message_leaving_no_row_and_no_file(
    name, secretariat, sitting, media_root
):
    text = refusal_text(upload, secretariat, sitting, data=corpus.BAD_FILES[name]())

    with translation.override("en"):
        assert text == str(MESSAGES[EXPECTED[name]])
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert files_under(media_root) == []


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(
    secretariat, sitting, media_root, settings
):
    settings.DOCUMENT_MAX_BYTES = 1024
    text = refusal_text(upload, secretariat, sitting, data=corpus.valid_pdf(20))
    assert text.startswith("The file is ") and "the limit is 0 MB" in text
    assert files_under(media_root) == []
    assert not Document.objects.exists()


def test_an_upload_over_the_page_limit_says_how_many_pages_and_the_limit(
    secretariat, sitting, media_root, settings
):
    settings.DOCUMENT_MAX_PAGES = 2
    text = refusal_text(upload, secretariat, sitting, data=corpus.valid_pdf(3))
    assert text == "The PDF has 3 pages; the limit is 2."
    assert files_under(media_root) == []


def test_a_valid_upload_stores_its_hash_pages_and_text_under_a_content_addressed_name(
    secretariat, sitting, media_root
):
    data = corpus.valid_pdf(3)
    document = upload(secretariat, sitting, data=data, item=sitting.items.first())

    version = document.versions.get()
    sha = hashlib.sha256(data).hexdigest()
    assert (version.number, version.sha256, version.size, version.page_count) == (
        1,
        sha,
        len(data),
        3,
    )
    assert version.file.name == f"documents/{sha[:2]}/{sha}.pdf"
    assert (media_root / version.file.name).read_bytes() == data
    assert [p.text.strip() for p in version.pages.all()] == [corpus.page_text(n) for n in (1, 2, 3)]
    assert document.published is False
    assert files_under(media_root) == sorted(
        [media_root / version.file.name, media_root / version.reading_file.name]
    )


def test_a_failure_after_the_file_was_placed_removes_the_file_with_the_rows(
    secretariat, sitting, media_root, monkeypatch
):
    def broken_audit(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "log_action", broken_audit)
    with pytest.raises(RuntimeError):
        upload(secretariat, sitting)

    assert not Document.objects.exists()
    assert not DocumentPage.objects.exists()
    assert files_under(media_root) == []


def test_the_same_file_uploaded_twice_is_stored_once_and_survives_deleting_one_copy(
    secretariat, sitting, media_root
):
    first = upload(secretariat, sitting, title="A")
    second = upload(secretariat, sitting, title="B")
    kept = second.versions.get()
    both = sorted([media_root / kept.file.name, media_root / kept.reading_file.name])
    assert files_under(media_root) == both  # one original and one reading copy

    services.delete_document(secretariat, first)
    assert files_under(media_root) == both


def test_only_the_secretariat_may_upload(delegate, chair, sitting, media_root):
    for member in (delegate, chair):
        with pytest.raises(NotAllowed):
            upload(member, sitting)
    assert files_under(media_root) == []


def test_a_new_version_keeps_the_old_ones_readable(secretariat, sitting):
    document = upload(secretariat, sitting, data=corpus.valid_pdf(2))
    version = services.add_version(secretariat, document, pdf_file(corpus.valid_pdf(5)))

    assert version.number == 2
    assert [(v.number, v.page_count) for v in document.versions.all()] == [(2, 5), (1, 2)]
    first = document.versions.get(number=1)
    assert client_for(secretariat).get(f"/documents/v/{first.pk}/file").status_code == 200


def test_a_bad_new_version_leaves_the_document_as_it_was(secretariat, sitting, media_root):
    document = upload(secretariat, sitting)
    before = files_under(media_root)
    refusal_text(services.add_version, secretariat, document, pdf_file(corpus.truncated_pdf()))
    assert document.versions.count() == 1
    assert files_under(media_root) == before


def test_a_published_document_cannot_be_deleted_only_withdrawn(secretariat, published):
    text = refusal_text(services.delete_document, secretariat, published)
    assert "withdraw it instead" in text
    services.withdraw_document(secretariat, published)
    published.refresh_from_db()
    assert (published.withdrawn, published.published) == (True, False)


def test_the_upload_form_attaches_the_document_to_the_item(secretariat, sitting):
    item = sitting.items.last()
    response = client_for(secretariat).post(
        f"/documents/sittings/{sitting.pk}/upload/",
        {"title": "Tờ trình", "file": pdf_file(), "agenda_item": item.pk, "confidential": "on"},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.title, document.agenda_item, document.confidential) == (
        "Tờ trình",
        item,
        True,
    )


def test_the_upload_form_shows_the_refusal_and_saves_nothing(secretariat, sitting, media_root):
    secretariat.language = "en"
    secretariat.save()
    client = client_for(secretariat)
    manage = f"/sittings/{sitting.pk}/manage/"
    response = client.post(
        f"/documents/sittings/{sitting.pk}/upload/",
        {"title": "Tờ trình", "file": pdf_file(corpus.encrypted_pdf())},
        HTTP_REFERER=manage,
        follow=True,
    )
    assert "The PDF is password-protected." in response.content.decode()
    assert not Document.objects.exists()
    assert files_under(media_root) == []


def test_a_delegate_cannot_reach_the_upload_view(delegate, sitting):
    response = client_for(delegate).post(
        f"/documents/sittings/{sitting.pk}/upload/", {"title": "x", "file": pdf_file()}
    )
    assert response.status_code == 404


def test_a_zero_byte_upload_says_the_file_is_empty(secretariat, sitting):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(secretariat)
    empty = SimpleUploadedFile("empty.pdf", b"", content_type="application/pdf")
    response = client.post(
        f"/documents/sittings/{sitting.pk}/upload/", {"title": "Trống", "file": empty}
    )
    assert response.status_code == 409
    with translation.override(secretariat.language):
        assert translation.gettext("The file is empty.") in response.content.decode()
    assert not Document.objects.exists()


def test_a_failed_upload_keeps_the_form_its_item_and_shows_the_error_inline(
    secretariat, sitting, media_root
):
    """Issue 18, point 15: nothing typed is lost, the answer is a 4xx, never a 500."""
    item = sitting.items.last()
    response = client_for(secretariat).post(
        f"/documents/sittings/{sitting.pk}/upload/",
        {
            "title": "Tờ trình về dự toán ngân sách",
            "file": pdf_file(b"GIF89a not a pdf"),
            "agenda_item": item.pk,
            "confidential": "on",
        },
    )
    assert 400 <= response.status_code < 500
    page = response.content.decode()
    # Exactly one form is open again: the one under the item it was for, filled in.
    failed = re.search(r'<details class="manage-upload" open>.*?</details>', page, re.S)
    assert failed and page.count('<details class="manage-upload" open>') == 1
    form = failed.group(0)
    assert f'name="agenda_item" value="{item.pk}"' in form
    assert 'value="Tờ trình về dự toán ngân sách"' in form
    assert 'name="confidential" checked' in form
    assert 'role="alert"' in form and "PDF" in form
    assert page.index(f'id="item-{item.pk}"') < page.index("upload-failed")
    assert not Document.objects.exists()
    assert files_under(media_root) == []


def test_a_failed_upload_without_a_title_under_other_documents_is_kept_too(
    secretariat, sitting, media_root
):
    response = client_for(secretariat).post(
        f"/documents/sittings/{sitting.pk}/upload/", {"title": "", "file": pdf_file()}
    )
    assert response.status_code == 409
    page = response.content.decode()
    failed = re.search(r'<details class="manage-upload" open>.*?</details>', page, re.S)
    assert failed and 'name="agenda_item"' not in failed.group(0)
    assert "tiêu đề" in failed.group(0)  # "A document needs a title." in Vietnamese
