"""Sending to a channel-layer group from sync code, and the timers that batch such sends."""

import logging
import threading
from collections.abc import Callable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from sessions.fanout import hand_to_local_hubs

logger = logging.getLogger(__name__)


def send_to_group(group: str, message: dict[str, Any]) -> None:
    """group_send, once more on failure; the second failure is raised to the caller.

    After a Redis restart the first call meets a pooled connection the old server closed;
    redis-py discards it and the second call takes a fresh one. Every message sent here is
    safe to receive twice: numbered events are ignored by a tablet that has their seq, the
    others are latest states.
    """
    # This process's tablets first, without the layer's round trip (sessions/fanout.py).
    message = hand_to_local_hubs(message)
    layer = get_channel_layer()
    try:
        async_to_sync(layer.group_send)(group, message)
    except Exception:
        logger.warning("sending %s to %s failed once; again", message["type"], group, exc_info=True)
        async_to_sync(layer.group_send)(group, message)


def daemon_timer(delay: float, callback: Callable[[], None]) -> None:
    def run() -> None:
        # Whatever went wrong was about one send: log it; a thread must not die loudly in
        # the middle of a process that serves the hall (or of a test run that ended).
        try:
            callback()
        except Exception:
            logger.exception("a live-update timer failed")

    timer = threading.Timer(delay, run)
    timer.daemon = True  # a pending send must not keep a stopping process alive
    timer.start()
