"""Voting's live events and regions, registered with sessions at app start.

MEMBER events (the voter's own receipt, the delegate's own check-in) are declared here but
not registered: tests/live/test_event_consistency.py checks each registered event on the
chair, room and screen pages, and a member event never reaches a hall screen. They carry
no regions; the delegate's own panels refetch themselves when they arrive.
"""

from typing import Any, TypedDict

from django.db.models.functions import Coalesce

from sessions import events, regions, state
from sessions.events import Audience, EventType
from sessions.models import Sitting
from voting.models import (
    MAX_VOID_REASON_CHARS,
    Attendance,
    AttendanceStatus,
    Poll,
    PollState,
    VotingClock,
)
from voting.presenters import current_result, poll_view
from voting.tally import quorum_state


class PollChangedPayload(TypedDict):
    poll_id: int
    state: str


class PollTallyPayload(TypedDict):
    poll_id: int
    version: int


class AttendanceChangedPayload(TypedDict):
    present: int
    total: int
    quorum: bool


class ReceiptPayload(TypedDict):
    poll_id: int


class OwnAttendancePayload(TypedDict):
    status: str


# poll-voters (who has voted, by name) is the chair's alone: 500 names in every tally
# frame to every tablet made a ballot burst's fan-out carry megabytes per update.
TALLY_REGIONS = ("poll-tally", "poll-voters", "screen-tally")
POLL_REGIONS = ("poll-controls", "poll-ballot", *TALLY_REGIONS)

POLL_CREATED = EventType("poll.created", PollChangedPayload, regions=("poll-controls",))
POLL_OPENED = EventType("poll.opened", PollChangedPayload, regions=POLL_REGIONS)
POLL_CLOSED = EventType("poll.closed", PollChangedPayload, regions=POLL_REGIONS)
# The box lost an open sealed poll's key (found by a close): every screen says it cannot
# be counted, and the chair's controls offer to void it.
POLL_KEY_GONE = EventType("poll.key_gone", PollChangedPayload, regions=POLL_REGIONS)
POLL_VOIDED = EventType("poll.voided", PollChangedPayload, regions=POLL_REGIONS)
POLL_TALLY = EventType("poll.tally", PollTallyPayload, regions=TALLY_REGIONS, coalesce=True)
ATTENDANCE_CHANGED = EventType(
    "attendance.changed", AttendanceChangedPayload, regions=("attendance", *TALLY_REGIONS)
)
# Member events: to one delegate's own devices.
# Batched: 500 receipts in a burst must not queue the tally behind them (member_events.py).
POLL_RECEIPT = EventType("poll.receipt", ReceiptPayload, audience=Audience.MEMBER, batched=True)
OWN_ATTENDANCE = EventType(
    "attendance.own", OwnAttendancePayload, audience=Audience.MEMBER, batched=True
)
# A sealed poll was counted: its signed list is at voting:count_file; tablets holding a
# token for the poll fetch it and check their ballot is in it (static/js/ballot-seal.js).
POLL_COUNTED = EventType("poll.counted", ReceiptPayload)


def current_poll(sitting: Sitting) -> Poll | None:
    """What the hall looks at: the open poll, else the last one closed (or voided).

    It depends on voting state only (not on the agenda), so only voting events change it.
    """
    polls = Poll.objects.filter(sitting=sitting).select_related("sitting__council", "item")
    return (
        polls.filter(state=PollState.OPEN).first()
        or polls.filter(state__in=(PollState.CLOSED, PollState.VOIDED))
        .order_by(Coalesce("closed_at", "voided_at").desc(nulls_last=True), "-id")
        .first()
    )


def clock(sitting: Sitting) -> int:
    return VotingClock.objects.filter(sitting=sitting).values_list("value", flat=True).first() or 0


def _attendance_context(sitting: Sitting) -> dict[str, Any]:
    rows = Attendance.objects.filter(sitting=sitting, member__council_id=sitting.council_id)
    return {
        "quorum": quorum_state(sitting),
        "excused": rows.filter(status=AttendanceStatus.EXCUSED).count(),
    }


def _tally_data(sitting: Sitting) -> tuple[int, Any, Poll | None, dict[str, Any] | None]:
    # Read the version before the rows: what is rendered is at least as new as the number.
    version = clock(sitting)
    poll = current_poll(sitting)
    result = current_result(poll) if poll is not None else None
    return version, quorum_state(sitting), poll, result


def _tally_context(sitting: Sitting) -> dict[str, Any]:
    # Counted once per event, worded once per language (poll_view words it).
    version, quorum, poll, result = regions.memoized(
        ("tally", sitting.pk), lambda: _tally_data(sitting)
    )
    return {"version": version, "quorum": quorum, **poll_view(poll, result=result)}


def _controls_context(sitting: Sitting) -> dict[str, Any]:
    polls = list(Poll.objects.filter(sitting=sitting).select_related("item"))
    return {
        "polls": polls,
        "has_open": any(p.is_open for p in polls),
        "max_void_reason": MAX_VOID_REASON_CHARS,
    }


def _ballot_context(sitting: Sitting) -> dict[str, Any]:
    poll = (
        Poll.objects.filter(sitting=sitting, state=PollState.OPEN)
        .prefetch_related("options")
        .first()
    )
    return {"poll": poll, "options": list(poll.options.all()) if poll else []}


def register() -> None:
    for event in (
        POLL_CREATED,
        POLL_OPENED,
        POLL_CLOSED,
        POLL_KEY_GONE,
        POLL_VOIDED,
        POLL_TALLY,
        ATTENDANCE_CHANGED,
        POLL_RECEIPT,
        OWN_ATTENDANCE,
        POLL_COUNTED,
    ):
        events.register(event)
    for region in (
        regions.Region("attendance", "voting/_partials/attendance.html", _attendance_context),
        regions.Region("poll-controls", "voting/_partials/poll_controls.html", _controls_context),
        regions.Region("poll-ballot", "voting/_partials/poll_ballot.html", _ballot_context),
        regions.Region(
            "poll-tally", "voting/_partials/poll_tally.html", _tally_context, worded_context=True
        ),
        regions.Region(
            "poll-voters", "voting/_partials/poll_voters.html", _tally_context, worded_context=True
        ),
        regions.Region(
            "screen-tally",
            "voting/_partials/screen_tally.html",
            _tally_context,
            worded_context=True,
        ),
    ):
        regions.register(region)
    for page, ids in {
        "room": ("attendance", "poll-ballot", "poll-tally"),
        "chair": ("attendance", "poll-controls", "poll-tally", "poll-voters"),
        "screen": ("screen-tally",),
    }.items():
        for region_id in ids:
            if region_id not in state.EXTRA_PAGE_REGIONS[page]:
                state.EXTRA_PAGE_REGIONS[page].append(region_id)
