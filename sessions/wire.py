"""A broadcast frame framed once and written straight to each Daphne socket.

Measured inside Daphne (py-spy, 500 tablets): handing one frame to a tablet through the
ASGI `send` cost about 50 µs, spent in Channels' session wrapper (which inspects the
session on every send), Daphne's reply dispatch, UTF-8 encoding and autobahn framing it
again for every socket. Autobahn has a public API for exactly this case, a
PreparedMessage framed once and written to many connections. To reach it the consumer
needs Daphne's protocol object; `WireFrames`, outermost on the WebSocket route, finds it
behind Daphne's `send` and puts it in the scope.

Anything else (another ASGI server, Channels' test communicator, a socket that is
closing) gets None or False here, and the consumer sends the usual ASGI way.
"""

from functools import partial
from typing import Any


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
    protocol.sendPreparedMessage(prepared)
    return True
