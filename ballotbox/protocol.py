"""What the ballot box signs, and how anyone checks it. No Django, no I/O.

The box signs byte strings it wrote itself (a JSON document) and hands out the document
verbatim beside its signature, so nobody has to re-serialise JSON the same way to check
it: the tablet, the app and a recounting citizen verify the exact bytes, then parse them.

Crypto is libsodium's (PyNaCl here, libsodium-wrappers on the tablet): Ed25519 detached
signatures under the main key, and sealed boxes (X25519 + XSalsa20-Poly1305) to a poll key.
"""

import base64
import hashlib
import json
import re
from collections.abc import Iterable
from typing import Any

import nacl.exceptions
import nacl.signing

POLL_KEY_KIND = "council-ballot-box/poll-key/1"
COUNT_KIND = "council-ballot-box/count/1"
POLL_ID = re.compile(r"^[A-Za-z0-9._-]{1,80}$")
# A plaintext is {"choices": ..., "token": ...}: small. Anything longer is not a ballot.
MAX_CIPHERTEXT_CHARS = 4096
MAX_BALLOTS = 100_000
# GET /polls/<poll>/status answers one of these. Counted: a retried close gets the same count.
STATUS_KEY_PRESENT = "key_present"
STATUS_KEY_GONE = "key_gone"
STATUS_COUNTED = "counted"


class NotAuthentic(ValueError):
    """A document whose signature does not verify against the main key, or of the wrong kind."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def dump(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def ciphertexts_digest(ciphertexts: Iterable[str]) -> str:
    """The same for the same ballots in any order: the box's memory of what it counted."""
    return hashlib.sha256("\n".join(sorted(ciphertexts)).encode("ascii")).hexdigest()


def verify(document: str, signature: str, main_public_key: str, kind: str) -> dict[str, Any]:
    """The parsed document if ``signature`` is the main key's over its exact bytes."""
    try:
        key = nacl.signing.VerifyKey(unb64(main_public_key))
        key.verify(document.encode("utf-8"), unb64(signature))
        parsed = json.loads(document)
    except (nacl.exceptions.BadSignatureError, ValueError, TypeError) as error:
        raise NotAuthentic(str(error) or "bad signature") from None
    if not isinstance(parsed, dict) or parsed.get("kind") != kind:
        raise NotAuthentic("not a document of this kind")
    return parsed
