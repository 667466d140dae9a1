"""The task's life in one transition table (pure: no Django, tested without a database).

    assigned --acknowledge--> acknowledged --progress--> in_progress --report--> reported
    reported --accept--> done          reported --return--> returned --progress/report--> ...

The agency acknowledges, reports progress and reports; the assigner's side (the chair or the
secretariat) accepts or returns. An extension may be asked while the agency still owes the
work, and decided while it is pending; neither changes the status.
"""

from enum import StrEnum


class Status(StrEnum):
    # The same values as followup.models.TaskStatus (checked by a test).
    ASSIGNED = "assigned"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in_progress"
    REPORTED = "reported"
    DONE = "done"
    RETURNED = "returned"


class Move(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    PROGRESS = "progress"
    REPORT = "report"
    ACCEPT = "accept"
    RETURN = "return"
    REQUEST_EXTENSION = "request_extension"
    DECIDE_EXTENSION = "decide_extension"


class Side(StrEnum):
    AGENCY = "agency"
    ASSIGNER = "assigner"


OWED = frozenset({Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.RETURNED})
OPEN = OWED | {Status.ASSIGNED}

# move -> (who makes it, the statuses it starts from, the status it leads to or None to stay)
TRANSITIONS: dict[Move, tuple[Side, frozenset[Status], Status | None]] = {
    Move.ACKNOWLEDGE: (Side.AGENCY, frozenset({Status.ASSIGNED}), Status.ACKNOWLEDGED),
    Move.PROGRESS: (Side.AGENCY, OWED, Status.IN_PROGRESS),
    Move.REPORT: (Side.AGENCY, OWED, Status.REPORTED),
    Move.ACCEPT: (Side.ASSIGNER, frozenset({Status.REPORTED}), Status.DONE),
    Move.RETURN: (Side.ASSIGNER, frozenset({Status.REPORTED}), Status.RETURNED),
    Move.REQUEST_EXTENSION: (Side.AGENCY, OPEN, None),
    Move.DECIDE_EXTENSION: (Side.ASSIGNER, OPEN | {Status.REPORTED}, None),
}


class IllegalMove(Exception):
    def __init__(self, move: Move, status: str) -> None:
        super().__init__(f"{move} is not allowed from {status}")
        self.move = move
        self.status = status


def side_of(move: Move) -> Side:
    return TRANSITIONS[move][0]


def next_status(move: Move, status: str) -> Status:
    """The status after `move` from `status`; IllegalMove if the table has no such arrow."""
    _side, sources, target = TRANSITIONS[move]
    current = Status(status)
    if current not in sources:
        raise IllegalMove(move, status)
    return target or current


def moves_from(status: str, side: Side) -> list[Move]:
    """What `side` may do to a task in `status` (the buttons a page offers)."""
    current = Status(status)
    return [m for m, (s, sources, _t) in TRANSITIONS.items() if s == side and current in sources]
