"""The chair's hall-screen buttons: message and countdown, screen mode, follow me."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from council.web import htmx_ok, refusals_shown
from sessions import hall
from sessions.errors import ActionRefused
from sessions.lookup import chaired_sitting
from sessions.zoom_region import BadRegion, parse_region


def _int(value: str | None, message: str) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise ActionRefused(message) from None


def _back(request: HttpRequest, sitting_id: int) -> HttpResponse:
    return htmx_ok(request, reverse("sessions:chair", args=[sitting_id]))


@login_required
@require_POST
@refusals_shown
def screen_message(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = chaired_sitting(request.user, sitting_id)
    minutes = request.POST.get("minutes", "").strip()
    hall.show_message(
        member,
        sitting,
        message=request.POST.get("message", ""),
        minutes=_int(minutes, _("Give a countdown between 1 minute and 24 hours."))
        if minutes
        else None,
    )
    return _back(request, sitting.pk)


@login_required
@require_POST
@refusals_shown
def clear_message(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = chaired_sitting(request.user, sitting_id)
    hall.clear_message(member, sitting)
    return _back(request, sitting.pk)


@login_required
@require_POST
@refusals_shown
def screen_mode(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = chaired_sitting(request.user, sitting_id)
    hall.set_screen_mode(member, sitting, request.POST.get("mode", ""))
    return _back(request, sitting.pk)


@login_required
@require_POST
@refusals_shown
def present(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = chaired_sitting(request.user, sitting_id)
    hall.present_page(
        member,
        sitting,
        _int(request.POST.get("version"), _("Choose a document.")),
        _int(request.POST.get("page"), _("Give a page number.")),
    )
    return _back(request, sitting.pk)


@login_required
@require_POST
@refusals_shown
def stop_presenting(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = chaired_sitting(request.user, sitting_id)
    hall.stop_presenting(member, sitting)
    return _back(request, sitting.pk)


@login_required
@require_POST
@refusals_shown
def present_zoom(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = chaired_sitting(request.user, sitting_id)
    hall.set_presented_zoom(member, sitting, request.POST.get("zoom", ""))
    return _back(request, sitting.pk)


@login_required
@require_POST
@refusals_shown
def present_region(request: HttpRequest, sitting_id: int) -> HttpResponse:
    """The region the chair dragged over the page's thumbnail (static/js/zoom-region.js)."""
    sitting, member = chaired_sitting(request.user, sitting_id)
    try:
        region = parse_region(
            *(request.POST.get(k, "") for k in ("left", "top", "width", "height"))
        )
    except BadRegion:
        raise ActionRefused(
            _("Drag a larger rectangle over the page: at least a twentieth of it each way.")
        ) from None
    hall.zoom_to_region(member, sitting, region)
    return _back(request, sitting.pk)


@login_required
@require_GET
def present_choices(request: HttpRequest, sitting_id: int) -> HttpResponse:
    """The documents the chair may present; refetched when the documents change."""
    sitting, _member = chaired_sitting(request.user, sitting_id)
    return render(
        request,
        "sessions/_partials/present_form.html",
        {"sitting": sitting, "choices": hall.presentable_versions(sitting)},
    )
