"""What an opened sealed ballot counts as (voting/sealing.py, no Django, no database)."""

import json

import pytest

from voting.sealing import BallotForm, read

MOTION = BallotForm("motion", frozenset({"1", "2", "3"}))
ELECTION = BallotForm("election", frozenset({"4", "5", "6"}), seats=2)
CONFIDENCE = BallotForm("confidence", frozenset({"7", "8"}))
TOKEN = "a" * 32


def ballot(choices, token=TOKEN, **extra):
    return json.dumps({"choices": choices, "token": token, **extra})


@pytest.mark.parametrize(
    ("form", "choices", "expected"),
    [
        (MOTION, {"2": "x"}, {"2": "x"}),
        (ELECTION, {"6": "x", "4": "x"}, {"4": "x", "6": "x"}),
        (ELECTION, {}, {}),  # a blank election ballot is valid
        (CONFIDENCE, {"8": "low", "7": "high"}, {"7": "high", "8": "low"}),
    ],
)
def test_a_valid_ballot_reads_as_its_choices(form, choices, expected):
    assert read(ballot(choices), form) == expected


@pytest.mark.parametrize(
    ("form", "plaintext"),
    [
        (MOTION, None),  # did not decrypt
        (MOTION, "not json"),
        (MOTION, "[]"),
        (MOTION, ballot({})),  # no answer
        (MOTION, ballot({"1": "x", "2": "x"})),  # two answers
        (MOTION, ballot({"9": "x"})),  # not on this ballot
        (MOTION, ballot({"1": "yes"})),
        (MOTION, ballot({"1": "x"}, token="short")),
        (MOTION, ballot({"1": "x"}, token=None)),
        (MOTION, ballot({"1": "x"}, extra="field")),
        (MOTION, json.dumps({"choices": {"1": "x"}})),
        (MOTION, ballot({"1": 1})),
        (ELECTION, ballot({"4": "x", "5": "x", "6": "x"})),  # over the seats
        (CONFIDENCE, ballot({"7": "high"})),  # an official left unrated
        (CONFIDENCE, ballot({"7": "high", "8": "x"})),
    ],
)
def test_anything_else_is_an_invalid_ballot(form, plaintext):
    assert read(plaintext, form) is None
