"""What a sealed ballot must say once opened, and what it counts as. No Django.

The tablet seals ``{"choices": {option id: mark}, "token": random}``. Anything else that
comes out of the ballot box (a ballot that did not decrypt, bad JSON, an unknown option,
two answers to a motion) is an invalid ballot (phiếu không hợp lệ): counted apart, shown,
never guessed at.
"""

import json
import re
from dataclasses import dataclass
from typing import Any

RATINGS = frozenset({"high", "confidence", "low"})
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")


@dataclass(frozen=True)
class BallotForm:
    """What a valid ballot of one poll looks like."""

    kind: str  # "motion", "election" or "confidence"
    option_ids: frozenset[str]
    seats: int = 1


def read(plaintext: Any, form: BallotForm) -> dict[str, str] | None:
    """The ballot's choices (option id -> mark) if it is valid, else None."""
    if not isinstance(plaintext, str):
        return None
    try:
        ballot = json.loads(plaintext)
    except ValueError:
        return None
    if not isinstance(ballot, dict) or set(ballot) != {"choices", "token"}:
        return None
    choices, token = ballot["choices"], ballot["token"]
    if not isinstance(token, str) or not TOKEN.match(token) or not isinstance(choices, dict):
        return None
    if not set(choices) <= form.option_ids or not all(isinstance(m, str) for m in choices.values()):
        return None
    marks = set(choices.values())
    if form.kind == "motion":
        valid = len(choices) == 1 and marks == {"x"}
    elif form.kind == "election":
        valid = marks <= {"x"} and len(choices) <= form.seats
    else:
        valid = set(choices) == form.option_ids and marks <= RATINGS
    if not valid:
        return None
    return {key: choices[key] for key in sorted(choices, key=int)}
