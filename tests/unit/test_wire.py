"""Broadcast frames framed once: found behind Daphne's send, refused on a closing socket."""

from functools import partial

from autobahn.websocket.protocol import PreparedMessage

from sessions.wire import daphne_protocol, write_prepared


class Factory:
    def __init__(self) -> None:
        self.prepared = 0

    def prepareMessage(self, payload: bytes) -> PreparedMessage:
        self.prepared += 1
        return PreparedMessage(payload, False, False, False)


class Protocol:
    STATE_OPEN, STATE_CLOSING = 3, 4

    def __init__(self, factory: Factory) -> None:
        self.factory = factory
        self.state = self.STATE_OPEN
        self.wire: list[bytes] = []

    def sendPreparedMessage(self, prepared: PreparedMessage) -> None:
        self.wire.append(prepared.payloadHybi)


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


def test_a_closing_socket_is_left_to_the_asgi_path():
    socket = Protocol(Factory())
    socket.state = socket.STATE_CLOSING
    assert write_prepared(socket, {}, "vi:room", "{}") is False
    assert socket.wire == []
