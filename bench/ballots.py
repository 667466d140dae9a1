"""Delegates casting ballots over HTTP, and reading the tally a tablet shows.

`cast_ballots` is what 500 tablets do when the chair opens a vote: each POSTs its choice to
/polls/<id>/ballot/ with its own session cookie, CSRF token and a submission id it made
itself; a request that fails (no answer, or a 5xx) is sent once more with the SAME
submission id, to the next server the tablet knows. Run as `python -m bench.ballots`
(JSON in on stdin, JSON out) so that the voters' threads do not share a GIL with the
tablets' event loop whose arrival times are being measured; time.perf_counter is
CLOCK_MONOTONIC, the same clock in every process.
"""

import json
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any

from bench.http import Device

# The poll-tally / screen-tally region (templates/voting/_partials/poll_tally.html).
_ROOT = re.compile(r'data-version="(\d+)" data-poll-id="(\d*)" data-state="(\w*)"')
_CAST = re.compile(r'data-cast="(\d+)"')
_ROW = re.compile(r'class="tally-row tally-(\w+)[^"]*".*?data-votes="(\d+)"', re.DOTALL)


@dataclass(frozen=True)
class Tally:
    version: int
    poll_id: int | None
    state: str
    cast: int | None
    counts: dict[str, int]


_parsed: dict[str, Tally | None] = {}


def parse_tally(html: str | None) -> Tally | None:
    """The numbers a tally region shows (cached: 500 tablets hold the same HTML)."""
    if not html:
        return None
    if html in _parsed:
        return _parsed[html]
    root = _ROOT.search(html)
    tally = None
    if root:
        cast = _CAST.search(html)
        tally = Tally(
            version=int(root.group(1)),
            poll_id=int(root.group(2)) if root.group(2) else None,
            state=root.group(3),
            cast=int(cast.group(1)) if cast else None,
            counts={code: int(votes) for code, votes in _ROW.findall(html)},
        )
    if len(_parsed) > 10_000:
        _parsed.clear()
    _parsed[html] = tally
    return tally


@dataclass
class Ballot:
    cookies: dict[str, str]  # sessionid and csrftoken
    choice: int  # the option's id
    submission_id: str
    bases: list[str]  # the servers this tablet knows, its own first
    code: str = ""  # yes / no / abstain, for the expected tally


@dataclass
class Outcome:
    status: int | None = None  # the last answer's status, None if no answer at all
    attempts: int = 0
    sent_at: float = 0.0
    answered_at: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def confirmed(self) -> bool:
        return self.status == 200


def cast_one(ballot: Ballot, poll_id: int, *, attempts: int = 2) -> Outcome:
    outcome = Outcome(sent_at=time.perf_counter())
    for attempt in range(attempts):
        device = Device(ballot.bases[attempt % len(ballot.bases)])
        device.cookies = dict(ballot.cookies)
        outcome.attempts += 1
        try:
            status, body = device.request(
                "POST",
                f"/voting/polls/{poll_id}/ballot/",
                form={"choice": str(ballot.choice), "submission_id": ballot.submission_id},
                headers={"X-CSRFToken": ballot.cookies.get("csrftoken", ""), "HX-Request": "true"},
            )
        except OSError as exc:  # refused, reset, timed out: no answer
            outcome.status = None
            outcome.errors.append(f"{type(exc).__name__}: {exc}")
        else:
            outcome.status = status
            if status == 200:
                break
            text = body.decode(errors="replace")
            title = re.search(r"<title>(.*?)</title>", text, re.DOTALL)
            summary = (title.group(1) if title else text[:120]).split()
            outcome.errors.append(f"{status}: {' '.join(summary)}")
            if status < 500:  # refused by the app (409/403): a retry changes nothing
                break
    outcome.answered_at = time.perf_counter()
    return outcome


def cast_ballots(
    ballots: list[Ballot],
    poll_id: int,
    *,
    spread: float = 2.0,
    workers: int | None = None,
    start_at: float | None = None,
) -> list[Outcome]:
    """Every ballot once (retried once on failure), their sends spread evenly over `spread` s.

    One thread per tablet by default: tablets do not wait for each other's answers, so a
    slow server sees the requests pile up as it would in the hall.
    """
    start = start_at if start_at is not None else time.perf_counter()
    step = spread / max(len(ballots), 1)
    outcomes: list[Outcome | None] = [None] * len(ballots)
    lock = threading.Lock()

    def one(index: int) -> None:
        delay = start + index * step - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        result = cast_one(ballots[index], poll_id)
        with lock:
            outcomes[index] = result

    with ThreadPoolExecutor(max_workers=workers or max(len(ballots), 1)) as pool:
        for future in [pool.submit(one, i) for i in range(len(ballots))]:
            future.result()
    return [o for o in outcomes if o is not None]


def main() -> None:
    request = json.load(sys.stdin)
    ballots = [Ballot(**b) for b in request["ballots"]]
    outcomes = cast_ballots(
        ballots,
        request["poll_id"],
        spread=request.get("spread", 2.0),
        workers=request.get("workers"),
        start_at=request.get("start_at"),
    )
    json.dump([asdict(o) for o in outcomes], sys.stdout)


def outcomes_from(data: list[dict[str, Any]]) -> list[Outcome]:
    return [Outcome(**o) for o in data]


if __name__ == "__main__":
    main()
