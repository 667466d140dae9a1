"""The tablet's side of a sealed ballot, in Python with PyNaCl: the same libsodium sealed box
static/js/ballot-seal.js makes with libsodium-wrappers."""

import json
import os
import secrets
from pathlib import Path

import nacl.public

from ballotbox import protocol


def poll_public_key(poll) -> str:
    return json.loads(poll.box_key_document)["public_key"]


def seal_text(poll, plaintext: str) -> str:
    box = nacl.public.SealedBox(nacl.public.PublicKey(protocol.unb64(poll_public_key(poll))))
    return protocol.b64(box.encrypt(plaintext.encode("utf-8")))


def seal(poll, selection: dict, token: str | None = None) -> tuple[str, str]:
    """(ciphertext, token) for ``selection`` (option id -> mark), as the tablet sends it."""
    token = token or secrets.token_urlsafe(24)
    choices = {str(option_id): mark for option_id, mark in selection.items()}
    plaintext = json.dumps({"choices": choices, "token": token})
    return seal_text(poll, plaintext), token


def lose_key(poll, folder: Path | None = None) -> None:
    """The box's disk loses the open poll's key (the run's box unless ``folder`` is given).

    The box reads the key file at each count, so this works on a running box."""
    folder = folder or Path(os.environ["COUNCIL_TEST_BALLOT_BOX_DIR"])
    (folder / "polls" / f"{poll.box_poll_id}.key").unlink()
