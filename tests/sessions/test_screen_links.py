"""Screen links: made and revoked by the secretariat, shown once, stored only as a hash."""

import hashlib

import pytest
from django.test import Client

from council.audit import AuditEntry
from sessions import screen_links
from sessions.errors import ActionRefused, NotAllowed
from sessions.models import ScreenLink, SittingState
from tests.conftest import client_for


def test_only_a_hash_of_the_secret_is_stored(secretariat, sitting):
    link, token = screen_links.create_screen_link(
        secretariat, label="Màn hình trái", sitting=sitting
    )
    assert len(token) >= 40
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not ScreenLink.objects.filter(token_hash=token).exists()
    entry = AuditEntry.objects.get(action="sessions.screen_link.created")
    assert token not in str(entry.data)


def test_only_the_secretariat_makes_and_revokes_links(secretariat, chair, delegate, sitting):
    for member in (chair, delegate):
        with pytest.raises(NotAllowed):
            screen_links.create_screen_link(member, label="X", sitting=sitting)
    link, _token = screen_links.create_screen_link(secretariat, label="X", sitting=sitting)
    with pytest.raises(NotAllowed):
        screen_links.revoke_screen_link(chair, link.pk)


def test_a_link_needs_a_name(secretariat, sitting):
    with pytest.raises(ActionRefused):
        screen_links.create_screen_link(secretariat, label="   ", sitting=sitting)


def test_another_councils_link_cannot_be_revoked(secretariat, other_council, sitting):
    from tests.conftest import make_member

    their_secretariat = make_member(other_council, "their", "secretariat")
    link, _token = screen_links.create_screen_link(their_secretariat, label="Họ")
    with pytest.raises(ActionRefused):
        screen_links.revoke_screen_link(secretariat, link.pk)
    assert ScreenLink.objects.get(pk=link.pk).revoked_at is None


def test_revoking_is_recorded_once(secretariat, sitting):
    link, token = screen_links.create_screen_link(secretariat, label="X", sitting=sitting)
    screen_links.revoke_screen_link(secretariat, link.pk)
    screen_links.revoke_screen_link(secretariat, link.pk)
    assert AuditEntry.objects.filter(action="sessions.screen_link.revoked").count() == 1
    assert screen_links.active_link(token) is None


def test_a_council_link_follows_the_sitting_under_way(secretariat, sitting):
    link, _token = screen_links.create_screen_link(secretariat, label="Sảnh")
    assert screen_links.sitting_for_link(link) == sitting  # published: the next one
    sitting.state = SittingState.DRAFT
    sitting.save()
    assert screen_links.sitting_for_link(link) is None


# --- the pages -----------------------------------------------------------------------------------


def test_the_secretariat_sees_the_new_url_once(secretariat, sitting):
    client = client_for(secretariat)
    url = f"/sittings/{sitting.pk}/manage/screens/"
    response = client.post(url, {"label": "Màn hình phải", "follow": "sitting"}, follow=True)
    html = response.content.decode()
    token_urls = [part for part in html.split('"') if "/sittings/screen/" in part]
    assert len(token_urls) == 1
    assert "Màn hình phải" in html
    again = client.get(url).content.decode()
    assert token_urls[0] not in again
    assert "Màn hình phải" in again


def test_others_do_not_reach_the_links_page(chair, delegate, outsider, sitting):
    for member in (chair, delegate, outsider):
        response = client_for(member).get(f"/sittings/{sitting.pk}/manage/screens/")
        assert response.status_code == 404


def test_a_hall_pc_opens_the_screen_without_a_login(secretariat, live_sitting):
    _link, token = screen_links.create_screen_link(secretariat, label="Trái", sitting=live_sitting)
    response = Client().get(f"/sittings/screen/{token}/", follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-live-url="/ws/sittings/{live_sitting.pk}/?page=screen&amp;screen=cookie"' in html
    assert 'id="screen-main"' in html
    assert "no-cache" in response["Cache-Control"]


def test_the_link_trades_its_token_for_a_cookie_and_a_token_free_address(secretariat, live_sitting):
    _link, token = screen_links.create_screen_link(secretariat, label="Trái", sitting=live_sitting)
    client = Client()
    response = client.get(f"/sittings/screen/{token}/")
    assert response.status_code == 302
    assert token not in response["Location"]
    cookie = response.cookies[screen_links.SCREEN_COOKIE]
    assert cookie.value == token
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert token not in page.content.decode()  # not in the socket's or the PDF's address


def test_a_revoked_or_unknown_link_shows_nothing(secretariat, live_sitting):
    link, token = screen_links.create_screen_link(secretariat, label="Trái", sitting=live_sitting)
    screen_links.revoke_screen_link(secretariat, link.pk)
    for path in (f"/sittings/screen/{token}/", "/sittings/screen/nonsense/"):
        response = Client().get(path, follow=True)
        assert response.status_code == 404
        assert live_sitting.title not in response.content.decode()


def test_a_link_gives_no_right_to_write(secretariat, live_sitting):
    """The link opens a page and a read-only socket; every write is behind a login."""
    _link, token = screen_links.create_screen_link(secretariat, label="Trái", sitting=live_sitting)
    client = Client()
    client.get(f"/sittings/screen/{token}/")
    response = client.post(f"/sittings/{live_sitting.pk}/chair/screen/message/", {"message": "x"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not client.session.get("_auth_user_id")


def test_the_secretariat_revokes_from_the_page(secretariat, sitting):
    link, _token = screen_links.create_screen_link(secretariat, label="Trái", sitting=sitting)
    client = client_for(secretariat)
    response = client.post(f"/sittings/{sitting.pk}/manage/screens/{link.pk}/revoke/")
    assert response.status_code == 302
    assert ScreenLink.objects.get(pk=link.pk).revoked_at is not None


def test_the_manage_page_links_to_the_screen_links(secretariat, sitting):
    html = client_for(secretariat).get(f"/sittings/{sitting.pk}/manage/").content.decode()
    assert f"/sittings/{sitting.pk}/manage/screens/" in html
