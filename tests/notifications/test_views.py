"""The notifications list, mark-read and push subscriptions over HTTP; the live count over
the WebSocket."""

import json

import pytest
from channels.testing import WebsocketCommunicator
from django.db import transaction

from council.asgi import application
from notifications.models import Notification, PushSubscription
from notifications.services import notify
from tests.conftest import async_session_cookie_for, client_for

pytestmark = pytest.mark.django_db


def test_the_list_shows_only_my_notifications_with_the_unread_count(delegate, chair):
    notify(delegate.user, "reminders", "Nhắc việc của tôi")
    notify(chair.user, "reminders", "Việc của chủ tọa")
    response = client_for(delegate).get("/notifications/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Nhắc việc của tôi" in text and "Việc của chủ tọa" not in text
    assert 'data-unread="1"' in text


def test_marking_read_lowers_the_count(delegate):
    n = notify(delegate.user, "reminders", "Một")
    notify(delegate.user, "reminders", "Hai")
    client = client_for(delegate)
    client.post(f"/notifications/{n.pk}/read/")
    assert Notification.objects.filter(read_at__isnull=True).count() == 1
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_someone_elses_notification_cannot_be_marked_read(delegate, outsider):
    n = notify(delegate.user, "reminders", "Một")
    client_for(outsider).post(f"/notifications/{n.pk}/read/")
    n.refresh_from_db()
    assert n.read_at is None


def test_the_list_needs_a_login(client):
    assert client.get("/notifications/").status_code == 302


def test_a_browser_subscribes_and_unsubscribes(delegate):
    client = client_for(delegate)
    body = {"endpoint": "https://push.example/abc", "keys": {"p256dh": "BPk", "auth": "x1"}}
    response = client.post("/notifications/push/subscribe/", body, content_type="application/json")
    assert response.status_code == 201
    assert PushSubscription.objects.get().user == delegate.user
    client.post("/notifications/push/unsubscribe/", body, content_type="application/json")
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        json.dumps({"endpoint": "javascript:alert(1)", "keys": {"p256dh": "a", "auth": "b"}}),
        json.dumps({"endpoint": "https://push.example/x"}),
        json.dumps({"endpoint": "https://push.example/x", "keys": {"p256dh": 1, "auth": "b"}}),
        json.dumps([1, 2]),
        "x" * 5000,
    ],
)
def test_a_hostile_subscription_is_refused_with_a_message(delegate, body):
    response = client_for(delegate).post(
        "/notifications/push/subscribe/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]
    assert not PushSubscription.objects.exists()


@pytest.mark.django_db(transaction=True)
async def test_the_unread_count_arrives_live_on_my_socket_only(delegate, chair, channel_layer):
    from asgiref.sync import sync_to_async

    mine = WebsocketCommunicator(
        application,
        "/ws/me/",
        headers=[
            (b"cookie", f"sessionid={await async_session_cookie_for(delegate)}".encode()),
            (b"origin", b"http://127.0.0.1:8000"),
            (b"host", b"127.0.0.1:8000"),
        ],
    )
    connected, _ = await mine.connect()
    assert connected
    first = await mine.receive_json_from(timeout=5)
    assert first["unread"] == 0

    def write():
        with transaction.atomic():
            notify(delegate.user, "task_assigned", "Nhiệm vụ mới: Báo cáo quý IV")

    await sync_to_async(write)()
    message = await mine.receive_json_from(timeout=5)
    assert message["unread"] == 1
    assert 'data-unread="1"' in message["regions"]["notification-badge"]

    def write_other():
        with transaction.atomic():
            notify(chair.user, "task_reported", "Báo cáo mới")

    await sync_to_async(write_other)()
    assert await mine.receive_nothing(timeout=0.3)
    await mine.disconnect()


async def test_an_anonymous_socket_is_refused(db):
    socket = WebsocketCommunicator(
        application,
        "/ws/me/",
        headers=[(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1:8000")],
    )
    connected, code = await socket.connect()
    assert not connected
    assert code == 4401
