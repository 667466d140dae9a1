"""The secretariat's, the chair's and the delegates' record pages: thin, services do the work."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council.downloads import safe_part
from council.uploads import accepts_upload
from council.web import optional_int, refusals_shown
from documents.ranges import serve_file
from records import queries, services
from records.models import Minutes, RecordFile, RecordState
from sessions.errors import ActionRefused
from sessions.lookup import sitting_for
from sessions.models import Sitting, SittingState


def _records_url(sitting: Sitting) -> str:
    return reverse("records:sitting", args=[sitting.pk])


@login_required
def sitting_records(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = sitting_for(request.user, sitting_id)
    context = {"sitting": sitting, "member": member, **queries.page_context(sitting, member)}
    return render(request, "records/sitting.html", context)


def _secretariat_sitting(request: HttpRequest, sitting_id: int):
    sitting, member = sitting_for(request.user, sitting_id)
    if not member.is_secretariat:
        raise Http404
    return sitting, member


@login_required
def minutes_editor(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = _secretariat_sitting(request, sitting_id)
    if sitting.state != SittingState.CLOSED:
        messages.error(request, _("The minutes are written once the sitting is closed."))
        return redirect(_records_url(sitting))
    minutes = queries.open_minutes(sitting)
    if request.method == "POST":
        try:
            minutes = services.open_minutes(member, sitting)
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
            return redirect(_records_url(sitting))
        return redirect(reverse("records:minutes", args=[sitting.pk]))
    if minutes is None:
        return render(request, "records/minutes_start.html", {"sitting": sitting})
    content = services.minutes_content(minutes)
    return render(
        request,
        "records/minutes_editor.html",
        {
            "sitting": sitting,
            "minutes": minutes,
            "content": content,
            "editable": minutes.state == RecordState.DRAFT,
            "notes_max": services.NOTES_MAX_CHARS,
            "reason_max": services.REASON_MAX_CHARS,
        },
    )


def _minutes(sitting: Sitting, minutes_id: int) -> Minutes:
    return get_object_or_404(Minutes, pk=minutes_id, sitting=sitting)


@login_required
@require_POST
@refusals_shown
def save_minutes(request: HttpRequest, sitting_id: int, minutes_id: int) -> HttpResponse:
    """The editor saves each field as the secretariat types (htmx, a short delay after the
    last key); the answer is the little "saved" status next to the field."""
    sitting, member = _secretariat_sitting(request, sitting_id)
    minutes = _minutes(sitting, minutes_id)
    item_id = optional_int(request.POST.get("item_id"))
    member_id = optional_int(request.POST.get("member_id"))
    if item_id is not None:
        minutes = services.save_draft(
            member, minutes, item_id=item_id, notes=request.POST.get("notes", "")
        )
    elif member_id is not None:
        minutes = services.save_draft(
            member, minutes, member_id=member_id, reason=request.POST.get("reason", "")
        )
    else:
        raise ActionRefused(_("Nothing to save."))
    if getattr(request, "htmx", False):
        return render(request, "records/_partials/saved.html", {"minutes": minutes})
    return redirect(reverse("records:minutes", args=[sitting.pk]))


@login_required
@require_POST
@refusals_shown
def finalise_minutes(request: HttpRequest, sitting_id: int, minutes_id: int) -> HttpResponse:
    sitting, member = _secretariat_sitting(request, sitting_id)
    services.finalise_minutes(member, _minutes(sitting, minutes_id))
    messages.success(request, _("The minutes are ready for signing."))
    return redirect(_records_url(sitting))


@login_required
@require_POST
@refusals_shown
def new_minutes_version(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = _secretariat_sitting(request, sitting_id)
    services.new_minutes_version(member, sitting)
    messages.success(request, _("A new version of the minutes was opened."))
    return redirect(reverse("records:minutes", args=[sitting.pk]))


@accepts_upload
@login_required
@require_POST
@refusals_shown
def issue_resolution(request: HttpRequest, sitting_id: int) -> HttpResponse:
    from voting.models import Poll

    sitting, member = _secretariat_sitting(request, sitting_id)
    poll_id = optional_int(request.POST.get("poll_id"))
    poll = None
    if poll_id is not None:
        poll = Poll.objects.filter(pk=poll_id, sitting=sitting).first()
    if poll is None:
        raise ActionRefused(_("Choose the motion that adopted the resolution."))
    resolution = services.issue_resolution(
        member,
        poll,
        title=request.POST.get("title", "")[:1000],
        document_id=optional_int(request.POST.get("document_id")),
        final_pdf=request.FILES.get("final_pdf"),
    )
    messages.success(
        request,
        _("Resolution %(number)s issued; it awaits the chair's signature.")
        % {"number": resolution.file.number_label},
    )
    return redirect(_records_url(sitting))


def _record(sitting: Sitting, record_id: int) -> RecordFile:
    return get_object_or_404(RecordFile, pk=record_id, sitting=sitting)


@login_required
@require_POST
@refusals_shown
def sign(request: HttpRequest, sitting_id: int, record_id: int) -> HttpResponse:
    sitting, member = sitting_for(request.user, sitting_id)
    record = _record(sitting, record_id)
    pin = request.POST.get("pin", "")
    if not pin or len(pin) > 64:
        raise ActionRefused(_("Enter the PIN of your signing key."))
    record = services.sign_record(member, record, pin=pin)
    if record.state == RecordState.ISSUED:
        messages.success(request, _("Signed. The record is issued."))
    else:
        messages.success(request, _("Signed."))
    return redirect(_records_url(sitting))


@login_required
def download(request: HttpRequest, sitting_id: int, record_id: int) -> HttpResponseBase:
    sitting, _member = sitting_for(request.user, sitting_id)
    record = _record(sitting, record_id)
    return pdf_response(request, record)


def pdf_response(request: HttpRequest, record: RecordFile) -> HttpResponseBase:
    # Through documents' Range server: under ASGI a FileResponse is drained into memory
    # before it is sent. The URL keeps its name while signatures add revisions, so every
    # use asks again (no-cache); the ETag is the SHA-256 of the bytes served.
    return serve_file(
        request,
        record.pdf.path,
        content_type="application/pdf",
        etag=record.sha256,
        # "Biên bản kỳ họp thứ 5 (AB12-CD34).pdf": what it is, in Vietnamese, and its code.
        filename=f"{safe_part(record.title, 150) or record.code} ({record.code}).pdf",
        cache_control="private, no-cache",
    )
