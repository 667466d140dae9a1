"""Agencies, conclusions of a sitting, and the tasks that carry them out.

A task's status moves only through followup/lifecycle.py (one transition table); whether a task
is overdue is derived from its deadline (`lateness()`, `Task.days_late`), never
stored.
"""

import datetime

from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from council.models import Council, Member
from sessions.models import AgendaItem, Sitting


class AgencyKind(models.TextChoices):
    CITY = "city", _("City People's Committee")
    DEPARTMENT = "department", _("Department")
    DISTRICT = "district", _("District People's Committee")
    OTHER = "other", _("Other agency")


class Agency(models.Model):
    """An agency the council assigns tasks to (UBND thành phố, a Sở, a district's UBND)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="agencies")
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50)
    kind = models.CharField(
        _("kind"), max_length=20, choices=AgencyKind.choices, default=AgencyKind.DEPARTMENT
    )
    # Escalations of overdue tasks reach the agency's head (an agency user of this agency).
    head = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("head"),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="agency_name_per_council"),
            models.UniqueConstraint(
                fields=["council", "short_name"], name="agency_short_name_per_council"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AgencyMembership(models.Model):
    """Ties an agency user (a Member with role AGENCY) to their agency."""

    member = models.OneToOneField(
        Member, on_delete=models.CASCADE, related_name="agency_link", primary_key=True
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        verbose_name = _("agency user")
        verbose_name_plural = _("agency users")

    def __str__(self) -> str:
        return f"{self.member.full_name} - {self.agency.short_name}"


class Conclusion(models.Model):
    """A conclusion (kết luận) of a sitting, numbered within it."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="conclusions")
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conclusions",
        verbose_name=_("agenda item"),
    )
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("text"), max_length=5000)
    created_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")
        ordering = ["sitting_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "number"], name="conclusion_number_per_sitting"
            )
        ]

    def __str__(self) -> str:
        return f"KL {self.number}: {self.text[:60]}"


class TaskStatus(models.TextChoices):
    # A context of their own: a sitting is "in progress" (đang diễn ra) in other words.
    ASSIGNED = "assigned", pgettext_lazy("task status", "Assigned")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("task status", "Acknowledged")
    IN_PROGRESS = "in_progress", pgettext_lazy("task status", "In progress")
    REPORTED = "reported", pgettext_lazy("task status", "Reported")
    DONE = "done", pgettext_lazy("task status", "Done")
    RETURNED = "returned", pgettext_lazy("task status", "Returned")


# The agency still owes work on these: a deadline passed in one of them makes the task overdue.
# A reported task waits for the assigner, so it is no longer the agency's delay.
OPEN_STATUSES = frozenset(
    {TaskStatus.ASSIGNED, TaskStatus.ACKNOWLEDGED, TaskStatus.IN_PROGRESS, TaskStatus.RETURNED}
)


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    URGENT = 4, _("Urgent")


class TaskQuerySet(models.QuerySet["Task"]):
    def open(self) -> "TaskQuerySet":
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date | None = None) -> "TaskQuerySet":
        return self.open().filter(deadline__lt=today or timezone.localdate())


def lateness(today: datetime.date) -> Case:
    """1 for a task the agency still owes past its deadline, else 0: `.annotate(is_late=...)`
    puts overdue tasks first."""
    return Case(
        When(Q(status__in=OPEN_STATUSES, deadline__lt=today), then=Value(1)),
        default=Value(0),
        output_field=models.IntegerField(),
    )


class Task(models.Model):
    """A task (nhiệm vụ) given to an agency, usually from a conclusion."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="tasks")
    # Null for tasks that do not come from a conclusion (later: promises from questioning).
    conclusion = models.ForeignKey(
        Conclusion, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("agency")
    )
    assignee = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tasks",
        verbose_name=_("person responsible"),
    )
    assigned_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("assigned by")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.ASSIGNED
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # Raised by every change: a form carries the version it was drawn from, and a tablet that
    # acts on an older one is refused (another device moved the task meanwhile).
    version = models.PositiveIntegerField(default=1)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["council", "status", "deadline"]),
            models.Index(fields=["agency", "status", "deadline"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="task_progress_percent"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def days_late(self, today: datetime.date | None = None) -> int:
        """Calendar days past the deadline for a task the agency still owes; 0 otherwise."""
        if not self.is_open:
            return 0
        return max(0, ((today or timezone.localdate()) - self.deadline).days)

    @property
    def is_overdue(self) -> bool:
        return self.days_late() > 0


class TaskReport(models.Model):
    """What an agency reports back (đã báo cáo), with PDF attachments."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    text = models.TextField(_("report"), max_length=10000)
    created_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("task report")
        verbose_name_plural = _("task reports")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.text[:60]}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(TaskReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("Pending")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class ExtensionRequest(models.Model):
    """An agency asks for a later deadline (xin gia hạn); the assigner grants or refuses."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extensions")
    requested_deadline = models.DateField(_("requested deadline"))
    previous_deadline = models.DateField(_("previous deadline"))
    reason = models.TextField(_("reason"), max_length=2000)
    state = models.CharField(
        _("state"), max_length=10, choices=ExtensionState.choices, default=ExtensionState.PENDING
    )
    requested_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(state="pending"),
                name="one_pending_extension_per_task",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_id} -> {self.requested_deadline}"


EVENT_LABELS = {
    "assigned": _("assigned"),
    "acknowledged": _("acknowledged"),
    "progress": _("reported progress"),
    "reported": _("reported"),
    "accepted": _("accepted as done"),
    "returned": _("sent back"),
    "extension_requested": _("asked for more time"),
    "extension_granted": _("granted more time"),
    "extension_refused": _("refused more time"),
}


class TaskEvent(models.Model):
    """The task's history as its agency and the council see it (the audit log is the
    council's legal record; this is the readable story on the task's page)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=40)
    actor = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True, max_length=5000)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind}"

    @property
    def label(self) -> str:
        return str(EVENT_LABELS.get(self.kind, self.kind))


class ReviewItem(models.Model):
    """Marks an agenda item as a follow-up review (giám sát việc thực hiện kết luận): tablets
    and the hall screen show earlier sittings' conclusions and their tasks' status there."""

    item = models.OneToOneField(
        AgendaItem, on_delete=models.CASCADE, primary_key=True, related_name="followup_review"
    )

    class Meta:
        verbose_name = _("follow-up review item")
        verbose_name_plural = _("follow-up review items")

    def __str__(self) -> str:
        return str(self.item_id)
