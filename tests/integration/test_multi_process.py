"""Two Daphne processes, one PostgreSQL, one Redis: tablets on either see every change."""

import asyncio

import pytest

from bench.infra import AppEnvironment, RedisServer
from tests.integration.conftest import database_url_of_test_db
from tests.integration.helpers import chair_at, database_state, hall_fleet, item_ids, shows

pytestmark = pytest.mark.integration


async def test_an_agenda_change_made_through_b_reaches_tablets_on_a(
    two_processes, live_sitting, chair, hall
):
    a, b = two_processes
    fleet = await hall_fleet(hall, live_sitting, [a])
    try:
        before = fleet.common_seq()
        console = await chair_at(b, chair, live_sitting)
        items = await item_ids(live_sitting)

        assert await asyncio.to_thread(console.set_item, items[1]) == 204

        await fleet.wait_all(before + 1, timeout=15)
        await shows(fleet, await database_state(live_sitting, hall[0]))
    finally:
        await fleet.close()


async def test_tablets_of_a_killed_process_reconnect_to_the_other_and_show_the_database(
    two_processes, live_sitting, chair, hall
):
    a, b = two_processes
    fleet = await hall_fleet(hall, live_sitting, [a, b], reconnect=True)
    try:
        console = await chair_at(b, chair, live_sitting)
        items = await item_ids(live_sitting)
        on_a = [t for t in fleet.tablets if t.address == a.ws]

        a.kill()
        # A change the tablets of A may miss while they look for another server.
        assert await asyncio.to_thread(console.set_item, items[2]) == 204

        await shows(fleet, await database_state(live_sitting, hall[0]))
        assert on_a and all(t.address == b.ws and t.disconnects == 1 for t in on_a)
        assert all(t.snapshots == 2 for t in on_a)
    finally:
        await fleet.close()


async def test_tablets_recover_by_themselves_when_redis_restarts(
    real_backends, transactional_db, live_sitting, chair, hall, tmp_path, settings
):
    # A private Redis: the machine's shared one is other people's.
    redis = RedisServer(tmp_path).start()
    env = AppEnvironment(
        existing_database_url=database_url_of_test_db(),
        redis_url=redis.url,
        secret_key=settings.SECRET_KEY,
    )
    fleet = None
    try:
        a, b = env.daphne(), env.daphne()
        fleet = await hall_fleet(hall, live_sitting, [a, b], reconnect=True)
        console = await chair_at(b, chair, live_sitting)
        items = await item_ids(live_sitting)
        assert await asyncio.to_thread(console.set_item, items[1]) == 204
        await shows(fleet, await database_state(live_sitting, hall[0]))

        redis.shutdown()  # SHUTDOWN NOSAVE: groups and queued messages are gone
        redis = RedisServer(tmp_path, port=redis.port).start()

        assert await asyncio.to_thread(console.set_item, items[2]) == 204
        recovered = await database_state(live_sitting, hall[0])
        await shows(fleet, recovered, timeout=45)
        assert all(t.snapshots >= 2 for t in fleet.tablets), "every tablet resynced"

        # Events flow again, not only snapshots.
        assert await asyncio.to_thread(console.set_item, items[0]) == 204
        await fleet.wait_all(recovered["seq"] + 1, timeout=15)
        await shows(fleet, await database_state(live_sitting, hall[0]))
    finally:
        if fleet is not None:
            await fleet.close()
        env.close()
        redis.stop()
