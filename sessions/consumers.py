"""One WebSocket per tablet. It authenticates, joins groups, sends a snapshot and relays.

It holds no rules: writes come over HTTP to services, which publish events after commit.
"""

import asyncio
import json
import logging
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings

from council.bounds import load_json
from council.models import Member, Role
from sessions import screen_links, snapshots
from sessions import wire as fast_path
from sessions.fanout import local_fanout
from sessions.live import frame_key, screens_group, sitting_group
from sessions.models import Sitting, SittingState
from sessions.state import SCREEN_PAGE, page_for

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
    # An agency officer is no member of any sitting (council/lookup.py).
    member = (
        Member.objects.filter(user=user, council_id=sitting.council_id)
        .exclude(role=Role.AGENCY)
        .first()
    )
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
    # A resync over the limit waits here; those that come meanwhile are merged into it.
    resync_task: "asyncio.Task[None] | None" = None
    bucket: snapshots.TokenBucket | None = None
    language_task: "asyncio.Task[None] | None" = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            # Daphne cancels every consumer at shutdown without a disconnect: the hub must
            # not keep the dead sockets (nor a pending snapshot keep running).
            self._cancel_pending()
            if self.joined:
                groups, self.joined = self.joined, ()
                local_fanout().forget(self, groups)

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
        self.page = self._requested_page()
        # A screen page shows the hall's view, never someone's own events (their notes).
        own = self.member.pk is not None and self.page != SCREEN_PAGE
        self.member_key = str(self.member.pk) if own else None
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
            allowed = {"room", "screen", "desk", page_for(self.member)}
        else:  # a delegate: never the hall screens' frames
            allowed = {page_for(self.member)}
        return requested if requested in allowed else page_for(self.member)

    def _cancel_pending(self) -> None:
        for task in (self.resync_task, self.language_task):
            if task is not None:
                task.cancel()

    async def disconnect(self, code: int) -> None:
        self._cancel_pending()
        if self.joined:
            await local_fanout().leave(self, self.joined)
            self.joined = ()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            # A tablet sends small flat messages; deep or huge JSON is dropped unparsed.
            message = load_json(text_data or "", max_bytes=FRAME_IN_MAX_BYTES)
        except ValueError:
            logger.warning("dropped a message that is not JSON on sitting %s", self.sitting_id)
            return
        kind = message.get("type") if isinstance(message, dict) else None
        if kind == "resync":
            await self.resync()
        elif kind == "ping":
            await self.send(text_data='{"type":"pong"}')
        else:
            # A bug in a tablet's script, an old one after a deploy, or someone probing.
            logger.warning(
                "dropped a message of unknown type %.80r on sitting %s", kind, self.sitting_id
            )

    async def resync(self) -> None:
        if self.screen_link_id is not None and not await database_sync_to_async(
            screen_links.is_active
        )(self.screen_link_id):
            await self.close(code=CLOSE_REVOKED)
            return
        if self.resync_task is not None:
            return  # one is on its way: it will show everything this one would
        if self.bucket is None:
            self.bucket = snapshots.socket_bucket()
        assert self.member is not None
        who = f"m{self.member.pk}" if self.member.pk is not None else f"l{self.screen_link_id}"
        wait = snapshots.resync_wait(self.bucket, who)
        if wait <= 0:
            await self.send_snapshot()
        else:
            self.resync_task = asyncio.create_task(self._resync_later(wait))

    async def _resync_later(self, wait: float) -> None:
        try:
            await asyncio.sleep(wait)
        finally:
            self.resync_task = None
        await self.send_snapshot()

    async def send_snapshot(self) -> None:
        assert self.member is not None
        if self.held is None:
            self.held = []
        try:
            snapshot = await database_sync_to_async(snapshots.build_snapshot)(
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
        return fast_path.deliver(self.wire, message, self.frame_key, self._frame(message))

    def _frame(self, message: dict[str, Any]) -> str:
        # No fallback to another page's frame: a screen must get a screen frame or nothing.
        return message["frames"][self.frame_key]

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
        elif message["type"] == "member.language":
            self.switch_language(message["members"].get(self.member_key or "", ""))
        elif message["type"] == "screen.revoked":
            await self.close(code=CLOSE_REVOKED)

    def switch_language(self, language: str) -> None:
        """The member chose another language on another device: speak it from now on."""
        if self.member is None or language not in dict(settings.LANGUAGES):
            return
        self.member.language = self.language = language
        self.frame_key = frame_key(language, self.page)
        # Not awaited: the hub is handing this event to the rest of the hall meanwhile.
        self.language_task = asyncio.create_task(self.send_snapshot())

    async def layer_lost(self) -> None:
        self.joined = ()
        await self.close(code=CLOSE_TRY_AGAIN)
