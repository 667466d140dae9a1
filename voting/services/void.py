"""Voiding a sealed poll whose key the ballot box lost while it was open.

Such a poll can never be counted: its ballots are sealed to a key nobody holds. The close
is refused (voting/services/sealed.py: never a wrong count) and recorded here as
``box_key_gone_at``; the chair then voids it with a reason and may open a new vote on the
same item. A poll is voided only when the box itself confirms the key is gone: a poll the
box can still count (key present, or counted already and a retried close would get the
same list) is never voided.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ballotbox import protocol
from council import permissions
from council.audit import log_action
from council.models import Member
from sessions import live
from sessions.errors import ActionRefused, NotAllowed
from voting import ballot_box, events
from voting.models import MAX_VOID_REASON_CHARS, BallotReceipt, Poll, PollState, SealedBallot
from voting.services.common import locked_poll, tick


@transaction.atomic
def record_key_gone(poll_id: int) -> None:
    """Mark an open poll whose close the box refused for lack of its key; tell every screen.

    Its own transaction: the refused close rolled back, this note must not.
    """
    poll = locked_poll(poll_id, None)
    if not poll.is_open or poll.box_key_gone_at is not None:
        return
    sitting = poll.sitting
    poll.box_key_gone_at = timezone.now()
    poll.version = tick(sitting)
    poll.save(update_fields=["box_key_gone_at", "version"])
    log_action(
        None, "voting.poll.key_gone", poll, {"box_poll": poll.box_poll_id}, council=sitting.council
    )
    live.publish(sitting, events.POLL_KEY_GONE, {"poll_id": poll.pk, "state": poll.state})


def _clean_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ActionRefused(_("Give the reason for voiding the vote: it goes into the minutes."))
    if len(reason) > MAX_VOID_REASON_CHARS:
        raise ActionRefused(
            _("The reason is too long: at most %(max)s characters.")
            % {"max": MAX_VOID_REASON_CHARS}
        )
    return reason


@transaction.atomic
def void_poll(actor: Member, poll: Poll | int, reason: str) -> Poll:
    if not permissions.can_chair(actor):
        raise NotAllowed()
    reason = _clean_reason(reason)
    poll = locked_poll(poll, actor)  # the sitting's row first, then the poll's
    if poll.is_voided:
        raise ActionRefused(_("This vote was already voided."))
    if not poll.is_open:
        raise ActionRefused(_("Only an open vote can be voided."))
    if not poll.sealed:
        raise ActionRefused(
            _("Only a secret vote whose key the ballot box lost can be voided: close this one.")
        )
    try:
        status = ballot_box.status(poll.box_poll_id)
    except ballot_box.BallotBoxError as error:
        raise ActionRefused(error.message) from None
    if status != protocol.STATUS_KEY_GONE:
        raise ActionRefused(
            _(
                "The ballot box can still count this vote: close it instead. A vote that "
                "can be counted is never voided."
            )
        )
    sitting = poll.sitting
    now = timezone.now()
    # Unreadable without the lost key, and no one may ever try: deleted unopened. The
    # receipts stay: who took part is part of the record.
    discarded, _by_model = SealedBallot.objects.filter(poll=poll).delete()
    poll.state = PollState.VOIDED
    poll.voided_at = now
    poll.voided_by = actor
    poll.void_reason = reason
    poll.box_key_gone_at = poll.box_key_gone_at or now
    poll.version = tick(sitting)
    poll.save(
        update_fields=[
            "state",
            "voided_at",
            "voided_by",
            "void_reason",
            "box_key_gone_at",
            "version",
        ]
    )
    log_action(
        actor,
        "voting.poll.voided",
        poll,
        {
            "reason": reason,
            "receipts": BallotReceipt.objects.filter(poll=poll).count(),
            "sealed_ballots_deleted": discarded,
        },
        council=sitting.council,
    )
    live.publish(sitting, events.POLL_VOIDED, {"poll_id": poll.pk, "state": poll.state})
    return poll
