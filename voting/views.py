"""Thin views: parse the request, call a service, answer with a partial (htmx) or a redirect."""

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from council import permissions
from council.downloads import safe_part
from council.exports import csv_response, local_time
from council.lookup import member_of
from council.models import Member
from council.web import htmx_ok, refusals_shown
from sessions.errors import ActionRefused
from sessions.lookup import sitting_for
from sessions.models import Sitting, SittingState
from voting import ballot_box, rules, services
from voting.models import Attendance, AttendanceStatus, Poll, PollKind, PollState
from voting.personal import attendance_context, cast_context, my_vote_context
from voting.presenters import poll_view, rule_text

RULE_PRESETS: dict[str, rules.Rule] = {
    "total_half": rules.RESOLUTION_RULE,
    "total_two_thirds": rules.DISMISSAL_RULE,
    "total_three_quarters": rules.Rule(rules.Base.TOTAL_DELEGATES, rules.AT_LEAST_THREE_QUARTERS),
    "present_half": rules.Rule(rules.Base.PRESENT, rules.MORE_THAN_HALF),
    "cast_half": rules.Rule(rules.Base.CAST, rules.MORE_THAN_HALF),
}


def rule_choices() -> list[tuple[str, str]]:
    def words(rule: rules.Rule) -> str:
        return rule_text(
            {
                "base": rule.base.value,
                "numerator": rule.threshold.numerator,
                "denominator": rule.threshold.denominator,
                "comparison": rule.threshold.comparison.value,
            }
        )

    return [("default", _("The law's default for this kind of vote"))] + [
        (key, words(rule)) for key, rule in RULE_PRESETS.items()
    ]


def _poll_for(request: HttpRequest, poll_id: int) -> tuple[Poll, Member]:
    """The poll and the viewer's membership, or 404 (as sessions.lookup.sitting_for decides
    for its sitting, whose row the poll's query brings along: one query fewer per ballot)."""
    poll = Poll.objects.select_related("sitting__council", "item").filter(pk=poll_id).first()
    if poll is None:
        raise Http404
    member = member_of(request.user, poll.sitting.council_id)
    if poll.sitting.state == SittingState.DRAFT and not permissions.can_see_drafts(member):
        raise Http404
    return poll, member


def _chair_poll(request: HttpRequest, poll_id: int) -> tuple[Poll, Member]:
    poll, member = _poll_for(request, poll_id)
    if not permissions.can_chair(member):
        raise Http404
    return poll, member


def _submission_id(request: HttpRequest) -> uuid.UUID:
    try:
        return uuid.UUID(request.POST.get("submission_id", ""))
    except ValueError:
        raise ActionRefused(
            _("The tablet sent an incomplete ballot: reload the page and vote again.")
        ) from None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        raise ActionRefused(_("The form was filled in wrongly.")) from None


def _selection(request: HttpRequest, poll: Poll) -> services.Selection:
    post = request.POST
    if poll.kind == PollKind.MOTION:
        choice = _int(post.get("choice"))
        return {choice: "x"} if choice is not None else {}
    if poll.kind == PollKind.ELECTION:
        return {_int(value) or 0: "x" for value in post.getlist("candidate")}
    selection: services.Selection = {}
    for key in post:
        if key.startswith("rating_"):
            selection[_int(key.removeprefix("rating_")) or 0] = post.get(key, "")
    return selection


# --- the delegate's own panels -----------------------------------------------------------


@login_required
@require_GET
def my_vote(request: HttpRequest, sitting_id: int) -> HttpResponse:
    # Read-only, like every GET (tests/council/test_read_only_gets.py): a poll's deadline
    # is closed by its timer and the sweeper, not by 500 tablets asking at that instant.
    sitting, member = sitting_for(request.user, sitting_id)
    return render(request, "voting/_partials/my_vote.html", my_vote_context(sitting, member))


@login_required
@require_GET
def my_attendance(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = sitting_for(request.user, sitting_id)
    return render(
        request, "voting/_partials/my_attendance.html", attendance_context(sitting, member)
    )


@login_required
@require_POST
@refusals_shown
def check_in(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = sitting_for(request.user, sitting_id)
    services.check_in(member, sitting)
    return _own_attendance(request, sitting, member)


@login_required
@require_POST
@refusals_shown
def check_out(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = sitting_for(request.user, sitting_id)
    services.check_out(member, sitting)
    return _own_attendance(request, sitting, member)


def _own_attendance(request: HttpRequest, sitting: Sitting, member: Member) -> HttpResponse:
    if not getattr(request, "htmx", False):
        return htmx_ok(request, reverse("sessions:room", args=[sitting.pk]))
    return render(
        request, "voting/_partials/my_attendance.html", attendance_context(sitting, member)
    )


@login_required
def attendance_list(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = sitting_for(request.user, sitting_id)
    if not (permissions.can_manage_sittings(member) or permissions.can_chair(member)):
        raise Http404
    rows = {a.member_id: a for a in Attendance.objects.filter(sitting=sitting)}
    delegates = Member.objects.delegates().filter(council_id=sitting.council_id)
    return render(
        request,
        "voting/attendance.html",
        {
            "sitting": sitting,
            "member": member,
            "can_mark": permissions.can_manage_sittings(member),
            "statuses": AttendanceStatus.choices,
            "rows": [(d, rows.get(d.pk)) for d in delegates.select_related("group")],
        },
    )


@login_required
@require_POST
@refusals_shown
def mark(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = sitting_for(request.user, sitting_id)
    target = Member.objects.filter(
        pk=_int(request.POST.get("member")) or 0, council_id=sitting.council_id
    ).first()
    if target is None:
        raise Http404
    services.mark_attendance(member, sitting, target, request.POST.get("status", ""))
    return htmx_ok(request, reverse("voting:attendance", args=[sitting.pk]))


# --- the chair ---------------------------------------------------------------------------


@login_required
@require_POST
@refusals_shown
def create(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = sitting_for(request.user, sitting_id)
    if not permissions.can_chair(member):
        raise Http404
    post = request.POST
    kind = post.get("kind", PollKind.MOTION)
    item = post.get("item", "current")
    item_id = sitting.current_item_id if item == "current" else _int(item or None)
    preset = post.get("rule", "default")
    if preset != "default" and preset not in RULE_PRESETS:
        raise ActionRefused(_("Unknown rule."))
    spec = services.PollSpec(
        kind=kind,
        title=post.get("title", ""),
        item_id=item_id,
        # Elections and confidence polls are secret by law; the form only asks for motions.
        secret=kind != PollKind.MOTION or post.get("secret") == "on",
        rule=None if preset == "default" else RULE_PRESETS[preset],
        seats=_int(post.get("seats")) or 1,
        allow_change=kind == PollKind.MOTION
        and post.get("secret") != "on"
        and post.get("allow_change") == "on",
        require_presence=post.get("require_presence") == "on",
        labels=post.get("labels", "").splitlines(),
    )
    services.create_poll(member, sitting, spec)
    return htmx_ok(request, reverse("sessions:chair", args=[sitting.pk]))


@login_required
@require_POST
@refusals_shown
def open_poll(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll, member = _chair_poll(request, poll_id)
    services.open_poll(member, poll, countdown_seconds=_int(request.POST.get("countdown")))
    return htmx_ok(request, reverse("sessions:chair", args=[poll.sitting_id]))


@login_required
@require_POST
@refusals_shown
def close_poll(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll, member = _chair_poll(request, poll_id)
    services.close_poll(member, poll)
    return htmx_ok(request, reverse("sessions:chair", args=[poll.sitting_id]))


@login_required
@require_POST
@refusals_shown
def void_poll(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll, member = _chair_poll(request, poll_id)
    services.void_poll(member, poll, request.POST.get("reason", ""))
    return htmx_ok(request, reverse("sessions:chair", args=[poll.sitting_id]))


# --- the delegate's ballot ---------------------------------------------------------------


@login_required
@require_POST
@refusals_shown
def cast(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll, member = _poll_for(request, poll_id)
    if poll.sealed:
        # The tablet sealed the choice to the poll's key: only the ciphertext arrives.
        sealed = request.POST.get("sealed", "")
        receipt = services.cast_sealed_ballot(member, poll, sealed, _submission_id(request))
    else:
        receipt = services.cast_ballot(
            member, poll, _selection(request, poll), _submission_id(request)
        )
    # The answer is the confirmation: the tablet says "recorded" only once it has it.
    if not getattr(request, "htmx", False):
        return htmx_ok(request, reverse("sessions:room", args=[poll.sitting_id]))
    return render(
        request, "voting/_partials/my_vote.html", cast_context(poll.sitting, member, poll, receipt)
    )


# --- the record --------------------------------------------------------------------------


def _closed_poll(request: HttpRequest, poll_id: int) -> Poll:
    poll, _member = _poll_for(request, poll_id)
    if not poll.is_closed:
        raise Http404
    return poll


@login_required
def result_page(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = _closed_poll(request, poll_id)
    return render(
        request,
        "voting/result.html",
        {"sitting": poll.sitting, "views": [poll_view(poll)]},
    )


@login_required
def sitting_results(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, _member = sitting_for(request.user, sitting_id)
    # Voided polls too: the record says a vote was held and why it counted nothing.
    polls = Poll.objects.filter(
        sitting=sitting, state__in=(PollState.CLOSED, PollState.VOIDED)
    ).select_related("sitting__council", "item")
    return render(
        request,
        "voting/result.html",
        {"sitting": sitting, "views": [poll_view(p) for p in polls], "whole_sitting": True},
    )


@login_required
@require_GET
def count_file(request: HttpRequest, poll_id: int) -> HttpResponse:
    """A sealed poll's count as the ballot box signed it, for tablets and any recount.

    ``document`` is verbatim (check the signature over its exact bytes, then parse it);
    ``options`` maps the option ids in the plaintexts to what the ballot showed.
    """
    poll, _member = _poll_for(request, poll_id)
    if poll.is_voided:
        # Gone for good: the tablet drops the token it kept to check this count.
        return JsonResponse({"voided": True}, status=410)
    if not poll.is_closed or not poll.count_document:
        raise Http404
    body = {
        "format": "council-sealed-count/1",
        "poll": {"id": poll.pk, "title": poll.title, "kind": poll.kind, "seats": poll.seats},
        "options": [
            {"id": o.pk, "label": o.display_label, "code": o.code} for o in poll.options.all()
        ],
        "main_public_key": ballot_box.main_public_key_or_none(),
        "box_poll_id": poll.box_poll_id,
        "document": poll.count_document,
        "signature": poll.count_signature,
        "result": {"counted": poll.result["cast"], "invalid": poll.result.get("invalid", 0)}
        if poll.result
        else None,
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'inline; filename="poll-{poll.pk}-count.json"'
    return response


@login_required
def result_csv(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = _closed_poll(request, poll_id)
    view = poll_view(poll)
    result = view["result"]
    response, writer = csv_response(
        _("Vote result - %(title)s.csv") % {"title": safe_part(poll.title, 80) or poll.pk}
    )
    writer.writerow([_("Vote"), poll.title])
    writer.writerow([_("Sitting"), poll.sitting.title])
    writer.writerow([_("Rule"), view["rule_text"]])
    writer.writerow([_("Opened at"), local_time(result.get("opened_at"))])
    writer.writerow([_("Closed at"), local_time(result.get("closed_at"))])
    writer.writerow([_("Delegates by law"), result["total_delegates"]])
    writer.writerow([_("Present"), result["present"]])
    writer.writerow([_("Entitled"), result["entitled"]])
    writer.writerow([_("Ballots cast"), result["cast"]])
    if result.get("invalid") is not None:
        writer.writerow([_("Invalid ballots"), result["invalid"]])
    writer.writerow([])
    if poll.kind == PollKind.CONFIDENCE:
        writer.writerow([_("Official"), _("Rating"), _("Votes"), _("Share of all delegates")])
        for official in view["officials"]:
            for rating in official["ratings"]:
                writer.writerow(
                    [official["label"], rating["label"], rating["votes"], rating["percent"]]
                )
    else:
        header = [_("Choice"), _("Votes"), _("Share of the base")]
        if poll.kind == PollKind.ELECTION:
            header.append(_("Elected"))
        writer.writerow(header)
        for row in view["rows"]:
            line = [row["label"], row["votes"], row["percent"]]
            if poll.kind == PollKind.ELECTION:
                line.append(_("yes") if row["elected"] else _("no"))
            writer.writerow(line)
    if view.get("verdict_text"):
        writer.writerow([])
        writer.writerow([_("Result"), view["verdict_text"]])
    return response
