""" "My notes": a delegate's own annotations across the sitting, and nobody else's."""

import pytest

from annotations import services
from tests.annotations.conftest import note, stroke
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_it_lists_the_delegates_own_notes_with_a_link_to_their_page(delegate, version):
    services.save_annotation(delegate, version, note("Hỏi về nguồn vốn"))
    services.save_annotation(delegate, version, stroke())

    response = client_for(delegate).get(
        f"/annotations/sittings/{version.document.sitting_id}/mine/"
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "Hỏi về nguồn vốn" in body
    assert f"#v={version.pk}&amp;page=1" in body
    assert body.count('class="my-note"') == 2


def test_it_never_shows_anyone_elses_annotation_even_shared(delegate, teammate, version):
    services.save_annotation(teammate, version, note("Của đồng nghiệp", visibility="sitting"))

    response = client_for(delegate).get(
        f"/annotations/sittings/{version.document.sitting_id}/mine/"
    )

    assert response.status_code == 200
    assert "Của đồng nghiệp" not in response.content.decode()


def test_a_withdrawn_documents_notes_are_not_listed(delegate, version):
    services.save_annotation(delegate, version, note("Đã thu hồi"))
    version.document.withdrawn = True
    version.document.save(update_fields=["withdrawn"])

    response = client_for(delegate).get(
        f"/annotations/sittings/{version.document.sitting_id}/mine/"
    )

    assert "Đã thu hồi" not in response.content.decode()


def test_a_member_of_another_council_gets_404(outsider, version):
    response = client_for(outsider).get(
        f"/annotations/sittings/{version.document.sitting_id}/mine/"
    )
    assert response.status_code == 404
