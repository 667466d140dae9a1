"""The box's keys on its own disk: a main signing key and one key pair per open secret poll.

Layout of the folder (created 0700, files 0600):

- ``main.key``: the Ed25519 seed of the main signing key;
- ``polls/<poll>.key``: the X25519 private key of an open poll, destroyed at the count;
- ``polls/<poll>.count.json``: the signed count, kept so that a retried count (the app's
  transaction failed after the box answered) gets the same answer, and a different set
  of ballots is refused.

Every write goes to a temporary file that is flushed and renamed, so a box killed at any
moment restarts with either the old state or the new one.
"""

import json
import os
import random
import threading
from pathlib import Path
from typing import Any

import nacl.exceptions
import nacl.public
import nacl.signing

from ballotbox import protocol


class VaultError(Exception):
    status = 400
    code = "bad_request"


class KeyGone(VaultError):
    status = 410
    code = "key_gone"


class AlreadyCounted(VaultError):
    status = 409
    code = "already_counted"


def _write(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temporary, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _destroy(path: Path) -> None:
    """Overwrite, then unlink. On flash storage the old blocks may survive: see README."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with open(path, "r+b") as handle:
        handle.write(os.urandom(size))
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()


class Vault:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.polls = folder / "polls"
        self.polls.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(folder, 0o700)
        self._lock = threading.Lock()
        main = folder / "main.key"
        if not main.exists():
            _write(main, bytes(nacl.signing.SigningKey.generate()))
        self._signer = nacl.signing.SigningKey(main.read_bytes())

    @property
    def main_public_key(self) -> str:
        return protocol.b64(bytes(self._signer.verify_key))

    def _sign(self, document: dict[str, Any]) -> dict[str, str]:
        text = protocol.dump(document)
        signature = self._signer.sign(text.encode("utf-8")).signature
        return {"document": text, "signature": protocol.b64(signature)}

    def _paths(self, poll: str) -> tuple[Path, Path]:
        if not protocol.POLL_ID.match(poll):
            raise VaultError("bad poll id")
        return self.polls / f"{poll}.key", self.polls / f"{poll}.count.json"

    def poll_key(self, poll: str) -> dict[str, str]:
        """The poll's public key signed by the main key; made on the first call."""
        key_path, count_path = self._paths(poll)
        with self._lock:
            if count_path.exists():
                raise AlreadyCounted("this poll was counted: its key is destroyed")
            if not key_path.exists():
                _write(key_path, bytes(nacl.public.PrivateKey.generate()))
            private = nacl.public.PrivateKey(key_path.read_bytes())
        public = protocol.b64(bytes(private.public_key))
        return self._sign({"kind": protocol.POLL_KEY_KIND, "poll": poll, "public_key": public})

    def status(self, poll: str) -> str:
        """What the box holds for ``poll``: its key, its count, or neither (the key is gone).

        "Gone" is said of a poll the box never made a key for, too: for the app both mean
        the same, no sealed ballot of that poll can ever be opened.
        """
        key_path, count_path = self._paths(poll)
        with self._lock:
            if count_path.exists():
                return protocol.STATUS_COUNTED
            if key_path.exists():
                return protocol.STATUS_KEY_PRESENT
            return protocol.STATUS_KEY_GONE

    def count(self, poll: str, ciphertexts: list[str]) -> dict[str, str]:
        """Decrypt once, shuffle, sign, destroy the key. The same ballots again: same answer."""
        key_path, count_path = self._paths(poll)
        if len(ciphertexts) > protocol.MAX_BALLOTS:
            raise VaultError("too many ballots")
        digest = protocol.ciphertexts_digest(ciphertexts)
        with self._lock:
            if count_path.exists():
                stored = json.loads(count_path.read_bytes())
                if stored["digest"] != digest:
                    raise AlreadyCounted("this poll was counted with other ballots")
                signed: dict[str, str] = stored["signed"]
                return signed
            if not key_path.exists():
                raise KeyGone("the ballot box holds no key for this poll")
            unsealer = nacl.public.SealedBox(nacl.public.PrivateKey(key_path.read_bytes()))
            plaintexts = [self._open(unsealer, c) for c in ciphertexts]
            random.SystemRandom().shuffle(plaintexts)
            signed = self._sign(
                {
                    "kind": protocol.COUNT_KIND,
                    "poll": poll,
                    "ballots": len(plaintexts),
                    "ciphertexts_sha256": digest,
                    "plaintexts": plaintexts,
                }
            )
            _write(count_path, json.dumps({"digest": digest, "signed": signed}).encode())
            _destroy(key_path)
            return signed

    @staticmethod
    def _open(
        unsealer: nacl.public.SealedBox[nacl.public.PrivateKey], ciphertext: str
    ) -> str | None:
        """The plaintext, or None for a ballot that is not one (counted as invalid)."""
        if not isinstance(ciphertext, str) or len(ciphertext) > protocol.MAX_CIPHERTEXT_CHARS:
            return None
        try:
            return unsealer.decrypt(protocol.unb64(ciphertext)).decode("utf-8")
        except (nacl.exceptions.CryptoError, ValueError):
            return None
