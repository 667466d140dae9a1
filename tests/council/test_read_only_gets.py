"""GETs are read-only (issue 13, point 12), checked for every URL as every persona.

`my_vote` closed expired polls on GET, and every tablet fires it on each snapshot, poll
event and receipt: 500 GETs at once on a poll's row lock at its deadline. A poll's
deadline belongs to the timer and the sweeper (`close_expired_polls`). Here every GET
runs under a connection that refuses writes and row locks; a session's own row is the
only table a GET may write (logging in, a screen link's cookie).
"""

import datetime
import re
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from annotations import services as annotation_services
from sessions import screen_links, speakers
from tests.annotations.conftest import document_version, note
from tests.voting.conftest import open_motion
from voting.models import Poll, PollState

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.IGNORECASE)
LOCK = re.compile(r"\bFOR\s+(NO\s+KEY\s+)?UPDATE\b", re.IGNORECASE)
SESSION_TABLE = re.compile(r'^\s*\w+\s+(INTO\s+|FROM\s+)?"?django_session"?', re.IGNORECASE)


def every_pattern(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from every_pattern(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def filled(route: str, values: dict[str, str]) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values.get(m.group(1), "1"), route)


@pytest.fixture
def expired_poll(live_sitting, chair):
    poll = open_motion(chair, live_sitting)
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - datetime.timedelta(seconds=5))
    return poll


@pytest.fixture
def values(live_sitting, chair, delegate, secretariat, expired_poll, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    version = document_version(live_sitting)
    saved = annotation_services.save_annotation(delegate, version, note("Ghi chú"))
    request = speakers.request_to_speak(delegate, live_sitting)
    link, token = screen_links.create_screen_link(secretariat, label="Trái", sitting=live_sitting)
    return {
        "sitting_id": str(live_sitting.pk),
        "item_id": str(live_sitting.items.first().pk),
        "request_id": str(request.pk),
        "action": "give",
        "link_id": str(link.pk),
        "token": token,
        "version_id": str(version.pk),
        "document_id": str(version.document_id),
        "annotation_id": str(getattr(saved, "annotation", saved).pk or uuid.uuid4()),
        "poll_id": str(expired_poll.pk),
    }


def refusing_writes(offences: list[str], where: str):
    def refuse(execute, sql, params, many, context):
        if (WRITE.search(sql) and not SESSION_TABLE.search(sql)) or LOCK.search(sql):
            offences.append(f"{where}: {sql[:120]}")
        return execute(sql, params, many, context)

    return connection.execute_wrapper(refuse)


def test_no_get_writes_or_locks_for_anyone(
    values, chair, delegate, secretariat, screen, outsider, expired_poll
):
    offences: list[str] = []
    routes = [r for r in every_pattern() if not r.startswith("admin/")]
    assert len(routes) > 40
    for persona in (None, chair, delegate, secretariat, screen, outsider):
        client = Client(raise_request_exception=False)
        if persona is not None:
            client.force_login(persona.user)
        name = persona.user.username if persona else "anonymous"
        for route in routes:
            url = filled(route, values)
            with refusing_writes(offences, f"GET {url} as {name}"):
                client.get(url)
    assert offences == [], "\n".join(offences)
    # The deadline is the timer's and the sweeper's: no GET closed the poll.
    expired_poll.refresh_from_db()
    assert expired_poll.state == PollState.OPEN


def test_reading_my_vote_after_the_deadline_leaves_the_poll_to_the_sweeper(
    live_sitting, delegate, expired_poll
):
    client = Client()
    client.force_login(delegate.user)
    response = client.get(f"/voting/sittings/{live_sitting.pk}/my-vote/")
    assert response.status_code == 200
    expired_poll.refresh_from_db()
    assert expired_poll.state == PollState.OPEN
    from voting.services import close_expired_polls

    assert close_expired_polls() == 1
    expired_poll.refresh_from_db()
    assert expired_poll.state == PollState.CLOSED
