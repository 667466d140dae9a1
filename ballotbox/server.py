"""The box's HTTP face: loopback (or a private network) with a shared bearer token.

    GET  /health                  -> {"ok": true}               (no token: for supervisors)
    GET  /main-key                -> {"public_key": b64}
    GET  /polls/<poll>/status     -> {"poll", "status"}: key_present, key_gone or counted
    POST /polls/<poll>/key        -> {"document", "signature"}   (the poll's public key)
    POST /polls/<poll>/count      {"ciphertexts": [b64, ...]} -> {"document", "signature"}

Errors answer {"error": code, "detail": text} with 400, 401, 404, 409 or 410.
"""

import hmac
import json
import logging
import re
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ballotbox.vault import Vault, VaultError

logger = logging.getLogger("ballotbox")

MAX_BODY = 64 * 1024 * 1024
_ROUTE = re.compile(r"^/polls/([^/]+)/(key|count)$")
_STATUS_ROUTE = re.compile(r"^/polls/([^/]+)/status$")


class BoxServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], vault: Vault, token: str) -> None:
        super().__init__(address, Handler)
        self.vault = vault
        self.token = token.encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    server: BoxServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        logger.info("%s %s", self.address_string(), format % args)

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _refuse(self, status: int, code: str, detail: str = "") -> None:
        self._answer(status, {"error": code, "detail": detail})

    def _authorised(self) -> bool:
        given = self.headers.get("Authorization", "").removeprefix("Bearer ").encode("utf-8")
        if hmac.compare_digest(given, self.server.token):
            return True
        self._refuse(HTTPStatus.UNAUTHORIZED, "unauthorised")
        return False

    def do_GET(self) -> None:
        if self.path == "/health":
            self._answer(HTTPStatus.OK, {"ok": True})
        elif self.path == "/main-key":
            if self._authorised():
                self._answer(HTTPStatus.OK, {"public_key": self.server.vault.main_public_key})
        elif (status := _STATUS_ROUTE.match(self.path)) is not None:
            if not self._authorised():
                return
            poll = status.group(1)
            try:
                self._answer(
                    HTTPStatus.OK, {"poll": poll, "status": self.server.vault.status(poll)}
                )
            except VaultError as error:
                self._refuse(error.status, error.code, str(error))
        else:
            self._refuse(HTTPStatus.NOT_FOUND, "not_found")

    def do_POST(self) -> None:
        route = _ROUTE.match(self.path)
        length_text = self.headers.get("Content-Length") or "0"
        if not length_text.isdigit():
            self.close_connection = True
            self._refuse(HTTPStatus.BAD_REQUEST, "bad_request", "bad Content-Length")
            return
        length = int(length_text)
        if length > MAX_BODY:
            self.close_connection = True
            self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "too_large")
            return
        body = self.rfile.read(length)
        if not self._authorised():
            return
        if route is None:
            self._refuse(HTTPStatus.NOT_FOUND, "not_found")
            return
        poll, action = route.groups()
        try:
            if action == "key":
                self._answer(HTTPStatus.OK, self.server.vault.poll_key(poll))
                return
            ciphertexts = json.loads(body or b"{}").get("ciphertexts")
            if not isinstance(ciphertexts, list) or not all(
                isinstance(c, str) for c in ciphertexts
            ):
                raise VaultError("ciphertexts must be a list of strings")
            self._answer(HTTPStatus.OK, self.server.vault.count(poll, ciphertexts))
        except VaultError as error:
            self._refuse(error.status, error.code, str(error))
        except (ValueError, AttributeError):
            self._refuse(HTTPStatus.BAD_REQUEST, "bad_request", "not a JSON object")
