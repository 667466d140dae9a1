"""Council voting law: thresholds, verdicts, quorum, elections and confidence polls."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from voting.rules import (
    AT_LEAST_THREE_QUARTERS,
    AT_LEAST_TWO_THIRDS,
    DISMISSAL_RULE,
    ELECTION_RULE,
    MORE_THAN_HALF,
    RESOLUTION_RULE,
    Base,
    Comparison,
    Counts,
    ReasonCode,
    Rule,
    Threshold,
    assess_confidence,
    base_count,
    decide,
    decide_election,
    format_percentage,
    percentage,
    quorum,
)


def counts(yes: int = 0, no: int = 0, abstain: int = 0, *, total: int = 95, present: int = 95,
           entitled: int | None = None) -> Counts:  # fmt: skip
    return Counts(yes, no, abstain, total, present, present if entitled is None else entitled)


def election(votes: dict[str, int], *, seats: int = 1, closed: bool = True, total: int = 95):
    return decide_election(
        ELECTION_RULE,
        votes,
        total_delegates=total,
        present=total,
        ballots_cast=total,
        seats=seats,
        closed=closed,
    )


@st.composite
def thresholds(draw: st.DrawFn) -> Threshold:
    denominator = draw(st.integers(1, 60))
    numerator = draw(st.integers(1, denominator))
    if numerator == denominator:
        return Threshold.at_least(numerator, denominator)
    return Threshold(numerator, denominator, draw(st.sampled_from(Comparison)))


# --- thresholds --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("threshold", "base", "needed"),
    [
        (MORE_THAN_HALF, 95, 48),
        (MORE_THAN_HALF, 94, 48),
        (AT_LEAST_TWO_THIRDS, 95, 64),
        (AT_LEAST_TWO_THIRDS, 90, 60),
        (AT_LEAST_THREE_QUARTERS, 95, 72),
        (AT_LEAST_THREE_QUARTERS, 100, 75),
        (Threshold.more_than(3, 5), 10, 7),
        (Threshold.at_least(3, 5), 10, 6),
    ],
)
def test_votes_needed_is_the_smallest_whole_number_meeting_the_threshold(threshold, base, needed):
    assert threshold.votes_needed(base) == needed


def test_exactly_half_is_not_more_than_half():
    assert not MORE_THAN_HALF.is_met(47, 94)
    assert MORE_THAN_HALF.is_met(48, 94)


def test_exactly_two_thirds_is_at_least_two_thirds():
    assert AT_LEAST_TWO_THIRDS.is_met(60, 90)
    assert not AT_LEAST_TWO_THIRDS.is_met(59, 90)


def test_exactly_three_quarters_is_at_least_three_quarters():
    assert AT_LEAST_THREE_QUARTERS.is_met(75, 100)
    assert not AT_LEAST_THREE_QUARTERS.is_met(74, 100)


def test_on_an_empty_base_more_than_needs_one_vote_and_at_least_needs_none():
    assert MORE_THAN_HALF.votes_needed(0) == 1
    assert AT_LEAST_TWO_THIRDS.votes_needed(0) == 0


@pytest.mark.parametrize(
    ("numerator", "denominator", "comparison"),
    [
        (0, 2, Comparison.MORE_THAN),
        (-1, 2, Comparison.AT_LEAST),
        (3, 2, Comparison.AT_LEAST),
        (1, 0, Comparison.AT_LEAST),
        (1, -2, Comparison.AT_LEAST),
        (1, 1, Comparison.MORE_THAN),
        (1, 2, "almost"),
    ],
)
def test_fractions_outside_zero_to_one_or_unmeetable_are_rejected(
    numerator, denominator, comparison
):
    with pytest.raises(ValueError):
        Threshold(numerator, denominator, comparison)


def test_non_integer_fractions_are_rejected_so_no_float_can_creep_in():
    with pytest.raises(TypeError):
        Threshold(0.5, 1, Comparison.AT_LEAST)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Threshold(True, 2, Comparison.AT_LEAST)


def test_thresholds_are_stored_reduced_and_accept_their_stored_string_form():
    assert Threshold(2, 4, "more_than") == MORE_THAN_HALF  # type: ignore[arg-type]
    assert Threshold.at_least(1, 1).fraction == 1
    assert Rule("total", MORE_THAN_HALF) == RESOLUTION_RULE  # type: ignore[arg-type]


@given(thresholds(), st.integers(0, 1000))
def test_votes_needed_meets_the_threshold_and_one_fewer_does_not(threshold, base):
    needed = threshold.votes_needed(base)
    share = threshold.fraction * base

    def satisfies(votes: int) -> bool:
        return votes > share if threshold.comparison is Comparison.MORE_THAN else votes >= share

    assert satisfies(needed)
    assert needed == 0 or not satisfies(needed - 1)
    assert threshold.is_met(needed, base) and not threshold.is_met(needed - 1, base)


# --- bases -------------------------------------------------------------------------------


def test_each_base_counts_its_own_number():
    c = counts(10, 5, 3, total=95, present=70, entitled=60)
    assert base_count(Base.TOTAL_DELEGATES, c) == 95
    assert base_count(Base.PRESENT, c) == 70
    assert base_count(Base.CAST, c) == 18
    assert base_count(Base.YES_NO, c) == 15


def test_base_values_are_the_stable_strings_stored_in_the_database():
    assert [b.value for b in Base] == ["total", "present", "cast", "yes_no"]
    assert [c.value for c in Comparison] == ["more_than", "at_least"]


def test_counts_reject_more_ballots_than_entitled_voters_or_negative_numbers():
    with pytest.raises(ValueError):
        counts(40, 30, 10, present=70, entitled=70)
    with pytest.raises(ValueError):
        counts(-1)
    with pytest.raises(ValueError):
        counts(total=95, present=96)


@pytest.mark.parametrize(
    ("base", "yes", "no", "abstain", "passed"),
    [
        (Base.PRESENT, 31, 0, 0, True),  # 31 of 60 present
        (Base.PRESENT, 30, 0, 0, False),  # exactly half of those present
        (Base.CAST, 21, 10, 10, True),  # 21 of 41 cast
        (Base.CAST, 20, 10, 10, False),  # 20 of 40 cast is exactly half
        (Base.YES_NO, 11, 10, 20, True),  # abstentions do not count on a yes/no base
        (Base.YES_NO, 10, 10, 20, False),
    ],
)
def test_a_closed_poll_applies_the_rule_to_its_base(base, yes, no, abstain, passed):
    rule = Rule(base, MORE_THAN_HALF)
    c = counts(yes, no, abstain, total=95, present=60)
    assert decide(rule, c, closed=True).passed is passed


# --- resolutions and dismissals ----------------------------------------------------------


def test_resolution_needs_more_than_half_of_all_delegates_not_of_those_present():
    verdict = decide(RESOLUTION_RULE, counts(47, 0, 0, present=64), closed=True)
    assert verdict.passed is False
    assert verdict.reason_code is ReasonCode.FAILED
    assert (verdict.needed, verdict.base_count, verdict.still_needed) == (48, 95, 1)


def test_forty_eight_of_ninety_five_pass_a_resolution_even_if_only_sixty_four_are_present():
    verdict = decide(RESOLUTION_RULE, counts(48, 10, 6, present=64), closed=True)
    assert verdict.passed is True
    assert verdict.reason_code is ReasonCode.PASSED
    assert verdict.reason_params() == {
        "needed": 48,
        "base": 95,
        "favourable": 48,
        "still_needed": 0,
        "outstanding": 0,
        "base_kind": "total",
        "comparison": "more_than",
        "numerator": 1,
        "denominator": 2,
    }


def test_dismissal_with_ninety_five_delegates_fails_at_sixty_three_and_passes_at_sixty_four():
    assert decide(DISMISSAL_RULE, counts(63, 32), closed=True).passed is False
    assert decide(DISMISSAL_RULE, counts(64, 31), closed=True).passed is True


def test_a_decision_on_an_empty_base_never_passes():
    rule = Rule(Base.YES_NO, AT_LEAST_TWO_THIRDS)  # 0 of 0 would vacuously be "at least"
    verdict = decide(rule, counts(0, 0, 40, present=40), closed=True)
    assert verdict.passed is False
    assert verdict.reason_code is ReasonCode.NO_BASE


def test_an_open_poll_whose_base_can_only_end_empty_is_already_lost():
    rule = Rule(Base.CAST, MORE_THAN_HALF)
    verdict = decide(rule, counts(present=0, entitled=0), closed=False)
    assert verdict.passed is False and verdict.decided_early
    assert verdict.reason_code is ReasonCode.NO_BASE


# --- open polls --------------------------------------------------------------------------


def test_an_open_poll_reports_how_many_more_votes_are_needed():
    verdict = decide(RESOLUTION_RULE, counts(30, 5, 2, present=80), closed=False)
    assert verdict.passed is None and not verdict.decided_early
    assert verdict.reason_code is ReasonCode.OPEN
    assert (verdict.still_needed, verdict.outstanding) == (18, 43)


def test_an_open_poll_is_certain_to_pass_once_enough_have_voted_in_favour():
    verdict = decide(RESOLUTION_RULE, counts(48, present=80), closed=False)
    assert verdict.passed is True and verdict.decided_early
    assert verdict.reason_code is ReasonCode.REACHED
    assert verdict.still_needed == 0


def test_an_open_poll_is_certain_to_fail_when_the_remaining_ballots_cannot_carry_it():
    # 64 present, 30 yes and 20 no so far: at most 44 in favour, 48 needed.
    verdict = decide(RESOLUTION_RULE, counts(30, 20, present=64), closed=False)
    assert verdict.passed is False and verdict.decided_early
    assert verdict.reason_code is ReasonCode.UNREACHABLE
    assert verdict.outstanding == 14


def test_an_open_poll_that_could_just_still_pass_is_not_yet_decided():
    verdict = decide(RESOLUTION_RULE, counts(30, 20, present=68), closed=False)  # 30 + 18 = 48
    assert verdict.passed is None


def test_on_a_growing_base_still_needed_follows_the_current_base_but_certainty_waits():
    # More than half of ballots cast: 6 of 10 is enough now, but 30 outstanding
    # ballots could all be "no", so the outcome is not certain.
    rule = Rule(Base.CAST, MORE_THAN_HALF)
    verdict = decide(rule, counts(6, 4, present=40), closed=False)
    assert (verdict.needed, verdict.still_needed) == (6, 0)
    assert verdict.passed is None
    assert decide(rule, counts(6, 4, present=40), closed=True).passed is True


def test_on_a_growing_base_certainty_is_claimed_only_when_every_remaining_ballot_could_not_matter():
    rule = Rule(Base.YES_NO, MORE_THAN_HALF)
    # 21 yes and 5 ballots left: even 5 more "no" give 21 of 41.
    assert decide(rule, counts(21, 15, present=41), closed=False).reason_code is ReasonCode.REACHED
    assert decide(rule, counts(20, 15, present=41), closed=False).passed is None


@st.composite
def open_polls(draw: st.DrawFn) -> tuple[Rule, Counts]:
    rule = Rule(draw(st.sampled_from(Base)), draw(thresholds()))
    total = draw(st.integers(0, 14))
    present = draw(st.integers(0, total))
    entitled = draw(st.integers(0, present))
    yes = draw(st.integers(0, entitled))
    no = draw(st.integers(0, entitled - yes))
    abstain = draw(st.integers(0, entitled - yes - no))
    return rule, Counts(yes, no, abstain, total, present, entitled)


@given(open_polls())
def test_an_open_poll_is_decided_early_exactly_when_every_way_of_finishing_agrees(poll):
    rule, c = poll
    outcomes = {
        decide(
            rule,
            Counts(c.yes + y, c.no + n, c.abstain + a, c.total_delegates, c.present, c.entitled),
            closed=True,
        ).passed
        for y in range(c.outstanding + 1)
        for n in range(c.outstanding + 1 - y)
        for a in range(c.outstanding + 1 - y - n)
    }
    verdict = decide(rule, c, closed=False)
    if len(outcomes) == 1:
        assert verdict.passed is outcomes.pop()
    else:
        assert verdict.passed is None


@given(open_polls(), st.booleans())
def test_more_votes_in_favour_never_hurt(poll, closed):
    rule, c = poll
    if c.entitled == c.cast:  # room for one more ballot
        return
    rank = {False: 0, None: 1, True: 2}
    before = decide(rule, c, closed=closed)
    more = Counts(c.yes + 1, c.no, c.abstain, c.total_delegates, c.present, c.entitled)
    after = decide(rule, more, closed=closed)
    assert rank[after.passed] >= rank[before.passed]
    # Turning a "no" into a "yes" must not hurt either.
    if c.no:
        swapped = Counts(c.yes + 1, c.no - 1, c.abstain, c.total_delegates, c.present, c.entitled)
        assert rank[decide(rule, swapped, closed=closed).passed] >= rank[before.passed]


# --- quorum ------------------------------------------------------------------------------


def test_quorum_with_ninety_five_delegates_is_not_reached_at_sixty_three_but_is_at_sixty_four():
    short = quorum(63, 95)
    assert (short.needed, short.reached, short.missing) == (64, False, 1)
    met = quorum(64, 95)
    assert (met.needed, met.reached, met.missing) == (64, True, 0)


def test_the_quorum_fraction_can_be_set_per_council():
    assert quorum(48, 95, MORE_THAN_HALF).reached
    assert not quorum(71, 95, AT_LEAST_THREE_QUARTERS).reached


def test_a_council_without_delegates_never_has_a_quorum_and_impossible_presence_is_rejected():
    assert not quorum(0, 0).reached
    with pytest.raises(ValueError):
        quorum(96, 95)


# --- elections ---------------------------------------------------------------------------


def test_a_candidate_is_elected_only_with_more_than_half_of_all_delegates():
    result = election({"an": 48, "binh": 47}, seats=2)
    assert result.elected == ("an",)
    assert result.unfilled_seats == 1
    assert [c.meets_threshold for c in result.candidates] == [True, False]


def test_when_more_candidates_pass_than_there_are_seats_those_with_most_votes_win():
    result = election({"an": 60, "binh": 80, "cuong": 70}, seats=2)
    assert result.elected == ("binh", "cuong")
    assert [c.candidate for c in result.candidates] == ["binh", "cuong", "an"]
    assert not result.tie_at_cut


def test_a_tie_at_the_last_seat_elects_none_of_the_tied_candidates():
    result = election({"an": 80, "binh": 60, "cuong": 60, "dung": 50}, seats=2)
    assert result.tie_at_cut
    assert result.elected == ("an",)
    assert {c.candidate for c in result.candidates if c.tied_at_cut} == {"binh", "cuong"}
    assert result.unfilled_seats == 1


def test_a_tie_below_the_last_seat_does_not_matter():
    result = election({"an": 80, "binh": 70, "cuong": 60, "dung": 60}, seats=2)
    assert not result.tie_at_cut
    assert result.elected == ("an", "binh")


def test_nobody_is_declared_elected_while_the_ballot_is_open():
    result = election({"an": 60}, closed=False)
    assert result.candidates[0].elected is None
    assert result.candidates[0].meets_threshold
    assert result.elected == ()


def test_an_election_rejects_a_yes_no_base_and_impossible_tallies():
    with pytest.raises(ValueError):
        decide_election(
            Rule(Base.YES_NO, MORE_THAN_HALF),
            {"an": 1},
            total_delegates=3,
            present=3,
            ballots_cast=3,
            seats=1,
            closed=True,
        )
    with pytest.raises(ValueError):
        election({"an": 96})
    with pytest.raises(ValueError):
        election({"an": 50}, seats=0)


# --- confidence polls --------------------------------------------------------------------


def test_low_confidence_from_48_of_95_is_more_than_half_and_from_47_is_not():
    assert assess_confidence(20, 27, 48, 95).low_more_than_half
    assert not assess_confidence(20, 28, 47, 95).low_more_than_half


def test_low_confidence_from_64_of_95_is_at_least_two_thirds_and_from_63_is_not():
    assert assess_confidence(10, 21, 64, 95).low_at_least_two_thirds
    assert not assess_confidence(10, 22, 63, 95).low_at_least_two_thirds


def test_confidence_shares_are_exact_fractions_of_all_delegates_not_of_ballots_returned():
    result = assess_confidence(51, 20, 10, 95)
    assert result.high_share == Fraction(51, 95)
    assert result.ballots == 81
    percentages = result.percentages()
    assert format_percentage(percentages["high"]) == "53.7"
    assert percentages["high"] == Fraction(5100, 95)
    assert sum(percentages.values()) == Fraction(8100, 95)


def test_a_confidence_poll_rejects_more_ratings_than_delegates():
    with pytest.raises(ValueError):
        assess_confidence(50, 40, 10, 95)
    with pytest.raises(ValueError):
        assess_confidence(0, 0, 0, 0)


# --- percentages -------------------------------------------------------------------------


def test_percentage_is_exact_and_undefined_on_nothing():
    assert percentage(51, 95) == Fraction(5100, 95)
    assert percentage(1, 3) == Fraction(100, 3)
    assert percentage(0, 0) is None


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (Fraction(5100, 95), 1, "53.7"),
        (Fraction(100, 3), 1, "33.3"),
        (Fraction(200, 3), 1, "66.7"),
        (Fraction(1, 20), 1, "0.1"),  # 0.05 rounds half up
        (Fraction(249, 10), 0, "25"),
        (100, 1, "100.0"),
        (Fraction(-1, 20), 1, "-0.1"),
        (Fraction(-1, 100), 1, "0.0"),
        (Fraction(200, 3), 2, "66.67"),
    ],
)
def test_percentages_are_formatted_with_exact_half_up_rounding(value, decimals, text):
    assert format_percentage(value, decimals) == text


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_formatted_percentage_is_within_half_a_tenth_of_the_exact_value(part, whole):
    exact = percentage(part, whole)
    assert exact is not None
    assert abs(Fraction(format_percentage(exact)) - exact) <= Fraction(1, 20)
