from channels.generic.websocket import AsyncWebsocketConsumer
from django.urls import re_path

from followup.consumers import FollowupConsumer
from notifications.consumers import NotificationsConsumer
from sessions.consumers import SittingConsumer


class NoSuchSocket(AsyncWebsocketConsumer):
    """Any other WebSocket address (/ws/sittings/-1/, an id past any row): the handshake is
    refused (403), where a missing route would be a server error."""

    async def connect(self) -> None:
        await self.close()


websocket_urlpatterns = [
    # At most 9 digits: every id fits the database's integer column (council/bounds.py).
    re_path(r"^ws/sittings/(?P<sitting_id>[0-9]{1,9})/$", SittingConsumer.as_asgi()),
    re_path(r"^ws/followup/$", FollowupConsumer.as_asgi()),
    re_path(r"^ws/me/$", NotificationsConsumer.as_asgi()),
    re_path(r"", NoSuchSocket.as_asgi()),
]
