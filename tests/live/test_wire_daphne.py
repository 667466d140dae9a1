"""The Daphne fast path (issue 13, point 10), against a real Daphne process.

The fast path (sessions/wire.py) writes frames through private attributes of Daphne,
Twisted and autobahn. Served by Daphne it must be the path taken; broken (as a renamed
attribute would break it), every frame must still reach the tablet through the ASGI send,
and the process must say so once in its log.
"""

import asyncio
import json

import pytest
import websockets

from bench.http import Chair, Device
from bench.infra import AppEnvironment, Daphne

FAST = "live frames are written straight to Daphne's sockets"
BROKEN = "the Daphne fast path failed"


@pytest.fixture(scope="module")
def app():
    with AppEnvironment(extra_env={"LOG_LEVEL": "INFO"}) as env:
        setup = env.prepare(delegates=1, chair_devices=1)
        yield env, setup


async def one_tablet_sees_two_events(server: Daphne, setup: dict) -> list[dict]:
    cookie = setup["tablets"][0]["cookie"]
    url = f"{server.ws}/ws/sittings/{setup['sitting_id']}/"
    async with websockets.connect(
        url, origin=server.http, additional_headers={"Cookie": f"sessionid={cookie}"}
    ) as tablet:
        snapshot = json.loads(await asyncio.wait_for(tablet.recv(), 30))
        assert snapshot["type"] == "snapshot"
        chair = Chair(Device(server.http, session=setup["chair_cookies"][0]), setup["sitting_id"])
        await asyncio.to_thread(chair.open_console)
        if snapshot["state"] != "in_progress":
            assert await asyncio.to_thread(chair.start_sitting) < 400
        else:
            assert await asyncio.to_thread(chair.set_item, setup["items"][1]) < 400
        assert await asyncio.to_thread(chair.set_item, setup["items"][2]) < 400
        events: list[dict] = []
        while len(events) < 2:
            message = json.loads(await asyncio.wait_for(tablet.recv(), 30))
            if message.get("type") == "event" and message.get("seq") is not None:
                events.append(message)
        return events


def test_daphne_takes_the_fast_path(app):
    env, setup = app
    server = env.daphne()
    try:
        events = asyncio.run(one_tablet_sees_two_events(server, setup))
    finally:
        server.stop()
    assert events[1]["seq"] == events[0]["seq"] + 1
    log = server.log_path().read_text(errors="replace")
    assert FAST in log and BROKEN not in log


def test_a_broken_fast_path_still_delivers_every_frame_and_says_so_once(app):
    env, setup = app
    server = env.daphne(app="tests.live.broken_wire_app:application")
    try:
        events = asyncio.run(one_tablet_sees_two_events(server, setup))
    finally:
        server.stop()
    assert events[1]["seq"] == events[0]["seq"] + 1
    log = server.log_path().read_text(errors="replace")
    assert log.count(BROKEN) == 1 and FAST not in log
