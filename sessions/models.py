import datetime

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.models import Council, Member


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


AGENDA_DESCRIPTION_MAX_CHARS = 2000


class AgendaItem(models.Model):
    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=500)
    # Bounded: every delegate's snapshot carries the whole agenda (sessions/regions.py).
    description = models.TextField(
        _("description"), blank=True, max_length=AGENDA_DESCRIPTION_MAX_CHARS
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("description"), AGENDA_DESCRIPTION_MAX_CHARS),
                name="agenda_item_description_bounded",
            )
        ]

    def __str__(self) -> str:
        return self.title


# --- Speakers (đăng ký phát biểu) and the hall screens -------------------------------------


class SittingSettings(models.Model):
    """What the chair may tune per sitting without touching the sitting itself."""

    sitting = models.OneToOneField(
        Sitting, on_delete=models.CASCADE, primary_key=True, related_name="settings"
    )
    speech_seconds = models.PositiveIntegerField(_("speaking time (seconds)"), default=180)

    class Meta:
        verbose_name = _("sitting settings")
        verbose_name_plural = _("sitting settings")

    def __str__(self) -> str:
        return f"{self.sitting}: {self.speech_seconds}s"


class ScreenMode(models.TextChoices):
    AUTO = "auto", _("Automatic")
    ITEM = "item", _("Agenda item")
    SPEAKER = "speaker", _("Speaker")
    DOCUMENT = "document", _("Document")
    TALLY = "tally", _("Vote")
    MESSAGE = "message", _("Message")


class PresentedZoom(models.TextChoices):
    PAGE = "page", _("Whole page")
    WIDTH = "width", _("Page width")
    AREA = "area", _("A region of the page")


class HallDisplay(models.Model):
    """What the hall screens show besides the agenda: the chair's message and countdown,
    the presented document page, and the chair's choice of mode (automatic by default)."""

    sitting = models.OneToOneField(
        Sitting, on_delete=models.CASCADE, primary_key=True, related_name="hall_display"
    )
    mode = models.CharField(
        _("screen mode"), max_length=10, choices=ScreenMode.choices, default=ScreenMode.AUTO
    )
    message = models.CharField(_("message"), max_length=200, blank=True)
    countdown_ends_at = models.DateTimeField(_("countdown ends at"), null=True, blank=True)
    # When the chair last showed the message: a vote opened or decided after it outranks it
    # on the screens, and it comes back only when the chair shows it again.
    message_shown_at = models.DateTimeField(_("message shown at"), null=True, blank=True)
    # Ids, not foreign keys: sessions does not depend on the documents app. The services
    # check the version belongs to this sitting's published documents.
    presenting_version_id = models.PositiveIntegerField(null=True, blank=True)
    presenting_page = models.PositiveIntegerField(null=True, blank=True)
    presenting_title = models.CharField(max_length=300, blank=True)
    # "width": the hall screens fill their width with the page (a table read from the
    # back of the hall); "page": the whole page fits the screen.
    presenting_zoom = models.CharField(
        _("presented page zoom"), max_length=5, choices=PresentedZoom.choices, default="page"
    )
    # "area": the region the chair dragged over the page's thumbnail, relative to the page
    # as displayed (0..1 from its top-left corner), so any screen size scales it to fit.
    zoom_left = models.FloatField(_("zoomed region: left"), null=True, blank=True)
    zoom_top = models.FloatField(_("zoomed region: top"), null=True, blank=True)
    zoom_width = models.FloatField(_("zoomed region: width"), null=True, blank=True)
    zoom_height = models.FloatField(_("zoomed region: height"), null=True, blank=True)

    class Meta:
        verbose_name = _("hall display")
        verbose_name_plural = _("hall displays")

    def __str__(self) -> str:
        return f"{self.sitting}: {self.mode}"

    @property
    def zoom_region(self) -> str:
        """The region as "left top width height" for the screens' data attribute."""
        if self.presenting_zoom != PresentedZoom.AREA or self.zoom_width is None:
            return ""
        parts = (self.zoom_left, self.zoom_top, self.zoom_width, self.zoom_height)
        return " ".join(f"{part:.4f}" for part in parts)


class SpeakerKind(models.TextChoices):
    SPEECH = "speech", _("Speech")
    QUESTION = "question", _("Question to an official")
    REPLY = "reply", _("Reply")


class SpeakerState(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    SPEAKING = "speaking", _("Speaking")
    DONE = "done", _("Done")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_SPEAKER_STATES = (SpeakerState.WAITING, SpeakerState.SPEAKING)

# The one transition table for a request to speak (sessions/speakers.py).
SPEAKER_TRANSITIONS: dict[str, frozenset[str]] = {
    SpeakerState.WAITING: frozenset({SpeakerState.SPEAKING, SpeakerState.WITHDRAWN}),
    SpeakerState.SPEAKING: frozenset({SpeakerState.DONE}),
    SpeakerState.DONE: frozenset(),
    SpeakerState.WITHDRAWN: frozenset(),
}


class SpeakerRequest(models.Model):
    """A delegate's request to speak on one agenda item, and then the record of the speech.

    The speaking timer is server time: `timer_started_at` is when the current run began
    (null while paused or stopped) and `timer_elapsed_ms` what ran before it, so a tablet
    that reconnects computes the same end from the same row.
    """

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="speakers")
    # Removing an agenda item keeps who spoke, for the record.
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speakers",
        verbose_name=_("agenda item"),
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="speaker_requests", verbose_name=_("member")
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=SpeakerKind.choices, default=SpeakerKind.SPEECH
    )
    # Chất vấn: the official (name or office) the question is put to.
    addressee = models.CharField(_("question to"), max_length=200, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=SpeakerState.choices, default=SpeakerState.WAITING
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    spoken_seconds = models.PositiveIntegerField(_("spoken seconds"), null=True, blank=True)
    allotted_seconds = models.PositiveIntegerField(_("allotted seconds"), default=0)
    timer_started_at = models.DateTimeField(null=True, blank=True)
    timer_elapsed_ms = models.PositiveBigIntegerField(default=0)
    timer_stopped = models.BooleanField(default=False)
    # Runs before the chair restarted the timer: the record counts every run.
    earlier_runs_ms = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("request to speak")
        verbose_name_plural = _("requests to speak")
        ordering = ["position", "requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "member"],
                condition=models.Q(state__in=["waiting", "speaking"]),
                name="one_open_speaker_request_per_item",
            ),
            models.UniqueConstraint(
                fields=["sitting"],
                condition=models.Q(state="speaking"),
                name="one_speaker_at_a_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} on {self.item}: {self.state}"

    def elapsed_ms(self, now: "datetime.datetime") -> int:
        running = 0
        if self.timer_started_at is not None:
            running = max(0, int((now - self.timer_started_at).total_seconds() * 1000))
        return self.timer_elapsed_ms + running

    @property
    def timer_running(self) -> bool:
        return self.timer_started_at is not None

    @property
    def ends_at_ms(self) -> int | None:
        """Epoch milliseconds at which a running timer reaches zero; None unless running."""
        if self.timer_started_at is None:
            return None
        started = int(self.timer_started_at.timestamp() * 1000)
        return started + self.allotted_seconds * 1000 - self.timer_elapsed_ms

    @property
    def remaining_ms_at_pause(self) -> int:
        """What a paused timer shows: the time left when it was paused (may be negative)."""
        return self.allotted_seconds * 1000 - self.timer_elapsed_ms


class ScreenLink(models.Model):
    """A revocable link that lets a hall PC show the screen without anyone's login.

    Only a SHA-256 of the secret is stored: the full URL is shown once, at creation.
    """

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="screen_links")
    # Null: follow whatever sitting the council is holding.
    sitting = models.ForeignKey(
        Sitting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="screen_links",
        verbose_name=_("sitting"),
    )
    label = models.CharField(_("label"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("screen link")
        verbose_name_plural = _("screen links")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.label

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
