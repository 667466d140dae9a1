"""The secretariat's page for the council's agencies."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from council.web import refusals_shown
from followup.lookup import viewer
from followup.models import Agency, AgencyKind
from followup.services import agencies


def _secretariat(request: HttpRequest):  # type: ignore[no-untyped-def]
    member = viewer(request.user)
    if not member.is_secretariat:
        raise Http404
    return member


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    member = _secretariat(request)
    found = (
        Agency.objects.filter(council_id=member.council_id)
        .select_related("head")
        .annotate(officers=Count("memberships", distinct=True), tasks_count=Count("tasks"))
        .order_by("-active", "name")
    )
    return render(
        request,
        "followup/agencies.html",
        {"member": member, "agencies": found, "kinds": AgencyKind.choices},
    )


@login_required
@require_POST
@refusals_shown
def agency_add(request: HttpRequest) -> HttpResponse:
    member = _secretariat(request)
    post = request.POST
    agencies.add_agency(
        member, post.get("name", ""), post.get("short_name", ""), post.get("kind", "")
    )
    return redirect("followup:agencies")


@login_required
@require_POST
@refusals_shown
def agency_active(request: HttpRequest, agency_id: int) -> HttpResponse:
    member = _secretariat(request)
    agencies.set_active(member, agency_id, request.POST.get("active") == "1")
    return redirect("followup:agencies")
