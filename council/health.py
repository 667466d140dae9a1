import asyncio
import time
import uuid

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.db import connections
from django.http import HttpRequest, JsonResponse


async def channel_layer_round_trip() -> float:
    """Send a message to a fresh channel and read it back; return milliseconds."""
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")
    started = time.perf_counter()
    channel = await layer.new_channel()
    token = uuid.uuid4().hex
    await layer.send(channel, {"type": "health.ping", "token": token})
    message = await layer.receive(channel)
    if message.get("token") != token:
        raise RuntimeError("the channel layer returned another message")
    return (time.perf_counter() - started) * 1000


def _database_round_trip() -> float:
    started = time.perf_counter()
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
    return (time.perf_counter() - started) * 1000


async def healthz(request: HttpRequest) -> JsonResponse:
    report: dict[str, dict[str, object]] = {}
    healthy = True
    try:
        ms = await sync_to_async(_database_round_trip)()
        report["database"] = {"ok": True, "ms": round(ms, 2)}
    except Exception as exc:
        healthy = False
        report["database"] = {"ok": False, "error": type(exc).__name__}
    try:
        ms = await asyncio.wait_for(channel_layer_round_trip(), timeout=3)
        report["channel_layer"] = {"ok": True, "ms": round(ms, 2)}
    except Exception as exc:
        healthy = False
        report["channel_layer"] = {"ok": False, "error": type(exc).__name__}
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **report}, status=200 if healthy else 503
    )
