"""Thin views over questioning.services: a delegate's own questions, the secretariat's desk,
the chair's console actions, an agency's questions, the passage's page for the hall."""

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council import permissions
from council.models import Member, Role
from council.web import htmx_ok, refusals_shown
from documents.ranges import serve_file
from documents.services import media_path
from questioning import queries
from questioning.models import Official, QuestionState
from questioning.services import drafting, floor, grouping
from sessions.errors import ActionRefused
from sessions.lookup import chaired_sitting, sitting_for
from sessions.models import Sitting, SittingState
from sessions.regions import render_regions
from sessions.screen_links import SCREEN_COOKIE, viewer_for
from sessions.state import page_regions


def own_list(request: HttpRequest, sitting: Any, member: Any) -> HttpResponse:
    """The delegate's own questions (drafts are theirs alone: never a live region)."""
    return render(request, "questioning/_own.html", own_context(sitting, member))


def own_context(sitting: Any, member: Any) -> dict[str, Any]:
    return {
        "sitting": sitting,
        "member": member,
        "own": queries.own(member, sitting).prefetch_related("co_authors"),
        "officials": list(Official.objects.filter(sitting=sitting)),
        # Co-authors are chosen among the council's delegates.
        "delegates": list(
            Member.objects.delegates().filter(council_id=sitting.council_id).exclude(pk=member.pk)
        ),
    }


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _rects(raw: str | None) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        raise ActionRefused(_("The quoted passage could not be read. Select it again.")) from None


def _new_question(request: HttpRequest, sitting: Any, member: Any) -> Any:
    return drafting.draft_question(
        member,
        sitting,
        official_id=request.POST.get("official"),
        text=request.POST.get("text"),
        version_id=request.POST.get("version") or None,
        page=request.POST.get("page"),
        quote=request.POST.get("quote", ""),
        rects=_rects(request.POST.get("rects")),
        send=bool(request.POST.get("send")),
        client_id=request.POST.get("client_id") or None,
    )


@login_required
@require_POST
def create(request: HttpRequest, sitting_id: int) -> HttpResponseBase:
    """A new question from the room's form, or from the reader's passage (JSON)."""
    sitting, member = sitting_for(request.user, sitting_id)
    if not _wants_json(request):
        return _create_from_form(request, sitting, member)
    try:
        question = _new_question(request, sitting, member)
    except ActionRefused as refusal:
        return JsonResponse({"error": str(refusal.message)}, status=refusal.status)
    return JsonResponse({"id": question.pk, "state": question.state}, status=201)


@refusals_shown
def _create_from_form(request: HttpRequest, sitting: Any, member: Any) -> HttpResponse:
    _new_question(request, sitting, member)
    if getattr(request, "htmx", False):
        return own_list(request, sitting, member)
    return htmx_ok(request, reverse("sessions:room", args=[sitting.pk]))


def _own_action(action: Any) -> Any:
    @login_required
    @require_POST
    @refusals_shown
    def view(request: HttpRequest, sitting_id: int, question_id: int) -> HttpResponse:
        sitting, member = sitting_for(request.user, sitting_id)
        action(member, sitting, question_id)
        if getattr(request, "htmx", False):
            return own_list(request, sitting, member)
        return htmx_ok(request, reverse("sessions:room", args=[sitting.pk]))

    return view


register = _own_action(drafting.register_question)
withdraw = _own_action(drafting.withdraw_question)


@login_required
@require_POST
@refusals_shown
def edit(request: HttpRequest, sitting_id: int, question_id: int) -> HttpResponse:
    sitting, member = sitting_for(request.user, sitting_id)
    drafting.edit_question(
        member,
        sitting,
        question_id,
        official_id=request.POST.get("official"),
        text=request.POST.get("text"),
    )
    if getattr(request, "htmx", False):
        return own_list(request, sitting, member)
    return htmx_ok(request, reverse("sessions:room", args=[sitting.pk]))


@login_required
@require_POST
@refusals_shown
def co_authors(request: HttpRequest, sitting_id: int, question_id: int) -> HttpResponse:
    sitting, member = sitting_for(request.user, sitting_id)
    drafting.set_co_authors(member, sitting, question_id, request.POST.getlist("co_author"))
    if getattr(request, "htmx", False):
        return own_list(request, sitting, member)
    return htmx_ok(request, reverse("sessions:room", args=[sitting.pk]))


# --- the secretariat's desk -------------------------------------------------------------


def _desk_sitting(request: HttpRequest, sitting_id: int) -> tuple[Any, Any]:
    sitting, member = sitting_for(request.user, sitting_id)
    if not (permissions.can_manage_sittings(member) or permissions.can_chair(member)):
        raise Http404
    return sitting, member


@login_required
def desk(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = _desk_sitting(request, sitting_id)
    return render(
        request,
        "questioning/desk.html",
        {
            "sitting": sitting,
            "member": member,
            "page": "desk",
            "regions": render_regions(sitting, page_regions("desk"), request.LANGUAGE_CODE),
        },
    )


def _desk_done(request: HttpRequest, sitting: Any) -> HttpResponse:
    return htmx_ok(request, reverse("questioning:desk", args=[sitting.pk]))


@login_required
@require_POST
@refusals_shown
def create_group(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = _desk_sitting(request, sitting_id)
    grouping.create_group(
        member, sitting, official_id=request.POST.get("official"), topic=request.POST.get("topic")
    )
    return _desk_done(request, sitting)


@login_required
@require_POST
@refusals_shown
def remove_group(request: HttpRequest, sitting_id: int, group_id: int) -> HttpResponse:
    sitting, member = _desk_sitting(request, sitting_id)
    grouping.remove_group(member, sitting, group_id)
    return _desk_done(request, sitting)


@login_required
@require_POST
@refusals_shown
def group_question(request: HttpRequest, sitting_id: int, question_id: int) -> HttpResponse:
    sitting, member = _desk_sitting(request, sitting_id)
    grouping.put_in_group(member, sitting, question_id, request.POST.get("group") or None)
    return _desk_done(request, sitting)


@login_required
@require_POST
@refusals_shown
def merge(request: HttpRequest, sitting_id: int, question_id: int) -> HttpResponse:
    sitting, member = _desk_sitting(request, sitting_id)
    grouping.merge(member, sitting, question_id, request.POST.get("into"))
    return _desk_done(request, sitting)


# --- the chair -------------------------------------------------------------------------


def _chair_done(request: HttpRequest, sitting: Any) -> HttpResponse:
    return htmx_ok(request, reverse("sessions:chair", args=[sitting.pk]))


@login_required
@require_POST
@refusals_shown
def move_group(
    request: HttpRequest, sitting_id: int, group_id: int, direction: str
) -> HttpResponse:
    sitting, member = chaired_sitting(request.user, sitting_id)
    grouping.move_group(member, sitting, group_id, -1 if direction == "up" else 1)
    return _chair_done(request, sitting)


def _chair_action(action: Any) -> Any:
    @login_required
    @require_POST
    @refusals_shown
    def view(request: HttpRequest, sitting_id: int, object_id: int) -> HttpResponse:
        sitting, member = chaired_sitting(request.user, sitting_id)
        action(member, sitting, object_id)
        return _chair_done(request, sitting)

    return view


open_group = _chair_action(floor.open_group)
close_group = _chair_action(floor.close_group)
give_floor = _chair_action(floor.give_floor)
asked = _chair_action(floor.mark_asked)


# --- reading ------------------------------------------------------------------------------


@login_required
def addressed(request: HttpRequest, sitting_id: int) -> HttpResponse:
    """What an official's agency sees: the public questions put to its officials (the
    delegates and the secretariat see the same list for every official)."""
    sitting, member = _reader_of(request, sitting_id)
    questions = (
        queries.visible_to(member, sitting)
        .exclude(state=QuestionState.DRAFT)
        .select_related("official", "author", "version__document")
        .prefetch_related("co_authors")
        .order_by("official__position", "position", "id")
    )
    return render(
        request, "questioning/addressed.html", {"sitting": sitting, "questions": questions}
    )


def _reader_of(request: HttpRequest, sitting_id: int) -> tuple[Any, Any]:
    """The sitting and the viewer: an agency officer is no member of a sitting's room
    (council/lookup.py), so their membership is looked up here, for this page only."""
    officer = (
        Member.objects.filter(
            user_id=request.user.pk, role=Role.AGENCY, council__sittings__pk=sitting_id
        )
        .select_related("council")
        .first()
    )
    if officer is None:
        return sitting_for(request.user, sitting_id)
    sitting = Sitting.objects.filter(pk=sitting_id).exclude(state=SittingState.DRAFT).first()
    if sitting is None:
        raise Http404
    return sitting, officer


def floor_file(request: HttpRequest, sitting_id: int, question_id: int) -> HttpResponseBase:
    """The reading copy of the question on the floor's document, for drawing its passage:
    only while it is on the floor, never a confidential document (as a presented page)."""
    token = request.COOKIES.get(SCREEN_COOKIE, "") if request.GET.get("screen") else ""
    if token:
        if viewer_for(token, sitting_id) is None:
            raise Http404
        sitting = Sitting.objects.filter(pk=sitting_id).first()
        if sitting is None:
            raise Http404
    else:
        if not request.user.is_authenticated:
            raise Http404
        sitting, _member = sitting_for(request.user, sitting_id)
    question = queries.on_floor(sitting)
    if question is None or question.pk != question_id or question.version is None:
        raise Http404
    version = question.version
    if version.document.confidential or not version.reading_name:
        raise Http404
    return serve_file(
        request,
        media_path(version.reading_name),
        content_type="application/pdf",
        etag=version.reading_etag,
        cache_control="private, no-store",
    )
