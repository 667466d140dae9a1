"""Daphne with a request body whose memory cost is bounded, whatever its size, type or sender.

Stock Daphne (through twisted.web.http.Request) costs memory in proportion to the body:
Twisted parses every multipart or urlencoded POST into `request.args` in memory before the
application sees it (a 50 MB anonymous POST to /login/ cost ~300 MB), and Daphne then reads
the whole body into its unbounded ASGI queue at once. Here, instead:

- the limit of a path (council/uploads.py) is judged from the request line, before the body
  is read: a Content-Length above it is answered 413 at once, a chunked body as soon as its
  running count passes it, and the connection is closed;
- Twisted never parses the body (requestReceived is replaced, not extended);
- the body stays in Twisted's file (a temporary file above 100 kB) and is handed to Django one
  chunk per `receive()`, so Django's own parser streams it to disk.

Twisted and Daphne are pinned exactly (pyproject.toml). The one private attribute read here is
HTTPChannel._path (the request target, known before the body); tests/council/test_bounded_http.py
checks it against the real Twisted, and without it every path gets the upload limit (still
bounded and streamed; only the early refusal of non-upload paths is lost).
"""

# Daphne installs Twisted's asyncio reactor on import: it comes before any other Twisted module.
import daphne.server  # isort:skip

import asyncio
import io
import logging
from functools import partial
from typing import Any

from daphne.cli import CommandLineInterface
from daphne.http_protocol import HTTPFactory, WebRequest
from twisted.web import http

from council.uploads import body_limit_for, upload_body_limit

logger = logging.getLogger(__name__)

# One chunk of body per receive(): Django spools it to disk as it comes.
BODY_CHUNK_BYTES = 64 * 1024

REFUSAL_TEXT = b"Request body too large for this address.\n"
REFUSAL = (
    b"HTTP/1.1 413 Content Too Large\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"Content-Length: " + str(len(REFUSAL_TEXT)).encode() + b"\r\n"
    b"Connection: close\r\n\r\n" + REFUSAL_TEXT
)


def request_target(channel: Any) -> str | None:
    """The request target of the request being read on `channel`, before its body arrives."""
    target = getattr(channel, "_path", None)  # twisted.web.http.HTTPChannel, pinned
    return target.decode("latin-1") if isinstance(target, bytes) else None


class BoundedRequest(WebRequest):
    body_limit = 0
    body_received = 0
    refused = False
    body_file: Any = None

    def gotLength(self, length: int | None) -> None:
        target = request_target(self.channel)
        self.body_limit = upload_body_limit() if target is None else body_limit_for(target)
        if length is not None and length > self.body_limit:
            self.content = io.BytesIO()
            self.refuse(target)
            return
        # Twisted's choice: in memory under 100 kB, else a temporary file (chunked too).
        super().gotLength(length)

    def handleContentChunk(self, data: bytes) -> None:
        if self.refused:
            return
        self.body_received += len(data)
        if self.body_received > self.body_limit:
            self.refuse(request_target(self.channel))
            return
        super().handleContentChunk(data)

    def refuse(self, target: str | None) -> None:
        """Answer 413 and close, without reading the rest of the body."""
        self.refused = True
        logger.warning("413: body over %d bytes for %s refused", self.body_limit, target or "?")
        transport: Any = getattr(self.channel, "transport", None)
        if isinstance(self.channel, http.HTTPChannel) and transport is not None:
            transport.write(REFUSAL)
            transport.loseConnection()
        elif self.channel is not None:
            self.channel.loseConnection()

    def requestReceived(self, command: bytes, path: bytes, version: bytes) -> None:
        # Twisted's own version parses form bodies into self.args, in memory. Daphne never
        # reads self.args and Django parses the body itself, streaming.
        if self.refused:
            return
        self.content.seek(0, 0)
        self.args: dict[bytes, list[bytes]] = {}
        self.method, self.uri = command, path
        self.clientproto = version
        self.path = path.split(b"?", 1)[0]
        self.process()

    def process(self) -> Any:
        if self.refused:
            return None
        # Daphne would read the whole body into its queue here; it reads an empty one instead
        # and BoundedServer hands the real one to the application chunk by chunk.
        self.body_file, self.content = self.content, io.BytesIO()
        if self.requestHeaders.hasHeader(b"transfer-encoding"):
            # Django reads a body only as far as its Content-Length (none: nothing). The chunked
            # body is whole by now, so give its length; the chunking is done with.
            size = self.body_file.seek(0, io.SEEK_END)
            self.body_file.seek(0)
            self.requestHeaders.removeHeader(b"transfer-encoding")
            self.requestHeaders.setRawHeaders(b"content-length", [str(size).encode()])
        return super().process()

    def _close_body(self) -> None:
        if self.body_file is not None:
            self.body_file.close()
            self.body_file = None

    def finish(self) -> None:
        super().finish()
        self._close_body()

    def connectionLost(self, reason: Any) -> None:
        super().connectionLost(reason)
        self._close_body()


class BoundedHTTPFactory(HTTPFactory):
    def buildProtocol(self, addr: Any) -> Any:
        protocol = super().buildProtocol(addr)
        protocol.requestFactory = BoundedRequest
        return protocol


class StreamedBody(asyncio.Queue):
    """The application's input: the body read from its file on demand, then Daphne's messages.

    Daphne still puts its own (empty) body message: it is dropped, the file is the body.
    """

    def __init__(self, request: BoundedRequest) -> None:
        super().__init__()
        self.request = request
        self.body_done = False

    def put_nowait(self, item: Any) -> None:
        if item.get("type") == "http.request":
            return
        super().put_nowait(item)

    async def receive(self) -> dict[str, Any]:
        if self.body_done:
            return await self.get()
        body = self.request.body_file
        if body is None or body.closed:
            self.body_done = True
            return {"type": "http.disconnect"}
        chunk = body.read(BODY_CHUNK_BYTES)
        self.body_done = len(chunk) < BODY_CHUNK_BYTES
        return {"type": "http.request", "body": chunk, "more_body": not self.body_done}


class BoundedServer(daphne.server.Server):
    """Daphne serving BoundedRequests, the body streamed to the application."""

    @property
    def http_factory(self) -> HTTPFactory:
        return self._bounded_http_factory

    @http_factory.setter
    def http_factory(self, factory: HTTPFactory) -> None:
        # Server.run() builds daphne's own HTTPFactory: ours replaces it.
        self._bounded_http_factory = BoundedHTTPFactory(self)

    def create_application(self, protocol: Any, scope: dict[str, Any]) -> Any:
        if not isinstance(protocol, BoundedRequest):
            return super().create_application(protocol, scope)
        # As Server.create_application, with receive() reading the body file.
        assert "application_instance" not in self.connections[protocol]
        input_queue = StreamedBody(protocol)
        scope.setdefault("asgi", {"version": "3.0"})
        application_instance = self.application(
            scope=scope,
            receive=input_queue.receive,
            send=partial(self.handle_reply, protocol),
        )
        if protocol not in self.connections:
            return None
        self.connections[protocol]["application_instance"] = asyncio.ensure_future(
            application_instance, loop=asyncio.get_event_loop()
        )
        return input_queue


class BoundedCommandLineInterface(CommandLineInterface):
    server_class = BoundedServer
