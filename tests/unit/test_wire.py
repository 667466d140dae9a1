"""Broadcast frames framed once and sent at once; refused on a closing socket, queued in order."""

import socket
from functools import partial

import pytest
from autobahn.websocket.protocol import PreparedMessage
from twisted.internet import tcp

from sessions.wire import daphne_protocol, write_now, write_prepared


class Factory:
    def __init__(self) -> None:
        self.prepared = 0

    def prepareMessage(self, payload: bytes) -> PreparedMessage:
        self.prepared += 1
        return PreparedMessage(payload, False, False, False)


class Transport:
    def __init__(self, wire: list[bytes]) -> None:
        self.write = wire.append


class Protocol:
    STATE_OPEN, STATE_CLOSING = 3, 4

    def __init__(self, factory: Factory) -> None:
        self.factory = factory
        self.state = self.STATE_OPEN
        self.wire: list[bytes] = []
        self.transport = Transport(self.wire)
        self.send_queue: list[tuple[bytes, bool]] = []  # autobahn's own pending frames
        self.through_autobahn: list[bytes] = []

    def sendPreparedMessage(self, prepared: PreparedMessage) -> None:
        self.through_autobahn.append(prepared.payloadHybi)


class Server:
    async def handle_reply(self, protocol, message):  # Daphne's signature
        raise AssertionError("not used")


def test_the_protocol_is_found_behind_daphnes_send_and_nowhere_else():
    protocol = Protocol(Factory())
    assert daphne_protocol(partial(Server().handle_reply, protocol)) is protocol
    assert daphne_protocol(partial(Server().handle_reply, object())) is None
    assert daphne_protocol(lambda message: None) is None


def test_one_event_is_framed_once_for_every_socket_as_a_text_frame():
    factory = Factory()
    sockets = [Protocol(factory) for _ in range(3)]
    message = {"type": "live.event", "frames": {"vi:room": "{}"}}
    frame = '{"event":"agenda","title":"Kỳ họp"}'

    assert all(write_prepared(s, message, "vi:room", frame) for s in sockets)

    assert factory.prepared == 1
    payload = frame.encode()
    expected = bytes([0x81, len(payload)]) + payload  # FIN + text opcode, unmasked
    assert [s.wire for s in sockets] == [[expected]] * 3


def test_a_frame_waits_behind_frames_autobahn_still_holds():
    protocol = Protocol(Factory())
    protocol.send_queue.append((b"pending", True))

    assert write_prepared(protocol, {}, "vi:room", "{}")

    assert protocol.wire == [] and len(protocol.through_autobahn) == 1


def test_a_closing_socket_is_left_to_the_asgi_path():
    socket = Protocol(Factory())
    socket.state = socket.STATE_CLOSING
    assert write_prepared(socket, {}, "vi:room", "{}") is False
    assert socket.wire == []


class Reactor:
    """What a Twisted transport asks of its reactor: to be told when it can write."""

    def __init__(self) -> None:
        self.writers: list[object] = []

    def addWriter(self, writer: object) -> None:
        if writer not in self.writers:  # as real reactors do
            self.writers.append(writer)

    def removeWriter(self, writer: object) -> None:
        self.writers.remove(writer)


@pytest.fixture
def tcp_pair():
    """A real Twisted TCP transport on one end of a socket pair, the tablet on the other."""
    server_end, tablet_end = socket.socketpair()
    reactor = Reactor()
    transport = tcp.Connection(server_end, protocol=None, reactor=reactor)  # type: ignore[arg-type]
    transport.connected = True
    tablet_end.settimeout(2)
    yield transport, reactor, tablet_end
    server_end.close()
    tablet_end.close()


def test_a_frame_leaves_at_once_when_twisted_holds_nothing_for_the_socket(tcp_pair):
    transport, reactor, tablet = tcp_pair

    write_now(transport, b"frame")

    assert tablet.recv(100) == b"frame"
    assert reactor.writers == []  # no loop turn needed


def test_a_frame_queues_behind_bytes_twisted_has_not_sent_yet(tcp_pair):
    transport, reactor, tablet = tcp_pair
    transport.write(b"first,")  # Twisted queues it until the reactor says writable

    write_now(transport, b"second")

    assert reactor.writers == [transport]
    tablet.setblocking(False)
    with pytest.raises(BlockingIOError):
        tablet.recv(100)  # "second" did not jump the queue
    transport.doWrite()
    tablet.settimeout(2)
    assert tablet.recv(100) == b"first,second"


def test_what_a_full_socket_does_not_take_is_left_to_twisted(tcp_pair):
    transport, reactor, tablet = tcp_pair
    frame = b"x" * (8 << 20)  # far more than the socket buffers hold

    write_now(transport, frame)

    assert reactor.writers == [transport]
    received = bytearray()
    while len(received) < len(frame):
        if reactor.writers:
            transport.doWrite()  # what the loop does when the socket is writable again
        received += tablet.recv(1 << 20)
    assert bytes(received) == frame
    assert reactor.writers == []


def test_a_closing_transport_is_left_to_twisted(tcp_pair):
    transport, reactor, _tablet = tcp_pair
    transport.disconnecting = True

    write_now(transport, b"frame")

    assert reactor.writers == [transport]
