from django.urls import path

from sessions.consumers import SittingConsumer

websocket_urlpatterns = [
    path("ws/sittings/<int:sitting_id>/", SittingConsumer.as_asgi()),
]
