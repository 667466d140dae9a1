"""Ballots as the hall casts them: the tap, the burst, two processes, sealed ballots.

Every ballot is cast open loop by bench.openloop (one keep-alive connection per delegate,
each timed from its tap), while every delegate's tablet (track_state) follows the tally.
A round checks what today's bench checks: every ballot answered 200, as many recorded as
sent, none doubled, and every tablet ends on the exact tally the database holds. The
tally is timed from the last ballot's write (its receipt's created_at, inside the
transaction, so at or before its commit): the coalescing quiet wait counts.
"""

import asyncio
import json
import random
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from bench.ballots import Ballot, Outcome, parse_tally
from bench.infra import PYTHON, ROOT
from bench.tablets import EPOCH_OFFSET, Fleet, Tablet

CHOICES = (("yes", 0.6), ("no", 0.25), ("abstain", 0.15))


def progress(message: str) -> None:
    print(f"    {time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


@dataclass
class Burst:
    """One round: what was sent, what the database holds, what the tablets showed."""

    sent: int
    confirmed: int
    retried: int
    recorded: int
    doubled: int
    lost: int
    tap_ms: list[float]  # per ballot: from its tap to its confirmation
    all_answered_ms: float  # from the first tap to the last confirmation
    tally_ms: list[float]  # per tablet: final tally shown, after the last ballot's write
    shown_right: bool
    errors: list[str]
    seal_ms: list[float] = field(default_factory=list)
    close_ms: float | None = None  # the chair's close POST (a sealed poll: the count)
    late: int = 0  # tablets' numbered events after a higher number
    resyncs: int = 0
    tablets: int = 0  # distinct tablets that showed the final tally

    @property
    def correct(self) -> bool:
        return (
            self.recorded == self.sent == self.confirmed
            and self.doubled == 0
            and self.lost == 0
            and self.shown_right
        )


def shows_tally(
    poll_id: int, counts: dict[str, int] | None, cast: int, state: str = "open"
) -> Callable[[Tablet], bool]:
    """The tablet shows `cast` ballots and these counts (None: a sealed poll, counts hidden)."""

    def predicate(tablet: Tablet) -> bool:
        tally = parse_tally(tablet.regions.get("poll-tally"))
        return (
            tally is not None
            and tally.poll_id == poll_id
            and tally.state == state
            and tally.cast == cast
            and (tally.counts == counts if counts is not None else not tally.counts)
        )

    return predicate


def shows_state(poll_id: int, state: str) -> Callable[[Tablet], bool]:
    def predicate(tablet: Tablet) -> bool:
        tally = parse_tally(tablet.regions.get("poll-tally"))
        return tally is not None and tally.poll_id == poll_id and tally.state == state

    return predicate


async def cast_open_loop(
    ballots: list[Ballot], poll_id: int, spread: float, public_key: str | None = None
) -> tuple[list[Outcome], list[float]]:
    """bench.openloop in its own process: (outcomes, ms sealing each ballot)."""
    process = await asyncio.create_subprocess_exec(
        PYTHON,
        "-m",
        "bench.openloop",
        cwd=ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    request = {
        "poll_id": poll_id,
        "spread": spread,
        "public_key": public_key,
        "ballots": [asdict(b) for b in ballots],
    }
    out, err = await process.communicate(json.dumps(request).encode())
    if process.returncode:
        raise RuntimeError(f"bench.openloop failed: {err.decode()[-2000:]}")
    raw = json.loads(out)
    seal_ms = [o.pop("seal_ms") for o in raw]
    return [Outcome(**o) for o in raw], seal_ms


async def ballot_round(
    stack: Any,
    fleet: Fleet,
    poll: dict[str, Any],
    voters: list[dict[str, str]],
    seed: int,
    *,
    spread: float,
    servers: list[Any] | None = None,
    sealed: bool = False,
) -> Burst:
    """Open `poll`, every voter taps once within `spread` s, count, close; one Burst."""
    servers = servers or stack.servers[:1]
    poll_id = poll["id"]
    chair = stack.chair_at(servers[0])
    status = await asyncio.to_thread(chair.open_poll, poll_id)
    if status != 204:
        raise RuntimeError(f"opening poll {poll_id} answered {status}")
    await fleet.wait_state(shows_state(poll_id, "open"), timeout=30)
    public_key = None
    if sealed:
        key = await asyncio.to_thread(
            stack.env.setup_step, "voting", payload={"action": "key", "poll_id": poll_id}
        )
        public_key = key["public_key"]

    rng = random.Random(seed)
    codes = rng.choices([c for c, _ in CHOICES], [w for _, w in CHOICES], k=len(voters))
    ballots = [
        Ballot(
            cookies=cookies,
            choice=poll["options"][code],
            submission_id=str(uuid.uuid4()),
            # Tablet i's own server first, the other (if any) for its one retry.
            bases=[s.http for s in servers[i % len(servers) :] + servers[: i % len(servers)]],
            code=code,
        )
        for i, (cookies, code) in enumerate(zip(voters, codes, strict=True))
    ]
    shown: dict[int, list[tuple[float, Any]]] = {id(t): [] for t in fleet.tablets}

    def note(tablet: Tablet, at: float) -> None:
        tally = parse_tally(tablet.regions.get("poll-tally"))
        history = shown[id(tablet)]
        if not history or history[-1][1] != tally:
            history.append((at, tally))

    stop = fleet.record(note)
    try:
        outcomes, seal_ms = await cast_open_loop(ballots, poll_id, spread, public_key)
        counted = await asyncio.to_thread(
            stack.env.setup_step, "voting", payload={"action": "count", "poll_id": poll_id}
        )
        recorded = counted["sealed"] if sealed else counted["ballots"]
        final = None if sealed else {c: counted["counts"].get(c, 0) for c, _ in CHOICES}
        shown_right = True
        try:
            await fleet.wait_state(shows_tally(poll_id, final, recorded), timeout=30)
        except TimeoutError as exc:
            shown_right = False
            progress(f"final tally not shown everywhere: {exc}")
    finally:
        stop()
    last_write = counted["last_write"]  # epoch s
    tally_ms = []
    for tablet in fleet.tablets:
        # The first time it showed the final tally and kept showing it.
        reached = None
        for at, tally in reversed(shown[id(tablet)]):
            if (
                tally is None
                or tally.poll_id != poll_id
                or tally.cast != recorded
                or (final is not None and tally.counts != final)
            ):
                break
            reached = at
        if reached is not None and last_write is not None:
            tally_ms.append((reached + EPOCH_OFFSET - last_write) * 1000)
    confirmed = [b for b, o in zip(ballots, outcomes, strict=True) if o.confirmed]
    if final is not None:
        expected = {c: sum(1 for b in confirmed if b.code == c) for c, _ in CHOICES}
        lost = sum(max(0, expected[c] - final[c]) for c in expected)
    else:
        lost = max(0, len(confirmed) - recorded)

    before_close = time.perf_counter()
    status = await asyncio.to_thread(chair.close_poll, poll_id)
    close_ms = (time.perf_counter() - before_close) * 1000
    if status != 204:
        raise RuntimeError(f"closing poll {poll_id} answered {status}")
    errors = [e for o in outcomes for e in o.errors]
    if sealed:
        # The count opened every sealed ballot: the tablets must show exactly the plaintexts.
        counted = await asyncio.to_thread(
            stack.env.setup_step, "voting", payload={"action": "count", "poll_id": poll_id}
        )
        final = {c: counted["counts"].get(c, 0) for c, _ in CHOICES}
        expected = {c: sum(1 for b in confirmed if b.code == c) for c, _ in CHOICES}
        lost += sum(abs(expected[c] - final[c]) for c in expected)
    try:
        await fleet.wait_state(
            shows_tally(poll_id, final, recorded, "closed")
            if final is not None
            else shows_state(poll_id, "closed"),
            timeout=30,
        )
    except TimeoutError as exc:
        errors.append(f"the close did not reach every tablet: {exc}")
        shown_right = False
    first_tap = min(o.sent_at for o in outcomes)
    late, resyncs = fleet.order_report()
    return Burst(
        sent=len(ballots),
        confirmed=len(confirmed),
        retried=sum(1 for o in outcomes if o.attempts > 1),
        recorded=recorded,
        doubled=counted["doubled"],
        lost=lost,
        tap_ms=[(o.answered_at - o.sent_at) * 1000 for o in outcomes],
        all_answered_ms=(max(o.answered_at for o in outcomes) - first_tap) * 1000,
        tally_ms=tally_ms,
        shown_right=shown_right and len(tally_ms) == len(fleet.tablets),
        errors=errors,
        seal_ms=seal_ms if sealed else [],
        close_ms=close_ms,
        late=late,
        resyncs=resyncs,
        tablets=len(tally_ms),
    )
