"""One WebSocket per tablet. It authenticates, joins groups, sends a snapshot and relays.

It holds no rules: writes come over HTTP to services, which publish events after commit.
"""

import json
import logging
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from council.bounds import load_json
from council.models import Member
from sessions import screen_links
from sessions.fanout import local_fanout
from sessions.live import frame_key, screens_group, sitting_group
from sessions.models import Sitting, SittingState
from sessions.state import build_snapshot, page_for
from sessions.wire import write_prepared

logger = logging.getLogger(__name__)

# Close codes the tablet understands (static/js/live.js): do not retry on these.
CLOSE_NOT_FOUND = 4404
CLOSE_LOGGED_OUT = 4401
CLOSE_REVOKED = 4403
# Retryable: the layer lost this process; the tablet reconnects (with backoff) and resyncs.
# Not 1012 ("service restart"): Autobahn lets a server close only with 1000 or 3000-4999.
CLOSE_TRY_AGAIN = 4503
# The largest message a tablet sends ({"type": "resync"} and the like) is far smaller.
FRAME_IN_MAX_BYTES = 4096


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
    # No layer channel per tablet: the process's hub receives each event once and hands it
    # to every local tablet (sessions/fanout.py).
    channel_layer_alias = None  # type: ignore[assignment]
    member: Member | None = None
    member_key: str | None = None
    joined: tuple[str, ...] = ()
    # Set for a hall PC that shows the screen through a link (?screen=<token>), no login.
    screen_link_id: int | None = None
    # Events the hub delivers while a snapshot is being built wait behind it: sent before
    # it, an event newer than the snapshot would be overwritten by the older snapshot.
    held: list[dict[str, Any]] | None = None
    # The frame this tablet is sent (its language and page), and Daphne's protocol behind
    # its socket when there is one (sessions/wire.py); both fixed for the connection.
    frame_key: str = ""
    wire: Any = None

    async def connect(self) -> None:
        self.sitting_id = int(self.scope["url_route"]["kwargs"]["sitting_id"])
        user = self.scope.get("user")
        # A screen link's token is in its cookie (never in an address: access logs).
        token = (
            self.scope.get("cookies", {}).get(screen_links.SCREEN_COOKIE)
            if self._query().get("screen")
            else None
        )
        if token:
            found = await database_sync_to_async(screen_links.viewer_for)(token, self.sitting_id)
            self.member, self.screen_link_id = found or (None, None)
        else:
            self.member = await database_sync_to_async(load_member)(user, self.sitting_id)
        if self.member is None:
            code = (
                CLOSE_LOGGED_OUT
                if not token and not getattr(user, "is_authenticated", False)
                else CLOSE_NOT_FOUND
            )
            await self.close(code=code)
            return
        self.language = self.member.language
        self.member_key = str(self.member.pk) if self.member.pk is not None else None
        self.page = self._requested_page()
        self.frame_key = frame_key(self.language, self.page)
        self.wire = self.scope.get("wire")
        # A delegate's own events come through the sitting's group too (member_events.py).
        groups = [sitting_group(self.sitting_id)]
        if self.member.is_screen:
            groups.append(screens_group(self.sitting_id))
        if self.screen_link_id is not None:
            groups.append(screen_links.link_group(self.screen_link_id))
        self.held = []  # nothing reaches the socket before accept and the snapshot
        await local_fanout().join(self, groups)
        self.joined = tuple(groups)
        await self.accept()
        await self.send_snapshot()

    def _query(self) -> dict[str, str]:
        query = self.scope.get("query_string", b"").decode()
        return dict(part.split("=", 1) for part in query.split("&") if "=" in part)

    def _requested_page(self) -> str:
        # The chair and the secretariat may open the room or a screen view as well.
        requested = self._query().get("page")
        assert self.member is not None
        if self.member.is_screen:
            allowed = {"screen"}
        elif self.member.is_chair or self.member.is_secretariat:
            allowed = {"room", "screen", page_for(self.member)}
        else:  # a delegate: never the hall screens' frames
            allowed = {page_for(self.member)}
        return requested if requested in allowed else page_for(self.member)

    async def disconnect(self, code: int) -> None:
        if self.joined:
            await local_fanout().leave(self, self.joined)
            self.joined = ()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            # A tablet sends small flat messages; deep or huge JSON is dropped unparsed.
            message = load_json(text_data or "", max_bytes=FRAME_IN_MAX_BYTES)
        except ValueError:
            return
        kind = message.get("type") if isinstance(message, dict) else None
        if kind == "resync":
            if self.screen_link_id is not None and not await database_sync_to_async(
                screen_links.is_active
            )(self.screen_link_id):
                await self.close(code=CLOSE_REVOKED)
                return
            await self.send_snapshot()
        elif kind == "ping":
            await self.send(text_data='{"type":"pong"}')

    async def send_snapshot(self) -> None:
        assert self.member is not None
        if self.held is None:
            self.held = []
        try:
            snapshot = await database_sync_to_async(build_snapshot)(
                self.sitting_id, self.member, self.page
            )
            # The server's clock (epoch ms): timers count down from their server end time
            # whatever the tablet's own clock says (static/js/speakers.js).
            snapshot["now"] = int(time.time() * 1000)
            text = json.dumps(snapshot, ensure_ascii=False, separators=(",", ":"))
            await self.send(text_data=text)
        finally:
            held, self.held = self.held, None
        for message in held:
            await self.deliver(message)

    def deliver_now(self, message: dict[str, Any]) -> bool:
        """The hub's fast path, without a coroutine: True if the event is on the wire.

        Under Daphne a live event is written to the socket, framed once for the process's
        whole hall (sessions/wire.py); anything else goes through `deliver`.
        """
        if self.held is not None or self.wire is None or message["type"] != "live.event":
            return False
        return write_prepared(self.wire, message, self.frame_key, self._frame(message))

    def _frame(self, message: dict[str, Any]) -> str:
        frames: dict[str, str] = message["frames"]
        return frames.get(self.frame_key) or next(iter(frames.values()))

    async def deliver(self, message: dict[str, Any]) -> None:
        """A message the process's hub received for one of this tablet's groups."""
        if self.held is not None:
            self.held.append(message)
        elif message["type"] == "live.event":
            if not self.deliver_now(message):
                # base_send rather than send(): two coroutine levels less per tablet.
                await self.base_send({"type": "websocket.send", "text": self._frame(message)})
        elif message["type"] == "live.members":
            mine = message["members"].get(self.member_key) if self.member_key else None
            for frame in mine or ():
                await self.base_send({"type": "websocket.send", "text": frame})
        elif message["type"] == "screen.revoked":
            await self.close(code=CLOSE_REVOKED)

    async def layer_lost(self) -> None:
        self.joined = ()
        await self.close(code=CLOSE_TRY_AGAIN)
