"""A delegate's own marks on a document version: ink, highlights and notes.

The tablet makes the id (a UUID) so that a stroke drawn offline and sent three times
is still one stroke. Coordinates are fractions (0..1) of the page *as displayed*, from
its top-left corner, the contract of documents.pdf.write_annotations_copy: zoom,
rotation and screen size never move a mark.

Privacy: an annotation is private unless its author shares it. Nothing in the code
reads another member's private annotation: every read goes through
``annotations.queries.visible_to`` (author, or shared with the viewer's group or sitting).
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from council.models import DelegateGroup, Member
from documents.models import DocumentVersion


class Kind(models.TextChoices):
    INK = "ink", _("Pen")
    HIGHLIGHT = "highlight", _("Highlighter")
    NOTE = "note", _("Note")


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Only me")
    GROUP = "group", _("My delegate group")
    SITTING = "sitting", _("The whole sitting")


class AnchorState(models.TextChoices):
    """Where a mark carried to a new version stands (annotations/reanchor.py)."""

    OK = "ok", _("In place")
    MOVED = "moved", _("Moved with its text")
    CHECK = "check", _("Changed — check")
    # Kept and listed for review, never drawn: drawn anywhere it would mark other words.
    LOST = "lost", _("Not found")


class Annotation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    version = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="annotations"
    )
    page = models.PositiveIntegerField(_("page"))
    author = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="annotations")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    data = models.JSONField(default=dict)
    colour = models.CharField(_("colour"), max_length=7)
    visibility = models.CharField(
        _("visible to"), max_length=8, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    # The group it was shared with, fixed when shared: moving the author to another group
    # later does not show old notes to the new group.
    shared_group = models.ForeignKey(
        DelegateGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Raised by the server on every accepted change; a tablet sends the revision its
    # change was based on, which is how a stale delete is recognised (services.py).
    revision = models.PositiveIntegerField(default=1)
    client_updated_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Soft delete: an erased stroke syncs to the author's other tablets like an edit, and
    # a retried create of an erased stroke does not bring it back.
    deleted_at = models.DateTimeField(null=True, blank=True)
    moved_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_to"
    )
    anchor_state = models.CharField(
        max_length=8, choices=AnchorState.choices, default=AnchorState.OK
    )
    # The W3C Web Annotation selectors of the words the mark is on, in this version's text
    # (annotations/textmap.py): a TextQuoteSelector (exact, prefix, suffix) and a
    # TextPositionSelector (start, end). A highlight's are the glyphs under its rectangles;
    # a free mark's, the lines it was drawn on; [] when there is no text under it.
    selectors = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("annotation")
        verbose_name_plural = _("annotations")
        ordering = ["version", "page", "created_at"]
        indexes = [
            models.Index(fields=["version", "author"]),
            models.Index(fields=["version", "visibility"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(page__gte=1), name="annotation_page_from_1"),
            # Carrying forward twice (two tablets opening the new version at once) must
            # not copy an annotation twice.
            models.UniqueConstraint(
                fields=["version", "moved_from"],
                condition=models.Q(moved_from__isnull=False),
                name="carried_once_per_version",
            ),
            models.CheckConstraint(
                condition=~models.Q(visibility="group") | models.Q(shared_group__isnull=False),
                name="group_share_names_a_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} p{self.page} ({self.pk})"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class PageGlyphs(models.Model):
    """One page's characters and their boxes (documents.pdf.extract_glyphs), read once per
    version and kept: what anchors annotations to words.

    ``boxes`` holds four little-endian uint16 per character of ``text`` (x0, y0, x1, y1 in
    1/65535 of the page as displayed): 8 bytes a character, about 20 kB for a dense page.
    """

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    boxes = models.BinaryField(blank=True, default=b"")

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="glyphs_page_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.version} p{self.number} glyphs"
