"""A sitting's documents: each one a list of immutable versions, the latest one current.

Files are content-addressed (MEDIA_ROOT/documents/ab/<sha256>.pdf): the bytes behind a URL
never change, so tablets may cache a version forever and the ETag is the SHA-256.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from council.models import Member
from sessions.models import AgendaItem, Sitting


class Document(models.Model):
    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="documents")
    # A removed agenda item leaves its documents in "other documents", not deleted:
    # they may already be on every tablet and in the record.
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=300)
    confidential = models.BooleanField(_("confidential"), default=False)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # The first publication: a version newer than this is shown as "updated".
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A withdrawn document is off every tablet but kept, with its versions, for the record.
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["sitting", "published"])]

    def __str__(self) -> str:
        return self.title

    @property
    def council_id(self) -> int:
        return self.sitting.council_id


class DocumentVersionQuerySet(models.QuerySet):
    def published_in(self, sitting_id: int) -> "DocumentVersionQuerySet":
        """Versions of the sitting's documents that every member may read (not withdrawn)."""
        return self.filter(
            document__sitting_id=sitting_id, document__published=True, document__withdrawn=False
        )


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    # Relative to MEDIA_ROOT; several versions (of several documents) may share one file.
    file = models.FileField(_("file"), max_length=200)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size"))
    page_count = models.PositiveIntegerField(_("pages"))
    # What tablets read: the same pages written again with the page tree first and the
    # images after (documents.pdf.make_reading_copy), so that pdf.js shows page 1 after a
    # few Range requests at the file's head. `file` stays the legal record, served for
    # download. Empty when the original must be served as it is (signed, encrypted,
    # linearized, or not re-layable).
    reading_file = models.FileField(_("reading copy"), max_length=200, blank=True)
    reading_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DocumentVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="version_number_per_document"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    @property
    def reading_name(self) -> str:
        """The file tablets read and its ETag's SHA-256."""
        return self.reading_file.name or self.file.name or ""

    @property
    def reading_etag(self) -> str:
        return self.reading_sha256 or self.sha256


class DocumentPage(models.Model):
    """One page's text, for search across the sitting's documents.

    A row per page rather than a JSON list: a `contains` on the folded text works the same
    on SQLite and PostgreSQL and answers with the page number directly.
    """

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)  # NFC (documents/folding.py)
    # `text` without case or diacritics, offset for offset (documents/folding.py).
    folded = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="page_number_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.version} p{self.number}"


class WatermarkedCopy(models.Model):
    """A confidential version stamped for one member: made once, then served from disk."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(max_length=200)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "member"], name="one_copy_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.version} for {self.member}"
