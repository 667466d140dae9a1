from django.urls import path

from followup.consumers import FollowupConsumer
from notifications.consumers import NotificationsConsumer
from sessions.consumers import SittingConsumer

websocket_urlpatterns = [
    path("ws/sittings/<int:sitting_id>/", SittingConsumer.as_asgi()),
    path("ws/followup/", FollowupConsumer.as_asgi()),
    path("ws/me/", NotificationsConsumer.as_asgi()),
]
