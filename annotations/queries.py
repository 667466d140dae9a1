"""Read side: which annotations a member may see, and their JSON form.

Every read of annotations goes through ``visible_to``: the author's own, plus those
shared with the viewer's delegate group or with the whole sitting. There is no other
door, so no role (not the secretariat, not the chair) ever reads a private annotation.
"""

from typing import Any

from django.db.models import Q, QuerySet

from annotations.models import AnchorState, Annotation, Visibility
from council.models import Member
from documents.models import DocumentVersion


def visible_to(member: Member, version: DocumentVersion) -> "QuerySet[Annotation]":
    shared = Q(visibility=Visibility.SITTING)
    if member.group_id is not None:
        shared |= Q(visibility=Visibility.GROUP, shared_group_id=member.group_id)
    return (
        Annotation.objects.filter(version=version, deleted_at__isnull=True)
        # Same council as the version by construction; checked again for defence in depth.
        .filter(Q(author=member) | (shared & Q(author__council_id=member.council_id)))
        .select_related("author")
        .order_by("page", "created_at", "id")
    )


def drawn(annotations: "QuerySet[Annotation]") -> "QuerySet[Annotation]":
    """What a reader draws and an export writes: not the marks whose words a new version
    no longer has ("lost"): drawn anywhere, they would mark other words. Their authors
    find them in the review list (annotations.review)."""
    return annotations.exclude(anchor_state=AnchorState.LOST)


def as_json(annotation: Annotation) -> dict[str, Any]:
    return {
        "id": str(annotation.pk),
        "version_id": annotation.version_id,
        "page": annotation.page,
        "kind": annotation.kind,
        "data": annotation.data,
        "colour": annotation.colour,
        "visibility": annotation.visibility,
        "revision": annotation.revision,
        "client_updated_at": annotation.client_updated_at.isoformat(),
        "deleted": annotation.deleted_at is not None,
        "author_id": annotation.author_id,
        "author_name": annotation.author.full_name,
        "anchor_state": annotation.anchor_state,
        "moved_from": str(annotation.moved_from_id) if annotation.moved_from_id else None,
    }


def export_items(annotations: "QuerySet[Annotation] | list[Annotation]") -> list[dict[str, Any]]:
    """The annotations in documents.pdf.write_annotations_copy's format."""
    items = []
    for annotation in annotations:
        data = annotation.data
        item: dict[str, Any] = {
            "page": annotation.page,
            "color": annotation.colour,
            "author": annotation.author.full_name,
        }
        if "strokes" in data:
            strokes = [[point[:2] for point in stroke] for stroke in data["strokes"]]
            if annotation.kind == "highlight":
                # A free-hand highlighter swipe becomes the band it covers: a PDF highlight
                # is made of rectangles, and a reader shows it under the text, as drawn.
                pad = data["width"] / 2
                rects = []
                for stroke in strokes:
                    xs, ys = [p[0] for p in stroke], [p[1] for p in stroke]
                    x0, y0 = max(0.0, min(xs) - pad), max(0.0, min(ys) - pad)
                    x1, y1 = min(1.0, max(xs) + pad), min(1.0, max(ys) + pad)
                    rects.append([x0, y0, x1 - x0, y1 - y0])
                item |= {"kind": "highlight", "rects": rects}
            else:
                item |= {"kind": "ink", "strokes": strokes, "width": data["width"]}
        elif "rects" in data:
            item |= {"kind": "highlight", "rects": data["rects"]}
        else:
            item |= {"kind": "note", "x": data["x"], "y": data["y"], "text": data["text"]}
        items.append(item)
    return items
