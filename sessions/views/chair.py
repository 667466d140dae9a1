from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from council.lookup import memberships
from council.web import htmx_ok, optional_int, refusals_shown
from sessions import services
from sessions.lookup import chaired_sitting, sitting_for
from sessions.models import Sitting, SittingState
from sessions.regions import render_regions
from sessions.state import page_regions


@login_required
def chair_home(request: HttpRequest) -> HttpResponse:
    """The chair lands on the sitting under way, or the next one to start."""
    council_ids = [m.council_id for m in memberships(request.user) if m.is_chair]
    sittings = Sitting.objects.filter(council_id__in=council_ids).exclude(state=SittingState.CLOSED)
    sitting = (
        sittings.filter(state=SittingState.IN_PROGRESS).first()
        or sittings.filter(state=SittingState.PUBLISHED).order_by("starts_on").first()
    )
    if sitting is None:
        return redirect("sessions:list")
    return redirect("sessions:chair", sitting_id=sitting.pk)


@login_required
def console(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = chaired_sitting(request.user, sitting_id)
    return render(
        request,
        "sessions/chair.html",
        {
            "sitting": sitting,
            "member": member,
            "page": "chair",
            "regions": render_regions(sitting, page_regions("chair"), request.LANGUAGE_CODE),
        },
    )


@login_required
@require_POST
@refusals_shown
def set_item(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = chaired_sitting(request.user, sitting_id)
    services.set_current_item(member, sitting, optional_int(request.POST.get("item")))
    return htmx_ok(request, reverse("sessions:chair", args=[sitting.pk]))


@login_required
@require_POST
@refusals_shown
def step(request: HttpRequest, sitting_id: int, direction: str) -> HttpResponse:
    sitting, member = chaired_sitting(request.user, sitting_id)
    services.step_item(
        member, sitting, 1 if direction == "next" else -1, optional_int(request.POST.get("seen"))
    )
    return htmx_ok(request, reverse("sessions:chair", args=[sitting.pk]))


@login_required
@require_POST
@refusals_shown
def change_state(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = sitting_for(request.user, sitting_id)
    services.change_sitting_state(member, sitting, request.POST.get("state", ""))
    if member.is_secretariat:
        return htmx_ok(request, reverse("sessions:manage", args=[sitting.pk]))
    return htmx_ok(request, reverse("sessions:chair", args=[sitting.pk]))
