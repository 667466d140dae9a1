"""A lean RFC 6455 reader for the bench's tablets: the fan-out's receiving side.

The `websockets` client costs a tablet 10-18 ms per 500 frames on this machine, about as
much as the server it measures (issue 19), so a ratio against the floor said more about the
client than about the app. This reader does the least a tablet can: one asyncio Protocol,
the handshake written by hand, server frames (never masked) cut out of one buffer, the
`seq` read from the frame's head by a regex on bytes, pings answered. The app's tablets
and the floor's use this same class, on the same loop and clock, so the client costs the
same on both sides of a ratio.

Arrival time is the moment the bytes reached this process (`data_received`), taken once
per read: every frame in one read arrived together.
"""

import asyncio
import base64
import contextlib
import os
import re
import struct
import time
import urllib.parse
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.tablets import Fleet

_SEQ = re.compile(rb'"seq":(\d+|null)')
_SENT_AT = re.compile(rb'"sent_at":([\d.]+)')
_EVENT = re.compile(rb'"event":"([\w.]+)"')
_HEAD = 160
# live.js holds an event that came before a missing number this long, then resyncs.
GAP_WAIT_S = 0.4


def _masked(opcode: int, payload: bytes) -> bytes:
    """A client frame (clients must mask): pongs and the close, always short."""
    mask = os.urandom(4)
    body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + body


class _Protocol(asyncio.Protocol):
    def __init__(self, tablet: "LeanTablet") -> None:
        self.tablet = tablet
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.upgraded = False
        self.handshake: asyncio.Future = asyncio.get_running_loop().create_future()
        self.closed: asyncio.Future = asyncio.get_running_loop().create_future()
        self.fragments: list[bytes] = []

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.handshake.done():
            self.handshake.set_exception(ConnectionError("closed during the handshake"))
        if not self.closed.done():
            self.closed.set_result(None)

    def data_received(self, data: bytes) -> None:
        at = time.perf_counter()
        self.buffer += data
        if not self.upgraded:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            status = bytes(self.buffer[: self.buffer.find(b"\r\n")])
            del self.buffer[: end + 4]
            if b" 101 " not in status + b" ":
                self.handshake.set_exception(ConnectionError(status.decode(errors="replace")))
                return
            self.upgraded = True
            self.handshake.set_result(None)
        self._frames(at)

    def _frames(self, at: float) -> None:
        buf = self.buffer
        start = 0
        while len(buf) - start >= 2:
            b0, b1 = buf[start], buf[start + 1]
            length = b1 & 0x7F
            head = 2
            if length == 126:
                if len(buf) - start < 4:
                    break
                (length,) = struct.unpack_from("!H", buf, start + 2)
                head = 4
            elif length == 127:
                if len(buf) - start < 10:
                    break
                (length,) = struct.unpack_from("!Q", buf, start + 2)
                head = 10
            if len(buf) - start < head + length:
                break
            payload = bytes(buf[start + head : start + head + length])
            start += head + length
            self._frame(b0 & 0x80, b0 & 0x0F, payload, at)
        if start:
            del buf[:start]

    def _frame(self, fin: int, opcode: int, payload: bytes, at: float) -> None:
        if opcode == 0x9:  # ping
            if self.transport is not None:
                self.transport.write(_masked(0xA, payload[:125]))
            return
        if opcode == 0x8:  # close: answer it, the server closes the TCP connection
            if self.transport is not None and not self.transport.is_closing():
                self.transport.write(_masked(0x8, payload[:2]))
            return
        if opcode in (0x1, 0x2, 0x0):
            self.fragments.append(payload)
            if fin:
                message = b"".join(self.fragments)
                self.fragments = []
                self.tablet.on_message(message, at)


class LeanTablet:
    """A tablet that only notes when each numbered event arrived (see the module doc)."""

    def __init__(
        self,
        addresses: list[str],
        path: str,
        cookie: str | None,
        *,
        fleet: "Fleet | None" = None,
        name: str = "",
        **_ignored: object,
    ) -> None:
        self.addresses = list(addresses)
        self.path = path
        self.cookie = cookie
        self.fleet = fleet
        self.name = name
        self.protocol: _Protocol | None = None
        self.first_seq: int | None = None
        self.last_seq: int | None = None  # the highest number seen
        self.received: Counter[int] = Counter()
        self.snapshots = 0
        self.out_of_order = 0  # arrived after a higher number
        self.gaps = 0
        # missing seq -> when the tablet noticed it missing (a later number arrived)
        self.holes: dict[int, float] = {}
        self.resyncs = 0  # holes live.js would not have waited out (filled > 400 ms or never)
        self.snapshot_seen = asyncio.Event()

    async def open(self, *, timeout: float = 30) -> None:
        await asyncio.wait_for(self._open(), timeout)

    async def _open(self) -> None:
        parts = urllib.parse.urlsplit(self.addresses[0])
        host, port = parts.hostname or "127.0.0.1", parts.port or 80
        loop = asyncio.get_running_loop()
        _transport, protocol = await loop.create_connection(lambda: _Protocol(self), host, port)
        self.protocol = protocol
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [
            f"GET {self.path} HTTP/1.1",
            f"Host: {host}:{port}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {key}",
            "Sec-WebSocket-Version: 13",
            f"Origin: http://{host}:{port}",
        ]
        if self.cookie:
            lines.append(f"Cookie: sessionid={self.cookie}")
        assert protocol.transport is not None
        protocol.transport.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        await protocol.handshake
        await self.snapshot_seen.wait()

    def on_message(self, raw: bytes, at: float) -> None:
        head = raw[:_HEAD]
        if head.startswith(b'{"type":"snapshot"'):
            match = _SEQ.search(head) or _SEQ.search(raw)
            seq = int(match.group(1)) if match and match.group(1) != b"null" else 0
            self.last_seq = seq if self.last_seq is None else max(self.last_seq, seq)
            if self.first_seq is None:
                self.first_seq = seq
            self.snapshots += 1
            self.snapshot_seen.set()
            return
        if not head.startswith(b'{"type":"event"'):
            return
        match = _SEQ.search(head)
        if match is None or match.group(1) == b"null":
            sent = _SENT_AT.search(head)
            name = _EVENT.search(head)
            if sent and name and self.fleet is not None:
                self.fleet.arrived_unnumbered(
                    name.group(1).decode(), float(sent.group(1)) / 1000, at, raw.decode(), self
                )
            return
        seq = int(match.group(1))
        self.received[seq] += 1
        if self.fleet is not None:
            if self.fleet.sample_frame is None:
                self.fleet.sample_frame = raw.decode()
            if seq not in self.fleet.sent_at and (sent := _SENT_AT.search(head)):
                self.fleet.sent_at[seq] = float(sent.group(1)) / 1000
            self.fleet.arrived(seq, at, self)
        self._order(seq, at)

    def _order(self, seq: int, at: float) -> None:
        last = self.last_seq
        if last is None or seq > last:
            if last is not None and seq != last + 1:
                self.gaps += 1
                for missing in range(last + 1, seq):
                    self.holes[missing] = at
            self.last_seq = seq
            return
        self.out_of_order += 1
        noticed = self.holes.pop(seq, None)
        if noticed is not None and at - noticed > GAP_WAIT_S:
            self.resyncs += 1

    def unhealed(self) -> int:
        """Holes still open now, older than live.js waits: each would have been a resync."""
        now = time.perf_counter()
        return sum(1 for noticed in self.holes.values() if now - noticed > GAP_WAIT_S)

    def missing(self, up_to: int) -> list[int]:
        start = (self.first_seq or 0) + 1
        return [seq for seq in range(start, up_to + 1) if not self.received[seq]]

    def doubled(self) -> list[int]:
        return [seq for seq, count in self.received.items() if count > 1]

    async def close(self) -> None:
        protocol = self.protocol
        if protocol is None or protocol.transport is None:
            return
        if not protocol.transport.is_closing():
            protocol.transport.write(_masked(0x8, struct.pack("!H", 1000)))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(protocol.closed), 3)
        protocol.transport.close()
