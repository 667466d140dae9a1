import pytest
from django.urls import reverse

from sessions.models import SittingState
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_each_role_lands_where_it_works(sitting, chair, delegate, secretariat, screen):
    assert client_for(delegate).get("/").url == reverse("sessions:list")
    assert client_for(secretariat).get("/").url == reverse("sessions:manage_list")
    assert client_for(chair).get("/").url == reverse("sessions:chair_home")
    assert client_for(screen).get("/").url == reverse("sessions:screen_home")


def test_anonymous_visitors_are_sent_to_login(sitting, client):
    response = client.get(reverse("sessions:room", args=[sitting.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_delegate_sees_the_room_with_the_agenda(live_sitting, delegate):
    response = client_for(delegate).get(reverse("sessions:room", args=[live_sitting.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="agenda"' in html
    assert "Báo cáo kinh tế - xã hội" in html
    assert 'aria-current="step"' in html


def test_an_outsider_gets_404_for_every_page_of_the_sitting(live_sitting, outsider):
    client = client_for(outsider)
    for name in ("room", "chair", "screen", "manage"):
        assert client.get(reverse(f"sessions:{name}", args=[live_sitting.pk])).status_code == 404
    response = client.post(
        reverse("sessions:set_item", args=[live_sitting.pk]), {"item": live_sitting.items.last().pk}
    )
    assert response.status_code == 404


def test_a_draft_sitting_does_not_exist_for_delegates(sitting, delegate, secretariat):
    sitting.state = SittingState.DRAFT
    sitting.save()
    assert client_for(delegate).get(reverse("sessions:room", args=[sitting.pk])).status_code == 404
    assert sitting.title not in client_for(delegate).get(reverse("sessions:list")).content.decode()
    assert (
        client_for(secretariat).get(reverse("sessions:manage", args=[sitting.pk])).status_code
        == 200
    )


def test_a_delegate_cannot_open_the_chair_console(live_sitting, delegate):
    assert (
        client_for(delegate).get(reverse("sessions:chair", args=[live_sitting.pk])).status_code
        == 404
    )


def test_the_chair_sets_the_item_over_htmx_and_gets_no_content(live_sitting, chair):
    last = live_sitting.items.last()
    response = client_for(chair).post(
        reverse("sessions:set_item", args=[live_sitting.pk]),
        {"item": last.pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 204
    live_sitting.refresh_from_db()
    assert live_sitting.current_item == last


def test_a_refused_move_shows_a_translated_message_in_the_flash_region(sitting, chair):
    response = client_for(chair).post(
        reverse("sessions:set_item", args=[sitting.pk]),
        {"item": sitting.items.last().pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#flash"
    assert "Kỳ họp chưa bắt đầu" in response.content.decode()


def test_english_is_a_per_user_choice_that_follows_the_user(live_sitting, delegate):
    client = client_for(delegate)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    delegate.refresh_from_db()
    assert delegate.language == "en"
    other_device = client_for(delegate)
    html = other_device.get(reverse("sessions:room", args=[live_sitting.pk])).content.decode()
    assert "Agenda" in html
    assert '<html lang="en">' in html


def test_vietnamese_is_the_default_language(live_sitting, delegate):
    html = (
        client_for(delegate).get(reverse("sessions:room", args=[live_sitting.pk])).content.decode()
    )
    assert "Chương trình" in html
    assert '<html lang="vi">' in html


def test_the_secretariat_adds_an_agenda_item(sitting, secretariat):
    response = client_for(secretariat).post(
        reverse("sessions:add_item", args=[sitting.pk]), {"title": "Chất vấn"}
    )
    assert response.status_code == 302
    assert sitting.items.filter(title="Chất vấn").exists()


def test_reader_pages_carry_a_content_security_policy(live_sitting, delegate):
    response = client_for(delegate).get(reverse("sessions:room", args=[live_sitting.pk]))
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_a_refused_plain_post_goes_back_only_to_this_site(sitting, chair):
    response = client_for(chair).post(
        reverse("sessions:set_item", args=[sitting.pk]),
        {"item": sitting.items.last().pk},
        headers={"Referer": "https://evil.example/phish"},
    )
    assert response.status_code == 302
    assert response.url == reverse("home")
