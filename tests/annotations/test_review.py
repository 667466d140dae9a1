"""The review list: marks a new version changed or lost, with the old passage; the author
places each, keeps it on the old version, or deletes it. Real drafts, real glyphs."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from annotations import carry, review
from annotations.models import Annotation
from council.audit import AuditEntry
from documents import services as document_services
from tests import anchoring_corpus as corpus
from tests.annotations.test_words import highlight
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

BODY = corpus.paragraphs(8, 8)
EDITED_AT = (2, 0)
DELETED = 5


def render(body):
    return SimpleUploadedFile("draft.pdf", corpus.render([body]))


@pytest.fixture
def drafts(secretariat, sitting, delegate):
    document = document_services.upload_document(
        secretariat, sitting, title="Draft resolution", upload=render(BODY)
    )
    document_services.publish_document(secretariat, document)
    first = document.versions.get()
    edited_sentence = BODY[EDITED_AT[0]][EDITED_AT[1]]
    changed = highlight(delegate, first, edited_sentence)
    lost = highlight(delegate, first, BODY[DELETED][0])
    kept = highlight(delegate, first, BODY[0][0])
    body = [list(p) for p in BODY]
    body[EDITED_AT[0]][EDITED_AT[1]] = edited_sentence[:-1] + " with the annual audit."
    del body[DELETED]
    second = document_services.add_version(secretariat, document, render(body))
    carry.ensure_carried(second)
    copies = {
        name: Annotation.objects.get(version=second, moved_from=mark)
        for name, mark in (("changed", changed), ("lost", lost), ("kept", kept))
    }
    return first, second, copies


def post(member, annotation, action, htmx=True):
    headers = {"HX-Request": "true"} if htmx else {}
    return client_for(member).post(
        f"/annotations/a/{annotation.pk}/review/{action}/", headers=headers
    )


def test_the_list_shows_the_changed_and_the_lost_marks_with_their_old_passage(delegate, drafts):
    _first, second, copies = drafts
    response = client_for(delegate).get(f"/annotations/v/{second.pk}/review/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"review-{copies['changed'].pk}" in page
    assert f"review-{copies['lost'].pk}" in page
    assert f"review-{copies['kept'].pk}" not in page  # found again exactly: nothing to do
    assert BODY[DELETED][0] in page
    assert "with the annual audit." in page  # the passage now, beside the old one
    items = review.pending(delegate, second)
    assert {i.annotation.anchor_state for i in items} == {"check", "lost"}


def test_the_readers_link_counts_the_marks_to_review(delegate, teammate, drafts):
    _first, second, _copies = drafts
    assert (
        "2 dấu cần xem lại"
        in client_for(delegate).get(f"/annotations/v/{second.pk}/review/badge/").content.decode()
    )
    assert (
        client_for(teammate).get(f"/annotations/v/{second.pk}/review/badge/").content.strip() == b""
    )


def test_placing_a_changed_mark_accepts_its_new_place_with_an_audit_entry(delegate, drafts):
    _first, second, copies = drafts
    response = post(delegate, copies["changed"], "place")
    assert response.status_code == 200
    assert "Đã đặt vào phiên bản này." in response.content.decode()
    mark = Annotation.objects.get(pk=copies["changed"].pk)
    assert mark.anchor_state == "ok"
    assert AuditEntry.objects.filter(
        action="annotations.annotation.placed", object_id=str(mark.pk)
    ).exists()
    assert len(review.pending(delegate, second)) == 1


def test_placing_a_lost_mark_draws_it_at_its_old_spot_only_then(delegate, drafts):
    _first, second, copies = drafts
    drawn = client_for(delegate).get(f"/annotations/v/{second.pk}/").json()["annotations"]
    assert str(copies["lost"].pk) not in {a["id"] for a in drawn}
    post(delegate, copies["lost"], "place")
    drawn = client_for(delegate).get(f"/annotations/v/{second.pk}/").json()["annotations"]
    (placed,) = [a for a in drawn if a["id"] == str(copies["lost"].pk)]
    assert placed["anchor_state"] == "ok"
    assert placed["data"] == copies["lost"].moved_from.data


def test_keeping_a_mark_on_the_old_version_erases_only_the_copy(delegate, drafts):
    first, _second, copies = drafts
    post(delegate, copies["lost"], "keep")
    copy = Annotation.objects.get(pk=copies["lost"].pk)
    original = Annotation.objects.get(pk=copy.moved_from_id)
    assert copy.deleted_at is not None
    assert original.deleted_at is None and original.version == first
    assert carry.ensure_carried(copy.version) == 0  # not carried back again


def test_deleting_a_mark_erases_it_on_every_version(delegate, drafts):
    _first, _second, copies = drafts
    response = post(delegate, copies["changed"], "delete", htmx=False)
    assert response.status_code == 302
    copy = Annotation.objects.get(pk=copies["changed"].pk)
    assert copy.deleted_at is not None
    assert Annotation.objects.get(pk=copy.moved_from_id).deleted_at is not None
    assert AuditEntry.objects.filter(action="annotations.annotation.deleted").count() == 2


def test_a_mark_already_reviewed_is_refused_with_a_message(delegate, drafts):
    _first, _second, copies = drafts
    post(delegate, copies["changed"], "place")
    response = post(delegate, copies["changed"], "keep")
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#flash"
    assert Annotation.objects.get(pk=copies["changed"].pk).deleted_at is None


def test_a_mark_found_exactly_is_not_for_review(delegate, drafts):
    _first, _second, copies = drafts
    assert post(delegate, copies["kept"], "delete").status_code == 409
    assert Annotation.objects.get(pk=copies["kept"].pk).deleted_at is None


def test_another_members_mark_and_another_council_answer_404(delegate, teammate, outsider, drafts):
    _first, second, copies = drafts
    assert post(teammate, copies["changed"], "delete").status_code == 404
    assert post(outsider, copies["changed"], "delete").status_code == 404
    assert client_for(outsider).get(f"/annotations/v/{second.pk}/review/").status_code == 404
    assert post(delegate, copies["changed"], "explode").status_code == 404
    assert Annotation.objects.get(pk=copies["changed"].pk).deleted_at is None


def test_reviewing_needs_a_post(delegate, drafts):
    _first, _second, copies = drafts
    url = f"/annotations/a/{copies['changed'].pk}/review/place/"
    assert client_for(delegate).get(url).status_code == 405
