"""Process A dies in the middle of a ballot burst: no ballot lost or doubled, tablets agree.

Each voter's tablet knows both servers, as in the hall: half send to A first, half to B.
A ballot that gets no answer (A is gone) is sent again, with the same submission id, to
the other server. Whether A had committed it before dying or not, it must count once.
"""

import asyncio
import random
import uuid
from collections import Counter

import pytest
from channels.db import database_sync_to_async as sync_to_async

from bench.ballots import Ballot, cast_ballots
from bench.http import Device
from council.models import Role
from tests.conftest import make_member, session_cookie_for
from tests.integration.helpers import database_state, hall_fleet, shows
from voting import services
from voting.models import Ballot as BallotRow
from voting.models import BallotReceipt, PollKind

pytestmark = pytest.mark.integration

VOTERS = 60
BURST_SECONDS = 3.0
KILL_AFTER_SECONDS = 1.0


def open_motion_with_voters(council, sitting, chair) -> tuple[int, dict[str, int], list]:
    voters = [
        make_member(council, f"voter{i:03d}", Role.DELEGATE, seat=f"{100 + i}")
        for i in range(VOTERS)
    ]
    for voter in voters:
        services.check_in(voter, sitting)
    poll = services.create_poll(
        chair,
        sitting,
        services.PollSpec(kind=PollKind.MOTION, title="Nghị quyết", require_presence=True),
    )
    services.open_poll(chair, poll)
    return poll.pk, {o.code: o.pk for o in poll.options.all()}, voters


def counted(poll_id: int, options: dict[str, int]) -> tuple[int, int, Counter[str]]:
    """(ballots, receipts, counts per option code) as the database holds them."""
    codes = {str(pk): code for code, pk in options.items()}
    choices = BallotRow.objects.filter(poll_id=poll_id).values_list("choices", flat=True)
    counts: Counter[str] = Counter()
    for chosen in choices:
        for option in chosen:
            counts[codes[str(option)]] += 1
    receipts = BallotReceipt.objects.filter(poll_id=poll_id).count()
    return len(choices), receipts, counts


async def test_killing_a_process_mid_burst_loses_no_ballot_and_doubles_none(
    two_processes, live_sitting, council, chair, hall
):
    a, b = two_processes
    poll_id, options, voters = await sync_to_async(open_motion_with_voters)(
        council, live_sitting, chair
    )
    fleet = await hall_fleet(hall, live_sitting, [a, b], reconnect=True)
    try:
        rng = random.Random(7)
        ballots = []
        for index, voter in enumerate(voters):
            device = Device(b.http, session=await sync_to_async(session_cookie_for)(voter))
            await asyncio.to_thread(device.ensure_csrf, f"/sittings/{live_sitting.pk}/")
            code = rng.choice(["yes", "no", "abstain"])
            ballots.append(
                Ballot(
                    cookies=dict(device.cookies),
                    choice=options[code],
                    submission_id=str(uuid.uuid4()),
                    bases=[a.http, b.http] if index % 2 == 0 else [b.http, a.http],
                    code=code,
                )
            )

        burst = asyncio.create_task(
            asyncio.to_thread(cast_ballots, ballots, poll_id, spread=BURST_SECONDS, workers=20)
        )
        await asyncio.sleep(KILL_AFTER_SECONDS)
        a.kill()
        outcomes = await burst

        problems = [(o.status, o.errors) for o in outcomes if not o.confirmed]
        assert not problems, f"ballots not confirmed: {problems[:5]}"
        assert any(o.attempts == 2 for o in outcomes), "the kill hit no ballot: nothing shown"
        ballots_in_db, receipts, counts = await sync_to_async(counted)(poll_id, options)
        assert ballots_in_db == receipts == VOTERS
        assert counts == Counter(ballot.code for ballot in ballots)

        # Every tablet, those of A now on B included, shows what the database says.
        await shows(fleet, await database_state(live_sitting, hall[0]), timeout=45)
        assert all(t.address == b.ws for t in fleet.tablets)
    finally:
        await fleet.close()
