"""Delegates tapping in the hall: open loop, one connection per tablet, timed from the tap.

Each delegate's tablet holds its own keep-alive HTTP connection to its server (opened
before the vote, as a browser's is after loading the room page) and sends its ballot at
its moment, whatever the others are waiting for: tap i is sent at start + i * spread / n.
A ballot is timed from that moment (for a sealed ballot: before sealing it, as the tablet
seals after the tap) to its answer, so time spent queued in the server counts, and
nothing queues in the bench. A ballot that gets no answer or a 5xx is sent once more with
the SAME submission id to the next server the tablet knows (like bench.ballots).

Run as `python -m bench.openloop` (JSON in on stdin, JSON out): its own process and loop,
so that casting does not share a GIL with the tablets whose arrivals are measured;
time.perf_counter is CLOCK_MONOTONIC, the same clock in every process.
"""

import asyncio
import json
import secrets
import sys
import time
import urllib.parse
from dataclasses import asdict
from typing import Any

from bench.ballots import Ballot, Outcome

TIMEOUT_S = 60.0


class Connection:
    """One keep-alive HTTP/1.1 connection; reopened when the server closed it."""

    def __init__(self, base: str) -> None:
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        if self.writer is None or self.writer.is_closing():
            await self.open()
        assert self.reader is not None and self.writer is not None
        head = [f"POST {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        head += [f"{k}: {v}" for k, v in headers.items()]
        head += [f"Content-Length: {len(body)}", "Connection: keep-alive"]
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        raw = await self.reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        fields = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                fields[name.strip().lower()] = value.strip()
        if "content-length" in fields:
            data = await self.reader.readexactly(int(fields["content-length"]))
        elif fields.get("transfer-encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                data += chunk[:-2]
        else:
            data = await self.reader.read()
            self.close()
        if fields.get("connection", "").lower() == "close":
            self.close()
        return status, data


def sealer(public_key: str | None):
    """PyNaCl's sealed box, the same libsodium crypto_box_seal as static/js/ballot-seal.js."""
    if not public_key:
        return None
    import nacl.public

    from ballotbox import protocol

    box = nacl.public.SealedBox(nacl.public.PublicKey(protocol.unb64(public_key)))

    def seal(choice: int) -> str:
        plaintext = json.dumps({"choices": {str(choice): "x"}, "token": secrets.token_urlsafe(24)})
        return protocol.b64(box.encrypt(plaintext.encode()))

    return seal


async def tap(
    ballot: Ballot,
    connections: list[Connection],
    poll_id: int,
    at: float,
    seal,
) -> tuple[Outcome, float]:
    delay = at - time.perf_counter()
    if delay > 0:
        await asyncio.sleep(delay)
    outcome = Outcome(sent_at=time.perf_counter())
    form = {"submission_id": ballot.submission_id}
    seal_s = 0.0
    if seal is not None:
        form["sealed"] = seal(ballot.choice)
        seal_s = time.perf_counter() - outcome.sent_at
    else:
        form["choice"] = str(ballot.choice)
    body = urllib.parse.urlencode(form).encode()
    headers = {
        "Cookie": "; ".join(f"{k}={v}" for k, v in ballot.cookies.items()),
        "X-CSRFToken": ballot.cookies.get("csrftoken", ""),
        "HX-Request": "true",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    for attempt in range(2):
        connection = connections[attempt % len(connections)]
        outcome.attempts += 1
        try:
            status, data = await asyncio.wait_for(
                connection.post(f"/voting/polls/{poll_id}/ballot/", body, headers), TIMEOUT_S
            )
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as exc:
            connection.close()
            outcome.status = None
            outcome.errors.append(f"{type(exc).__name__}: {exc}")
            continue
        outcome.status = status
        if status == 200:
            break
        text = " ".join(data.decode(errors="replace")[:200].split())
        outcome.errors.append(f"{status}: {text}")
        if status < 500:
            break
    outcome.answered_at = time.perf_counter()
    return outcome, seal_s


async def cast_open_loop(request: dict[str, Any]) -> list[dict[str, Any]]:
    ballots = [Ballot(**b) for b in request["ballots"]]
    seal = sealer(request.get("public_key"))
    per_tablet = [[Connection(base) for base in b.bases] for b in ballots]
    # Each tablet's connection to its own server is open before the vote, as after the
    # room page loaded; opened a few dozen at a time (a listen backlog is ~50).
    gate = asyncio.Semaphore(40)

    async def connect(connection: Connection) -> None:
        async with gate:
            await connection.open()

    await asyncio.gather(*(connect(c[0]) for c in per_tablet))
    start = time.perf_counter() + 0.2
    step = request.get("spread", 2.0) / max(len(ballots), 1)
    results = await asyncio.gather(
        *(
            tap(ballot, per_tablet[i], request["poll_id"], start + i * step, seal)
            for i, ballot in enumerate(ballots)
        )
    )
    for connections in per_tablet:
        for connection in connections:
            connection.close()
    return [asdict(o) | {"seal_ms": s * 1000} for o, s in results]


def main() -> None:
    request = json.load(sys.stdin)
    json.dump(asyncio.run(cast_open_loop(request)), sys.stdout)


if __name__ == "__main__":
    main()
