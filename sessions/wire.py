"""A broadcast frame framed once and written straight to each Daphne socket.

Measured inside Daphne (py-spy, 500 tablets): handing one frame to a tablet through the
ASGI `send` cost about 50 µs, spent in Channels' session wrapper (which inspects the
session on every send), Daphne's reply dispatch, UTF-8 encoding and autobahn framing it
again for every socket. Autobahn has a public API for exactly this case, a
PreparedMessage framed once and written to many connections. To reach it the consumer
needs Daphne's protocol object; `WireFrames`, outermost on the WebSocket route, finds it
behind Daphne's `send` and puts it in the scope.

Then Twisted: its transport.write only queues the bytes and asks the reactor to watch the
socket; the bytes leave on the loop's next turn, after an epoll_ctl, a logging context and
doWrite per socket, twice the cost of the send itself (py-spy, 500 tablets). `write_now`
sends at once when nothing is queued before the frame, which is nearly always, and leaves
the rest (a full socket buffer, a TLS or other transport, a closing socket) to Twisted.

Anything else (another ASGI server, Channels' test communicator, a socket that is
closing) gets None or False here, and the consumer sends the usual ASGI way.

This reaches into private attributes of Daphne, Twisted and autobahn (pinned, with the
whole tree, in requirements.lock). Should one of them change anyway, `deliver` never lets
the exception cost a tablet its event: that frame goes the ASGI way, and so does every
later one in this process (the fast path is switched off, logged once). A frame the fast
path had half written before failing would reach the tablet twice: autobahn then closes
the socket as garbled, and the tablet reconnects and resyncs.
"""

import logging
import threading
from functools import partial
from typing import Any

from twisted.internet import tcp

logger = logging.getLogger(__name__)


class _FastPath:
    enabled = True
    announced = False
    lock = threading.Lock()


def fast_path_enabled() -> bool:
    return _FastPath.enabled


def deliver(protocol: Any, message: dict[str, Any], key: str, frame: str) -> bool:
    """write_prepared(), never raising: False means "send it the ASGI way"."""
    if not _FastPath.enabled:
        return False
    try:
        written = write_prepared(protocol, message, key, frame)
    except Exception:
        switch_off()
        return False
    if written and not _FastPath.announced:
        _FastPath.announced = True
        logger.info("live frames are written straight to Daphne's sockets (sessions/wire.py)")
    return written


def switch_off() -> None:
    """Off for the rest of this process; call from an `except` block (logs its traceback)."""
    with _FastPath.lock:
        was_on, _FastPath.enabled = _FastPath.enabled, False
    if was_on:
        logger.exception(
            "the Daphne fast path failed; live frames go through the ASGI send from now on "
            "in this process (check the pinned daphne, twisted and autobahn versions)"
        )


def daphne_protocol(send: Any) -> Any | None:
    """The autobahn protocol behind Daphne's `send` (partial(Server.handle_reply, protocol))."""
    if not isinstance(send, partial) or getattr(send.func, "__name__", "") != "handle_reply":
        return None
    protocol = send.args[0] if send.args else None
    factory = getattr(protocol, "factory", None)
    if not hasattr(protocol, "sendPreparedMessage") or not hasattr(factory, "prepareMessage"):
        return None
    return protocol


class WireFrames:
    """ASGI middleware: scope["wire"] is the socket's Daphne protocol, or None."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        return await self.inner({**scope, "wire": daphne_protocol(send)}, receive, send)


def write_prepared(protocol: Any, message: dict[str, Any], key: str, frame: str) -> bool:
    """Write `frame` as a text message; False if the socket is not open (send it the ASGI way).

    The framed bytes are kept in the message under `key`: one hub message is handed to
    every tablet of the process, so each frame is framed once per event.
    """
    if protocol.state != protocol.STATE_OPEN:
        return False
    cache = message.setdefault("prepared", {})
    prepared = cache.get(key)
    if prepared is None:
        prepared = cache[key] = protocol.factory.prepareMessage(frame.encode())
    if protocol.send_queue:
        # Autobahn holds frames of its own for this socket: keep their order.
        protocol.sendPreparedMessage(prepared)
    else:
        # An uncompressed frame, valid even where permessage-deflate was agreed.
        write_now(protocol.transport, prepared.payloadHybi)
    return True


def write_now(transport: Any, data: bytes) -> None:
    """transport.write(data), sent on the spot when Twisted has nothing queued before it."""
    if (
        isinstance(transport, tcp.Connection)
        and transport.connected
        and not transport.disconnecting
        and not transport._writeDisconnected
        and not transport._tempDataBuffer
        and transport.offset == len(transport.dataBuffer)
    ):
        sent = transport.writeSomeData(data)
        if isinstance(sent, int):  # else the connection is lost: Twisted finds out below
            if sent == len(data):
                return
            data = data[sent:]
    transport.write(data)
