"""/ws/me/: a signed-in user's own live audience (the unread count, per-user events).

It joins `user.<id>` through the process's hub (sessions/fanout.py), as a tablet joins its
sitting: one layer subscription per process, whatever the number of open pages.
"""

import asyncio
import json
import logging
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import InMemoryChannelLayer, get_channel_layer

from notifications.live import BADGE_ID, badge_html, user_group
from notifications.models import Notification
from sessions.consumers import CLOSE_LOGGED_OUT, CLOSE_TRY_AGAIN
from sessions.fanout import local_fanout

logger = logging.getLogger(__name__)
# With the in-memory layer (the demo) the tasks worker is another process that cannot reach
# this one: the page's count is refreshed from the database this often instead.
IN_MEMORY_RECOUNT_SECONDS = 30.0


def unread_message(user_id: int) -> dict[str, Any]:
    count = Notification.objects.filter(user_id=user_id, read_at__isnull=True).count()
    return {"type": "user.event", "unread": count, "regions": {BADGE_ID: badge_html(count)}}


class NotificationsConsumer(AsyncWebsocketConsumer):
    channel_layer_alias = None  # type: ignore[assignment]
    member_key: str | None = None
    joined: tuple[str, ...] = ()

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_LOGGED_OUT)
            return
        self.user_id = user.pk
        groups = (user_group(self.user_id),)
        await local_fanout().join(self, groups)
        self.joined = groups
        await self.accept()
        await self.deliver(await database_sync_to_async(unread_message)(self.user_id))
        if isinstance(get_channel_layer(), InMemoryChannelLayer):
            await self._recount_later()

    async def _recount_later(self) -> None:
        async def recount() -> None:
            while self.joined:
                await asyncio.sleep(IN_MEMORY_RECOUNT_SECONDS)
                if self.joined:
                    await self.deliver(await database_sync_to_async(unread_message)(self.user_id))

        self._recount = asyncio.create_task(recount())

    async def disconnect(self, code: int) -> None:
        if self.joined:
            groups, self.joined = self.joined, ()
            await local_fanout().leave(self, groups)
        task = getattr(self, "_recount", None)
        if task is not None:
            task.cancel()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        # The page only listens; a ping keeps proxies from closing an idle socket.
        if text_data == '{"type":"ping"}':
            await self.send(text_data='{"type":"pong"}')

    # The hub's Receiver protocol (sessions/fanout.py).
    def deliver_now(self, message: dict[str, Any]) -> bool:
        return False

    async def deliver(self, message: dict[str, Any]) -> None:
        data = {k: v for k, v in message.items() if k not in ("group", "handed_to")}
        await self.send(text_data=json.dumps(data, ensure_ascii=False))

    async def layer_lost(self) -> None:
        self.joined = ()
        await self.close(code=CLOSE_TRY_AGAIN)
