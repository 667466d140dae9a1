"""Deployment checks: a Redis or database that does not answer is found before a sitting."""

import asyncio

from asgiref.sync import async_to_sync
from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.db import connections


@register(Tags.database, deploy=True)
def check_database_answers(app_configs=None, **kwargs):
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:
        return [
            Warning(
                f"The database does not answer: {exc}",
                hint="Check DATABASE_URL and that the server is running.",
                id="council.W001",
            )
        ]
    return []


@register(deploy=True)
def check_channel_layer_answers(app_configs=None, **kwargs):
    from council.health import channel_layer_round_trip

    try:
        async_to_sync(asyncio.wait_for)(channel_layer_round_trip(), timeout=3)
    except Exception as exc:
        return [
            Warning(
                f"The channel layer does not answer: {exc!r}",
                hint="Check REDIS_URL and that Redis is running.",
                id="council.W002",
            )
        ]
    return []


@register()
def check_allowed_hosts(app_configs=None, **kwargs):
    if not settings.DEBUG and not settings.ALLOWED_HOSTS:
        return [
            Warning(
                "ALLOWED_HOSTS is empty: every request and WebSocket will be refused.",
                hint="Set DJANGO_ALLOWED_HOSTS to the host names tablets use.",
                id="council.W003",
            )
        ]
    return []
