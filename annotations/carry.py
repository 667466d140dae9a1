"""Carry annotations forward to a document's new version: to their words, else their page.

Run lazily, when a tablet first asks for the new version's annotations (or exports it),
rather than from a post_save receiver on DocumentVersion: the documents service creates
the version row before its page texts, so a receiver would see no text to match, and the
upload (a secretariat request) should not pay for every delegate's notes. Carrying is
idempotent — a unique constraint on (version, moved_from) — so two tablets opening the
new version at once copy each annotation once.

Each mark follows its words first (``annotations.reanchor``): a highlight is found again by
its quote and redrawn over the new version's glyphs ("ok", "moved", "check" when found
only approximately, "lost" when not found: kept, listed for review, never drawn); a free
mark (ink, a note) moves with the text lines it was drawn on. Only a mark with no words to
follow (no text near it, or a version whose glyphs cannot be read) falls back to its page.

For each page of the previous version that carries such a mark (its old coordinates kept,
so it is "ok" or "moved" only where the page's text is unchanged):

- the file is byte-identical (same SHA-256): same page, "ok";
- the same text on the same page number: same page, "ok";
- the same text on another page (the page moved): that page, same anchor, "moved";
- else the most similar page (word-shingle similarity, at least
  ANNOTATIONS_MOVE_SIMILARITY percent): that page, "check" (its text changed, so the old
  coordinates are a guess);
- else the same page number, "check" ("page changed — check"); past the new end: the
  last page, "check".
A page without text (a scan) cannot be matched: same page, "check".

The original annotations stay on the old version, untouched. Annotations added to the
old version later are carried on the next visit; an annotation carried and then erased on
the new version is not carried again (its copy, erased, still names its original).
"""

import re
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import IntegrityError, transaction

from annotations import glyphs, reanchor
from annotations.models import AnchorState, Annotation
from documents.models import DocumentPage, DocumentVersion

_WORD = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    if len(words) < 3:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def similarity(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _texts(version: DocumentVersion) -> dict[int, str]:
    return dict(DocumentPage.objects.filter(version=version).values_list("number", "text"))


def match_pages(
    old: DocumentVersion, new: DocumentVersion, pages: Iterable[int]
) -> dict[int, tuple[int, str]]:
    """Where each of the old version's ``pages`` goes in ``new``: (page, anchor state)."""
    last = max(1, new.page_count)
    if old.sha256 and old.sha256 == new.sha256:
        return {
            p: (min(p, last), AnchorState.OK if p <= last else AnchorState.CHECK) for p in pages
        }
    old_texts, new_texts = _texts(old), _texts(new)
    new_normal = {n: normalise(t) for n, t in new_texts.items()}
    new_shingles: dict[int, set] | None = None
    threshold = settings.ANNOTATIONS_MOVE_SIMILARITY / 100
    placed: dict[int, tuple[int, str]] = {}
    for page in pages:
        fallback = (page, AnchorState.CHECK) if page <= last else (last, AnchorState.CHECK)
        text = normalise(old_texts.get(page, ""))
        if not text:
            placed[page] = fallback
            continue
        if new_normal.get(page) == text:
            placed[page] = (page, AnchorState.OK)
            continue
        same = [n for n, t in new_normal.items() if t == text]
        if same:
            placed[page] = (min(same, key=lambda n: (abs(n - page), n)), AnchorState.MOVED)
            continue
        if new_shingles is None:
            new_shingles = {n: shingles(t) for n, t in new_normal.items()}
        mine = shingles(text)
        scored = [(similarity(mine, theirs), n) for n, theirs in new_shingles.items()]
        best = max(scored, key=lambda s: (s[0], -abs(s[1] - page)), default=(0.0, page))
        if best[0] >= threshold:
            # Only similar: a mark drawn at its old coordinates there may sit beside other
            # words, so it is flagged wherever the page went.
            placed[page] = (best[1], AnchorState.CHECK)
        else:
            placed[page] = fallback
    return placed


def previous_version(version: DocumentVersion) -> DocumentVersion | None:
    return (
        DocumentVersion.objects.filter(document_id=version.document_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )


def carry_forward(old: DocumentVersion, new: DocumentVersion) -> int:
    """Copy ``old``'s live annotations not yet carried onto ``new``; return how many."""
    already = Annotation.objects.filter(version=new, moved_from__isnull=False).values("moved_from")
    pending = list(
        Annotation.objects.filter(version=old, deleted_at__isnull=True)
        .exclude(pk__in=already)
        .order_by("created_at", "id")
    )
    if not pending:
        return 0
    identical = bool(old.sha256) and old.sha256 == new.sha256
    old_text = None if identical else glyphs.doc_text(old)
    new_text = None if identical else glyphs.doc_text(new)
    placed_pages: dict[int, tuple[int, str]] | None = None
    copied = 0
    for original in pending:
        placement = None
        if old_text is not None and new_text is not None:
            placement = reanchor.place(
                old_text,
                new_text,
                original.page,
                original.data,
                original.selectors,
                new.page_count,
            )
        if placement is not None:
            page, data, selectors = placement.page, placement.data, placement.selectors
            state = _carried_state(placement.state, original.anchor_state)
        else:
            if placed_pages is None:
                placed_pages = match_pages(old, new, sorted({a.page for a in pending}))
            page, state = placed_pages[original.page]
            data, selectors = original.data, original.selectors
            state = _worst(state, original.anchor_state)
        try:
            with transaction.atomic():
                Annotation.objects.create(
                    version=new,
                    page=page,
                    author_id=original.author_id,
                    kind=original.kind,
                    data=data,
                    colour=original.colour,
                    visibility=original.visibility,
                    shared_group_id=original.shared_group_id,
                    client_updated_at=original.client_updated_at,
                    moved_from=original,
                    anchor_state=state,
                    selectors=selectors,
                )
            copied += 1
        except IntegrityError:
            pass  # another request carried it at the same moment
    return copied


def _carried_state(found: str, before: str) -> str:
    """A mark found again by its words is where they are now; one that was uncertain on
    the previous version stays at least "check" until its author has looked."""
    if before in (AnchorState.CHECK, AnchorState.LOST) and found in (
        AnchorState.OK,
        AnchorState.MOVED,
    ):
        return AnchorState.CHECK
    return found


_RANK = {AnchorState.OK: 0, AnchorState.MOVED: 1, AnchorState.CHECK: 2, AnchorState.LOST: 3}


def _worst(a: str, b: str) -> str:
    return a if _RANK[AnchorState(a)] >= _RANK[AnchorState(b)] else b


# What else follows a document's words to its new version (questioning's quoted passages),
# registered at app start: annotations does not know the apps above it.
_followers: list[Callable[[DocumentVersion], object]] = []


def add_follower(follower: Callable[[DocumentVersion], object]) -> None:
    if follower not in _followers:
        _followers.append(follower)


def ensure_carried(version: DocumentVersion) -> int:
    """Bring every earlier version's annotations up to ``version``, oldest first."""
    chain = []
    current: DocumentVersion | None = version
    while current is not None:
        chain.append(current)
        current = previous_version(current)
    copied = 0
    for old, new in zip(reversed(chain[1:]), reversed(chain[:-1]), strict=True):
        copied += carry_forward(old, new)
    for follower in _followers:
        follower(version)
    return copied
