"""Recording conclusions (the chair's console, or after the sitting) and assigning tasks."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from council.web import htmx_ok, refusals_shown
from followup.forms import optional_date, optional_int
from followup.lookup import conclusion_for, staff_viewer
from followup.models import Agency, AgencyMembership, Priority
from followup.permissions import is_staff
from followup.services import assign, conclusions
from sessions.models import Sitting


def _staff_sitting(request: HttpRequest, sitting_id: int) -> tuple[Sitting, object]:
    member = staff_viewer(request.user)
    sitting = Sitting.objects.filter(pk=sitting_id, council_id=member.council_id).first()
    if sitting is None:
        raise Http404
    return sitting, member


@login_required
@require_POST
@refusals_shown
def record(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = _staff_sitting(request, sitting_id)
    conclusions.record_conclusion(
        member,  # type: ignore[arg-type]
        sitting,
        request.POST.get("text", ""),
        optional_int(request.POST.get("item")),
    )
    if getattr(request, "htmx", False):
        # The list updates live; the form is emptied for the next one.
        response = HttpResponse(status=204)
        response["HX-Trigger"] = "conclusion-recorded"
        return response
    return redirect(request.POST.get("next") or reverse("followup:sitting", args=[sitting.pk]))


@login_required
def sitting_conclusions(request: HttpRequest, sitting_id: int) -> HttpResponse:
    """After the sitting: the secretariat adds conclusions and marks review items here."""
    sitting, member = _staff_sitting(request, sitting_id)
    return render(
        request,
        "followup/sitting.html",
        {
            "sitting": sitting,
            "member": member,
            "items": list(sitting.items.select_related("followup_review")),
            "conclusions": sitting.conclusions.select_related("item").prefetch_related("tasks"),
        },
    )


@login_required
@require_POST
@refusals_shown
def review_item(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = _staff_sitting(request, sitting_id)
    item_id = optional_int(request.POST.get("item"))
    if item_id is None:
        raise Http404
    conclusions.set_review_item(
        member,  # type: ignore[arg-type]
        sitting,
        item_id,
        request.POST.get("review") == "1",
    )
    return htmx_ok(request, reverse("followup:sitting", args=[sitting.pk]))


@login_required
def conclusion(request: HttpRequest, conclusion_id: int) -> HttpResponse:
    found, member = conclusion_for(request.user, conclusion_id)
    tasks = found.tasks.select_related("agency", "assignee").order_by("id")
    if member.is_agency:
        tasks = tasks.filter(agency__memberships__member=member)
    staff = is_staff(member)
    agencies = list(Agency.objects.filter(council_id=member.council_id, active=True))
    officers = (
        AgencyMembership.objects.filter(agency__in=agencies)
        .select_related("member", "agency")
        .order_by("agency__name", "member__full_name")
        if staff
        else []
    )
    return render(
        request,
        "followup/conclusion.html",
        {
            "conclusion": found,
            "member": member,
            "tasks": tasks,
            "staff": staff,
            "agencies": agencies,
            "officers": officers,
            "priorities": Priority.choices,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
@refusals_shown
def assign_task(request: HttpRequest, conclusion_id: int) -> HttpResponse:
    found, member = conclusion_for(request.user, conclusion_id)
    if not is_staff(member):
        raise Http404
    post = request.POST
    assign.assign_task(
        member,
        found,
        agency_id=optional_int(post.get("agency")),
        deadline=optional_date(post.get("deadline")),
        title=post.get("title", ""),
        description=post.get("description", ""),
        priority=optional_int(post.get("priority")) or Priority.NORMAL,
        assignee_id=optional_int(post.get("assignee")),
    )
    return redirect(reverse("followup:conclusion", args=[found.pk]))
