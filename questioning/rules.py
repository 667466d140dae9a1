"""The question's life: one transition table, pure Python (no Django), tested without a database.

draft ──register──▶ registered ──give the floor──▶ on_floor ──mark asked──▶ asked ──▶ answered
  │                    │  └──merge into another──▶ merged
  └──withdraw──▶ withdrawn ◀──withdraw (before the floor)
A question given the floor and then taken back (the chair gave it by mistake) goes back to
registered; an asked question is never taken back: it is in the record.
"""

DRAFT = "draft"
REGISTERED = "registered"
MERGED = "merged"
ON_FLOOR = "on_floor"
ASKED = "asked"
ANSWERED = "answered"
WITHDRAWN = "withdrawn"

TRANSITIONS: dict[str, frozenset[str]] = {
    DRAFT: frozenset({REGISTERED, WITHDRAWN}),
    REGISTERED: frozenset({MERGED, ON_FLOOR, WITHDRAWN}),
    MERGED: frozenset({REGISTERED}),
    ON_FLOOR: frozenset({ASKED, REGISTERED}),
    ASKED: frozenset({ANSWERED}),
    ANSWERED: frozenset(),
    WITHDRAWN: frozenset(),
}

# Its authors may still change the words of these; past them the text is what was asked.
EDITABLE = frozenset({DRAFT, REGISTERED})
# The secretariat may still move these between groups.
GROUPABLE = frozenset({REGISTERED})


def may_move(from_state: str, to_state: str) -> bool:
    return to_state in TRANSITIONS.get(from_state, frozenset())


def clean_text(text: str, limit: int) -> str:
    """A question's words: trimmed, control characters dropped (tabs and newlines kept)."""
    kept = "".join(c for c in text if c in "\t\n" or (ord(c) >= 32 and ord(c) != 127))
    return kept.strip()[: limit + 1]  # one past the bound, so the caller can refuse it
