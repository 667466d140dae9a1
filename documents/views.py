"""Thin views: look up through the viewer's membership, call a service, answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_POST

from council import permissions
from council.downloads import safe_part
from council.uploads import accepts_upload
from council.web import PDF_VIEWER_CSP, optional_int, refusals_shown
from documents import ordering, queries, services, watermarks
from documents.forms import DocumentEditForm, UploadForm, VersionForm
from documents.lookup import managed_document, presented_version, readable_version
from documents.ranges import serve_file
from sessions.errors import ActionRefused
from sessions.lookup import sitting_for
from sessions.regions import render_regions
from sessions.screen_links import SCREEN_COOKIE
from sessions.views.secretariat import render_manage


def _filename(title: str, number: int) -> str:
    return _("%(title)s, version %(number)s.pdf") % {
        "title": safe_part(title, 100) or _("document"),
        "number": number,
    }


@login_required
@require_GET
def version_file(request: HttpRequest, version_id: int) -> HttpResponseBase:
    version, member = readable_version(request.user, version_id)
    document = version.document
    # Tablets read the reading copy; ?original=1 is the uploaded file, the legal record
    # (the secretariat's download). Same pages either way, each with its own ETag. Only
    # those who manage sittings get it: it may carry active content the copy is without.
    if request.GET.get("original") == "1" and permissions.can_manage_sittings(member):
        path, etag = services.media_path(version.file.name), version.sha256
    else:
        path, etag = services.media_path(version.reading_name), version.reading_etag
    if document.confidential and not member.is_secretariat:
        # Each delegate's copy carries their name. A shared tablet's service worker keeps
        # files by URL, so the tablets ask with ?for=<member>: one delegate's copy is never
        # served to the next one who logs in there.
        if request.GET.get("for", str(member.pk)) != str(member.pk):
            raise Http404
        copy = watermarks.copy_for(member, version)
        path, etag = services.media_path(copy.file.name), copy.sha256
    return serve_file(
        request,
        path,
        content_type="application/pdf",
        etag=etag,
        filename=_filename(document.title, version.number),
    )


@require_GET
def presented_file(request: HttpRequest, sitting_id: int, version_id: int) -> HttpResponseBase:
    """The presented document's reading copy, for the hall screens (sessions/hall.py)."""
    # A screen link's token comes from its cookie (sessions/views/screen_links.py).
    token = request.COOKIES.get(SCREEN_COOKIE, "") if request.GET.get("screen") else ""
    version = presented_version(request.user, sitting_id, version_id, token)
    return serve_file(
        request,
        services.media_path(version.reading_name),
        content_type="application/pdf",
        etag=version.reading_etag,
        # Readable only while presented: never kept by a shared cache or the screen's disk.
        cache_control="private, no-store",
    )


@login_required
def version_reader(request: HttpRequest, version_id: int) -> HttpResponse:
    """A stable link to one version: the sitting's reader opened on it."""
    version, _member = readable_version(request.user, version_id)
    page = request.GET.get("page", "")
    fragment = f"v={version.pk}" + (f"&page={int(page)}" if page.isdigit() else "")
    url = reverse("documents:reader", args=[version.document.sitting_id])
    return redirect(f"{url}#{fragment}")


@login_required
@csp_override(PDF_VIEWER_CSP)
def reader(request: HttpRequest, sitting_id: int) -> HttpResponse:
    """One reader page per sitting, the version and page in the URL's fragment: the
    service worker keeps the page it has seen, so one cached page opens every cached
    document offline."""
    sitting, member = sitting_for(request.user, sitting_id)
    return render(
        request,
        "documents/reader.html",
        {
            "sitting": sitting,
            "member": member,
            # A live page: follow-me, new versions and shared annotations arrive here too.
            "page": "room",
            "regions": render_regions(sitting, ["presentation"], request.LANGUAGE_CODE),
            "catalogue": queries.reader_catalogue(sitting, member),
        },
    )


@login_required
@require_GET
def search(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = sitting_for(request.user, sitting_id)
    query = request.GET.get("q", "")[:200]
    hits = queries.search(sitting, member, query)
    template = (
        "documents/_partials/search_results.html"
        if getattr(request, "htmx", False)
        else "documents/search.html"
    )
    return render(
        request,
        template,
        {"sitting": sitting, "member": member, "query": query.strip(), "hits": hits},
    )


# --- the secretariat ----------------------------------------------------------------------


def _managed_sitting(request: HttpRequest, sitting_id: int):
    sitting, member = sitting_for(request.user, sitting_id)
    if not permissions.can_manage_sittings(member):
        raise Http404
    return sitting, member


def _file_refusal(form) -> ActionRefused:
    codes = {error.code for error in form.errors.as_data().get("file", [])}
    if "empty" in codes:  # a file was chosen, with nothing in it
        return ActionRefused(_("The file is empty."))
    return ActionRefused(_("Choose a PDF file to upload."))


def _back(sitting_id: int, anchor: str = "") -> HttpResponse:
    url = reverse("sessions:manage", args=[sitting_id])
    return redirect(f"{url}#{anchor}" if anchor else url)


@accepts_upload
@login_required
@require_POST
def upload(request: HttpRequest, sitting_id: int) -> HttpResponse:
    """A refused upload (no title, not a PDF, a hostile file, a closed sitting) answers with
    the management page again, status 4xx: the form open under the item it was for, the
    title and choices kept, the error beside the file field. Only the file must be chosen
    again: browsers never let a page fill a file input."""
    sitting, member = _managed_sitting(request, sitting_id)
    item_id = optional_int(request.POST.get("agenda_item"))
    form = UploadForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            if "file" in form.errors:
                raise _file_refusal(form)
            raise ActionRefused(_("A document needs a title."))
        document = services.upload_document(
            member,
            sitting,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
            agenda_item_id=item_id,
            confidential=form.cleaned_data["confidential"],
        )
    except ActionRefused as refusal:
        kept = {
            "item": item_id,
            "title": request.POST.get("title", "")[:300],
            "confidential": bool(request.POST.get("confidential")),
            "message": refusal.message,
        }
        status = refusal.status if 400 <= refusal.status < 500 else 422
        return render_manage(request, sitting, member, upload_error=kept, status=status)
    messages.success(request, _("Document uploaded. It is not published yet."))
    return _back(sitting.pk, f"document-{document.pk}")


@accepts_upload
@login_required
@require_POST
@refusals_shown
def add_version(request: HttpRequest, document_id: int) -> HttpResponse:
    document, member = managed_document(request.user, document_id)
    form = VersionForm(request.POST, request.FILES)
    if not form.is_valid():
        raise _file_refusal(form)
    version = services.add_version(member, document, form.cleaned_data["file"])
    messages.success(request, _("Version %(number)d uploaded.") % {"number": version.number})
    return _back(document.sitting_id, f"document-{document.pk}")


@login_required
@require_POST
@refusals_shown
def edit(request: HttpRequest, document_id: int) -> HttpResponse:
    document, member = managed_document(request.user, document_id)
    form = DocumentEditForm(request.POST)
    if not form.is_valid():
        raise ActionRefused(_("A document needs a title."))
    services.update_document(
        member,
        document,
        title=form.cleaned_data["title"],
        agenda_item_id=optional_int(request.POST.get("agenda_item")),
    )
    return _back(document.sitting_id, f"document-{document.pk}")


_DOCUMENT_ACTIONS = {
    "publish": services.publish_document,
    "unpublish": services.unpublish_document,
    "withdraw": services.withdraw_document,
    "republish": services.republish_document,
    "delete": services.delete_document,
    "confidential": lambda member, document: services.set_confidential(member, document, True),
    "not-confidential": lambda member, document: services.set_confidential(member, document, False),
    "move-up": lambda member, document: ordering.move_document(member, document, -1),
    "move-down": lambda member, document: ordering.move_document(member, document, +1),
}


@login_required
@require_POST
@refusals_shown
def document_action(request: HttpRequest, document_id: int, action: str) -> HttpResponse:
    if action not in _DOCUMENT_ACTIONS:
        raise Http404
    document, member = managed_document(request.user, document_id)
    _DOCUMENT_ACTIONS[action](member, document)
    anchor = "" if action == "delete" else f"document-{document.pk}"
    return _back(document.sitting_id, anchor)


@login_required
@require_POST
@refusals_shown
def place(request: HttpRequest, sitting_id: int) -> HttpResponse:
    """Drag and drop (static/js/reorder.js): before `before` under the same item, or last."""
    document_id = optional_int(request.POST.get("document"))
    if document_id is None:
        raise Http404
    document, member = managed_document(request.user, document_id)
    if document.sitting_id != sitting_id:
        raise Http404
    ordering.place_document(member, document, optional_int(request.POST.get("before")))
    return _back(document.sitting_id, f"document-{document.pk}")


@login_required
@require_POST
@refusals_shown
def publish_all(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = _managed_sitting(request, sitting_id)
    count = services.publish_all(member, sitting)
    messages.success(request, _("Documents published: %(count)d.") % {"count": count})
    return _back(sitting.pk)


@login_required
@require_POST
@refusals_shown
def unpublish_all(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = _managed_sitting(request, sitting_id)
    count = services.unpublish_all(member, sitting)
    messages.success(request, _("Documents unpublished: %(count)d.") % {"count": count})
    return _back(sitting.pk)
