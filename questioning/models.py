"""Questioning (chất vấn): questions put to the city's officials, their answers and promises.

Its own app rather than a part of sessions/ (the house plan's first idea): a promise becomes a
follow-up task, and followup/ already depends on sessions/, so questioning sits above both.
It reaches the hall through the speakers' machinery: a question given the floor points at the
SpeakerRequest that carries its timer (`Question.floor`), so sessions/ never imports this app.

Privacy follows annotations: a DRAFT question is its author's alone; once REGISTERED it is
public to the sitting's delegates and to the official it is addressed to. Every read goes
through questioning.queries (visible_to), never a bare queryset in a view.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from annotations.models import AnchorState
from council.models import Member
from documents.models import DocumentVersion
from followup.models import Agency, Task
from sessions.models import AgendaItem, Sitting, SpeakerRequest


class Official(models.Model):
    """Người bị chất vấn: an official who answers questions at one sitting (managed list)."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="officials")
    name = models.CharField(_("name"), max_length=200)
    # "Giám đốc Sở Tài chính", "Chủ tịch UBND Thành phố" …
    office = models.CharField(_("office"), max_length=200)
    # The agency that receives the promises as tasks; its officers see the questions.
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officials",
        verbose_name=_("agency"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("official questioned")
        verbose_name_plural = _("officials questioned")
        ordering = ["sitting", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "name", "office"], name="one_official_per_name_and_office"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.office}"


class GroupState(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    OPEN = "open", _("Questioning in progress")
    DONE = "done", _("Finished")


class QuestionGroup(models.Model):
    """One addressee and one topic: the unit the chair orders and opens (phiên chất vấn)."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="question_groups")
    official = models.ForeignKey(
        Official, on_delete=models.PROTECT, related_name="groups", verbose_name=_("official")
    )
    topic = models.CharField(_("topic"), max_length=200)
    # The agenda item the questioning runs under (speakers hang from items).
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="question_groups",
        verbose_name=_("agenda item"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    state = models.CharField(
        _("state"), max_length=8, choices=GroupState.choices, default=GroupState.WAITING
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("questioning group")
        verbose_name_plural = _("questioning groups")
        ordering = ["sitting", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sitting"],
                condition=models.Q(state="open"),
                name="one_open_questioning_per_sitting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.official}: {self.topic}"


class QuestionState(models.TextChoices):
    DRAFT = "draft", _("Draft (only me)")
    REGISTERED = "registered", _("Registered")
    MERGED = "merged", _("Merged into another question")
    ON_FLOOR = "on_floor", _("On the floor")
    ASKED = "asked", _("Asked")
    ANSWERED = "answered", _("Answered")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Who can see a question besides its authors: everything past a draft, but a withdrawn one.
PUBLIC_QUESTION_STATES = (
    QuestionState.REGISTERED,
    QuestionState.MERGED,
    QuestionState.ON_FLOOR,
    QuestionState.ASKED,
    QuestionState.ANSWERED,
)


class Question(models.Model):
    """A delegate's question to an official, optionally quoting a passage of a document.

    The quoted passage is anchored like an annotation (annotations/anchoring.py): the version,
    the page, the rectangles as fractions of the page, the W3C selectors of its words; a new
    version of the document moves it with its words and sets `anchor_state`.
    """

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="questions")
    official = models.ForeignKey(
        Official, on_delete=models.PROTECT, related_name="questions", verbose_name=_("to")
    )
    author = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="questions", verbose_name=_("author")
    )
    # Merging a duplicate keeps its authors here: the record names every delegate who asked.
    co_authors = models.ManyToManyField(
        Member, blank=True, related_name="co_authored_questions", verbose_name=_("co-authors")
    )
    text = models.TextField(_("question"), max_length=2000)
    state = models.CharField(
        _("state"), max_length=10, choices=QuestionState.choices, default=QuestionState.DRAFT
    )
    group = models.ForeignKey(
        QuestionGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("group"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged"
    )
    # When it was registered: before the sitting opened = câu hỏi gửi trước.
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The floor given for it (timer, record of time used); sessions/ never imports this app.
    floor = models.OneToOneField(
        SpeakerRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="question",
    )

    # The quoted passage (all empty for a question written without one).
    version = models.ForeignKey(
        DocumentVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("document version"),
    )
    page = models.PositiveIntegerField(_("page"), null=True, blank=True)
    quote = models.TextField(_("quoted passage"), max_length=2000, blank=True)
    # [{"x":…, "y":…, "w":…, "h":…}] as fractions of the displayed page (annotations' contract).
    rects = models.JSONField(default=list, blank=True)
    selectors = models.JSONField(default=list, blank=True)
    anchor_state = models.CharField(
        max_length=8, choices=AnchorState.choices, default=AnchorState.OK
    )
    # Made by the tablet, so that a question sent again over the hall's Wi-Fi (a retry after
    # a lost answer) is still one question: unique per author.
    client_id = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["sitting", "position", "created_at", "id"]
        indexes = [models.Index(fields=["sitting", "state"])]
        constraints = [
            models.UniqueConstraint(
                fields=["sitting"],
                condition=models.Q(state="on_floor"),
                name="one_question_on_the_floor",
            ),
            models.CheckConstraint(
                condition=models.Q(version__isnull=True) | models.Q(page__gte=1),
                name="quoted_passage_has_a_page",
            ),
            models.UniqueConstraint(
                fields=["author", "client_id"],
                condition=models.Q(client_id__isnull=False),
                name="one_question_per_client_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author} → {self.official}: {self.text[:40]}"


class Answer(models.Model):
    """The gist of an official's answer, recorded by the secretariat during or after."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="answer")
    gist = models.TextField(_("gist of the answer"), max_length=5000)
    recorded_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return self.gist[:60]


class Promise(models.Model):
    """Lời hứa: what an official promised in answering, by when; becomes a follow-up task."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="promises")
    official = models.ForeignKey(
        Official, on_delete=models.PROTECT, related_name="promises", verbose_name=_("official")
    )
    question = models.ForeignKey(
        Question,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="promises",
        verbose_name=_("question"),
    )
    text = models.TextField(_("promise"), max_length=2000)
    due_date = models.DateField(_("promised for"))
    recorded_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    # The follow-up task it became (one step, questioning.services.promise_to_task).
    task = models.OneToOneField(
        Task, on_delete=models.PROTECT, null=True, blank=True, related_name="promise"
    )

    class Meta:
        verbose_name = _("promise")
        verbose_name_plural = _("promises")
        ordering = ["sitting", "due_date", "id"]

    def __str__(self) -> str:
        return f"{self.official}: {self.text[:40]}"
