"""The app's side of the ballot box (ballotbox/, a process of its own): ask it for a poll key,
have it count a poll's sealed ballots once, and check every answer against the main key.

Every failure is a BallotBoxError with a message for the chair: the box is unreachable,
refused, holds no key for the poll any more, or answered something the main key did not
sign. The caller's transaction then rolls back, so nothing is opened or frozen on it.
"""

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from ballotbox import protocol

_main_key_cache: dict[str, str] = {}
# Pages carry the main key: a box that is down must not hold every page render for the full
# timeout, so the key is asked with a short one, and a failure is not asked again for a while.
MAIN_KEY_TIMEOUT_SECONDS = 2.0
MAIN_KEY_RETRY_SECONDS = 30.0
_main_key_failed_at: dict[str, float] = {}


class BallotBoxError(Exception):
    def __init__(self, message: str, code: str = "unavailable") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Signed:
    document: str
    signature: str
    parsed: dict[str, Any]


def _request(
    method: str, path: str, body: dict[str, Any] | None = None, *, timeout: float | None = None
) -> dict[str, Any]:
    data = json.dumps(body).encode("utf-8") if body is not None else None
    request = urllib.request.Request(  # noqa: S310 - the URL is a setting checked for http(s)
        settings.BALLOT_BOX_URL + path,
        data=data,
        method=method,
        headers={
            "Authorization": f"Bearer {settings.BALLOT_BOX_TOKEN}",
            "Content-Type": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(  # noqa: S310
            request, timeout=timeout or settings.BALLOT_BOX_TIMEOUT_SECONDS
        ) as response:
            answer: dict[str, Any] = json.loads(response.read())
            return answer
    except urllib.error.HTTPError as error:
        try:
            code = str(json.loads(error.read()).get("error", "refused"))
        except ValueError:
            code = "refused"
        raise BallotBoxError(_refusal_text(code), code) from None
    except (OSError, ValueError):
        raise BallotBoxError(
            _("The ballot box does not answer: secret votes can be neither opened nor counted.")
        ) from None


def _refusal_text(code: str) -> str:
    if code == "key_gone":
        return _(
            "The ballot box no longer holds this vote's key: its sealed ballots cannot be "
            "counted, and nothing was frozen."
        )
    if code == "already_counted":
        return _("The ballot box already counted this vote with other ballots: nothing was frozen.")
    if code == "unauthorised":
        return _("The ballot box refused the app's token: check BALLOT_BOX_TOKEN.")
    return _("The ballot box refused the request.")


def main_public_key() -> str:
    """The pinned main key if configured, otherwise the box's, asked once per process."""
    if settings.BALLOT_BOX_MAIN_KEY:
        return str(settings.BALLOT_BOX_MAIN_KEY)
    cache_key = f"{settings.BALLOT_BOX_URL} {settings.BALLOT_BOX_TOKEN}"
    if cache_key not in _main_key_cache:
        answer = _request("GET", "/main-key", timeout=MAIN_KEY_TIMEOUT_SECONDS)
        _main_key_cache[cache_key] = str(answer["public_key"])
    return _main_key_cache[cache_key]


def main_public_key_or_none() -> str | None:
    """For pages: a page renders without the key when the box is down (tablets then say so)."""
    cache_key = f"{settings.BALLOT_BOX_URL} {settings.BALLOT_BOX_TOKEN}"
    failed_at = _main_key_failed_at.get(cache_key)
    if failed_at is not None and time.monotonic() - failed_at < MAIN_KEY_RETRY_SECONDS:
        return None
    try:
        return main_public_key()
    except BallotBoxError:
        _main_key_failed_at[cache_key] = time.monotonic()
        return None


def _signed(answer: dict[str, Any], kind: str, poll: str) -> Signed:
    try:
        document, signature = str(answer["document"]), str(answer["signature"])
        parsed = protocol.verify(document, signature, main_public_key(), kind)
    except (KeyError, protocol.NotAuthentic):
        raise BallotBoxError(
            _("The ballot box's answer is not signed by its main key: nothing was done."),
            "not_authentic",
        ) from None
    if parsed.get("poll") != poll:
        raise BallotBoxError(
            _("The ballot box answered for another vote: nothing was done."), "not_authentic"
        )
    return Signed(document, signature, parsed)


def poll_key(poll: str) -> Signed:
    return _signed(_request("POST", f"/polls/{poll}/key", {}), protocol.POLL_KEY_KIND, poll)


def status(poll: str) -> str:
    """What the box holds for the poll: protocol.STATUS_KEY_PRESENT, _KEY_GONE or _COUNTED.

    Unsigned (the token authenticates the box): whoever could answer in the box's name
    could as well refuse every count, and voiding needs the chair's reason on top.
    """
    answer = _request("GET", f"/polls/{poll}/status")
    value = answer.get("status")
    known = (protocol.STATUS_KEY_PRESENT, protocol.STATUS_KEY_GONE, protocol.STATUS_COUNTED)
    if answer.get("poll") != poll or value not in known:
        raise BallotBoxError(
            _("The ballot box answered for another vote: nothing was done."), "not_authentic"
        )
    return str(value)


def count(poll: str, ciphertexts: list[str]) -> Signed:
    signed = _signed(
        _request("POST", f"/polls/{poll}/count", {"ciphertexts": ciphertexts}),
        protocol.COUNT_KIND,
        poll,
    )
    parsed = signed.parsed
    plaintexts = parsed.get("plaintexts")
    if (
        parsed.get("ciphertexts_sha256") != protocol.ciphertexts_digest(ciphertexts)
        or not isinstance(plaintexts, list)
        or len(plaintexts) != len(ciphertexts)
    ):
        raise BallotBoxError(
            _("The ballot box counted other ballots than the ones cast: nothing was frozen."),
            "not_authentic",
        )
    return signed
