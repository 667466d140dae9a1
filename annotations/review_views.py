"""Thin views for the review of marks a new version moved uncertainly (annotations.review).

The list is a page of its own (a link from the reader's toolbar, shown by
static/js/anchor-review.js when there is something to review); each decision is an htmx
POST that swaps its row for what became of the mark.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from annotations import carry, review
from annotations.models import Annotation
from council.web import refusals_shown
from documents.lookup import readable_version

ACTIONS = {
    "place": review.place,
    "keep": review.keep_on_old_version,
    "delete": review.delete_everywhere,
}


@login_required
@require_GET
@never_cache
def review_list(request: HttpRequest, version_id: int) -> HttpResponse:
    version, member = readable_version(request.user, version_id)
    carry.ensure_carried(version)
    return render(
        request,
        "annotations/review.html",
        {
            "version": version,
            "document": version.document,
            "member": member,
            "items": review.pending(member, version),
        },
    )


@login_required
@require_GET
@never_cache
def review_badge(request: HttpRequest, version_id: int) -> HttpResponse:
    """The reader's toolbar link: "N marks to review", or nothing."""
    version, member = readable_version(request.user, version_id)
    return render(
        request,
        "annotations/_review_badge.html",
        {"version": version, "count": review.count(member, version)},
    )


@login_required
@require_POST
@refusals_shown
def review_decide(request: HttpRequest, annotation_id, action: str) -> HttpResponse:
    decide = ACTIONS.get(action)
    annotation = (
        Annotation.objects.select_related("version__document__sitting", "moved_from__version")
        .filter(pk=annotation_id)
        .first()
    )
    if decide is None or annotation is None:
        raise Http404
    version, member = readable_version(request.user, annotation.version_id)
    if annotation.author_id != member.pk:
        raise Http404  # another member's mark, private or not: not theirs to review
    item = review.item(annotation)
    decide(member, annotation)
    if not getattr(request, "htmx", False):
        return redirect(reverse("annotations:review", args=[version.pk]))
    return render(
        request,
        "annotations/_review_row.html",
        {"item": item, "done": action, "version": version},
    )
