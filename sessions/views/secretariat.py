from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council import permissions
from council.lookup import memberships
from council.models import Member
from council.web import optional_int, refusals_shown
from sessions import services
from sessions.errors import ActionRefused
from sessions.forms import AgendaItemForm, SittingForm
from sessions.lookup import sitting_for
from sessions.models import Sitting


def _secretariat(request: HttpRequest):
    member = next((m for m in memberships(request.user) if m.is_secretariat), None)
    if member is None:
        raise Http404
    return member


@login_required
def manage_list(request: HttpRequest) -> HttpResponse:
    member = _secretariat(request)
    form = SittingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sitting = services.create_sitting(member, **form.cleaned_data)
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Sitting created."))
            return redirect("sessions:manage", sitting_id=sitting.pk)
    sittings = Sitting.objects.filter(council=member.council)
    return render(
        request, "sessions/manage_list.html", {"sittings": sittings, "form": form, "member": member}
    )


@login_required
def manage(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = sitting_for(request.user, sitting_id)
    if not permissions.can_manage_sittings(member):
        raise Http404
    return render_manage(request, sitting, member)


def render_manage(
    request: HttpRequest,
    sitting: Sitting,
    member: Member,
    *,
    upload_error: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The sitting's management page; with `upload_error`, a failed upload's form is shown
    open again under its agenda item, its title and choices kept and the error beside it."""
    return render(
        request,
        "sessions/manage.html",
        {
            "sitting": sitting,
            "member": member,
            "items": sitting.items.all(),
            "item_form": AgendaItemForm(),
            "upload_error": upload_error,
        },
        status=status,
    )


@login_required
@require_POST
@refusals_shown
def add_item(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = sitting_for(request.user, sitting_id)
    form = AgendaItemForm(request.POST)
    if not form.is_valid():
        raise _item_refusal(form)
    services.add_agenda_item(member, sitting, **form.cleaned_data)
    return redirect(reverse("sessions:manage", args=[sitting.pk]))


def _item_refusal(form: AgendaItemForm) -> ActionRefused:
    if "title" in form.errors:
        return ActionRefused(_("An agenda item needs a title."))
    # The field's own message, translated by Django ("at most 2000 characters").
    return ActionRefused(str(next(iter(form.errors.values()))[0]))


def _managed(request: HttpRequest, sitting_id: int):
    sitting, member = sitting_for(request.user, sitting_id)
    if not permissions.can_manage_sittings(member):
        raise Http404
    return sitting, member


@login_required
@require_POST
@refusals_shown
def edit_item(request: HttpRequest, sitting_id: int, item_id: int) -> HttpResponse:
    sitting, member = _managed(request, sitting_id)
    form = AgendaItemForm(request.POST)
    if not form.is_valid():
        raise _item_refusal(form)
    services.edit_agenda_item(member, sitting, item_id, **form.cleaned_data)
    return redirect(reverse("sessions:manage", args=[sitting.pk]) + f"#item-{item_id}")


@login_required
@require_POST
@refusals_shown
def remove_item(request: HttpRequest, sitting_id: int, item_id: int) -> HttpResponse:
    sitting, member = _managed(request, sitting_id)
    services.remove_agenda_item(member, sitting, item_id)
    return redirect(reverse("sessions:manage", args=[sitting.pk]))


@login_required
@require_POST
@refusals_shown
def move_item(request: HttpRequest, sitting_id: int, item_id: int, direction: str) -> HttpResponse:
    sitting, member = _managed(request, sitting_id)
    services.move_agenda_item(member, sitting, item_id, 1 if direction == "down" else -1)
    return redirect(reverse("sessions:manage", args=[sitting.pk]))


@login_required
@require_POST
@refusals_shown
def place_item(request: HttpRequest, sitting_id: int) -> HttpResponse:
    """Drag and drop (static/js/reorder.js): the item goes before `before` (last if empty)."""
    sitting, member = _managed(request, sitting_id)
    item_id = optional_int(request.POST.get("item"))
    if item_id is None:
        raise ActionRefused(_("That agenda item is not on this sitting's agenda."))
    services.place_agenda_item(member, sitting, item_id, optional_int(request.POST.get("before")))
    return redirect(reverse("sessions:manage", args=[sitting.pk]))
