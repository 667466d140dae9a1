from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csp import csp_override

from council.lookup import memberships
from council.web import PDF_VIEWER_CSP
from sessions.lookup import sitting_for
from sessions.models import Sitting, SittingState
from sessions.regions import render_regions
from sessions.state import page_regions


@login_required
def screen_home(request: HttpRequest) -> HttpResponse:
    members = list(memberships(request.user))
    council_ids = [m.council_id for m in members]
    sittings = Sitting.objects.filter(council_id__in=council_ids)
    sitting = (
        sittings.filter(state=SittingState.IN_PROGRESS).first()
        or sittings.filter(state=SittingState.PUBLISHED).order_by("starts_on").first()
    )
    if sitting is None:
        council = members[0].council if members else None
        return render(request, "sessions/screen_idle.html", {"council": council})
    return redirect("sessions:screen", sitting_id=sitting.pk)


@login_required
@csp_override(PDF_VIEWER_CSP)  # the presented page is drawn with pdf.js
def screen(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = sitting_for(request.user, sitting_id)
    if not (member.is_screen or member.is_chair or member.is_secretariat):
        raise Http404
    return render(
        request,
        "sessions/screen.html",
        {
            "sitting": sitting,
            "member": member,
            "page": "screen",
            "regions": render_regions(sitting, page_regions("screen"), request.LANGUAGE_CODE),
        },
    )
