"""Council voting law as exact integer arithmetic.

Standard library only, on purpose: the same rules run in the voting services, in
templates and in property tests, and a legal threshold must never depend on float
rounding or on framework state. Nothing here is translated: verdicts carry a
machine-readable code plus the numbers the presentation layer needs to word the
reason in Vietnamese or English.

Legal background (Law on the Organisation of Local Government; Resolution
96/2023/QH15 on confidence polls): a sitting is valid only when at least two thirds
of *all* delegates are present; a resolution passes with more than half of *all*
delegates, not of those present, so absence counts against it; removing a delegate
(bãi nhiệm) needs at least two thirds of all delegates.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from fractions import Fraction


class Base(StrEnum):
    """What a threshold is a fraction *of*. Values are stored in the database."""

    TOTAL_DELEGATES = "total"
    PRESENT = "present"
    CAST = "cast"
    YES_NO = "yes_no"


# These bases grow as ballots arrive, so the number needed moves while a poll is open.
_GROWING_BASES = frozenset({Base.CAST, Base.YES_NO})


class Comparison(StrEnum):
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"


def _check_counts(**values: int) -> None:
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an int, got {type(value).__name__}")
        if value < 0:
            raise ValueError(f"{name} must not be negative, got {value}")


@dataclass(frozen=True, slots=True)
class Threshold:
    """A fraction plus whether it must be exceeded or merely reached.

    The law words these differently: "quá nửa" (more than half, so exactly half
    fails) versus "ít nhất hai phần ba" (at least two thirds, so exactly two thirds
    passes). The comparison is therefore explicit, never implied by the fraction.
    The fraction is kept reduced so that 2/4 and 1/2 are the same stored rule.
    """

    numerator: int
    denominator: int
    comparison: Comparison

    def __post_init__(self) -> None:
        _check_counts(numerator=self.numerator, denominator=self.denominator)
        if not 0 < self.numerator <= self.denominator:
            raise ValueError(f"need 0 < n/d <= 1, got {self.numerator}/{self.denominator}")
        comparison = Comparison(self.comparison)  # accept the stored string form
        if comparison is Comparison.MORE_THAN and self.numerator == self.denominator:
            raise ValueError("'more than all' of a base can never be met")
        divisor = math.gcd(self.numerator, self.denominator)
        object.__setattr__(self, "numerator", self.numerator // divisor)
        object.__setattr__(self, "denominator", self.denominator // divisor)
        object.__setattr__(self, "comparison", comparison)

    @classmethod
    def more_than(cls, numerator: int, denominator: int) -> "Threshold":
        return cls(numerator, denominator, Comparison.MORE_THAN)

    @classmethod
    def at_least(cls, numerator: int, denominator: int) -> "Threshold":
        return cls(numerator, denominator, Comparison.AT_LEAST)

    @property
    def fraction(self) -> Fraction:
        return Fraction(self.numerator, self.denominator)

    def votes_needed(self, base_count: int) -> int:
        """Smallest whole number of votes satisfying the rule on ``base_count``.

        Pure arithmetic: on an empty base "at least" needs 0 and "more than" needs 1.
        That an empty base never carries a decision is enforced by ``decide``.
        """
        _check_counts(base_count=base_count)
        product = self.numerator * base_count
        if self.comparison is Comparison.AT_LEAST:
            return -(-product // self.denominator)  # ceiling division
        return product // self.denominator + 1

    def is_met(self, favourable: int, base_count: int) -> bool:
        return favourable >= self.votes_needed(base_count)


MORE_THAN_HALF = Threshold.more_than(1, 2)
AT_LEAST_TWO_THIRDS = Threshold.at_least(2, 3)
AT_LEAST_THREE_QUARTERS = Threshold.at_least(3, 4)


@dataclass(frozen=True, slots=True)
class Rule:
    base: Base
    threshold: Threshold

    def __post_init__(self) -> None:
        object.__setattr__(self, "base", Base(self.base))


RESOLUTION_RULE = Rule(Base.TOTAL_DELEGATES, MORE_THAN_HALF)
DISMISSAL_RULE = Rule(Base.TOTAL_DELEGATES, AT_LEAST_TWO_THIRDS)
ELECTION_RULE = Rule(Base.TOTAL_DELEGATES, MORE_THAN_HALF)
# The statutory quorum: at least two thirds of all delegates. The one source of the default
# (council/models.py takes a new council's quorum fraction from it).
QUORUM_THRESHOLD = AT_LEAST_TWO_THIRDS


@dataclass(frozen=True, slots=True)
class Counts:
    """A snapshot of one poll.

    ``entitled`` is how many delegates may vote in this poll (normally those present
    when it opened). Early certainty is judged against this snapshot, so a service
    that lets late arrivals vote must pass updated ``present``/``entitled``.
    """

    yes: int
    no: int
    abstain: int
    total_delegates: int
    present: int
    entitled: int

    def __post_init__(self) -> None:
        _check_counts(**{f.name: getattr(self, f.name) for f in fields(self)})
        if self.present > self.total_delegates or self.entitled > self.total_delegates:
            raise ValueError("present and entitled cannot exceed the total number of delegates")
        if self.cast > self.entitled:
            raise ValueError(f"{self.cast} ballots cast but only {self.entitled} entitled")

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain

    @property
    def outstanding(self) -> int:
        """Ballots that may still arrive while the poll is open."""
        return self.entitled - self.cast


def base_count(base: Base, counts: Counts) -> int:
    match Base(base):
        case Base.TOTAL_DELEGATES:
            return counts.total_delegates
        case Base.PRESENT:
            return counts.present
        case Base.CAST:
            return counts.cast
        case Base.YES_NO:
            return counts.yes + counts.no


class ReasonCode(StrEnum):
    OPEN = "open"  # still undecided
    REACHED = "reached"  # open, but no remaining ballot can stop it passing
    UNREACHABLE = "unreachable"  # open, but it can no longer pass
    PASSED = "passed"
    FAILED = "failed"
    NO_BASE = "no_base"  # the base is (or can only end) empty: nothing is decided on nothing


@dataclass(frozen=True, slots=True)
class Verdict:
    rule: Rule
    closed: bool
    passed: bool | None  # None while open and undecided
    reason_code: ReasonCode
    favourable: int
    needed: int  # on the current base; for CAST/YES_NO it moves while open
    base_count: int
    still_needed: int  # 0 once the current base's threshold is reached
    outstanding: int  # ballots that may still arrive; 0 once closed

    @property
    def decided_early(self) -> bool:
        return not self.closed and self.passed is not None

    def reason_params(self) -> dict[str, int | str]:
        """Everything needed to word "48 of 95 needed, 51 in favour: passed"."""
        return {
            "needed": self.needed,
            "base": self.base_count,
            "favourable": self.favourable,
            "still_needed": self.still_needed,
            "outstanding": self.outstanding,
            "base_kind": str(self.rule.base),
            "comparison": str(self.rule.threshold.comparison),
            "numerator": self.rule.threshold.numerator,
            "denominator": self.rule.threshold.denominator,
        }


def decide(rule: Rule, counts: Counts, *, closed: bool) -> Verdict:
    """Apply ``rule`` to ``counts``; favourable votes are the ``yes`` ballots.

    A decision on an empty base never passes: 0 of 0 "at least" would be vacuously
    true, but a resolution nobody could vote on has not been adopted.

    While open, an outcome is claimed only when every way the remaining ballots
    could fall (including not arriving) gives that outcome. For CAST/YES_NO the
    base grows with each ballot, so the worst case for passing is every remaining
    ballot counting against (largest base, no extra yes) and the best case is every
    remaining ballot yes; since n/d <= 1, adding one vote to the base raises the
    number needed by at most one, so those two extremes are sufficient.
    """
    threshold = rule.threshold
    current = base_count(rule.base, counts)
    needed = threshold.votes_needed(current)
    favourable = counts.yes
    outstanding = 0 if closed else counts.outstanding
    largest = current + outstanding if rule.base in _GROWING_BASES else current
    passed: bool | None
    if closed:
        if current == 0:
            passed, reason = False, ReasonCode.NO_BASE
        elif favourable >= needed:
            passed, reason = True, ReasonCode.PASSED
        else:
            passed, reason = False, ReasonCode.FAILED
    elif largest == 0:
        passed, reason = False, ReasonCode.NO_BASE
    elif current > 0 and favourable >= threshold.votes_needed(largest):
        passed, reason = True, ReasonCode.REACHED
    elif favourable + outstanding < threshold.votes_needed(largest):
        passed, reason = False, ReasonCode.UNREACHABLE
    else:
        passed, reason = None, ReasonCode.OPEN
    still_needed = max(0, needed - favourable)
    return Verdict(
        rule, closed, passed, reason, favourable, needed, current, still_needed, outstanding
    )


@dataclass(frozen=True, slots=True)
class QuorumState:
    present: int
    total: int
    needed: int
    reached: bool

    @property
    def missing(self) -> int:
        return max(0, self.needed - self.present)


def quorum(present: int, total: int, threshold: Threshold = QUORUM_THRESHOLD) -> QuorumState:
    """Whether enough delegates are checked in for the sitting to be valid.

    The default is the statutory two thirds of all delegates; a council whose
    standing orders differ passes its own threshold. A council with no delegates
    never has a quorum.
    """
    _check_counts(present=present, total=total)
    if present > total:
        raise ValueError(f"{present} present exceeds {total} delegates")
    needed = threshold.votes_needed(total)
    return QuorumState(present, total, needed, reached=total > 0 and present >= needed)


@dataclass(frozen=True, slots=True)
class CandidateResult:
    candidate: str
    votes: int
    meets_threshold: bool
    elected: bool | None  # None while the ballot is open
    tied_at_cut: bool


@dataclass(frozen=True, slots=True)
class ElectionResult:
    rule: Rule
    seats: int
    closed: bool
    base_count: int
    needed: int
    candidates: tuple[CandidateResult, ...]  # most votes first, ties in input order
    tie_at_cut: bool

    @property
    def elected(self) -> tuple[str, ...]:
        return tuple(c.candidate for c in self.candidates if c.elected)

    @property
    def unfilled_seats(self) -> int:
        return self.seats - len(self.elected) if self.closed else self.seats


def decide_election(
    rule: Rule,
    candidate_votes: Mapping[str, int],
    *,
    total_delegates: int,
    present: int,
    ballots_cast: int,
    seats: int,
    closed: bool,
) -> ElectionResult:
    """Who is elected to ``seats`` places from one ballot.

    A candidate must first meet the rule on their own (by default more than half
    of all delegates). If more candidates meet it than there are seats, those with
    most votes win. If the last seat falls on a tie, the law gives no way to pick
    between equals, so none of the tied candidates is elected, ``tie_at_cut`` is
    set and the seats stay unfilled for another round of voting; the same holds
    when fewer candidates than seats meet the rule. Nobody is declared elected
    while the ballot is open: other candidates may still overtake.
    YES_NO has no meaning on a candidate ballot and is rejected.
    """
    _check_counts(total=total_delegates, present=present, ballots=ballots_cast, seats=seats)
    _check_counts(**candidate_votes)
    if present > total_delegates or ballots_cast > total_delegates or seats < 1:
        raise ValueError("impossible election: check delegates, ballots and seats")
    for candidate, votes in candidate_votes.items():
        if votes > ballots_cast:
            raise ValueError(f"{candidate} has {votes} votes but only {ballots_cast} ballots")
    bases = {Base.TOTAL_DELEGATES: total_delegates, Base.PRESENT: present, Base.CAST: ballots_cast}
    if rule.base not in bases:
        raise ValueError(f"base {rule.base!s} cannot be used for an election")
    base = bases[rule.base]
    needed = rule.threshold.votes_needed(base)
    ranked = sorted(candidate_votes.items(), key=lambda item: -item[1])  # stable
    # Candidates meeting the rule form a prefix of ``ranked``.
    passers = [votes for _, votes in ranked if base > 0 and votes >= needed]
    cut: int | None = None
    if closed and len(passers) > seats and passers[seats - 1] == passers[seats]:
        cut = passers[seats]
    results = []
    for position, (candidate, votes) in enumerate(ranked):
        meets = position < len(passers)
        tied = meets and votes == cut
        elected = (meets and position < seats and not tied) if closed else None
        results.append(CandidateResult(candidate, votes, meets, elected, tied))
    return ElectionResult(rule, seats, closed, base, needed, tuple(results), cut is not None)


@dataclass(frozen=True, slots=True)
class ConfidenceResult:
    """One official's confidence poll (lấy phiếu tín nhiệm).

    Shares are of the *total* number of delegates, as the law counts them, not of
    ballots returned: a delegate who does not return a ballot does not dilute them.
    """

    high: int
    confidence: int
    low: int
    total_delegates: int
    high_share: Fraction
    confidence_share: Fraction
    low_share: Fraction
    # The law attaches consequences at two steps: more than half rated low (the
    # official may resign, else the council acts on it) and two thirds or more
    # (the nominating body must bring a vote of confidence or dismissal). The
    # consequences themselves are worded by the presentation layer.
    low_more_than_half: bool
    low_at_least_two_thirds: bool

    @property
    def ballots(self) -> int:
        return self.high + self.confidence + self.low

    def percentages(self) -> dict[str, Fraction]:
        """Exact percentages of all delegates, keyed "high", "confidence", "low"."""
        shares = (self.high_share, self.confidence_share, self.low_share)
        return dict(zip(("high", "confidence", "low"), (s * 100 for s in shares), strict=True))


def assess_confidence(
    high: int, confidence: int, low: int, total_delegates: int
) -> ConfidenceResult:
    _check_counts(high=high, confidence=confidence, low=low, total_delegates=total_delegates)
    if total_delegates == 0:
        raise ValueError("a confidence poll needs at least one delegate")
    if high + confidence + low > total_delegates:
        raise ValueError("more ratings than delegates")
    return ConfidenceResult(
        high,
        confidence,
        low,
        total_delegates,
        high_share=Fraction(high, total_delegates),
        confidence_share=Fraction(confidence, total_delegates),
        low_share=Fraction(low, total_delegates),
        low_more_than_half=MORE_THAN_HALF.is_met(low, total_delegates),
        low_at_least_two_thirds=AT_LEAST_TWO_THIRDS.is_met(low, total_delegates),
    )


def percentage(part: int, whole: int) -> Fraction | None:
    """``part`` as an exact percentage of ``whole``; None when there is no whole."""
    return None if whole == 0 else Fraction(part * 100, whole)


def format_percentage(value: Fraction | int, decimals: int = 1) -> str:
    """Format a percentage (e.g. from ``percentage``) with a dot separator.

    Rounds half away from zero, exactly, as published tallies do; the presentation
    layer swaps in the locale's separator ("53,7" in Vietnamese).
    """
    if decimals < 0:
        raise ValueError("decimals must not be negative")
    scale = 10**decimals
    units = math.floor(abs(Fraction(value)) * scale + Fraction(1, 2))
    sign = "-" if value < 0 and units else ""
    whole, part = divmod(units, scale)
    return f"{sign}{whole}.{part:0{decimals}d}" if decimals else f"{sign}{whole}"
