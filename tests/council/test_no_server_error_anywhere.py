"""No input gives a 500, on any address, as anyone (issue 13, point 7).

The addresses are read from the URLconf, so a new app's views are walked without a change
here. Each persona (anonymous, delegate, chair, secretariat, screen, outsider) sends
hypothesis-generated bad input — wrong types, huge sizes and numbers, NUL and other control
characters, deep nesting — by GET and by POST, form-encoded and as JSON. Ids in addresses
are drawn from real rows of this council, the other council's, and out-of-range numbers.
"""

import json
import re
import uuid

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RegexPattern
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from annotations.models import Annotation
from sessions import screen_links
from tests.annotations.conftest import document_version
from tests.conftest import client_for, make_sitting
from tests.pdf_corpus import valid_pdf
from tests.voting.conftest import motion

ROLES = ("anonymous", "delegate", "chair", "secretariat", "screen", "outsider")
# Every route, as every persona: a few examples each keeps the run to about a minute.
EXAMPLES = 5

# Field names the views read, and a few they never do.
FIELDS = (
    "title",
    "label",
    "description",
    "number",
    "starts_on",
    "ends_on",
    "minutes",
    "message",
    "mode",
    "version",
    "page",
    "item",
    "seen",
    "seen_item",
    "state",
    "kind",
    "addressee",
    "follow",
    "language",
    "next",
    "q",
    "format",
    "status",
    "member",
    "submission_id",
    "choice",
    "countdown",
    "agenda_item",
    "confidential",
    "file",
    "screen",
    "for",
    "original",
    "candidates",
    "options",
    "seats",
    "rule",
    "x",
    "",
)

HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.sampled_from(
        [
            "\x00",
            "a\x00b",
            "\u202e\u200b",
            "\x1b[2J",
            "\ud7ff",
            "\ufeff",
            "inf",
            "-inf",
            "nan",
            "1e308",
            "-1e308",
            "1e-320",
            "10000000000000",
            "-1",
            "0",
            str(10**12),
            str(2**63),
            str(10**30),
            "9" * 400,
            "x" * 5000,
            "é" * 3000,
            "2026-02-30",
            "99999-01-01",
            "00000000-0000-0000-0000-000000000000",
            "[[[[[[]]]]]]",
            "{}",
            "null",
            "true",
            " ",
            "%00",
            "../../etc/passwd",
        ]
    ),
)


JSON_BODIES = st.one_of(
    st.recursive(
        st.none() | st.booleans() | st.floats() | st.integers() | HOSTILE_TEXT,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(HOSTILE_TEXT, inner, max_size=4)
        ),
        max_leaves=12,
    ).map(json.dumps),
    st.integers(min_value=50, max_value=100_000).map(lambda d: "[" * d + "1" + "]" * d),
    st.integers(min_value=50, max_value=20_000).map(lambda d: '{"data":' * d + "1" + "}" * d),
    st.binary(max_size=64).map(lambda b: b.decode("latin-1")),
)


def url_patterns() -> list[str]:
    """The route of every pattern of the URLconf, includes walked.

    Regular-expression patterns (only Django's admin has them) are left out: they are
    Django's code, and no persona here is staff.
    """
    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            if isinstance(entry.pattern, RegexPattern):
                continue
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            else:
                found.append(route)

    walk(get_resolver().url_patterns, "")
    return found


PATTERNS = url_patterns()


@pytest.fixture
def world(
    settings,
    tmp_path,
    council,
    chair,
    delegate,
    secretariat,
    screen,
    outsider,
    other_council,
    sitting,
):
    """Rows of this council and of another one, for ids in addresses."""
    settings.MEDIA_ROOT = tmp_path
    version = document_version(sitting)
    (tmp_path / version.file.name).parent.mkdir(parents=True)
    (tmp_path / version.file.name).write_bytes(valid_pdf(3))
    foreign = document_version(make_sitting(other_council, number=3))
    poll = motion(chair, sitting)
    note = Annotation.objects.create(
        version=version,
        author=delegate,
        page=1,
        kind="note",
        data={"x": 0.5, "y": 0.5, "text": "x"},
        colour="#ffcc00",
        client_updated_at="2026-12-08T08:00:00Z",
    )
    link, _token = screen_links.create_screen_link(secretariat, label="Màn hình", sitting=sitting)
    # The id each parameter name means, as a view expects it; the rest are foreign or absurd.
    right = {
        "sitting_id": sitting.pk,
        "item_id": sitting.items.first().pk,
        "version_id": version.pk,
        "document_id": version.document_id,
        "poll_id": poll.pk,
        "link_id": link.pk,
        "request_id": 1,
    }
    hostile = [foreign.pk, foreign.document_id, 0, 1, 2**31, 10**12, 2**63, 10**30]
    clients = {"anonymous": Client()}
    for name, member in (
        ("delegate", delegate),
        ("chair", chair),
        ("secretariat", secretariat),
        ("screen", screen),
        ("outsider", outsider),
    ):
        clients[name] = client_for(member)
    return {
        "right": right,
        "hostile": hostile,
        "uuids": [note.pk, uuid.uuid4()],
        "token": _token,
        "clients": clients,
    }


PARAMETER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")


def fill(route: str, data: st.DataObject, world: dict) -> str:
    """A path for `route`, each parameter given a right id, a hostile one, or a bad string."""

    def value(match: re.Match) -> str:
        kind, name = match.group("kind") or "str", match.group("name")
        if kind == "int":
            right = world["right"].get(name, 1)
            hostile = world["hostile"]
            return str(data.draw(st.sampled_from([right] * len(hostile) + hostile)))
        if kind == "uuid":
            return str(data.draw(st.sampled_from(world["uuids"])))
        strings = ["accept", "next", "done", world["token"], "x" * 300, "%00", "-1"]
        return data.draw(st.sampled_from(strings))

    return "/" + PARAMETER.sub(value, route)


def send(client: Client, path: str, data: st.DataObject) -> int:
    # Every field name at once, each with its own hostile value: whichever the view reads.
    fields = st.fixed_dictionaries({name: HOSTILE_TEXT for name in FIELDS})
    how = data.draw(st.sampled_from(["form", "json", "get"]))
    if how == "get":
        response = client.get(path, data.draw(fields))
    elif how == "form":
        response = client.post(path, data.draw(fields))
    else:
        response = client.post(path, data.draw(JSON_BODIES), content_type="application/json")
    return response.status_code


@pytest.mark.parametrize("route", PATTERNS)
def test_no_address_answers_a_server_error_to_bad_input(route, world):
    """Each route as each persona (one set of rows per route: the rows are the slow part)."""
    for role in ROLES:
        walk_as(role, world["clients"][role], route, world)


def walk_as(role: str, client: Client, route: str, world: dict) -> None:
    """Hypothesis-made requests to `route` as `role`; a 5xx or a raised error fails."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        database=None,
        # The first failure is reported as found: shrinking would repeat slow requests.
        phases=[Phase.explicit, Phase.generate],
    )
    @given(data=st.data())
    def walk(data):
        path = fill(route, data, world)
        try:
            status = send(client, path, data)
        except Exception as exc:  # the test client re-raises what would be a 500
            raise AssertionError(f"{role}: {path} raised {exc!r}") from exc
        assert status < 500, f"{role}: {path} answered {status}"

    walk()


WS_EXAMPLES = 12
FRAMES = st.one_of(
    JSON_BODIES,
    st.sampled_from(['{"type": "resync"}', '{"type": "ping"}', '{"type": 1}', "[]", ""]),
    st.dictionaries(HOSTILE_TEXT, HOSTILE_TEXT, max_size=3).map(json.dumps),
)


async def _socket_session(role, path, frames, cookie):
    from channels.testing import WebsocketCommunicator

    from council.asgi import application

    headers = [(b"origin", b"http://localhost"), (b"host", b"localhost")]
    if cookie:
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    # An exception in the consumer is re-raised here: that is the server error.
    ok, _code = await communicator.connect(timeout=5)
    if not ok:
        return
    await communicator.receive_from(timeout=10)  # the snapshot
    for frame in frames:
        await communicator.send_to(text_data=frame)
    await communicator.send_to(text_data='{"type": "ping"}')
    while True:  # a resync among the frames answers with snapshots first
        message = json.loads(await communicator.receive_from(timeout=10))
        if message.get("type") == "pong":
            break
    await communicator.disconnect()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.django_db(transaction=True)
def test_no_websocket_frame_or_address_breaks_a_socket(role, world):
    from asgiref.sync import async_to_sync

    client = world["clients"][role]
    cookie = client.cookies["sessionid"].value if "sessionid" in client.cookies else None
    sitting_id = world["right"]["sitting_id"]

    @settings(
        max_examples=WS_EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        database=None,
        # The first failure is reported as found: shrinking would repeat slow requests.
        phases=[Phase.explicit, Phase.generate],
    )
    @given(
        sitting=st.sampled_from([sitting_id] * 4 + [0, -1, 2**31, 10**12, 10**30]),
        page=st.sampled_from(["", "room", "screen", "chair", "x" * 300, "%00", "\u202e"]),
        token=st.sampled_from(["", world["token"], "x" * 5000, "%00"]),
        frames=st.lists(FRAMES, max_size=4),
    )
    def walk(sitting, page, token, frames):
        path = f"/ws/sittings/{sitting}/?page={page}" + (f"&screen={token}" if token else "")
        try:
            async_to_sync(_socket_session)(role, path, frames, cookie)
        except Exception as exc:
            raise AssertionError(f"{role}: {path} {frames!r:.200} raised {exc!r}") from exc

    # Every absurd sitting id once for sure, then hypothesis's mix.
    for absurd in (0, -1, 2**31, 10**12, 10**30, "x", ""):
        path = f"/ws/sittings/{absurd}/"
        try:
            async_to_sync(_socket_session)(role, path, [], cookie)
        except Exception as exc:
            raise AssertionError(f"{role}: {path} raised {exc!r}") from exc
    walk()
