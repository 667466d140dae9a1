"""The question's transition table and text rules, without a database."""

import itertools

import pytest

from questioning import rules

ALL = [rules.DRAFT, rules.REGISTERED, rules.MERGED, rules.ON_FLOOR, rules.ASKED]
ALL += [rules.ANSWERED, rules.WITHDRAWN]


def test_every_state_has_a_row_in_the_table():
    assert set(rules.TRANSITIONS) == set(ALL)


@pytest.mark.parametrize(
    ("from_state", "to_state"),
    [
        (rules.DRAFT, rules.ON_FLOOR),
        (rules.DRAFT, rules.MERGED),
        (rules.ASKED, rules.REGISTERED),
        (rules.ASKED, rules.WITHDRAWN),
        (rules.ON_FLOOR, rules.WITHDRAWN),
        (rules.WITHDRAWN, rules.REGISTERED),
        (rules.ANSWERED, rules.ASKED),
    ],
)
def test_illegal_moves_are_refused(from_state, to_state):
    assert not rules.may_move(from_state, to_state)


def test_a_question_goes_from_draft_to_answered():
    path = [rules.DRAFT, rules.REGISTERED, rules.ON_FLOOR, rules.ASKED, rules.ANSWERED]
    assert all(rules.may_move(a, b) for a, b in itertools.pairwise(path))


def test_text_is_trimmed_and_loses_control_characters_but_keeps_lines():
    assert rules.clean_text("  Hỏi\x00 về\tvốn\nđầu tư \x07 ", 100) == "Hỏi về\tvốn\nđầu tư"


def test_text_past_the_bound_is_kept_one_character_long_so_it_can_be_refused():
    assert len(rules.clean_text("a" * 50, 10)) == 11
