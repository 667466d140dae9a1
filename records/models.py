"""The sitting's record: minutes (biên bản) and resolutions (nghị quyết), their signed PDFs.

- ``Minutes``: one row per version of a sitting's minutes. The secretariat edits a draft
  (notes per agenda item, reasons for absence); finalising renders the PDF once, and from
  then on the version is frozen. A correction is a new version that supersedes the old one,
  which stays downloadable and verifiable.
- ``Resolution``: a motion that passed, issued with its number in the council's yearly series
  (``ResolutionSeries``: one locked counter row per council and year, so a number is never
  reused or skipped, even when two secretaries issue at once).
- ``RecordFile``: the rendered PDF of either, with its public short code and the SHA-256 of
  its current bytes. Each signature is an incremental update, so the file grows once per
  signer; ``Signature`` says who signed which revision with which certificate.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from council.models import Council, Member
from sessions.models import Sitting


class RecordKind(models.TextChoices):
    MINUTES = "minutes", _("Minutes")
    RESOLUTION = "resolution", _("Resolution")


class RecordState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNING = "signing", _("Awaiting signatures")
    ISSUED = "issued", _("Issued")
    SUPERSEDED = "superseded", _("Superseded")


# The one transition table for minutes and their files (records/services.py).
RECORD_TRANSITIONS: dict[str, frozenset[str]] = {
    RecordState.DRAFT: frozenset({RecordState.SIGNING, RecordState.SUPERSEDED}),
    RecordState.SIGNING: frozenset({RecordState.ISSUED, RecordState.SUPERSEDED}),
    RecordState.ISSUED: frozenset({RecordState.SUPERSEDED}),
    RecordState.SUPERSEDED: frozenset(),
}


class SignerRole(models.TextChoices):
    CHAIR = "chair", _("Chair of the sitting")
    SECRETARY = "secretary", _("Secretary of the sitting")


# Who signs what: the chair (chủ tọa) and the secretary sign the minutes; the chair signs a
# resolution. The order is the order of the signature boxes, left to right.
REQUIRED_SIGNERS: dict[str, tuple[str, ...]] = {
    RecordKind.MINUTES: (SignerRole.SECRETARY, SignerRole.CHAIR),
    RecordKind.RESOLUTION: (SignerRole.CHAIR,),
}


class RecordFile(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="record_files")
    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="record_files")
    kind = models.CharField(_("kind"), max_length=12, choices=RecordKind.choices)
    state = models.CharField(
        _("state"), max_length=12, choices=RecordState.choices, default=RecordState.SIGNING
    )
    title = models.CharField(_("title"), max_length=500)
    # "15/NQ-HĐND" for a resolution; empty for minutes (they carry no number).
    number_label = models.CharField(_("number and symbol"), max_length=40, blank=True)
    issued_on = models.DateField(_("date"))
    code = models.CharField(_("verification code"), max_length=9, unique=True)
    pdf = models.FileField(_("PDF"), upload_to="records/", max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    superseded_by = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )

    class Meta:
        verbose_name = _("record file")
        verbose_name_plural = _("record files")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"

    @property
    def required_roles(self) -> tuple[str, ...]:
        return REQUIRED_SIGNERS[self.kind]

    @property
    def is_public(self) -> bool:
        return self.state in (RecordState.ISSUED, RecordState.SUPERSEDED)


class Signature(models.Model):
    record = models.ForeignKey(RecordFile, on_delete=models.PROTECT, related_name="signatures")
    role = models.CharField(_("role"), max_length=12, choices=SignerRole.choices)
    signer = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("signed at"))
    certificate_subject = models.CharField(_("certificate subject"), max_length=500)
    certificate_sha256 = models.CharField(max_length=64)
    # The SHA-256 of the file as this signature left it.
    sha256_after = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["record", "role"], name="one_signature_per_role"),
            models.UniqueConstraint(fields=["record", "signer"], name="one_signature_per_signer"),
        ]

    def __str__(self) -> str:
        return f"{self.record} signed by {self.signer} as {self.role}"


class Minutes(models.Model):
    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="minutes")
    version = models.PositiveIntegerField(_("version"))
    state = models.CharField(
        _("state"), max_length=12, choices=RecordState.choices, default=RecordState.DRAFT
    )
    # {agenda item id: the secretariat's summary of the discussion}
    notes = models.JSONField(default=dict, blank=True)
    # {member id: reason for absence, e.g. "công tác"}
    absence_reasons = models.JSONField(default=dict, blank=True)
    # Grows with every saved change of the draft (the editor saves as the secretariat types).
    revision = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    file = models.OneToOneField(
        RecordFile, on_delete=models.PROTECT, null=True, blank=True, related_name="minutes"
    )

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "version"], name="minutes_version_unique"),
            models.UniqueConstraint(
                fields=["sitting"],
                condition=models.Q(state__in=["draft", "signing"]),
                name="one_open_minutes_per_sitting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sitting}: minutes v{self.version}"


class ResolutionSeries(models.Model):
    """The council's yearly resolution counter: the row every issue locks."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council", "year"], name="one_series_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.council_id}/{self.year}: {self.last_number}"


class Resolution(models.Model):
    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="resolutions")
    # The motion that adopted it; a poll adopts at most one resolution.
    poll = models.OneToOneField(
        "voting.Poll", on_delete=models.PROTECT, related_name="resolution", verbose_name=_("poll")
    )
    # The draft resolution the motion voted on (a document of the item), if one was linked.
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("draft resolution"),
    )
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="resolutions")
    year = models.PositiveIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=500)
    issued_on = models.DateField(_("date"))
    issued_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    file = models.OneToOneField(RecordFile, on_delete=models.PROTECT, related_name="resolution")

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "year", "number"], name="resolution_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.year}: {self.title}"


class VerificationBucket(models.Model):
    """How many files one client had checked on the public page in one time window.

    In the database, not in a process's memory: the limit holds across Daphne processes.
    """

    client = models.CharField(max_length=64)
    window = models.PositiveBigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "window"], name="one_bucket_per_window")
        ]

    def __str__(self) -> str:
        return f"{self.client}@{self.window}: {self.count}"
