"""E-mail through Django's SMTP backend to a real SMTP server (aiosmtpd) in the test."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.contrib.auth import get_user_model

from notifications.delivery import send_pending
from notifications.models import Dispatch, DispatchState
from notifications.services import notify

TEXT = (
    "Nhắc việc ngày 07/12/2026: 1 nhiệm vụ\n"
    "- Giải phóng mặt bằng Thủ Thiêm: quá hạn 1 ngày làm việc"
)


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__(message_class=email.message.EmailMessage)
        self.messages: list[email.message.EmailMessage] = []

    def handle_message(self, message) -> None:
        self.messages.append(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10},
        }
    }
    yield inbox
    controller.stop()


@pytest.mark.django_db(transaction=True)
def test_a_reminder_reaches_a_real_smtp_server_with_its_vietnamese_text_intact(smtp_server):
    user = get_user_model().objects.create_user("sokhdt", email="can.bo@sokhdt.example.gov.vn")
    notify(user, "reminders", TEXT, "/followup/")

    assert send_pending() == 1
    [received] = smtp_server.messages
    parsed = email.message_from_bytes(received.as_bytes(), policy=email.policy.default)
    assert parsed["To"] == "can.bo@sokhdt.example.gov.vn"
    assert parsed["Subject"] == "Nhắc việc ngày 07/12/2026: 1 nhiệm vụ"
    body = parsed.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "Giải phóng mặt bằng Thủ Thiêm: quá hạn 1 ngày làm việc" in body
    assert "http://127.0.0.1:8000/followup/" in body
    assert Dispatch.objects.get().state == DispatchState.SENT


@pytest.mark.django_db(transaction=True)
def test_a_sent_e_mail_is_not_sent_again(smtp_server):
    user = get_user_model().objects.create_user("ubndq1", email="vanphong@ubndq1.example.gov.vn")
    notify(user, "reminders", TEXT, dedupe_key="digest:x")
    notify(user, "reminders", TEXT, dedupe_key="digest:x")
    send_pending()
    send_pending()
    assert len(smtp_server.messages) == 1


@pytest.mark.django_db(transaction=True)
def test_an_smtp_server_that_is_down_gets_the_e_mail_on_a_later_run(settings):
    user = get_user_model().objects.create_user("sokhdt", email="can.bo@sokhdt.example.gov.vn")
    port = free_port()  # nobody listens there yet
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    notify(user, "reminders", TEXT)
    assert send_pending() == 0
    assert Dispatch.objects.get().state == DispatchState.PENDING

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert send_pending() == 1
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
