"""Undoing a withdrawal: a withdrawn document can be republished to every tablet."""

import pytest

from council.audit import AuditEntry
from documents import services
from sessions.errors import ActionRefused
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def file_url(document):
    return f"/documents/v/{document.versions.get().pk}/file"


def test_a_withdrawn_document_is_republished_and_read_again(secretariat, delegate, published):
    services.withdraw_document(secretariat, published)
    assert client_for(delegate).get(file_url(published)).status_code == 404

    services.republish_document(secretariat, published)

    published.refresh_from_db()
    assert (published.withdrawn, published.published) == (False, True)
    assert client_for(delegate).get(file_url(published)).status_code == 200
    assert AuditEntry.objects.filter(action="documents.document.republished").count() == 1


def test_only_a_withdrawn_document_can_be_republished(secretariat, published):
    with pytest.raises(ActionRefused):
        services.republish_document(secretariat, published)


def test_a_delegate_cannot_republish(secretariat, delegate, published):
    services.withdraw_document(secretariat, published)
    response = client_for(delegate).post(f"/documents/d/republish/{published.pk}/")
    published.refresh_from_db()
    assert published.withdrawn
    assert response.status_code in (403, 404)


def test_the_manage_page_asks_before_withdrawing_and_names_the_document(secretariat, published):
    page = client_for(secretariat).get(f"/sittings/{published.sitting_id}/manage/")
    body = page.content.decode()
    assert f"Rút lại “{published.title}”?" in body or f"Withdraw “{published.title}”?" in body
