"""Tablets in tests: a WebsocketCommunicator with a member's real session cookie."""

import json
from typing import Any

from channels.testing import WebsocketCommunicator

from council.asgi import application
from council.models import Member
from tests.conftest import async_session_cookie_for

ORIGIN = b"http://localhost"


async def tablet(
    member: Member | None, sitting_id: int, *, page: str | None = None, origin: bytes = ORIGIN
) -> WebsocketCommunicator:
    headers = [(b"origin", origin), (b"host", b"localhost")]
    if member is not None:
        cookie = await async_session_cookie_for(member)
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    path = f"/ws/sittings/{sitting_id}/" + (f"?page={page}" if page else "")
    return WebsocketCommunicator(application, path, headers=headers)


async def connected(
    member: Member, sitting_id: int, *, page: str | None = None
) -> tuple[WebsocketCommunicator, dict[str, Any]]:
    communicator = await tablet(member, sitting_id, page=page)
    ok, _code = await communicator.connect(timeout=5)
    assert ok, "the tablet was refused"
    snapshot = json.loads(await communicator.receive_from(timeout=5))
    assert snapshot["type"] == "snapshot"
    return communicator, snapshot


async def next_message(communicator: WebsocketCommunicator) -> dict[str, Any]:
    return json.loads(await communicator.receive_from(timeout=5))
