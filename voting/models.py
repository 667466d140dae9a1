"""Attendance, polls and ballots.

Secret ballots (issue 14; threat model in the README, "Secret ballots"): a receipt says
*that* a delegate voted, a sealed ballot holds *what* was chosen, unreadable, and the
plain choices only appear at the close, shuffled, in rows nobody's vote wrote.

- The tablet seals ``{choices, token}`` to the poll's public key (libsodium sealed box),
  which the ballot box (``ballotbox/``, a process of its own) made at the opening and
  signed with its main key. The voter's transaction writes the receipt and the
  ``SealedBallot`` (ciphertext only): they share PostgreSQL's xmin, and that is harmless,
  since nothing in that transaction depends on the choice in a readable way.
- At the close the app sends every ciphertext to the box, which decrypts them once,
  shuffles them, signs the list and destroys the poll's private key. The close's
  transaction stores the signed list (``Poll.count_document``) and writes the plain
  ``Ballot`` rows counted by voting/rules.py: they carry the close's xmin, in random
  order, with random ids and no time, member or request id (check constraints).
- What the database keeps for a secret poll, in live or dead rows: who voted, the
  ciphertexts, the signed shuffled list. Nothing maps a voter to a choice without the
  destroyed poll key. A ballot box compromised while the poll is open can read choices:
  it holds the key (see the README).

Secret polls opened before the ballot box existed (no ``box_poll_id``) keep their plain
ballots and the reshuffle at close; every new secret poll goes through the box.

Changing one's choice is only allowed on named polls (a check constraint): finding the
old ballot of a secret voter would need exactly the link secrecy forbids.

A closed poll is the legal record: ``result`` and ``entitled`` are written once by
``close_poll`` and ``Poll.save`` refuses to change a poll that was loaded closed.

A sealed poll whose key the ballot box lost while it was open can never be counted: the
close is refused (never a wrong count), and the chair voids it with a reason
(voting/services/void.py). Its sealed ballots are deleted unopened; the receipts (who
voted) stay; a voided poll is as immutable as a closed one.
"""

import uuid
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from ballotbox import protocol
from council.models import Member
from sessions.models import AgendaItem, Sitting
from voting import rules


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class Attendance(models.Model):
    """One delegate at one sitting (điểm danh).

    Belongs to the sitting rather than to voting; it lives here until it moves to
    sessions/ (the house plan's place for it).
    """

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.ABSENT,
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    updated_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["sitting", "member"], name="one_attendance_per_sitting")
        ]

    def __str__(self) -> str:
        return f"{self.member} @ {self.sitting}: {self.status}"


class VotingClock(models.Model):
    """A per-sitting counter that grows with every voting change.

    Live tally regions carry it as ``data-version``; static/js/live.js drops a region
    older than the one it shows. It is per sitting, not per poll, because the hall screen
    moves from one poll to the next and must never take the new poll for an older state.
    """

    sitting = models.OneToOneField(
        Sitting, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.sitting_id}: {self.value}"


class PollKind(models.TextChoices):
    MOTION = "motion", _("Motion")
    ELECTION = "election", _("Election")
    CONFIDENCE = "confidence", _("Confidence poll")


class PollState(models.TextChoices):
    # Own wording: the sitting's "Closed" means adjourned (bế mạc), a poll's does not.
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Voting open")
    CLOSED = "closed", _("Voting closed")
    # A sealed poll whose key the ballot box lost: nothing can count it (voting/services/void.py).
    VOIDED = "voided", _("Voided")


# The one transition table: every move not listed here is refused (voting/services).
POLL_TRANSITIONS: dict[str, frozenset[str]] = {
    PollState.DRAFT: frozenset({PollState.OPEN}),
    PollState.OPEN: frozenset({PollState.CLOSED, PollState.VOIDED}),
    PollState.CLOSED: frozenset(),
    PollState.VOIDED: frozenset(),
}
# Ended polls: their record is immutable (Poll.save).
ENDED_STATES = frozenset({PollState.CLOSED, PollState.VOIDED})
MAX_VOID_REASON_CHARS = 1000


class RatingChoice(models.TextChoices):
    """A confidence poll's three ratings, per official."""

    HIGH = "high", _("High confidence")
    CONFIDENCE = "confidence", _("Confidence")
    LOW = "low", _("Low confidence")


class MotionChoice(models.TextChoices):
    YES = "yes", _("In favour")
    NO = "no", _("Against")
    ABSTAIN = "abstain", _("Abstain")


class ClosedPollError(RuntimeError):
    pass


class Poll(models.Model):
    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="polls")
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="polls",
        verbose_name=_("agenda item"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=PollKind.choices)
    title = models.CharField(_("title"), max_length=500)
    secret = models.BooleanField(_("secret ballot"), default=False)
    rule_base = models.CharField(
        _("base"), max_length=10, choices=[(b.value, b.value) for b in rules.Base]
    )
    rule_numerator = models.PositiveSmallIntegerField(_("threshold numerator"))
    rule_denominator = models.PositiveSmallIntegerField(_("threshold denominator"))
    rule_comparison = models.CharField(
        _("comparison"), max_length=10, choices=[(c.value, c.value) for c in rules.Comparison]
    )
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    allow_change = models.BooleanField(_("delegates may change their vote"), default=False)
    require_presence = models.BooleanField(_("only delegates checked in may vote"), default=True)
    state = models.CharField(
        _("state"), max_length=10, choices=PollState.choices, default=PollState.DRAFT
    )
    created_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Grows with every change (the sitting's VotingClock value at the change).
    version = models.PositiveBigIntegerField(default=0)
    # Written once by close_poll: the legal record.
    result = models.JSONField(null=True, blank=True, editable=False)
    entitled = models.JSONField(null=True, blank=True, editable=False)
    # Secret polls: the ballot box's name for the poll, the poll's public key document and the
    # main key's signature over it (tablets check it), and at the close the signed list of
    # shuffled plaintexts, verbatim (anyone may download and recount it).
    box_poll_id = models.CharField(max_length=80, blank=True, editable=False)
    box_key_document = models.TextField(blank=True, editable=False)
    box_key_signature = models.CharField(max_length=200, blank=True, editable=False)
    count_document = models.TextField(blank=True, editable=False)
    count_signature = models.CharField(max_length=200, blank=True, editable=False)
    # When a close found the box without the poll's key (the chair is then offered to void).
    box_key_gone_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Voided (only a sealed poll whose key the box confirms gone): by whom, when and why.
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    void_reason = models.CharField(
        _("reason for voiding"), max_length=MAX_VOID_REASON_CHARS, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sitting"],
                condition=models.Q(state="open"),
                name="one_open_poll_per_sitting",
            ),
            models.CheckConstraint(
                condition=models.Q(rule_numerator__gt=0)
                & models.Q(rule_numerator__lte=models.F("rule_denominator")),
                name="poll_threshold_is_a_fraction",
            ),
            models.CheckConstraint(
                condition=~models.Q(secret=True, allow_change=True),
                name="secret_votes_cannot_change",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="motion") | models.Q(secret=True),
                name="elections_and_confidence_are_secret",
            ),
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="poll_has_a_seat"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if getattr(self, "_loaded_state", None) in ENDED_STATES:
            raise ClosedPollError(f"poll {self.pk} has ended: its record is immutable")
        super().save(*args, **kwargs)
        self._loaded_state: str | None = self.state

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any, **kwargs: Any) -> "Poll":
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._loaded_state = instance.__dict__.get("state")
        return instance

    @property
    def rule(self) -> rules.Rule:
        return rules.Rule(
            rules.Base(self.rule_base),
            rules.Threshold(
                self.rule_numerator, self.rule_denominator, rules.Comparison(self.rule_comparison)
            ),
        )

    def set_rule(self, rule: rules.Rule) -> None:
        self.rule_base = rule.base.value
        self.rule_numerator = rule.threshold.numerator
        self.rule_denominator = rule.threshold.denominator
        self.rule_comparison = rule.threshold.comparison.value

    @property
    def is_open(self) -> bool:
        return self.state == PollState.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state == PollState.CLOSED

    @property
    def is_voided(self) -> bool:
        return self.state == PollState.VOIDED

    @property
    def key_gone(self) -> bool:
        """Open, and a close found the box without its key: only voiding goes on from here."""
        return self.is_open and self.box_key_gone_at is not None

    @property
    def sealed(self) -> bool:
        """Its ballots go through the ballot box (every secret poll opened since issue 14)."""
        return self.secret and bool(self.box_poll_id)


class PollOption(models.Model):
    """A motion's three fixed choices, an election's candidates or a confidence poll's officials."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("label"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # For motions: "yes" / "no" / "abstain"; empty for candidates and officials.
    code = models.CharField(max_length=10, blank=True)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.display_label

    @property
    def display_label(self) -> str:
        return str(MotionChoice(self.code).label) if self.code else self.label


class Ballot(models.Model):
    """What was chosen. See the module docstring for why it has no time and a random id.

    ``choices`` maps option ids (as strings) to a mark: "x" for a motion's or an
    election's chosen options, or a RatingChoice value per official in a confidence poll.
    An election ballot with no mark is a valid blank ballot.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="ballots")
    # Named polls only (a check constraint keeps it empty on secret polls).
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    secret = models.BooleanField()
    choices = models.JSONField()
    # Named polls only: the tablet's id of the request that last set this ballot, so that a
    # retried change creates nothing new.
    submission_id = models.UUIDField(null=True, blank=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "member"],
                condition=models.Q(member__isnull=False),
                name="one_named_ballot_per_delegate",
            ),
            models.CheckConstraint(
                condition=models.Q(secret=False, member__isnull=False)
                | models.Q(secret=True, member__isnull=True, submission_id__isnull=True),
                name="secret_ballots_name_nobody",
            ),
        ]

    def __str__(self) -> str:
        return f"ballot in poll {self.poll_id}"


class BallotReceipt(models.Model):
    """That a delegate voted: the database's guarantee of one ballot per delegate per poll."""

    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="receipts")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    submission_id = models.UUIDField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ballot receipt")
        verbose_name_plural = _("ballot receipts")
        constraints = [
            models.UniqueConstraint(fields=["poll", "member"], name="one_receipt_per_delegate"),
            models.UniqueConstraint(
                fields=["poll", "submission_id"], name="one_receipt_per_submission"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} voted in poll {self.poll_id}"


class SealedBallot(models.Model):
    """A secret ballot as the tablet sealed it: readable only with the poll's private key,
    which the ballot box destroys at the count. No member, no time, a random id."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="sealed_ballots")
    # The ballot box refuses longer ones; the bound is theirs (ballotbox/protocol.py).
    ciphertext = models.TextField(max_length=protocol.MAX_CIPHERTEXT_CHARS)

    class Meta:
        verbose_name = _("sealed ballot")
        verbose_name_plural = _("sealed ballots")

    def __str__(self) -> str:
        return f"sealed ballot in poll {self.poll_id}"
