"""The reader's HTTP side: fetch own + shared, save, share, erase; 404 across councils."""

import json
import uuid

import pytest

from annotations import services
from annotations.models import Annotation
from tests.annotations.conftest import document_version, note, stroke
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def post_json(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


def ids(response):
    return {a["id"] for a in response.json()["annotations"]}


def test_the_reader_gets_its_own_and_shared_annotations_with_the_authors_name(
    delegate, teammate, version
):
    mine = services.save_annotation(teammate, version, stroke()).annotation
    shared = services.save_annotation(delegate, version, note("Xem lại", visibility="group"))
    services.save_annotation(delegate, version, stroke())  # delegate's private one

    response = client_for(teammate).get(f"/annotations/v/{version.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body["member_id"] == teammate.pk
    assert ids(response) == {str(mine.pk), str(shared.annotation.pk)}
    by_id = {a["id"]: a for a in body["annotations"]}
    assert by_id[str(shared.annotation.pk)]["author_name"] == delegate.full_name


def test_the_secretariat_and_the_chair_never_receive_a_private_annotation(
    delegate, chair, secretariat, version
):
    services.save_annotation(delegate, version, note("Riêng tư"))
    for viewer in (chair, secretariat):
        response = client_for(viewer).get(f"/annotations/v/{version.pk}/")
        assert response.status_code == 200
        assert response.json()["annotations"] == []
        assert "Riêng tư" not in response.content.decode()


def test_a_member_of_another_council_gets_404_everywhere(outsider, delegate, version):
    annotation = services.save_annotation(delegate, version, stroke(visibility="sitting"))
    client = client_for(outsider)
    aid = annotation.annotation.pk
    assert client.get(f"/annotations/v/{version.pk}/").status_code == 404
    assert (
        post_json(client, f"/annotations/v/{version.pk}/{uuid.uuid4()}/", stroke()).status_code
        == 404
    )
    assert (
        post_json(client, f"/annotations/a/{aid}/share/", {"visibility": "private"}).status_code
        == 404
    )
    assert client.post(f"/annotations/a/{aid}/delete/").status_code == 404
    assert client.get(f"/annotations/v/{version.pk}/annotated.pdf").status_code == 404


def test_an_unpublished_documents_annotations_are_404_for_a_delegate(delegate, sitting):
    hidden = document_version(sitting, published=False)
    assert client_for(delegate).get(f"/annotations/v/{hidden.pk}/").status_code == 404


def test_another_members_private_annotation_is_404_not_403(delegate, loner, version):
    annotation = services.save_annotation(delegate, version, stroke()).annotation
    client = client_for(loner)
    assert (
        post_json(
            client, f"/annotations/a/{annotation.pk}/share/", {"visibility": "sitting"}
        ).status_code
        == 404
    )
    assert client.post(f"/annotations/a/{annotation.pk}/delete/").status_code == 404


def test_a_shared_annotation_is_read_only_for_the_others(delegate, loner, version):
    annotation = services.save_annotation(
        delegate, version, stroke(visibility="sitting")
    ).annotation
    response = client_for(loner).post(f"/annotations/a/{annotation.pk}/delete/")
    assert response.status_code == 403
    assert response.json()["error"] == "Only its author can change an annotation."
    assert Annotation.objects.get().deleted_at is None


def test_saving_over_http_answers_the_stored_state_and_the_outcome(delegate, version):
    payload = stroke()
    url = f"/annotations/v/{version.pk}/{payload['id']}/"
    response = post_json(client_for(delegate), url, payload)
    assert response.status_code == 200
    assert response.json()["outcome"] == "applied"
    assert response.json()["annotation"]["revision"] == 1
    again = post_json(client_for(delegate), url, payload)
    assert again.json()["outcome"] == "kept_server"
    assert Annotation.objects.count() == 1


def test_the_id_in_the_url_is_the_one_saved(delegate, version):
    payload = stroke()
    other = uuid.uuid4()
    post_json(client_for(delegate), f"/annotations/v/{version.pk}/{other}/", payload)
    assert Annotation.objects.get().pk == other


def test_a_refusal_answers_a_translated_json_error(council, version):
    from council.models import Role
    from tests.conftest import make_member

    english = make_member(council, "english", Role.DELEGATE, language="en")
    payload = note("x" * 5000)
    response = post_json(
        client_for(english), f"/annotations/v/{version.pk}/{payload['id']}/", payload
    )
    assert response.status_code == 409
    assert response.json() == {
        "error": "A note may have at most 2000 characters; this one has 5000."
    }


def test_a_body_that_is_not_json_is_refused(delegate, version):
    response = client_for(delegate).post(
        f"/annotations/v/{version.pk}/{uuid.uuid4()}/", "{nope", content_type="application/json"
    )
    assert response.status_code == 409
    assert not Annotation.objects.exists()


def test_sharing_and_erasing_over_http(delegate, loner, version):
    annotation = services.save_annotation(delegate, version, stroke()).annotation
    client = client_for(delegate)
    response = post_json(
        client, f"/annotations/a/{annotation.pk}/share/", {"visibility": "sitting"}
    )
    assert response.json()["annotation"]["visibility"] == "sitting"
    assert ids(client_for(loner).get(f"/annotations/v/{version.pk}/")) == {str(annotation.pk)}
    assert client.post(f"/annotations/a/{annotation.pk}/delete/").status_code == 200
    assert ids(client_for(loner).get(f"/annotations/v/{version.pk}/")) == set()


def test_the_reader_page_includes_the_annotation_tools_and_a_live_connection(
    delegate, sitting, version
):
    response = client_for(delegate).get(f"/documents/sittings/{sitting.pk}/reader/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="reader"' in html
    assert 'id="annotate-tools"' in html
    assert "js/annotate.js" in html
    assert f'data-live-url="/ws/sittings/{sitting.pk}/?page=room"' in html
    assert "'wasm-unsafe-eval'" in response["Content-Security-Policy"]


def test_another_councils_annotation_id_is_404(delegate, outsider, version, other_council):
    """Saving over another council's annotation id answers 404, like every foreign id."""
    from tests.annotations.conftest import document_version
    from tests.conftest import make_sitting

    theirs = document_version(make_sitting(other_council, number=7))
    payload = stroke()
    services.save_annotation(outsider, theirs, payload)
    url = f"/annotations/v/{version.pk}/{payload['id']}/"
    response = post_json(client_for(delegate), url, payload)
    assert response.status_code == 404
    assert Annotation.objects.get(pk=payload["id"]).author == outsider
