"""The bench's lean WebSocket reader: frames cut right, order and resyncs counted right."""

import asyncio
import struct
import time

from bench.lean import GAP_WAIT_S, LeanTablet, _Protocol
from bench.tablets import Fleet


def frame(payload: bytes, opcode: int = 0x1, fin: bool = True) -> bytes:
    """A server frame (unmasked), with the length encodings of RFC 6455 section 5.2."""
    first = (0x80 if fin else 0) | opcode
    n = len(payload)
    if n < 126:
        return bytes([first, n]) + payload
    if n < 1 << 16:
        return bytes([first, 126]) + struct.pack("!H", n) + payload
    return bytes([first, 127]) + struct.pack("!Q", n) + payload


def event(seq: int, pad: int = 0) -> bytes:
    return b'{"type":"event","event":"agenda","seq":%d,"regions":{"x":"%s"}}' % (seq, b"a" * pad)


class FakeTransport:
    def __init__(self) -> None:
        self.written: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.written.append(data)

    def is_closing(self) -> bool:
        return False


def connected(fleet: Fleet | None = None) -> tuple[LeanTablet, _Protocol, FakeTransport]:
    tablet = LeanTablet(["ws://127.0.0.1:1"], "/ws/", None, fleet=fleet)
    protocol = _Protocol(tablet)
    transport = FakeTransport()
    protocol.transport = transport  # type: ignore[assignment]
    protocol.data_received(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n")
    protocol.data_received(frame(b'{"type":"snapshot","seq":4,"regions":{}}'))
    return tablet, protocol, transport


def test_frames_of_every_length_split_anywhere_are_read_once_each():
    async def scenario() -> None:
        fleet = Fleet(lean=True)
        tablet, protocol, _ = connected(fleet)
        fleet.tablets.append(tablet)
        stream = frame(event(5)) + frame(event(6, pad=300)) + frame(event(7, pad=70_000))
        for i in range(0, len(stream), 97):  # TCP cuts where it likes
            protocol.data_received(stream[i : i + 97])
        assert tablet.first_seq == 4
        assert dict(tablet.received) == {5: 1, 6: 1, 7: 1}
        assert tablet.missing(7) == [] and tablet.doubled() == []
        assert all(len(fleet.arrivals[seq]) == 1 for seq in (5, 6, 7))

    asyncio.run(scenario())


def test_a_doubled_event_counts_once_toward_distinct_tablets_and_once_as_doubled():
    async def scenario() -> None:
        fleet = Fleet(lean=True)
        tablet, protocol, _ = connected(fleet)
        fleet.tablets.append(tablet)
        protocol.data_received(frame(event(5)) + frame(event(5)))
        assert tablet.doubled() == [5]
        assert len(fleet.arrivals[5]) == 1

    asyncio.run(scenario())


def test_fragments_are_joined_and_pings_answered_with_a_masked_pong():
    async def scenario() -> None:
        tablet, protocol, transport = connected()
        whole = event(5)
        protocol.data_received(frame(whole[:10], fin=False) + frame(b"ping!", opcode=0x9))
        protocol.data_received(frame(whole[10:], opcode=0x0))
        assert tablet.received[5] == 1
        pong = transport.written[-1]
        assert pong[0] == 0x8A and pong[1] == 0x80 | 5
        mask, body = pong[2:6], pong[6:]
        assert bytes(b ^ mask[i % 4] for i, b in enumerate(body)) == b"ping!"

    asyncio.run(scenario())


def test_out_of_order_arrivals_and_the_resyncs_live_js_would_make_are_counted():
    async def scenario() -> None:
        tablet, _protocol, _ = connected()
        now = time.perf_counter()
        tablet.on_message(event(6), now)  # 5 missing
        tablet.on_message(event(5), now + 0.01)  # filled in time: no resync
        tablet.on_message(event(8), now + 0.02)  # 7 missing
        tablet.on_message(event(7), now + 0.02 + GAP_WAIT_S + 0.1)  # too late: a resync
        tablet.on_message(event(10), time.perf_counter() - GAP_WAIT_S - 1)  # 9 never comes
        assert tablet.out_of_order == 2
        assert tablet.gaps == 3
        assert tablet.resyncs == 1
        assert tablet.unhealed() == 1

    asyncio.run(scenario())


def test_a_refused_handshake_fails_the_open():
    async def scenario() -> None:
        tablet = LeanTablet(["ws://127.0.0.1:1"], "/ws/", None)
        protocol = _Protocol(tablet)
        protocol.data_received(b"HTTP/1.1 403 Forbidden\r\n\r\n")
        assert isinstance(protocol.handshake.exception(), ConnectionError)

    asyncio.run(scenario())


def test_a_state_tracking_tablet_keeps_the_newer_tally_as_live_js_does():
    from bench.tablets import Tablet

    tablet = Tablet(["ws://127.0.0.1:1"], "/ws/", None, track_state=True)
    tablet.regions = {"poll-tally": '<section data-version="7">7 votes</section>'}
    tablet._swap({"poll-tally": '<section data-version="5">5 votes</section>'})
    assert "7 votes" in tablet.regions["poll-tally"]
    tablet._swap({"poll-tally": '<section data-version="8">8 votes</section>', "other": "x"})
    assert tablet.regions == {"poll-tally": '<section data-version="8">8 votes</section>'}
