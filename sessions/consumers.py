"""One WebSocket per tablet. It authenticates, joins groups, sends a snapshot and relays.

It holds no rules: writes come over HTTP to services, which publish events after commit.
"""

import json
import logging
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from council.models import Member
from sessions.live import member_group, screens_group, sitting_group
from sessions.models import Sitting, SittingState
from sessions.state import build_snapshot, page_for

logger = logging.getLogger(__name__)

# Close codes the tablet understands (static/js/live.js): do not retry on these.
CLOSE_NOT_FOUND = 4404
CLOSE_LOGGED_OUT = 4401


def load_member(user: Any, sitting_id: int) -> Member | None:
    if not user.is_authenticated:
        return None
    sitting = Sitting.objects.filter(pk=sitting_id).only("council_id", "state").first()
    if sitting is None:
        return None
    member = Member.objects.filter(user=user, council_id=sitting.council_id).first()
    if member is None:
        return None
    if sitting.state == SittingState.DRAFT and not (member.is_secretariat or member.is_chair):
        return None
    return member


class SittingConsumer(AsyncWebsocketConsumer):
    member: Member | None = None
    joined: tuple[str, ...] = ()

    async def connect(self) -> None:
        self.sitting_id = int(self.scope["url_route"]["kwargs"]["sitting_id"])
        user = self.scope.get("user")
        self.member = await database_sync_to_async(load_member)(user, self.sitting_id)
        if self.member is None:
            code = (
                CLOSE_LOGGED_OUT
                if not getattr(user, "is_authenticated", False)
                else CLOSE_NOT_FOUND
            )
            await self.close(code=code)
            return
        self.language = self.member.language
        self.page = self._requested_page()
        groups = [sitting_group(self.sitting_id), member_group(self.member.pk)]
        if self.member.is_screen:
            groups.append(screens_group(self.sitting_id))
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
        self.joined = tuple(groups)
        await self.accept()
        await self.send_snapshot()

    def _requested_page(self) -> str:
        # The chair and the secretariat may open the room or a screen view as well.
        query = self.scope.get("query_string", b"").decode()
        requested = dict(part.split("=", 1) for part in query.split("&") if "=" in part).get("page")
        assert self.member is not None
        allowed = (
            {"room", "screen", page_for(self.member)} if not self.member.is_screen else {"screen"}
        )
        return requested if requested in allowed else page_for(self.member)

    async def disconnect(self, code: int) -> None:
        for group in self.joined:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            message = json.loads(text_data or "")
        except ValueError:
            return
        kind = message.get("type") if isinstance(message, dict) else None
        if kind == "resync":
            await self.send_snapshot()
        elif kind == "ping":
            await self.send(text_data='{"type":"pong"}')

    async def send_snapshot(self) -> None:
        assert self.member is not None
        snapshot = await database_sync_to_async(build_snapshot)(
            self.sitting_id, self.member, self.page
        )
        await self.send(text_data=json.dumps(snapshot, ensure_ascii=False, separators=(",", ":")))

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels runs aclose_old_connections() on Django's single sync thread before every
        # handler; for a broadcast to 500 tablets that hop made group_send 8-15x slower than a
        # plain websockets broadcast. live.event touches no database, so skip it.
        if message["type"] == "live.event":
            await self.live_event(message)
            return
        await super().dispatch(message)

    async def live_event(self, message: dict[str, Any]) -> None:
        frames: dict[str, str] = message["frames"]
        await self.send(text_data=frames.get(self.language) or next(iter(frames.values())))
