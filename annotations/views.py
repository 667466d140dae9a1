"""Thin views for the reader's annotation layer: JSON in, JSON out; one PDF export.

Every lookup goes through documents.lookup.readable_version (another council's version,
or one the viewer may not read, is a 404) and annotations.queries.visible_to.
"""

import logging
import os
import tempfile
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from annotations import carry, my_notes, queries, services, validation
from annotations.models import Annotation
from council.bounds import load_json
from council.downloads import safe_part
from council.web import refusals_shown
from documents import watermarks
from documents.lookup import readable_version
from documents.pdf import PdfRejected, PdfWorkerError, write_annotations_copy
from documents.services import media_path
from sessions.errors import ActionRefused
from sessions.lookup import sitting_for

logger = logging.getLogger(__name__)


def json_refusals(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A refused change answers JSON the tablet shows as is: {"error": "..."}."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except ActionRefused as refusal:
            return JsonResponse({"error": str(refusal.message)}, status=refusal.status)

    return wrapper


def _body(request: HttpRequest) -> Any:
    # The JSON envelope around the data is small; the data itself is measured exactly by
    # the service. This only stops a huge body before it is parsed.
    # Only JSON, and only as the body: a form (multipart) would have been parsed already by
    # the CSRF check, and its body is gone.
    if request.content_type != "application/json":
        raise validation.malformed()
    if len(request.body) > settings.ANNOTATIONS_MAX_PAYLOAD_BYTES * 2:
        raise validation.too_large()
    try:
        return load_json(request.body, max_bytes=settings.ANNOTATIONS_MAX_PAYLOAD_BYTES * 2)
    except ValueError:
        raise validation.malformed() from None


def _visible(request: HttpRequest, annotation_id) -> tuple[Annotation, Any]:
    annotation = (
        Annotation.objects.select_related("version__document__sitting")
        .filter(pk=annotation_id, deleted_at__isnull=True)
        .first()
    )
    if annotation is None:
        raise Http404
    version, member = readable_version(request.user, annotation.version_id)
    if not queries.visible_to(member, version).filter(pk=annotation.pk).exists():
        raise Http404
    return annotation, member


@login_required
@require_GET
@never_cache
def version_annotations(request: HttpRequest, version_id: int) -> HttpResponse:
    """Own + shared-with-me annotations of one version, for the reader to draw."""
    version, member = readable_version(request.user, version_id)
    carry.ensure_carried(version)
    return JsonResponse(
        {
            "member_id": member.pk,
            "version_id": version.pk,
            "annotations": [
                queries.as_json(a) for a in queries.drawn(queries.visible_to(member, version))
            ],
        }
    )


@login_required
@require_POST
@json_refusals
def save(request: HttpRequest, version_id: int, annotation_id) -> HttpResponse:
    version, member = readable_version(request.user, version_id)
    payload = _body(request)
    if not isinstance(payload, dict):
        raise validation.malformed()
    result = services.save_annotation(member, version, {**payload, "id": str(annotation_id)})
    return JsonResponse(
        {"annotation": queries.as_json(result.annotation), "outcome": result.outcome}
    )


@login_required
@require_POST
@json_refusals
def share(request: HttpRequest, annotation_id) -> HttpResponse:
    annotation, member = _visible(request, annotation_id)
    payload = _body(request)
    visibility = payload.get("visibility") if isinstance(payload, dict) else None
    annotation = services.share(member, annotation, visibility)
    return JsonResponse({"annotation": queries.as_json(annotation), "outcome": "applied"})


@login_required
@require_POST
@json_refusals
def delete(request: HttpRequest, annotation_id) -> HttpResponse:
    annotation, member = _visible(request, annotation_id)
    annotation = services.delete_annotation(member, annotation)
    return JsonResponse({"annotation": queries.as_json(annotation), "outcome": "applied"})


def _filename(title: str, number: int) -> str:
    return _("%(title)s, version %(number)s (annotated).pdf") % {
        "title": safe_part(title) or _("document"),
        "number": number,
    }


@login_required
@require_GET
@refusals_shown
def export(request: HttpRequest, version_id: int) -> HttpResponseBase:
    """ "Download my annotated copy": the member's own and shared-with-them annotations
    written into a copy of the PDF as real PDF annotations. A confidential document starts
    from the member's stamped copy, so the copy keeps its watermark."""
    version, member = readable_version(request.user, version_id)
    document = version.document
    carry.ensure_carried(version)
    source = media_path(version.file.name)
    if document.confidential and not member.is_secretariat:
        source = media_path(watermarks.copy_for(member, version).file.name)
    items = queries.export_items(queries.drawn(queries.visible_to(member, version)))
    folder = media_path("annotated")
    folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=folder, suffix=".pdf")
    os.close(fd)
    try:
        write_annotations_copy(source, name, items, author=member.full_name)
        handle = open(name, "rb")  # noqa: SIM115 - FileResponse closes it
    except PdfRejected as rejected:
        raise ActionRefused(rejected.message) from rejected
    except PdfWorkerError:
        logger.exception("the annotated copy could not be written")
        raise ActionRefused(validation.export_failed()) from None
    finally:
        # Unlinked at once: the open handle keeps the bytes until the response is sent,
        # and nothing is left on disk whatever happens to the request.
        os.unlink(name)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=_filename(document.title, version.number),
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
@never_cache
def mine(request: HttpRequest, sitting_id: int) -> HttpResponse:
    """The delegate's own notes and marks across the sitting's documents."""
    sitting, member = sitting_for(request.user, sitting_id)
    groups = my_notes.my_notes(member, sitting)
    return render(
        request,
        "annotations/my_notes.html",
        {"sitting": sitting, "member": member, "groups": groups},
    )
