"""A live audience for people outside any sitting: an agency's officers, and the council's
chair, secretariat and delegates on their follow-up pages.

It joins "followup.agency.<id>" (an agency officer: only their agency's tasks) or
"followup.council.<id>" (the council's own members) through the process's hub
(sessions/fanout.py), as the sittings' consumer does. It only tells the page which task changed;
the page fetches its fresh state over HTTP with the viewer's own rights (followup/live_push.py),
so no frame ever carries another agency's task or a sitting's documents or ballots.
"""

import json
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from council.models import Member
from followup.live_push import agency_group, council_group
from followup.permissions import agency_id_of
from sessions.consumers import CLOSE_LOGGED_OUT, CLOSE_NOT_FOUND, CLOSE_TRY_AGAIN
from sessions.fanout import local_fanout


def groups_for(user: Any) -> list[str] | None:
    """The groups this user's follow-up pages listen to; None if they have none."""
    if not getattr(user, "is_authenticated", False):
        return None
    groups = []
    for member in Member.objects.filter(user_id=user.pk).order_by("id"):
        if member.is_agency:
            agency_id = agency_id_of(member)
            if agency_id is not None:
                groups.append(agency_group(agency_id))
        elif not member.is_screen:
            groups.append(council_group(member.council_id))
    return groups or None


class FollowupConsumer(AsyncWebsocketConsumer):
    channel_layer_alias = None  # type: ignore[assignment]
    member_key: str | None = None
    joined: tuple[str, ...] = ()

    async def connect(self) -> None:
        user = self.scope.get("user")
        groups = await database_sync_to_async(groups_for)(user)
        if groups is None:
            authenticated = getattr(user, "is_authenticated", False)
            await self.close(code=CLOSE_NOT_FOUND if authenticated else CLOSE_LOGGED_OUT)
            return
        await local_fanout().join(self, groups)
        self.joined = tuple(groups)
        await self.accept()
        await self.send(text_data=json.dumps({"type": "hello"}))

    async def disconnect(self, code: int) -> None:
        if self.joined:
            await local_fanout().leave(self, self.joined)
            self.joined = ()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data == '{"type":"ping"}':
            await self.send(text_data='{"type":"pong"}')

    def deliver_now(self, message: dict[str, Any]) -> bool:
        return False

    async def deliver(self, message: dict[str, Any]) -> None:
        if message.get("type") == "followup.changed":
            await self.base_send({"type": "websocket.send", "text": message["text"]})

    async def layer_lost(self) -> None:
        self.joined = ()
        await self.close(code=CLOSE_TRY_AGAIN)
