"""Creating, opening and closing polls; closing freezes the legal record.

A countdown closes a poll without anyone pressing a button. Nothing depends on one
mechanism being alive: a ballot arriving after ``closes_at`` is refused and closes the
poll (under the poll's row lock, so it cannot race a chair's close); a timer thread in
the process that opened the poll fires at the deadline; and ``manage.py
close_expired_polls --every 5`` (the `sweeper` line of the Procfile) covers a restart in
between. Reads never close a poll: GETs are read-only (tests/council/test_read_only_gets.py).
"""

import datetime
import logging
import random
import threading
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council import permissions
from council.audit import log_action
from council.bounds import check_row_bounds
from council.models import Member
from sessions import live
from sessions.errors import ActionRefused, NotAllowed
from sessions.models import AgendaItem, Sitting, SittingState
from voting import events, rules
from voting.models import (
    POLL_TRANSITIONS,
    Ballot,
    MotionChoice,
    Poll,
    PollKind,
    PollOption,
    PollState,
)
from voting.services import sealed, void
from voting.services.common import locked_poll, tick
from voting.tally import compute_result, entitled_record, quorum_state

logger = logging.getLogger(__name__)

MIN_COUNTDOWN_SECONDS = 10
MAX_COUNTDOWN_SECONDS = 3600

# The council law's defaults per kind of poll (voting/rules.py).
DEFAULT_RULES: dict[str, rules.Rule] = {
    PollKind.MOTION: rules.RESOLUTION_RULE,
    PollKind.ELECTION: rules.ELECTION_RULE,
    PollKind.CONFIDENCE: rules.RESOLUTION_RULE,  # not applied: the law looks at shares
}


@dataclass
class PollSpec:
    kind: str
    title: str
    item_id: int | None = None
    secret: bool = False
    rule: rules.Rule | None = None
    seats: int = 1
    allow_change: bool = False
    require_presence: bool = True
    labels: list[str] = field(default_factory=list)  # candidates or officials


def _check_spec(spec: PollSpec) -> rules.Rule:
    if spec.kind not in PollKind.values:
        raise ActionRefused(_("Unknown kind of vote."))
    if not spec.title.strip():
        raise ActionRefused(_("A vote needs a title."))
    if spec.kind != PollKind.MOTION and not spec.secret:
        raise ActionRefused(_("Elections and confidence polls are always secret."))
    if spec.secret and spec.allow_change:
        raise ActionRefused(
            _("Only named votes can be changed: a secret ballot cannot be found again.")
        )
    rule = spec.rule or DEFAULT_RULES[spec.kind]
    if spec.kind == PollKind.ELECTION and rule.base == rules.Base.YES_NO:
        raise ActionRefused(_("An election cannot count on votes for and against."))
    if spec.kind != PollKind.MOTION:
        labels = [label.strip() for label in spec.labels if label.strip()]
        if not labels:
            raise ActionRefused(
                _("List at least one candidate.")
                if spec.kind == PollKind.ELECTION
                else _("List at least one official.")
            )
        if len(set(labels)) != len(labels):
            raise ActionRefused(_("A name is listed twice."))
        if spec.kind == PollKind.ELECTION and not 1 <= spec.seats <= len(labels):
            raise ActionRefused(_("The number of seats must be between 1 and the candidates."))
        spec.labels = labels
    return rule


@transaction.atomic
def create_poll(actor: Member, sitting: Sitting, spec: PollSpec) -> Poll:
    if not permissions.can_chair(actor):
        raise NotAllowed()
    if sitting.council_id != actor.council_id:
        raise NotAllowed()
    sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
    if sitting.state not in (SittingState.PUBLISHED, SittingState.IN_PROGRESS):
        raise ActionRefused(_("Votes can only be prepared for a sitting that is open."))
    rule = _check_spec(spec)
    item = None
    if spec.item_id is not None:
        item = AgendaItem.objects.filter(pk=spec.item_id, sitting=sitting).first()
        if item is None:
            raise ActionRefused(_("That agenda item is not on this sitting's agenda."))
    poll = Poll(
        sitting=sitting,
        item=item,
        kind=spec.kind,
        title=spec.title.strip(),
        secret=spec.secret,
        seats=spec.seats if spec.kind == PollKind.ELECTION else 1,
        allow_change=spec.allow_change,
        require_presence=spec.require_presence,
        created_by=actor,
    )
    poll.set_rule(rule)
    poll.save()
    if spec.kind == PollKind.MOTION:
        # Labels are worded at display time from the code, in each viewer's language.
        options = [
            PollOption(poll=poll, label="", code=choice.value, position=position)
            for position, choice in enumerate(MotionChoice, start=1)
        ]
    else:
        options = [
            PollOption(poll=poll, label=label, position=position)
            for position, label in enumerate(spec.labels, start=1)
        ]
    for option in options:
        check_row_bounds(option)  # bulk_create sends no pre_save
    PollOption.objects.bulk_create(options)
    log_action(
        actor,
        "voting.poll.created",
        poll,
        {
            "kind": poll.kind,
            "title": poll.title,
            "secret": poll.secret,
            "rule": str(rule),
            "item": item.pk if item else None,
            "labels": spec.labels,
        },
        council=sitting.council,
    )
    # A draft shows on no tally, so the voting clock does not move.
    live.publish(sitting, events.POLL_CREATED, {"poll_id": poll.pk, "state": poll.state})
    return poll


def open_poll_keeps_sitting_open(sitting: Sitting) -> str | None:
    """Refuse to close a sitting while a vote in it is open.

    Closing it would leave ballots that can never be counted or frozen; the chair closes
    the vote first, on purpose, so the record says who closed it and when.
    """
    open_poll = Poll.objects.filter(sitting=sitting, state=PollState.OPEN).first()
    if open_poll is None:
        return None
    if open_poll.box_key_gone_at is not None:
        return _(
            "The ballot box has lost the key of the vote “%(title)s”: it cannot be counted. "
            "Void it, with the reason, before closing the sitting."
        ) % {"title": open_poll.title}
    return _("The vote “%(title)s” is still open: close it before closing the sitting.") % {
        "title": open_poll.title
    }


def _check_transition(poll: Poll, to_state: str) -> None:
    if to_state not in POLL_TRANSITIONS[poll.state]:
        messages: dict[str, str] = {
            PollState.OPEN: _("This vote has already been opened."),
            PollState.CLOSED: _("This vote is closed."),
            PollState.VOIDED: _("This vote was voided."),
        }
        if poll.state == PollState.DRAFT and to_state == PollState.CLOSED:
            raise ActionRefused(_("This vote has not been opened."))
        raise ActionRefused(messages.get(poll.state, _("This vote cannot change now.")))


@transaction.atomic
def open_poll(actor: Member, poll: Poll, *, countdown_seconds: int | None = None) -> Poll:
    if not permissions.can_chair(actor):
        raise NotAllowed()
    poll = locked_poll(poll, actor)
    _check_transition(poll, PollState.OPEN)
    sitting = poll.sitting
    if sitting.state != SittingState.IN_PROGRESS:
        raise ActionRefused(_("The sitting has not started."))
    if Poll.objects.filter(sitting=sitting, state=PollState.OPEN).exists():
        raise ActionRefused(_("Another vote is open: close it first."))
    delegate_accounts = Member.objects.delegates().filter(council_id=sitting.council_id).count()
    if delegate_accounts > sitting.council.total_delegates:
        raise ActionRefused(
            _(
                "The council has %(accounts)s delegate accounts but %(total)s delegates by law: "
                "correct the membership before voting."
            )
            % {"accounts": delegate_accounts, "total": sitting.council.total_delegates}
        )
    if countdown_seconds is not None and not (
        MIN_COUNTDOWN_SECONDS <= countdown_seconds <= MAX_COUNTDOWN_SECONDS
    ):
        raise ActionRefused(
            _("A countdown lasts between %(min)s and %(max)s seconds.")
            % {"min": MIN_COUNTDOWN_SECONDS, "max": MAX_COUNTDOWN_SECONDS}
        )
    now = timezone.now()
    poll.state = PollState.OPEN
    poll.opened_at = now
    if countdown_seconds:
        poll.closes_at = now + datetime.timedelta(seconds=countdown_seconds)
    # A secret poll opens only with a key signed by the ballot box (refused if it is down).
    box_fields = sealed.attach_key(poll) if poll.secret else []
    poll.version = tick(sitting)
    poll.save(update_fields=["state", "opened_at", "closes_at", "version", *box_fields])
    quorum = quorum_state(sitting)
    log_action(
        actor,
        "voting.poll.opened",
        poll,
        {
            "countdown": countdown_seconds,
            "present": quorum.present,
            "quorum": quorum.reached,
        },
        council=sitting.council,
    )
    live.publish(sitting, events.POLL_OPENED, {"poll_id": poll.pk, "state": poll.state})
    if poll.closes_at is not None:
        closes_at = poll.closes_at
        poll_id = poll.pk
        transaction.on_commit(lambda: schedule_auto_close(poll_id, closes_at))
    return poll


def freeze(poll: Poll, actor: Member | None, *, by: str) -> Poll:
    """Close a locked, open poll and write its record. Inside the caller's transaction."""
    now = timezone.now()
    sitting = poll.sitting
    # Sealed ballots are counted by the ballot box first; it refusing stops the close here.
    invalid = sealed.unseal(poll) if poll.sealed else None
    result = compute_result(poll, closed=True)
    if invalid is not None:
        result["invalid"] = invalid
    quorum = quorum_state(sitting)
    result |= {
        "opened_at": poll.opened_at.isoformat() if poll.opened_at else None,
        "closes_at": poll.closes_at.isoformat() if poll.closes_at else None,
        "closed_at": now.isoformat(),
        "closed_by": by,
        "quorum": {"present": quorum.present, "needed": quorum.needed, "reached": quorum.reached},
    }
    poll.result = result
    poll.entitled = entitled_record(poll)
    poll.state = PollState.CLOSED
    poll.closed_at = now
    poll.version = tick(sitting)
    box_fields = ["count_document", "count_signature"] if poll.sealed else []
    poll.save(update_fields=["result", "entitled", "state", "closed_at", "version", *box_fields])
    if poll.secret and not poll.sealed:
        _reshuffle(poll)
    summary: dict[str, Any] = {"by": by, "cast": result["cast"], "entitled": result["entitled"]}
    if invalid is not None:
        summary["invalid"] = invalid
    if "verdict" in result:
        summary["passed"] = result["verdict"]["passed"]
        summary["reason"] = result["verdict"]["reason_code"]
    if "candidates" in result:
        summary["elected"] = [c["label"] for c in result["candidates"] if c["elected"]]
    log_action(actor, "voting.poll.closed", poll, summary, council=sitting.council)
    live.publish(sitting, events.POLL_CLOSED, {"poll_id": poll.pk, "state": poll.state})
    if poll.sealed:
        sealed.publish_count(poll)
    return poll


def _reshuffle(poll: Poll) -> None:
    """Rewrite a closed secret poll's ballots in random order with new ids (polls opened
    before the ballot box only: the xmin link it hides survives in dead rows, see models).

    Rows written by one transaction share system columns (PostgreSQL's xmin) with that
    transaction's receipt, and sit on disk in the order they were cast. Rewritten here,
    every ballot carries the close's transaction and a random position.
    """
    choices = list(Ballot.objects.filter(poll=poll).values_list("choices", flat=True))
    Ballot.objects.filter(poll=poll).delete()
    random.SystemRandom().shuffle(choices)
    Ballot.objects.bulk_create(Ballot(poll=poll, secret=True, choices=c) for c in choices)


def close_poll(actor: Member, poll: Poll) -> Poll:
    if not permissions.can_chair(actor):
        raise NotAllowed()
    try:
        with transaction.atomic():
            locked = locked_poll(poll, actor)
            _check_transition(locked, PollState.CLOSED)
            return freeze(locked, actor, by="chair")
    except sealed.BoxKeyGone:
        # The close rolled back whole; that the key is gone is noted in a transaction of
        # its own, and every screen told, so the chair is offered to void the poll.
        void.record_key_gone(poll.pk)
        raise


def close_if_expired(poll_id: int) -> bool:
    """Close the poll if its countdown ran out; True if this call closed it."""
    try:
        try:
            with transaction.atomic():
                poll = locked_poll(poll_id, None)
                if not (poll.is_open and poll.closes_at and timezone.now() >= poll.closes_at):
                    return False
                freeze(poll, None, by="countdown")
                return True
        except sealed.BoxKeyGone:
            void.record_key_gone(poll_id)
            raise
    except ActionRefused as refusal:
        # The ballot box refused to count (down, or the key is gone): the poll stays open,
        # ballots after the deadline are still refused, and the chair's close says why.
        logger.error("poll %s could not be closed at its deadline: %s", poll_id, refusal)
        return False


def close_expired_polls() -> int:
    expired = Poll.objects.filter(state=PollState.OPEN, closes_at__lte=timezone.now())
    return sum(close_if_expired(poll_id) for poll_id in expired.values_list("pk", flat=True))


def schedule_auto_close(poll_id: int, closes_at: datetime.datetime) -> None:
    if not getattr(settings, "VOTING_COUNTDOWN_TIMERS", True):
        return
    delay = max(0.0, (closes_at - timezone.now()).total_seconds()) + 0.05
    timer = threading.Timer(delay, _auto_close, args=(poll_id,))
    timer.daemon = True
    timer.start()


def _auto_close(poll_id: int) -> None:
    try:
        close_if_expired(poll_id)
    except Exception:
        # Another mechanism closes it (see the module docstring); never crash the process.
        logger.exception("could not close poll %s at its deadline", poll_id)
    finally:
        close_old_connections()
