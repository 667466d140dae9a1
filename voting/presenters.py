"""Words and view models for a poll's result: everything a template shows, already decided.

The numbers come from voting/tally.py (and from there voting/rules.py); this module only
words them in the active language. Region contexts call it inside the language override
of sessions.regions.render_regions, so each language gets its own wording.
"""

from fractions import Fraction
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from voting import rules
from voting.models import MotionChoice, Poll, PollKind, RatingChoice
from voting.tally import compute_result


def percent(part: int, whole: int) -> str:
    value = rules.percentage(part, whole)
    if value is None:
        return "-"
    text = rules.format_percentage(value)
    if translation.get_language() == "vi":
        text = text.replace(".", ",")
    return f"{text} %"


def percent_of(share: Fraction) -> str:
    text = rules.format_percentage(share * 100)
    if translation.get_language() == "vi":
        text = text.replace(".", ",")
    return f"{text} %"


def threshold_text(numerator: int, denominator: int, comparison: str) -> str:
    named = {
        (1, 2, rules.Comparison.MORE_THAN): _("more than half"),
        (2, 3, rules.Comparison.AT_LEAST): _("at least two thirds"),
        (3, 4, rules.Comparison.AT_LEAST): _("at least three quarters"),
    }
    key = (numerator, denominator, rules.Comparison(comparison))
    if key in named:
        return named[key]
    params = {"numerator": numerator, "denominator": denominator}
    if key[2] is rules.Comparison.MORE_THAN:
        return _("more than %(numerator)s/%(denominator)s") % params
    return _("at least %(numerator)s/%(denominator)s") % params


def base_text(base: str) -> str:
    return {
        rules.Base.TOTAL_DELEGATES: _("of all delegates"),
        rules.Base.PRESENT: _("of the delegates present"),
        rules.Base.CAST: _("of the ballots cast"),
        rules.Base.YES_NO: _("of the votes for and against"),
    }[rules.Base(base)]


def rule_text(rule: dict[str, Any]) -> str:
    """ "More than half of all delegates"."""
    text = _("%(threshold)s %(base)s") % {
        "threshold": threshold_text(rule["numerator"], rule["denominator"], rule["comparison"]),
        "base": base_text(rule["base"]),
    }
    return text[:1].upper() + text[1:]


def verdict_text(code: str, params: dict[str, Any]) -> str:
    """ "48 of 95 needed, 51 in favour: passed", from rules.Verdict.reason_params()."""
    if code == rules.ReasonCode.NO_BASE:
        return _("Nothing to decide on: not passed")
    head = _("%(needed)s of %(base)s needed, %(favourable)s in favour") % params
    tail = {
        rules.ReasonCode.PASSED: _("passed"),
        rules.ReasonCode.FAILED: _("not passed"),
        rules.ReasonCode.REACHED: _("the threshold is reached"),
        rules.ReasonCode.UNREACHABLE: _("it can no longer pass"),
        rules.ReasonCode.OPEN: ngettext(
            "%(count)s more needed", "%(count)s more needed", params["still_needed"]
        )
        % {"count": params["still_needed"]},
    }[rules.ReasonCode(code)]
    return f"{head}: {tail}"


def current_result(poll: Poll) -> dict[str, Any]:
    """A closed poll's frozen result, or an open one's counted now (a voided one has none)."""
    if poll.is_voided:
        return {"closed": True, "voided": True}
    return poll.result if poll.is_closed and poll.result else compute_result(poll, closed=False)


def poll_view(poll: Poll | None, *, result: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything a tally template needs. ``result``: pass one computed in the same request."""
    if poll is None:
        return {"poll": None}
    if poll.is_voided:
        # Nothing was counted: the record is that it was voided, when, by whom and why.
        return {
            "poll": poll,
            "result": {"voided": True},
            "closed": True,
            "voided": True,
            "void_text": _("Voided: %(reason)s") % {"reason": poll.void_reason},
        }
    if result is None:
        result = current_result(poll)
    closed = bool(result["closed"])
    # While a secret poll is open only the number of ballots is shown: live per-choice
    # counts would let anyone watching the screen read a lone voter's choice off the
    # next update.
    show_counts = closed or not poll.secret
    view: dict[str, Any] = {
        "poll": poll,
        "result": result,
        "closed": closed,
        "show_counts": show_counts,
        "rule_text": rule_text(result["rule"]),
        "cast_text": _("%(cast)s of %(entitled)s entitled delegates have voted")
        % {"cast": result["cast"], "entitled": result["entitled"]},
    }
    if poll.kind == PollKind.MOTION:
        verdict = result["verdict"]
        params = verdict["params"]
        base = params["base"]
        view["rows"] = [
            {
                "label": MotionChoice(option["code"]).label if option["code"] else option["label"],
                "code": option["code"],
                "votes": option["votes"],
                "percent": percent(option["votes"], base),
                "max": max(base, 1),
            }
            for option in result["options"]
        ]
        view["passed"] = verdict["passed"]
        if show_counts:
            view["verdict_text"] = verdict_text(verdict["reason_code"], params)
        view["needed_text"] = _("%(needed)s votes in favour needed (of %(base)s)") % params
    elif poll.kind == PollKind.ELECTION:
        base = result["base"]
        view["rows"] = [
            {
                "label": c["label"],
                "votes": c["votes"],
                "percent": percent(c["votes"], base),
                "max": max(base, 1),
                "elected": c["elected"],
                "tied": c["tied"],
                "meets": c["meets"],
            }
            for c in result["candidates"]
        ]
        view["needed_text"] = ngettext(
            "%(needed)s votes needed to be elected (of %(base)s), %(seats)s seat",
            "%(needed)s votes needed to be elected (of %(base)s), %(seats)s seats",
            result["seats"],
        ) % {"needed": result["needed"], "base": base, "seats": result["seats"]}
        if closed:
            view["verdict_text"] = (
                _("A tie at the last seat: the tied candidates are not elected.")
                if result["tie_at_cut"]
                else ngettext(
                    "%(count)s seat stays unfilled.",
                    "%(count)s seats stay unfilled.",
                    result["unfilled_seats"],
                )
                % {"count": result["unfilled_seats"]}
                if result["unfilled_seats"]
                else _("All seats are filled.")
            )
    else:
        total = result["total_delegates"]
        view["officials"] = [
            {
                "label": o["label"],
                "ratings": [
                    {
                        "code": code,
                        "label": RatingChoice(code).label,
                        "votes": o[code],
                        "percent": percent(o[code], total),
                        "max": total,
                    }
                    for code in ("high", "confidence", "low")
                ],
                "low_more_than_half": o["low_more_than_half"],
                "low_at_least_two_thirds": o["low_at_least_two_thirds"],
            }
            for o in result["officials"]
        ]
        view["needed_text"] = _("Shares of all %(total)s delegates") % {"total": total}
    return view
