"""Choosing a language (issue 13, point 14): a service with an audit entry,
pushed live to the user's other devices, which switch without reconnecting."""

import pytest
from channels.db import database_sync_to_async
from django.urls import reverse

from council import services
from council.audit import AuditEntry
from council.models import Member
from sessions import services as sitting_services
from sessions.errors import ActionRefused
from sessions.regions import render_regions
from tests.conftest import client_for
from tests.live.helpers import connected, next_message

ACTION = "council.member.language_changed"


@pytest.mark.django_db
def test_choosing_a_language_is_audited_once(delegate):
    client = client_for(delegate)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    delegate.refresh_from_db()
    assert delegate.language == "en"
    entries = list(AuditEntry.objects.filter(action=ACTION))
    assert len(entries) == 1
    assert entries[0].actor_id == delegate.pk and entries[0].data == {"from": "vi", "to": "en"}


@pytest.mark.django_db
def test_an_unknown_language_is_refused_and_nothing_changes(delegate):
    with pytest.raises(ActionRefused):
        services.choose_language(delegate.user, "xx")
    response = client_for(delegate).post(reverse("set_language"), {"language": "../etc"})
    assert response.status_code in (302, 400)
    assert Member.objects.get(pk=delegate.pk).language == "vi"
    assert not AuditEntry.objects.filter(action=ACTION).exists()


@pytest.mark.django_db(transaction=True)
async def test_the_users_other_devices_switch_without_reconnecting(
    live_sitting, delegate, chair, channel_layer
):
    tablet, first = await connected(delegate, live_sitting.pk)
    assert first["language"] == "vi"

    await database_sync_to_async(services.choose_language)(delegate.user, "en")

    snapshot = await next_message(tablet)
    assert snapshot["type"] == "snapshot" and snapshot["language"] == "en"
    english = await database_sync_to_async(render_regions)(live_sitting, ["agenda"], "en")
    assert snapshot["regions"]["agenda"] == english["agenda"]
    assert snapshot["regions"] != first["regions"]  # worded in English now
    # Later events on the same socket come in English too.
    last = await database_sync_to_async(lambda: live_sitting.items.last())()
    await database_sync_to_async(sitting_services.set_current_item)(chair, live_sitting, last.pk)
    event = await next_message(tablet)
    assert event["event"] == "agenda.current_changed", event
    await database_sync_to_async(live_sitting.refresh_from_db)()
    fresh = await database_sync_to_async(render_regions)(live_sitting, ["agenda"], "en")
    assert event["regions"]["agenda"] == fresh["agenda"]
    await tablet.disconnect()
