"""Requests to speak (a delegate's tablet) and the chair's speaker and timer buttons."""

import datetime
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council import permissions
from council.bounds import finite_number
from council.downloads import safe_part
from council.exports import csv_response
from council.web import htmx_ok, optional_int, refusals_shown
from sessions import speakers
from sessions.lookup import sitting_for
from sessions.speaker_record import speaker_record


@login_required
@require_POST
@refusals_shown
def request_to_speak(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = sitting_for(request.user, sitting_id)
    speakers.request_to_speak(
        member,
        sitting,
        kind=request.POST.get("kind", "speech"),
        addressee=request.POST.get("addressee", ""),
        seen_item_id=optional_int(request.POST.get("seen_item")),
    )
    return htmx_ok(request, reverse("sessions:room", args=[sitting.pk]))


@login_required
@require_POST
@refusals_shown
def withdraw(request: HttpRequest, sitting_id: int, request_id: int) -> HttpResponse:
    sitting, member = sitting_for(request.user, sitting_id)
    speakers.withdraw(member, sitting, request_id)
    page = "sessions:chair" if permissions.can_chair(member) else "sessions:room"
    return htmx_ok(request, reverse(page, args=[sitting.pk]))


def _floor(member, sitting, request_id, post):
    return speakers.give_floor(
        member,
        sitting,
        request_id,
        seen_speaker_id=optional_int(post.get("seen")),
        check_seen="seen" in post,
    )


CHAIR_ACTIONS: dict[str, Callable] = {
    "floor": _floor,
    "up": lambda member, sitting, request_id, post: speakers.reorder(
        member, sitting, request_id, -1
    ),
    "down": lambda member, sitting, request_id, post: speakers.reorder(
        member, sitting, request_id, 1
    ),
    "pause": lambda member, sitting, request_id, post: speakers.pause_timer(
        member, sitting, request_id
    ),
    "resume": lambda member, sitting, request_id, post: speakers.resume_timer(
        member, sitting, request_id
    ),
    "stop": lambda member, sitting, request_id, post: speakers.stop_timer(
        member, sitting, request_id
    ),
    "restart": lambda member, sitting, request_id, post: speakers.restart_timer(
        member, sitting, request_id
    ),
    "extend": lambda member, sitting, request_id, post: speakers.extend_timer(
        member, sitting, request_id, 60
    ),
    "done": lambda member, sitting, request_id, post: speakers.mark_done(
        member, sitting, request_id
    ),
}


@login_required
@require_POST
@refusals_shown
def speaker_action(
    request: HttpRequest, sitting_id: int, request_id: int, action: str
) -> HttpResponse:
    sitting, member = sitting_for(request.user, sitting_id)
    if not permissions.can_chair(member) or action not in CHAIR_ACTIONS:
        raise Http404
    CHAIR_ACTIONS[action](member, sitting, request_id, request.POST)
    return htmx_ok(request, reverse("sessions:chair", args=[sitting.pk]))


@login_required
@require_POST
@refusals_shown
def speech_time(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = sitting_for(request.user, sitting_id)
    if not permissions.can_chair(member):
        raise Http404
    minutes = finite_number(
        request.POST.get("minutes"),
        minimum=0,
        maximum=24 * 60,
        refusal=_("Give a speaking time between 15 seconds and one hour."),
    )
    seconds = round(minutes * 60)
    speakers.set_speech_seconds(member, sitting, seconds)
    return htmx_ok(request, reverse("sessions:chair", args=[sitting.pk]))


@login_required
def record(request: HttpRequest, sitting_id: int) -> HttpResponse:
    """The speakers' record of the sitting, printable, or as CSV with ?format=csv."""
    sitting, member = sitting_for(request.user, sitting_id)
    if member.is_screen:
        raise Http404
    items = speaker_record(sitting)
    if request.GET.get("format") != "csv":
        return render(request, "sessions/speaker_record.html", {"sitting": sitting, "items": items})
    response, writer = csv_response(
        _("Speakers record - %(sitting)s.csv") % {"sitting": safe_part(sitting.title, 80)}
    )
    writer.writerow(
        [
            _("Item"),
            _("Agenda item"),
            _("Delegate"),
            _("Delegate group"),
            _("Kind"),
            _("Question to"),
            _("Started at"),
            _("Ended at"),
            _("Spoken (min:s)"),
        ]
    )
    for entry in items:
        for speech in entry.speeches:
            spoken = speech.request
            writer.writerow(
                [
                    entry.number or "",
                    entry.item.title if entry.item else _("Removed from the agenda"),
                    spoken.member.full_name,
                    spoken.member.group.name if spoken.member.group else "",
                    spoken.get_kind_display(),
                    spoken.addressee,
                    _local(spoken.started_at),
                    _local(spoken.ended_at),
                    speech.spoken,
                ]
            )
    return response


def _local(moment: datetime.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%H:%M:%S") if moment else ""
