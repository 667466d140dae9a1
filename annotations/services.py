"""Annotation services: save (upsert by the tablet's id), delete, share, unshare.

Each runs in one transaction: the author's member row is locked first (one author's
tablets are serialised, which also makes the per-page bound exact), then the annotation
row; the change, an audit entry and the live events commit together.

The sync rule, per annotation (the tablet sends its full state, the revision it was based
on, ``base_revision``, 0 for a new one, and ``client_updated_at``):

1. Unknown id: created (even as deleted: a stroke drawn and erased offline leaves a
   tombstone, so a late copy of its creation cannot bring it back).
2. ``base_revision`` equals the server's revision: the tablet saw the latest state, its
   change applies (an edit, an erase, an undo that restores).
3. Otherwise another change happened meanwhile that this tablet did not see, and:
   - an erase of a live annotation is NOT applied: the annotation is kept and the
     tablet is told (outcome "conflict"). A delete only wins over what it has seen.
   - an edit of an annotation erased meanwhile restores it with the edit, unless the
     edit carries exactly the erased content (a late retry of what was erased), and the
     tablet is told ("conflict"). Again nothing disappears unseen.
   - an edit of a live annotation: the last edit wins, by ``client_updated_at``; the
     loser's tablet receives the winner ("kept_server").
   - an erase of an annotation already erased: nothing to do.
Retries are therefore harmless: a repeated request finds its own change already there.

A tablet clock running ahead must not make its edits win forever: ``client_updated_at``
is capped at the server's time.
"""

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from annotations import glyphs, queries, validation
from annotations.events import GROUP, OWN, SITTING
from annotations.models import AnchorState, Annotation, Visibility
from annotations.queries import as_json
from council import permissions
from council.audit import log_action
from council.models import Member
from documents.lookup import may_read
from documents.models import Document, DocumentVersion
from sessions import live
from sessions.errors import ActionRefused, NotAllowed, NotFound


class Outcome:
    APPLIED = "applied"
    KEPT_SERVER = "kept_server"
    CONFLICT = "conflict"


@dataclass(frozen=True)
class SaveResult:
    annotation: Annotation
    outcome: str


@dataclass(frozen=True)
class Audience:
    """Who besides the author sees an annotation: (visibility, group id) or nobody."""

    visibility: str
    group_id: int | None

    @classmethod
    def of(cls, annotation: Annotation) -> "Audience":
        if annotation.deleted_at is not None:
            return cls(Visibility.PRIVATE, None)
        return cls(annotation.visibility, annotation.shared_group_id)


def _check_author(member: Member, version: DocumentVersion) -> None:
    # Read afresh: whether the document is still published is decided now, not when the
    # caller loaded it.
    document = Document.objects.select_related("sitting").get(pk=version.document_id)
    if document.sitting.council_id != member.council_id or not may_read(member, document):
        raise NotAllowed()
    if permissions.is_read_only(member):
        raise NotAllowed(_("A hall screen cannot annotate."))


def _lock_author(member: Member) -> Member:
    return Member.objects.select_for_update(of=("self",)).select_related("group").get(pk=member.pk)


def _parse_id(raw: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(raw))
    except (ValueError, TypeError, AttributeError):
        raise validation.malformed() from None


def _parse_time(raw: Any) -> datetime.datetime:
    value: datetime.datetime | None
    if isinstance(raw, datetime.datetime):
        value = raw
    elif isinstance(raw, str):
        try:
            value = parse_datetime(raw)
        except ValueError:
            value = None
        if value is None:
            raise validation.malformed()
    else:
        raise validation.malformed()
    assert value is not None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return min(value, timezone.now())


def _shared_group_id(author: Member, visibility: str) -> int | None:
    if visibility != Visibility.GROUP:
        return None
    if author.group_id is None:
        raise ActionRefused(
            _("You are not in a delegate group, so there is no group to share with.")
        )
    return author.group_id


def check_room_on_page(author: Member, version: DocumentVersion, page: int, exclude) -> None:
    """Refuse a mark past ANNOTATIONS_MAX_PER_PAGE of one author on one page."""
    count = (
        Annotation.objects.filter(
            version=version, author=author, page=page, deleted_at__isnull=True
        )
        .exclude(pk=exclude)
        .count()
    )
    if count >= settings.ANNOTATIONS_MAX_PER_PAGE:
        raise ActionRefused(
            _(
                "You have %(limit)d annotations on this page, the most it can hold; "
                "erase some first."
            )
            % {"limit": settings.ANNOTATIONS_MAX_PER_PAGE}
        )


@dataclass(frozen=True)
class _Incoming:
    id: uuid.UUID
    page: int
    kind: str
    data: dict[str, Any]
    colour: str
    visibility: str | None
    deleted: bool
    base_revision: int
    client_updated_at: datetime.datetime
    selectors: list[dict[str, Any]]


def _incoming(version: DocumentVersion, payload: Any) -> _Incoming:
    if not isinstance(payload, dict):
        raise validation.malformed()
    kind = validation.clean_kind(payload.get("kind"))
    data = validation.clean_data(kind, payload.get("data"))
    validation.check_payload_size(data)
    base = payload.get("base_revision", 0)
    if isinstance(base, bool) or not isinstance(base, int) or base < 0:
        raise validation.malformed()
    visibility = payload.get("visibility")
    page = validation.clean_page(payload.get("page"), version.page_count)
    deleted = bool(payload.get("deleted", False))
    return _Incoming(
        id=_parse_id(payload.get("id")),
        page=page,
        kind=kind,
        data=data,
        colour=validation.clean_colour(payload.get("colour")),
        visibility=None if visibility is None else validation.clean_visibility(visibility),
        deleted=deleted,
        base_revision=base,
        client_updated_at=_parse_time(payload.get("client_updated_at")),
        # The words under a highlight, from the version's glyphs: read before any row is
        # locked (the first read of a version runs the PDF sandbox).
        selectors=[] if deleted else glyphs.selectors_for(version, page, data),
    )


def _same_content(annotation: Annotation, incoming: _Incoming) -> bool:
    return (
        annotation.page == incoming.page
        and annotation.kind == incoming.kind
        and annotation.data == incoming.data
        and annotation.colour == incoming.colour
    )


@transaction.atomic
def save_annotation(member: Member, version: DocumentVersion, payload: Any) -> SaveResult:
    """Create or change one annotation from the tablet's full state (see the module doc)."""
    _check_author(member, version)
    incoming = _incoming(version, payload)
    author = _lock_author(member)
    annotation = (
        Annotation.objects.select_for_update(of=("self",))
        .select_related("version__document__sitting")
        .filter(pk=incoming.id)
        .first()
    )
    if annotation is None:
        return _create(author, version, incoming)
    if annotation.author_id != author.pk or annotation.version_id != version.pk:
        # Another member's annotation this member sees (shared): read-only for them.
        # Any other (private, another version's, another council's): as if it did not exist.
        if (
            annotation.version_id == version.pk
            and queries.visible_to(member, version).filter(pk=annotation.pk).exists()
        ):
            raise NotAllowed(_("Only its author can change an annotation."))
        raise NotFound()
    before = Audience.of(annotation)
    alive = annotation.deleted_at is None
    outcome = Outcome.APPLIED
    if incoming.base_revision >= annotation.revision:
        pass  # the tablet saw the latest state: its change applies
    elif incoming.deleted:
        if alive:
            return _finish(author, annotation, before, Outcome.CONFLICT, changed=False)
        return _finish(author, annotation, before, Outcome.APPLIED, changed=False)
    elif not alive:
        if _same_content(annotation, incoming):
            return _finish(author, annotation, before, Outcome.KEPT_SERVER, changed=False)
        outcome = Outcome.CONFLICT
    elif incoming.client_updated_at <= annotation.client_updated_at:
        return _finish(author, annotation, before, Outcome.KEPT_SERVER, changed=False)

    if not incoming.deleted and (not alive or incoming.page != annotation.page):
        check_room_on_page(author, version, incoming.page, exclude=annotation.pk)
    if not incoming.deleted and not _same_content(annotation, incoming):
        # The author moved or redrew a carried mark: its place is theirs now, not a guess.
        annotation.anchor_state = AnchorState.OK
        annotation.selectors = incoming.selectors
    annotation.page = incoming.page
    annotation.kind = incoming.kind
    annotation.data = incoming.data
    annotation.colour = incoming.colour
    if incoming.visibility is not None and incoming.visibility != annotation.visibility:
        annotation.visibility = incoming.visibility
        annotation.shared_group_id = _shared_group_id(author, incoming.visibility)
    annotation.client_updated_at = max(incoming.client_updated_at, annotation.client_updated_at)
    annotation.deleted_at = timezone.now() if incoming.deleted else None
    annotation.revision += 1
    annotation.save()
    action = "deleted" if incoming.deleted else ("restored" if not alive else "edited")
    log_action(
        author,
        f"annotations.annotation.{action}",
        annotation,
        {"revision": annotation.revision, "outcome": outcome},
    )
    return _finish(author, annotation, before, outcome, changed=True)


def _create(author: Member, version: DocumentVersion, incoming: _Incoming) -> SaveResult:
    if not incoming.deleted:
        check_room_on_page(author, version, incoming.page, exclude=None)
    visibility = incoming.visibility or Visibility.PRIVATE
    try:
        with transaction.atomic():
            annotation = Annotation.objects.create(
                id=incoming.id,
                version=version,
                page=incoming.page,
                author=author,
                kind=incoming.kind,
                data=incoming.data,
                colour=incoming.colour,
                visibility=visibility,
                shared_group_id=_shared_group_id(author, visibility),
                revision=1,
                client_updated_at=incoming.client_updated_at,
                deleted_at=timezone.now() if incoming.deleted else None,
                selectors=incoming.selectors,
            )
    except IntegrityError:
        # Another member's annotation has this id: never reveal or touch it.
        raise NotFound() from None
    annotation.author = author
    log_action(
        author,
        "annotations.annotation.created",
        annotation,
        {"version": version.pk, "page": incoming.page, "kind": incoming.kind},
    )
    return _finish(author, annotation, Audience(Visibility.PRIVATE, None), Outcome.APPLIED, True)


def _finish(
    author: Member, annotation: Annotation, before: Audience, outcome: str, changed: bool
) -> SaveResult:
    annotation.author = author
    if changed:
        publish_change(annotation, before)
    return SaveResult(annotation, outcome)


@transaction.atomic
def delete_annotation(member: Member, annotation: Annotation) -> Annotation:
    """Erase one's own annotation now (the online path; tablets send erases through
    save_annotation with ``deleted: true`` and their base revision)."""
    author, annotation = locked_own(member, annotation)
    if annotation.deleted_at is not None:
        return annotation
    before = Audience.of(annotation)
    annotation.deleted_at = timezone.now()
    annotation.client_updated_at = timezone.now()
    annotation.revision += 1
    annotation.save(update_fields=["deleted_at", "client_updated_at", "revision", "updated_at"])
    log_action(
        author, "annotations.annotation.deleted", annotation, {"revision": annotation.revision}
    )
    publish_change(annotation, before)
    return annotation


@transaction.atomic
def share(member: Member, annotation: Annotation, visibility: Any) -> Annotation:
    """Show one's annotation to one's delegate group or the whole sitting, or to nobody."""
    visibility = validation.clean_visibility(visibility)
    author, annotation = locked_own(member, annotation)
    if annotation.deleted_at is not None:
        raise ActionRefused(_("This annotation was erased."))
    if annotation.visibility == visibility:
        return annotation
    before = Audience.of(annotation)
    annotation.visibility = visibility
    annotation.shared_group_id = _shared_group_id(author, visibility)
    annotation.client_updated_at = timezone.now()
    annotation.revision += 1
    annotation.save(
        update_fields=["visibility", "shared_group", "client_updated_at", "revision", "updated_at"]
    )
    log_action(
        author,
        "annotations.annotation." + ("unshared" if visibility == Visibility.PRIVATE else "shared"),
        annotation,
        {"from": before.visibility, "to": visibility, "revision": annotation.revision},
    )
    publish_change(annotation, before)
    return annotation


def unshare(member: Member, annotation: Annotation) -> Annotation:
    return share(member, annotation, Visibility.PRIVATE)


def locked_own(member: Member, annotation: Annotation) -> tuple[Member, Annotation]:
    """The author (locked first, as every annotation change does) and their annotation,
    locked; for this module's changes and the review list's (annotations/review.py)."""
    author = _lock_author(member)
    locked = (
        Annotation.objects.select_for_update(of=("self",))
        .select_related("version__document__sitting")
        .filter(pk=annotation.pk)
        .first()
    )
    if locked is None or locked.author_id != author.pk:
        raise NotAllowed(_("Only its author can change an annotation."))
    if permissions.is_read_only(author):
        raise NotAllowed(_("A hall screen cannot annotate."))
    locked.author = author
    return author, locked


def _group_members(group_id: int, author_id: int) -> list[int]:
    return list(
        Member.objects.filter(group_id=group_id)
        .exclude(pk=author_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def publish_change(annotation: Annotation, before: Audience) -> None:
    """The author's devices always hear of a change; each audience hears what it may see.

    Drops are sent before upserts: a tablet that leaves one audience and stays in another
    (sitting -> group) gets the drop and then the annotation, over one socket, in order.
    """
    sitting = annotation.version.document.sitting
    data = as_json(annotation)
    ident = {"id": data["id"], "version_id": annotation.version_id}
    shared = {**ident, "author_id": annotation.author_id}
    after = Audience.of(annotation)

    live.publish(sitting, OWN, {**ident, "annotation": data}, member_id=annotation.author_id)
    if before.visibility == Visibility.SITTING and after.visibility != Visibility.SITTING:
        live.publish(sitting, SITTING, {**shared, "annotation": None})
    if (
        before.visibility == Visibility.GROUP
        and before.group_id is not None
        and (after.visibility != Visibility.GROUP or after.group_id != before.group_id)
    ):
        for member_id in _group_members(before.group_id, annotation.author_id):
            live.publish(sitting, GROUP, {**shared, "annotation": None}, member_id=member_id)
    if after.visibility == Visibility.SITTING:
        live.publish(sitting, SITTING, {**shared, "annotation": data})
    elif after.visibility == Visibility.GROUP and after.group_id is not None:
        for member_id in _group_members(after.group_id, annotation.author_id):
            live.publish(sitting, GROUP, {**shared, "annotation": data}, member_id=member_id)
