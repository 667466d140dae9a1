import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from council.logo import validate_logo

# Pure rules, no Django: the law's numbers have one home.
from voting.rules import QUORUM_THRESHOLD


class Council(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    # The law counts majorities and quorum on the statutory number of delegates,
    # not on how many user accounts happen to exist.
    total_delegates = models.PositiveIntegerField(_("statutory total of delegates"))
    # "At least" this fraction of total_delegates; the statutory default is voting/rules.py's.
    quorum_numerator = models.PositiveSmallIntegerField(
        _("quorum numerator"), default=QUORUM_THRESHOLD.numerator
    )
    quorum_denominator = models.PositiveSmallIntegerField(
        _("quorum denominator"), default=QUORUM_THRESHOLD.denominator
    )
    # Optional; shown beside the name on the login page, the top bar and the idle hall
    # screen. council/logo.py says what is accepted and why.
    logo = models.FileField(
        _("logo"),
        upload_to="council/logo/",
        max_length=200,
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG or JPEG, at most 512 KB and 2000 pixels a side."),
    )

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quorum_numerator__lte=models.F("quorum_denominator"))
                & models.Q(quorum_numerator__gt=0),
                name="council_quorum_is_a_fraction",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def logo_url(self) -> str:
        """Our own view's address, changed with every new file so caches never show the old."""
        if not self.logo:
            return ""
        version = hashlib.sha256((self.logo.name or "").encode()).hexdigest()[:12]
        return reverse("council_logo", args=[self.pk]) + f"?v={version}"


class DelegateGroup(models.Model):
    """A tổ đại biểu: the delegates elected in one constituency."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("delegate group")
        verbose_name_plural = _("delegate groups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="group_name_per_council")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    DELEGATE = "delegate", _("Delegate")
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    SECRETARIAT = "secretariat", _("Secretariat")
    SCREEN = "screen", _("Hall screen")
    # An officer of an agency the council assigns tasks to (followup/): sees only the
    # agency's tasks, never a sitting's room, documents or ballots.
    AGENCY = "agency", _("Agency officer")


# The chair and vice-chairs are delegates too: they are counted, check in and vote.
DELEGATE_ROLES = frozenset({Role.DELEGATE, Role.CHAIR, Role.VICE_CHAIR})
CHAIR_ROLES = frozenset({Role.CHAIR, Role.VICE_CHAIR})


class MemberQuerySet(models.QuerySet["Member"]):
    def delegates(self) -> "MemberQuerySet":
        return self.filter(role__in=DELEGATE_ROLES)


class Member(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.DELEGATE)
    full_name = models.CharField(_("full name"), max_length=200)
    group = models.ForeignKey(
        DelegateGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("delegate group"),
    )
    seat = models.CharField(_("seat"), max_length=20, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "council"], name="one_membership_per_council")
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"

    @property
    def is_delegate(self) -> bool:
        return self.role in DELEGATE_ROLES

    @property
    def is_chair(self) -> bool:
        return self.role in CHAIR_ROLES

    @property
    def is_secretariat(self) -> bool:
        return self.role == Role.SECRETARIAT

    @property
    def is_screen(self) -> bool:
        return self.role == Role.SCREEN

    @property
    def is_agency(self) -> bool:
        return self.role == Role.AGENCY


from council.audit import AuditEntry  # noqa: E402,F401  (model registration lives with its helper)
