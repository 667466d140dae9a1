"""The quoted passage of a question: checked and anchored as annotations anchor a highlight,
and carried to a document's new version with them (annotations/carry.py calls
`follow_new_versions` from the same lazy step that carries the annotations).

The server decides the quote: when the version's words can be read, the quote is the text
under the rectangles (its W3C TextQuoteSelector and TextPositionSelector, as a highlight
stores them); only a page without readable text (a scan) keeps the words the tablet sent.
"""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from annotations import carry, glyphs, reanchor, validation
from annotations.anchoring import Quote
from annotations.models import AnchorState
from council.models import Member
from documents.lookup import may_read
from documents.models import DocumentVersion
from questioning import rules
from questioning.models import Question
from questioning.services import common
from sessions.errors import ActionRefused
from sessions.models import Sitting

QUOTE_MAX_CHARS = Question._meta.get_field("quote").max_length or 2000
# Questions whose passage still matters on a new version; an asked one keeps what it quoted.
FOLLOWING = (rules.DRAFT, rules.REGISTERED, rules.MERGED)


@dataclass(frozen=True)
class Passage:
    version: DocumentVersion
    page: int
    quote: str
    rects: list[list[float]]
    selectors: list[dict[str, Any]]


def clean(
    member: Member, sitting: Sitting, version_id: Any, page: Any, quote: Any, rects: Any
) -> Passage | None:
    """The passage a tablet sent, checked; None when the question quotes nothing."""
    if version_id in (None, ""):
        return None
    version = (
        DocumentVersion.objects.select_related("document")
        .filter(pk=common.as_int(version_id), document__sitting=sitting)
        .first()
    )
    if version is None or not may_read(member, version.document):
        raise ActionRefused(_("The quoted document is not one of this sitting's."))
    if isinstance(page, str) and page.isdigit():
        page = int(page)
    page = validation.clean_page(page, version.page_count)
    cleaned_rects = validation.clean_data("highlight", {"rects": rects or []})["rects"]
    selectors = glyphs.selectors_for(version, page, {"rects": cleaned_rects})
    found = Quote.from_selectors(selectors)
    words = " ".join((found.exact if found else str(quote or "")).split())
    if not words:
        raise ActionRefused(_("Select the words of the passage you quote."))
    if len(words) > QUOTE_MAX_CHARS:
        raise ActionRefused(
            _("A quoted passage may have at most %(limit)d characters; select less.")
            % {"limit": QUOTE_MAX_CHARS}
        )
    return Passage(version, page, words, cleaned_rects, selectors)


def apply(question: Question, passage: Passage | None) -> None:
    if passage is None:
        question.version, question.page, question.quote = None, None, ""
        question.rects, question.selectors = [], []
    else:
        question.version, question.page, question.quote = (
            passage.version,
            passage.page,
            passage.quote,
        )
        question.rects, question.selectors = passage.rects, passage.selectors
    question.anchor_state = AnchorState.OK


def place_on(question: Question, new: DocumentVersion) -> None:
    """Move the question's passage onto `new`, as a highlight is carried (not saved)."""
    old = question.version
    assert old is not None and question.page is not None
    data = {"rects": question.rects}
    identical = bool(old.sha256) and old.sha256 == new.sha256
    old_text = None if identical else glyphs.doc_text(old)
    new_text = None if identical else glyphs.doc_text(new)
    placement = None
    if old_text is not None and new_text is not None and question.rects:
        placement = reanchor.place(
            old_text, new_text, question.page, data, question.selectors, new.page_count
        )
    if placement is not None:
        question.page = placement.page
        question.rects = placement.data["rects"]
        question.selectors = placement.selectors
        state = carry._carried_state(placement.state, question.anchor_state)
    else:
        page, state = carry.match_pages(old, new, [question.page])[question.page]
        question.page = page
        state = carry._worst(state, question.anchor_state)
    question.version = new
    question.anchor_state = state


def follow_new_versions(version: DocumentVersion) -> int:
    """Bring the open questions quoting an earlier version of `version`'s document onto it."""
    stale = Question.objects.filter(
        version__document_id=version.document_id,
        version__number__lt=version.number,
        state__in=FOLLOWING,
    )
    if not stale.exists():
        return 0
    with transaction.atomic():
        sitting = Sitting.objects.select_for_update().get(pk=version.document.sitting_id)
        moved = 0
        for question in stale.select_for_update(of=("self",)).select_related("version"):
            before = (question.version_id, question.page)
            place_on(question, version)
            question.save(update_fields=["version", "page", "rects", "selectors", "anchor_state"])
            common.audit(
                None,
                "question.passage_moved",
                question,
                sitting,
                **{"from": list(before), "to": [version.pk, question.page]},
                anchor_state=question.anchor_state,
            )
            moved += 1
        common.questions_changed(sitting, None, "passages")
    return moved
