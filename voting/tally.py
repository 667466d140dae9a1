"""Counting: read the rows of one poll and hand the numbers to voting/rules.py.

No arithmetic of the law lives here: every threshold, verdict and share comes from rules.
The result is a plain JSON-able dict: computed live while a poll is open, and frozen into
``Poll.result`` by close_poll, so a closed poll renders from exactly what was recorded.
"""

from collections import Counter
from typing import Any

from council.models import DELEGATE_ROLES, Member
from council.vietnamese import sorted_names
from sessions import regions
from voting import rules
from voting.models import (
    Attendance,
    AttendanceStatus,
    Ballot,
    BallotReceipt,
    MotionChoice,
    Poll,
    PollKind,
    SealedBallot,
)


def present_ids(sitting_id: int) -> set[int]:
    """Delegates checked in. Read once per live render pass (sessions/regions.memoized): a
    tally update asks three times (quorum, entitled, present). Callers never mutate it."""
    return regions.memoized(
        ("present_ids", sitting_id),
        lambda: set(
            Attendance.objects.filter(
                sitting_id=sitting_id,
                status=AttendanceStatus.PRESENT,
                member__role__in=[role.value for role in DELEGATE_ROLES],
            ).values_list("member_id", flat=True)
        ),
    )


def quorum_state(sitting: Any) -> rules.QuorumState:
    council = sitting.council
    total = council.total_delegates
    present = min(len(present_ids(sitting.pk)), total)
    threshold = rules.Threshold.at_least(council.quorum_numerator, council.quorum_denominator)
    return rules.quorum(present, total, threshold)


def entitled_ids(poll: Poll) -> set[int]:
    """Who may vote now: delegates of the council, checked in if the poll requires it."""
    if poll.require_presence:
        return present_ids(poll.sitting_id)
    return set(
        Member.objects.delegates()
        .filter(council_id=poll.sitting.council_id)
        .values_list("pk", flat=True)
    )


def voter_ids(poll: Poll) -> set[int]:
    return set(BallotReceipt.objects.filter(poll=poll).values_list("member_id", flat=True))


def compute_result(poll: Poll, *, closed: bool) -> dict[str, Any]:
    council = poll.sitting.council
    total = council.total_delegates
    voters = voter_ids(poll)
    # A delegate who voted and then left still cast a ballot: they stay entitled.
    entitled = entitled_ids(poll) | voters
    # Accounts beyond the statutory total are a data error that open_poll refuses; never let
    # one break a live tally mid-sitting.
    present = min(len(present_ids(poll.sitting_id)), total)
    entitled_count = min(len(entitled), total)
    options = list(poll.options.all())
    if poll.sealed and not closed:
        # Sealed ballots are unreadable until the close: only the turnout can be counted.
        choices = []
        cast = SealedBallot.objects.filter(poll=poll).count()
    else:
        choices = list(Ballot.objects.filter(poll=poll).values_list("choices", flat=True))
        cast = len(choices)
    marks: Counter[tuple[str, str]] = Counter()
    for choice in choices:
        for option_id, mark in choice.items():
            marks[(option_id, mark)] += 1
    rule = poll.rule
    result: dict[str, Any] = {
        "kind": poll.kind,
        "secret": poll.secret,
        "closed": closed,
        "rule": {
            "base": rule.base.value,
            "numerator": rule.threshold.numerator,
            "denominator": rule.threshold.denominator,
            "comparison": rule.threshold.comparison.value,
        },
        "total_delegates": total,
        "present": present,
        "entitled": entitled_count,
        "cast": cast,
        "outstanding": 0 if closed else max(0, entitled_count - cast),
    }
    if poll.kind == PollKind.MOTION:
        by_code = {o.code: marks[(str(o.pk), "x")] for o in options}
        counts = rules.Counts(
            yes=by_code.get(MotionChoice.YES, 0),
            no=by_code.get(MotionChoice.NO, 0),
            abstain=by_code.get(MotionChoice.ABSTAIN, 0),
            total_delegates=total,
            present=present,
            entitled=max(entitled_count, cast),
        )
        verdict = rules.decide(rule, counts, closed=closed)
        result["options"] = [
            {"id": o.pk, "label": o.label, "code": o.code, "votes": by_code.get(o.code, 0)}
            for o in options
        ]
        result["verdict"] = {
            "passed": verdict.passed,
            "reason_code": verdict.reason_code.value,
            "params": verdict.reason_params(),
        }
    elif poll.kind == PollKind.ELECTION:
        votes = {str(o.pk): marks[(str(o.pk), "x")] for o in options}
        election = rules.decide_election(
            rule,
            votes,
            total_delegates=total,
            present=present,
            ballots_cast=cast,
            seats=poll.seats,
            closed=closed,
        )
        labels = {str(o.pk): o.label for o in options}
        result["seats"] = poll.seats
        result["base"] = election.base_count
        result["needed"] = election.needed
        result["tie_at_cut"] = election.tie_at_cut
        result["unfilled_seats"] = election.unfilled_seats
        result["candidates"] = [
            {
                "id": int(c.candidate),
                "label": labels[c.candidate],
                "votes": c.votes,
                "meets": c.meets_threshold,
                "elected": c.elected,
                "tied": c.tied_at_cut,
            }
            for c in election.candidates
        ]
    else:
        officials = []
        for o in options:
            assessed = rules.assess_confidence(
                marks[(str(o.pk), "high")],
                marks[(str(o.pk), "confidence")],
                marks[(str(o.pk), "low")],
                total,
            )
            officials.append(
                {
                    "id": o.pk,
                    "label": o.label,
                    "high": assessed.high,
                    "confidence": assessed.confidence,
                    "low": assessed.low,
                    "low_more_than_half": assessed.low_more_than_half,
                    "low_at_least_two_thirds": assessed.low_at_least_two_thirds,
                }
            )
        result["officials"] = officials
    if not poll.secret:
        names = dict(Member.objects.filter(pk__in=entitled | voters).values_list("pk", "full_name"))
        result["voted"] = sorted_names(names[i] for i in voters if i in names)
        result["not_voted"] = sorted_names(names[i] for i in entitled - voters if i in names)
    return result


def entitled_record(poll: Poll) -> list[dict[str, Any]]:
    """The frozen entitled list: every delegate who could vote, and whether they did."""
    voters = voter_ids(poll)
    ids = entitled_ids(poll) | voters
    members = Member.objects.filter(pk__in=ids).order_by("full_name", "pk")
    return [{"id": m.pk, "name": m.full_name, "voted": m.pk in voters} for m in members]
