"""Hall screens draw the page the chair presents, read from the presented reading copy."""

import pytest
from django.test import Client

from council.models import Role
from documents import services
from documents.models import DocumentVersion
from sessions import hall, screen_links
from sessions.regions import render_regions
from tests.conftest import client_for, make_member, make_sitting
from tests.documents.conftest import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def presented(secretariat, chair, live_sitting) -> DocumentVersion:
    document = services.publish_document(
        secretariat, upload(secretariat, live_sitting, title="Báo cáo ngân sách")
    )
    version = document.versions.get()
    hall.present_page(chair, live_sitting, version.pk, 2)
    return version


def url(version: DocumentVersion, token: str = "") -> str:
    path = f"/documents/sittings/{version.document.sitting_id}/presented/{version.pk}.pdf"
    return f"{path}?screen=cookie" if token else path


def linked(token: str) -> Client:
    """A hall PC that opened a screen link: the token is in its cookie."""
    client = Client()
    client.cookies[screen_links.SCREEN_COOKIE] = token
    return client


def test_a_screen_account_reads_the_presented_reading_copy_in_ranges(screen, presented):
    response = client_for(screen).get(url(presented))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body == services.media_path(presented.reading_name).read_bytes()
    assert response["Cache-Control"] == "private, no-store"

    part = client_for(screen).get(url(presented), HTTP_RANGE="bytes=0-99")
    assert part.status_code == 206 and len(b"".join(part.streaming_content)) == 100


def test_a_screen_link_reads_it_without_a_login_until_revoked(secretariat, presented):
    link, token = screen_links.create_screen_link(secretariat, label="Màn hình hội trường")
    assert linked(token).get(url(presented, token)).status_code == 200

    screen_links.revoke_screen_link(secretariat, link.pk)
    assert linked(token).get(url(presented, token)).status_code == 404


def test_nobody_else_reads_it(presented, outsider, other_council):
    stranger = make_member(other_council, "othersecretariat", Role.SECRETARIAT)
    _link, foreign_token = screen_links.create_screen_link(stranger, label="Khác")
    assert Client().get(url(presented)).status_code in (302, 404)  # no login, no token
    assert linked("not-a-token").get(url(presented, "not-a-token")).status_code == 404
    assert linked(foreign_token).get(url(presented, foreign_token)).status_code == 404
    assert client_for(outsider).get(url(presented)).status_code == 404


def test_only_while_it_is_presented(screen, chair, live_sitting, presented):
    hall.stop_presenting(chair, live_sitting)
    assert client_for(screen).get(url(presented)).status_code == 404


def test_only_the_presented_version_and_only_in_its_own_sitting(
    screen, secretariat, council, presented
):
    other = services.publish_document(secretariat, upload(secretariat, presented.document.sitting))
    assert client_for(screen).get(url(other.versions.get())).status_code == 404
    elsewhere = make_sitting(council, number=16)
    path = f"/documents/sittings/{elsewhere.pk}/presented/{presented.pk}.pdf"
    assert client_for(screen).get(path).status_code == 404


def test_a_confidential_page_is_never_drawn_on_the_hall_screen(
    screen, secretariat, live_sitting, presented
):
    services.set_confidential(secretariat, presented.document, True)
    assert client_for(screen).get(url(presented)).status_code == 404
    html = render_regions(live_sitting, ["screen-main"], "en")["screen-main"]
    assert "screen-document-sheet" not in html
    assert "tablets only" in html


def test_the_screen_region_asks_for_the_presented_page(live_sitting, presented):
    html = render_regions(live_sitting, ["screen-main"], "en")["screen-main"]
    assert f'data-file="{url(presented)}"' in html
    assert 'data-page="2"' in html and "screen-document-sheet" in html
