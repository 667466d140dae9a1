"""Casting and changing ballots.

Every ballot is decided under the poll row's lock, so a ballot racing the close either
lands before it (and is counted in the frozen result) or sees the poll closed (and is
refused). The receipt's unique (poll, member) constraint is the last word on double votes.
"""

import uuid
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from council.audit import log_action
from council.models import Member
from sessions import live
from sessions.errors import ActionRefused, NotAllowed
from voting import events
from voting.models import (
    Attendance,
    AttendanceStatus,
    Ballot,
    BallotReceipt,
    Poll,
    PollKind,
    PollOption,
    PollState,
    RatingChoice,
    SealedBallot,
)
from voting.services import sealed
from voting.services.common import locked_poll, tick
from voting.services.polls import freeze

# What a tablet sends: option id -> mark ("x", or a rating in a confidence poll).
Selection = dict[int, str]


def _normalise(poll: Poll, selection: Selection) -> tuple[dict[str, str], list[PollOption]]:
    """The choices as stored, and the poll's options (the answer names the chosen ones)."""
    options = list(poll.options.all())
    option_ids = {option.pk for option in options}
    if not set(selection) <= option_ids:
        raise ActionRefused(_("That choice is not on this ballot."))
    if poll.kind == PollKind.MOTION:
        if len(selection) != 1 or set(selection.values()) != {"x"}:
            raise ActionRefused(_("Choose one answer."))
    elif poll.kind == PollKind.ELECTION:
        if set(selection.values()) - {"x"}:
            raise ActionRefused(_("That choice is not on this ballot."))
        if len(selection) > poll.seats:
            raise ActionRefused(_("Choose at most %(seats)s candidates.") % {"seats": poll.seats})
    else:
        if set(selection) != option_ids or set(selection.values()) - set(RatingChoice.values):
            raise ActionRefused(_("Rate every official listed."))
    return {str(option_id): mark for option_id, mark in sorted(selection.items())}, options


def _remember_choices(
    receipt: BallotReceipt, choices: dict[str, str], options: list[PollOption]
) -> BallotReceipt:
    """Hand the view what the delegate chose (nothing, on a secret poll), so that its answer
    needs no query to say it (voting/personal.py, cast_context, reads ``chosen_labels``)."""
    labels = {str(option.pk): option.display_label for option in options}
    receipt.chosen_labels = [labels[option_id] for option_id in choices]  # type: ignore[attr-defined]
    return receipt


def _refuse_closed(poll: Poll) -> None:
    if poll.state == PollState.CLOSED:
        raise ActionRefused(_("This vote is closed: your ballot was not counted."))
    if poll.state == PollState.VOIDED:
        raise ActionRefused(_("This vote was voided: your ballot was not counted."))
    if poll.box_key_gone_at is not None:
        # Sealed to a key nobody holds any more: it could never be opened.
        raise ActionRefused(
            _("The ballot box has lost the key of this vote: no ballot can be counted.")
        )
    if poll.state != PollState.OPEN:
        raise ActionRefused(_("This vote has not been opened."))


def _check_entitled(actor: Member, poll: Poll) -> None:
    if not actor.is_delegate:
        raise NotAllowed(_("Only delegates vote."))
    if (
        poll.require_presence
        and not Attendance.objects.filter(
            sitting_id=poll.sitting_id, member=actor, status=AttendanceStatus.PRESENT
        ).exists()
    ):
        raise ActionRefused(_("Check in to the sitting before you vote."))


def _record(actor: Member, poll: Poll, action: str, data: dict[str, Any]) -> None:
    poll.version = tick(poll.sitting)
    poll.save(update_fields=["version"])
    log_action(actor, action, poll, data, council=poll.sitting.council)
    live.publish(
        poll.sitting,
        events.POLL_TALLY,
        {"poll_id": poll.pk, "version": poll.version},
        key=f"poll.{poll.pk}",
    )
    live.publish(poll.sitting, events.POLL_RECEIPT, {"poll_id": poll.pk}, member_id=actor.pk)


def _own_receipt(actor: Member, poll: Poll) -> BallotReceipt | None:
    return BallotReceipt.objects.filter(poll=poll, member=actor).first()


def _resent(
    actor: Member, poll: Poll, submission_id: uuid.UUID, receipt: BallotReceipt | None
) -> BallotReceipt | None:
    """The confirmation of a request the server already carried out, if this is a retry.

    ``receipt``: the actor's receipt in this poll, read once under the poll's lock."""
    if receipt is None:
        return None
    if receipt.submission_id == submission_id:
        return receipt
    if (
        not poll.secret
        and Ballot.objects.filter(poll=poll, member=actor, submission_id=submission_id).exists()
    ):
        return receipt
    return None


def _expired(poll: Poll) -> bool:
    return poll.is_open and poll.closes_at is not None and timezone.now() >= poll.closes_at


def _deadline_refusal(poll: Poll) -> ActionRefused:
    when = formats.time_format(timezone.localtime(poll.closes_at), "H:i:s")
    return ActionRefused(
        _("The vote closed at %(time)s: your ballot was not counted.") % {"time": when}
    )


def cast_ballot(
    actor: Member, poll: Poll, selection: Selection, submission_id: uuid.UUID
) -> BallotReceipt:
    """Cast (or, on a named poll that allows it, change) ``actor``'s ballot.

    A retry with the same ``submission_id`` returns the first confirmation and writes
    nothing. A ballot after the countdown closes the poll and is refused.
    """
    return _cast_in_time(
        actor,
        poll,
        submission_id,
        lambda locked, receipt: _cast_locked(actor, locked, selection, submission_id, receipt),
    )


def _cast_in_time(
    actor: Member,
    poll: Poll,
    submission_id: uuid.UUID,
    write: Callable[[Poll, BallotReceipt | None], BallotReceipt],
) -> BallotReceipt:
    """What every cast shares: the poll locked, a retry answered with its first receipt, a
    ballot after the countdown closing the poll; otherwise ``write`` on the locked poll,
    given the actor's receipt if they already voted."""
    with transaction.atomic():
        poll = locked_poll(poll, actor)
        receipt = _own_receipt(actor, poll)
        resent = _resent(actor, poll, submission_id, receipt)
        if resent is not None:
            return resent
        if _expired(poll):
            freeze(poll, None, by="countdown")
        else:
            return write(poll, receipt)
    # The close above is committed; only the late ballot is refused.
    raise _deadline_refusal(poll)


def _cast_locked(
    actor: Member,
    poll: Poll,
    selection: Selection,
    submission_id: uuid.UUID,
    receipt: BallotReceipt | None,
) -> BallotReceipt:
    _refuse_closed(poll)
    _check_entitled(actor, poll)
    if poll.sealed:
        # A plain choice must never be written in the voter's transaction (models docstring).
        raise ActionRefused(
            _("The tablet sent a ballot that is not sealed: reload the page and vote again.")
        )
    if receipt is not None:
        if poll.allow_change:
            return _change_locked(actor, poll, receipt, selection, submission_id)
        raise ActionRefused(_("You have already voted in this poll."))
    choices, options = _normalise(poll, selection)
    receipt = _write_receipt(
        actor,
        poll,
        submission_id,
        Ballot(
            poll=poll,
            member=None if poll.secret else actor,
            secret=poll.secret,
            choices=choices,
            submission_id=None if poll.secret else submission_id,
        ),
    )
    # The legal record says *that* a secret voter voted, never what.
    _record(actor, poll, "voting.ballot.cast", {} if poll.secret else {"choices": choices})
    # A secret poll's answer never names the choice.
    return _remember_choices(receipt, {} if poll.secret else choices, options)


def _write_receipt(
    actor: Member, poll: Poll, submission_id: uuid.UUID, ballot: Ballot | SealedBallot
) -> BallotReceipt:
    """The receipt and its ballot. No savepoint of their own: a constraint refusing them
    refuses the whole cast, whose transaction has written nothing before them (the locks
    and reads above write nothing), so the caller's rollback undoes exactly them."""
    try:
        receipt = BallotReceipt.objects.create(poll=poll, member=actor, submission_id=submission_id)
        ballot.save(force_insert=True)
    except IntegrityError:
        # Only reachable past the lock (or with a reused request id): the constraint holds.
        raise ActionRefused(_("You have already voted in this poll.")) from None
    return receipt


def _change_locked(
    actor: Member,
    poll: Poll,
    receipt: BallotReceipt,
    selection: Selection,
    submission_id: uuid.UUID,
) -> BallotReceipt:
    if poll.secret or not poll.allow_change:
        raise ActionRefused(_("Votes in this poll cannot be changed."))
    choices, options = _normalise(poll, selection)
    ballot = Ballot.objects.select_for_update().get(poll=poll, member=actor)
    previous = ballot.choices
    ballot.choices = choices
    ballot.submission_id = submission_id
    ballot.save(update_fields=["choices", "submission_id"])
    _record(actor, poll, "voting.ballot.changed", {"from": previous, "to": choices})
    return _remember_choices(receipt, choices, options)


def change_ballot(
    actor: Member, poll: Poll, selection: Selection, submission_id: uuid.UUID
) -> BallotReceipt:
    with transaction.atomic():
        poll = locked_poll(poll, actor)
        receipt = _own_receipt(actor, poll)
        resent = _resent(actor, poll, submission_id, receipt)
        if resent is not None:
            return resent
        if _expired(poll):
            freeze(poll, None, by="countdown")
        else:
            _refuse_closed(poll)
            _check_entitled(actor, poll)
            if receipt is None:
                raise ActionRefused(_("You have not voted in this poll yet."))
            return _change_locked(actor, poll, receipt, selection, submission_id)
    raise _deadline_refusal(poll)


def cast_sealed_ballot(
    actor: Member, poll: Poll, ciphertext: str, submission_id: uuid.UUID
) -> BallotReceipt:
    """Cast a secret ballot the tablet sealed to the poll's key: the receipt says who voted,
    the ciphertext what, unreadable until the ballot box counts the poll at its close.

    Refusals, retries and the countdown behave as in ``cast_ballot``.
    """
    return _cast_in_time(
        actor,
        poll,
        submission_id,
        lambda locked, receipt: _seal_locked(actor, locked, ciphertext, submission_id, receipt),
    )


def _seal_locked(
    actor: Member,
    poll: Poll,
    ciphertext: str,
    submission_id: uuid.UUID,
    receipt: BallotReceipt | None,
) -> BallotReceipt:
    _refuse_closed(poll)
    _check_entitled(actor, poll)
    if not poll.sealed:
        raise ActionRefused(_("This vote takes no sealed ballots: reload the page."))
    if receipt is not None:
        raise ActionRefused(_("You have already voted in this poll."))
    ciphertext = sealed.check_ciphertext(ciphertext)
    receipt = _write_receipt(
        actor, poll, submission_id, SealedBallot(poll=poll, ciphertext=ciphertext)
    )
    _record(actor, poll, "voting.ballot.cast", {})
    return _remember_choices(receipt, {}, [])
