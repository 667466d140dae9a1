from django.db import models
from django.utils.translation import gettext_lazy as _

from council.models import Council


class SittingState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


# The one transition table: every move not listed here is refused (sessions/services.py).
SITTING_TRANSITIONS: dict[str, frozenset[str]] = {
    SittingState.DRAFT: frozenset({SittingState.PUBLISHED}),
    SittingState.PUBLISHED: frozenset({SittingState.DRAFT, SittingState.IN_PROGRESS}),
    SittingState.IN_PROGRESS: frozenset({SittingState.CLOSED}),
    SittingState.CLOSED: frozenset(),
}


class Sitting(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="sittings")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    state = models.CharField(
        _("state"), max_length=20, choices=SittingState.choices, default=SittingState.DRAFT
    )
    current_item = models.ForeignKey(
        "AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current agenda item"),
    )
    # The number of the last live event sent to this sitting's tablets; a tablet that
    # sees a gap asks for a fresh snapshot (sessions/live.py).
    event_seq = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("sitting")
        verbose_name_plural = _("sittings")
        ordering = ["-starts_on", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "number"], name="sitting_number_per_council"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="sitting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_live(self) -> bool:
        return self.state == SittingState.IN_PROGRESS


class AgendaItem(models.Model):
    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title
