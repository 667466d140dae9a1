from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csp import csp_override

from council import permissions
from council.lookup import memberships
from council.web import SEALING_CSP
from sessions.lookup import sitting_for
from sessions.models import Sitting, SittingState
from sessions.regions import render_regions
from sessions.state import page_regions


@login_required
def sitting_list(request: HttpRequest) -> HttpResponse:
    own = list(memberships(request.user))
    council_ids = [m.council_id for m in own]
    sittings = Sitting.objects.filter(council_id__in=council_ids).select_related("council")
    if not any(permissions.can_see_drafts(m) for m in own):
        sittings = sittings.exclude(state=SittingState.DRAFT)
    return render(request, "sessions/sitting_list.html", {"sittings": sittings})


@login_required
@csp_override(SEALING_CSP)
def sitting_room(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = sitting_for(request.user, sitting_id)
    return render(
        request,
        "sessions/room.html",
        {
            "sitting": sitting,
            "member": member,
            "page": "room",
            "regions": render_regions(sitting, page_regions("room"), request.LANGUAGE_CODE),
        },
    )
