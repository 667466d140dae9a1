"""What the multi-process tests share: the chair's HTTP device, tablets, the DB's truth."""

import asyncio
from typing import Any

from channels.db import database_sync_to_async as sync_to_async  # closes its connection

from bench.http import Chair, Device
from bench.infra import Daphne
from bench.tablets import Fleet
from council.models import Member
from sessions.models import Sitting
from sessions.state import build_snapshot
from tests.conftest import session_cookie_for


def path_of(sitting: Sitting) -> str:
    return f"/ws/sittings/{sitting.pk}/"


async def chair_at(server: Daphne, chair: Member, sitting: Sitting) -> Chair:
    device = Device(server.http, session=await sync_to_async(session_cookie_for)(chair))
    console = Chair(device, sitting.pk)
    await asyncio.to_thread(console.open_console)
    return console


async def item_ids(sitting: Sitting) -> list[int]:
    return await sync_to_async(
        lambda: list(sitting.items.order_by("position").values_list("pk", flat=True))
    )()


async def database_state(sitting: Sitting, member: Member) -> dict[str, Any]:
    """What a tablet of `member` must show: a snapshot rendered here, from the database."""
    return await sync_to_async(build_snapshot)(sitting.pk, member, "room")


async def hall_fleet(
    members: list[Member], sitting: Sitting, servers: list[Daphne], **options: Any
) -> Fleet:
    """One tablet per member, spread over `servers`, each knowing every address."""
    cookies = [await sync_to_async(session_cookie_for)(m) for m in members]
    addresses = [
        [s.ws for s in servers[i % len(servers) :] + servers[: i % len(servers)]]
        for i in range(len(members))
    ]
    fleet = Fleet()
    await fleet.open(addresses, path_of(sitting), cookies, track_state=True, **options)
    return fleet


async def shows(fleet: Fleet, expected: dict[str, Any], *, timeout: float = 30) -> None:
    """Until every tablet shows exactly `expected` (a snapshot from the database)."""
    try:
        await fleet.wait_state(
            lambda t: t.last_seq == expected["seq"] and t.regions == expected["regions"],
            timeout=timeout,
        )
    except TimeoutError as exc:
        tablet = fleet.tablets[0]
        differing = {
            region: (tablet.regions.get(region, "")[:400], html[:400])
            for region, html in expected["regions"].items()
            if tablet.regions.get(region) != html
        }
        raise AssertionError(
            f"{exc}; a tablet has seq {tablet.last_seq} (database: {expected['seq']}), "
            f"regions differing (tablet, database): {differing}"
        ) from None
