"""The secret path through the ballot box: a key at the opening, one count at the close.

Both run inside the caller's transaction with the poll row locked. A box that is down,
refuses, or lost the poll's key raises ActionRefused with the box's reason, so the
opening or the close rolls back whole: no poll is opened without a signed key, and no
result is frozen from a wrong count.
"""

import random
import secrets

from django.utils.translation import gettext as _

from ballotbox import protocol
from sessions import live
from sessions.errors import ActionRefused
from voting import ballot_box, events, sealing
from voting.models import Ballot, Poll, SealedBallot


class BoxKeyGone(ActionRefused):
    """The box holds no key for the poll: the close is refused, and the chair may void it."""


# A sealed box adds 48 bytes to the plaintext; base64 then grows it by a third.
MIN_CIPHERTEXT_CHARS = 64


def attach_key(poll: Poll) -> list[str]:
    """Ask the box for the poll's key; return the fields to save."""
    poll.box_poll_id = f"{poll.pk}-{secrets.token_hex(8)}"
    try:
        signed = ballot_box.poll_key(poll.box_poll_id)
    except ballot_box.BallotBoxError as error:
        raise ActionRefused(error.message) from None
    poll.box_key_document = signed.document
    poll.box_key_signature = signed.signature
    return ["box_poll_id", "box_key_document", "box_key_signature"]


def check_ciphertext(ciphertext: str) -> str:
    ciphertext = ciphertext.strip()
    try:
        valid = (
            MIN_CIPHERTEXT_CHARS <= len(ciphertext) <= protocol.MAX_CIPHERTEXT_CHARS
            and len(protocol.unb64(ciphertext)) > 48
        )
    except ValueError:
        valid = False
    if not valid:
        raise ActionRefused(
            _("The tablet sent a ballot that is not sealed: reload the page and vote again.")
        )
    return ciphertext


def unseal(poll: Poll) -> int:
    """Have the box count the poll; write its plain ballots; return how many were invalid."""
    ciphertexts = list(SealedBallot.objects.filter(poll=poll).values_list("ciphertext", flat=True))
    try:
        signed = ballot_box.count(poll.box_poll_id, ciphertexts)
    except ballot_box.BallotBoxError as error:
        if error.code == "key_gone":
            raise BoxKeyGone(
                f"{error.message} {_('Void the vote, with the reason, to go on.')}"
            ) from None
        raise ActionRefused(error.message) from None
    options = poll.options.all()
    form = sealing.BallotForm(
        kind=poll.kind, option_ids=frozenset(str(o.pk) for o in options), seats=poll.seats
    )
    choices = [sealing.read(p, form) for p in signed.parsed["plaintexts"]]
    valid = [c for c in choices if c is not None]
    # The box shuffled already; shuffling again costs nothing and trusts nobody's order.
    random.SystemRandom().shuffle(valid)
    Ballot.objects.bulk_create(Ballot(poll=poll, secret=True, choices=c) for c in valid)
    poll.count_document = signed.document
    poll.count_signature = signed.signature
    return len(choices) - len(valid)


def publish_count(poll: Poll) -> None:
    """Tell the tablets the signed list is there; each checks its own token in it."""
    live.publish(poll.sitting, events.POLL_COUNTED, {"poll_id": poll.pk})
