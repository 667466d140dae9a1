"""Web Push to a local push endpoint: the payload decrypts (RFC 8291, aes128gcm) to the
reminder's text; a subscription the push service calls gone (404/410) is removed."""

import base64
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.contrib.auth import get_user_model

from notifications.delivery import send_pending
from notifications.models import Dispatch, DispatchState, PushSubscription
from notifications.services import notify


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class PushService(ThreadingHTTPServer):
    status = 201

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), PushHandler)
        self.received: list[tuple[Any, bytes]] = []

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/push/abc"


class PushHandler(BaseHTTPRequestHandler):
    server: PushService

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((self.headers, body))
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def push_service():
    server = PushService()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def browser_keys():
    private = ec.generate_private_key(ec.SECP256R1())
    public = private.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return private, public, os.urandom(16)


@pytest.fixture
def officer(db, browser_keys, push_service, settings, tmp_path):
    settings.VAR_DIR = tmp_path  # a VAPID key pair of the test's own
    _, public, auth = browser_keys
    user = get_user_model().objects.create_user("sokhdt")
    PushSubscription.objects.create(
        user=user, endpoint=push_service.endpoint, p256dh=b64(public), auth=b64(auth)
    )
    return user


TEXT = "Nhắc việc ngày 07/12/2026: 2 nhiệm vụ\n- Cải tạo kênh Nhiêu Lộc: đến hạn hôm nay"


@pytest.mark.django_db(transaction=True)
def test_the_push_decrypts_to_the_reminder_text(officer, push_service, browser_keys):
    notify(officer, "reminders", TEXT, "/followup/")
    assert send_pending() == 1

    [(headers, body)] = push_service.received
    assert headers["Content-Encoding"] == "aes128gcm"
    assert headers["Authorization"].startswith("vapid t=")
    private, _, auth = browser_keys
    plain = http_ece.decrypt(body, private_key=private, auth_secret=auth, version="aes128gcm")
    message = json.loads(plain)
    assert message["title"] == "Nhắc việc ngày 07/12/2026: 2 nhiệm vụ"
    assert message["body"] == "- Cải tạo kênh Nhiêu Lộc: đến hạn hôm nay"
    assert message["url"] == "http://127.0.0.1:8000/followup/"


@pytest.mark.parametrize("status", [404, 410])
@pytest.mark.django_db(transaction=True)
def test_a_gone_subscription_is_removed(officer, push_service, status):
    push_service.status = status
    notify(officer, "reminders", TEXT)
    send_pending()
    assert not PushSubscription.objects.exists()
    assert Dispatch.objects.get().state == DispatchState.SENT


@pytest.mark.django_db(transaction=True)
def test_a_failing_push_service_is_tried_again_on_later_runs_then_given_up(officer, push_service):
    push_service.status = 500
    notify(officer, "reminders", TEXT)
    assert send_pending() == 0
    dispatch = Dispatch.objects.get()
    assert (dispatch.state, dispatch.attempts) == (DispatchState.PENDING, 1)
    send_pending()
    send_pending()
    dispatch.refresh_from_db()
    assert (dispatch.state, dispatch.attempts) == (DispatchState.FAILED, 3)
    assert len(push_service.received) == 3
    assert PushSubscription.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_push_service_that_recovers_gets_it_once(officer, push_service):
    push_service.status = 503
    notify(officer, "reminders", TEXT)
    send_pending()
    push_service.status = 201
    assert send_pending() == 1
    assert send_pending() == 0
    assert Dispatch.objects.get().state == DispatchState.SENT
