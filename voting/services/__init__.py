"""Voting services: attendance, polls, ballots. Each is one transaction with row locks,
an audit entry and live events sent after commit (see sessions/services.py for the shape)."""

from voting.services.attendance import check_in, check_out, mark_attendance
from voting.services.ballots import Selection, cast_ballot, cast_sealed_ballot, change_ballot
from voting.services.polls import (
    PollSpec,
    close_expired_polls,
    close_if_expired,
    close_poll,
    create_poll,
    open_poll,
)
from voting.services.void import void_poll

__all__ = [
    "PollSpec",
    "Selection",
    "cast_ballot",
    "cast_sealed_ballot",
    "change_ballot",
    "check_in",
    "check_out",
    "close_expired_polls",
    "close_if_expired",
    "close_poll",
    "create_poll",
    "mark_attendance",
    "open_poll",
    "void_poll",
]
