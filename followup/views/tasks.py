"""An agency's "Việc được giao", a task's page, and what its people do there."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from council.uploads import accepts_upload
from council.web import refusals_shown
from followup import lifecycle, reminders
from followup.forms import optional_date, optional_int
from followup.lookup import task_for, viewer
from followup.models import ExtensionState, ReportAttachment, Task, lateness
from followup.permissions import is_staff, may_act_for_agency, may_read_task
from followup.services import agency_moves, assigner_moves, extensions
from followup.services.attachments import MAX_FILES

LIST_LIMIT = 200


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    """Việc được giao: an agency's tasks, overdue first; the whole council's for delegates."""
    member = viewer(request.user)
    if member.is_screen:
        raise Http404
    tasks = Task.objects.filter(council_id=member.council_id)
    if member.is_agency:
        tasks = tasks.filter(agency__memberships__member=member)
    tasks = (
        tasks.annotate(is_late=lateness(timezone.localdate()))
        .select_related("agency", "assignee", "conclusion__sitting")
        .order_by("-is_late", "status", "deadline", "id")
    )
    context = {
        "member": member,
        "tasks": list(tasks[:LIST_LIMIT]),
        "limit": LIST_LIMIT,
        "today": timezone.localdate(),
        "is_staff": is_staff(member),
    }
    if getattr(request, "htmx", False):
        return render(request, "followup/_task_list.html", context)
    return render(request, "followup/my_tasks.html", context)


def _task_context(task: Task, member) -> dict:  # type: ignore[no-untyped-def]
    side = None
    if may_act_for_agency(member, task):
        side = lifecycle.Side.AGENCY
    elif is_staff(member):
        side = lifecycle.Side.ASSIGNER
    pending = task.extensions.filter(state=ExtensionState.PENDING).first()
    moves = [m.value for m in lifecycle.moves_from(task.status, side)] if side else []
    # One extension request at a time: asked while none waits, decided while one does.
    hidden = lifecycle.Move.REQUEST_EXTENSION if pending else lifecycle.Move.DECIDE_EXTENSION
    moves = [m for m in moves if m != hidden]
    return {
        "task": task,
        "member": member,
        "moves": moves,
        "pending_extension": pending,
        "reports": task.reports.prefetch_related("attachments").select_related("created_by"),
        "events": task.events.select_related("actor"),
        "extensions": task.extensions.select_related("requested_by", "decided_by"),
        "days_late": task.days_late(),
        "reminders": reminders.planned_for(task),
        "max_files": MAX_FILES,
        "today": timezone.localdate(),
    }


@login_required
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    task, member = task_for(request.user, task_id)
    context = _task_context(task, member)
    if getattr(request, "htmx", False):
        return render(request, "followup/_task_body.html", context)
    return render(request, "followup/task.html", context)


def _done(request: HttpRequest, task_id: int) -> HttpResponse:
    """After a move: the task's fresh body for htmx, the task page for a plain post."""
    if getattr(request, "htmx", False):
        task, member = task_for(request.user, task_id)
        response = render(request, "followup/_task_body.html", _task_context(task, member))
        response["HX-Trigger"] = "followup:saved"
        return response
    return redirect(reverse("followup:task", args=[task_id]))


def _version(request: HttpRequest) -> int | None:
    # A page always sends the version it shows; a post without one acts on the current state.
    return optional_int(request.POST.get("version"))


@login_required
@require_POST
@refusals_shown
def move(request: HttpRequest, task_id: int, name: str) -> HttpResponse:
    _task, member = task_for(request.user, task_id)
    version = _version(request)
    post = request.POST
    if name == "acknowledge":
        agency_moves.acknowledge(member, task_id, version)
    elif name == "progress":
        agency_moves.report_progress(
            member, task_id, version, optional_int(post.get("progress")), post.get("note", "")
        )
    elif name == "report":
        agency_moves.submit_report(
            member, task_id, version, post.get("text", ""), request.FILES.getlist("files")
        )
    elif name == "accept":
        assigner_moves.accept(member, task_id, version, post.get("note", ""))
    elif name == "return":
        assigner_moves.return_task(member, task_id, version, post.get("reason", ""))
    elif name == "request_extension":
        extensions.request_extension(
            member, task_id, version, optional_date(post.get("deadline")), post.get("reason", "")
        )
    elif name == "decide_extension":
        extensions.decide_extension(
            member, task_id, version, post.get("decision") == "grant", post.get("note", "")
        )
    else:
        raise Http404
    return _done(request, task_id)


@login_required
def attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    found = ReportAttachment.objects.select_related("report__task").filter(pk=attachment_id).first()
    if found is None:
        raise Http404
    _task, member = task_for(request.user, found.report.task_id)
    if not may_read_task(member, found.report.task):
        raise Http404
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type="application/pdf",
        as_attachment=False,
        filename=found.filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# A report carries PDFs: the only move that takes a large body (council/uploads.py).
@accepts_upload
def report(request: HttpRequest, task_id: int) -> HttpResponseBase:
    return move(request, task_id, "report")
