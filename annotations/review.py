"""The delegate's review of marks a new version moved uncertainly: list and decisions.

After a new draft, a mark whose words changed ("check") or were not found ("lost") is
listed for its author with the passage it was on, and, when found approximately, the
passage it is on now. For each the author decides:

- **place**: "check": the proposed place is right; "lost": draw it where it was on the
  previous version (only at the author's word: never silently);
- **keep on the old version**: erase the copy on this version; the original stays on the
  version it was made on, where it is true;
- **delete**: erase the mark here and on every earlier version it was carried from.

Each decision runs like the other annotation services: the author's member row locked
first, then the marks, one audit entry per mark changed, live events to the author's
tablets (and to whoever the mark is shared with).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from annotations import glyphs, reanchor
from annotations.models import AnchorState, Annotation
from annotations.services import Audience, check_room_on_page, locked_own, publish_change
from council.audit import log_action
from council.models import Member
from documents.models import DocumentVersion
from sessions.errors import ActionRefused

TO_REVIEW = (AnchorState.CHECK, AnchorState.LOST)


@dataclass(frozen=True)
class Item:
    annotation: Annotation
    old_version: int
    old_page: int
    old_text: str  # the passage on the version it came from ("" when no text under it)
    new_text: str  # the passage it is on now ("" when not found)


def _quote(selectors: list) -> str:
    for selector in selectors or ():
        if isinstance(selector, dict) and selector.get("type") == "TextQuoteSelector":
            return str(selector.get("exact") or "")
    return ""


def _old_text(original: Annotation) -> str:
    quote = _quote(original.selectors)
    if quote:
        return quote
    doc = glyphs.doc_text(original.version)
    if doc is None:
        return ""
    return _quote(reanchor.selectors_for(doc, original.page, original.data))


def pending(member: Member, version: DocumentVersion) -> "list[Item]":
    marks = (
        Annotation.objects.filter(
            version=version,
            author=member,
            deleted_at__isnull=True,
            moved_from__isnull=False,
            anchor_state__in=TO_REVIEW,
        )
        .select_related("moved_from__version", "author")
        .order_by("page", "created_at", "id")
    )
    return [item(mark) for mark in marks]


def item(mark: Annotation) -> Item:
    original = mark.moved_from
    assert original is not None
    return Item(
        annotation=mark,
        old_version=original.version.number,
        old_page=original.page,
        old_text=_old_text(original),
        new_text=_quote(mark.selectors) if mark.anchor_state == AnchorState.CHECK else "",
    )


def count(member: Member, version: DocumentVersion) -> int:
    return Annotation.objects.filter(
        version=version,
        author=member,
        deleted_at__isnull=True,
        moved_from__isnull=False,
        anchor_state__in=TO_REVIEW,
    ).count()


def _reviewable(member: Member, annotation: Annotation) -> tuple[Member, Annotation]:
    author, locked = locked_own(member, annotation)
    if (
        locked.deleted_at is not None
        or locked.moved_from_id is None
        or locked.anchor_state not in TO_REVIEW
    ):
        raise ActionRefused(_("This mark was already reviewed."))
    return author, locked


def _touch(annotation: Annotation) -> None:
    annotation.client_updated_at = timezone.now()
    annotation.revision += 1


@transaction.atomic
def place(member: Member, annotation: Annotation) -> Annotation:
    author, mark = _reviewable(member, annotation)
    before, state = Audience.of(mark), mark.anchor_state
    if state == AnchorState.LOST:
        # Counted on its page from now on, like a mark drawn there.
        check_room_on_page(author, mark.version, mark.page, exclude=mark.pk)
    mark.anchor_state = AnchorState.OK
    _touch(mark)
    mark.save(update_fields=["anchor_state", "client_updated_at", "revision", "updated_at"])
    log_action(
        author,
        "annotations.annotation.placed",
        mark,
        {"was": state, "page": mark.page, "revision": mark.revision},
    )
    publish_change(mark, before)
    return mark


@transaction.atomic
def keep_on_old_version(member: Member, annotation: Annotation) -> Annotation:
    author, mark = _reviewable(member, annotation)
    before = Audience.of(mark)
    mark.deleted_at = timezone.now()
    _touch(mark)
    mark.save(update_fields=["deleted_at", "client_updated_at", "revision", "updated_at"])
    log_action(
        author,
        "annotations.annotation.kept_on_old_version",
        mark,
        {"was": mark.anchor_state, "original": str(mark.moved_from_id)},
    )
    publish_change(mark, before)
    return mark


@transaction.atomic
def delete_everywhere(member: Member, annotation: Annotation) -> Annotation:
    author, mark = _reviewable(member, annotation)
    chain = [mark]
    # Newest first, as they were locked: the copy, then what it was carried from.
    while chain[-1].moved_from_id is not None:
        earlier = (
            Annotation.objects.select_for_update(of=("self",))
            .select_related("version__document__sitting")
            .filter(pk=chain[-1].moved_from_id, author=author)
            .first()
        )
        if earlier is None:
            break
        chain.append(earlier)
    for each in chain:
        if each.deleted_at is not None:
            continue
        before = Audience.of(each)
        each.deleted_at = timezone.now()
        _touch(each)
        each.save(update_fields=["deleted_at", "client_updated_at", "revision", "updated_at"])
        log_action(
            author,
            "annotations.annotation.deleted",
            each,
            {"revision": each.revision, "review": True},
        )
        each.author = author
        publish_change(each, before)
    return mark
