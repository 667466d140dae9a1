"""What an agency's officer does with a task: acknowledge, report progress, report."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import Member
from followup.lifecycle import Move, next_status
from followup.models import ReportAttachment, Task, TaskReport
from followup.services import attachments
from followup.services.common import locked_task, record
from sessions.errors import ActionRefused

MAX_NOTE = 5000
MAX_REPORT = 10000


def acknowledge(actor: Member, task_id: int, version: int | None) -> Task:
    with transaction.atomic():
        task, sittings = locked_task(actor, task_id, Move.ACKNOWLEDGE, version)
        task.status = next_status(Move.ACKNOWLEDGE, task.status)
        task.acknowledged_at = timezone.now()
        record(actor, task, "acknowledged", sittings, fields=("status", "acknowledged_at"))
    return task


def report_progress(
    actor: Member, task_id: int, version: int | None, progress: int | None, note: str
) -> Task:
    note = (note or "").strip()
    if progress is None or not 0 <= progress <= 100:
        raise ActionRefused(_("Progress is a percentage from 0 to 100."))
    if len(note) > MAX_NOTE:
        raise ActionRefused(_("A note is at most %(n)d characters.") % {"n": MAX_NOTE})
    with transaction.atomic():
        task, sittings = locked_task(actor, task_id, Move.PROGRESS, version)
        task.status = next_status(Move.PROGRESS, task.status)
        task.progress = progress
        record(
            actor,
            task,
            "progress",
            sittings,
            note=note,
            data={"progress": progress},
            fields=("status", "progress"),
        )
    return task


def submit_report(
    actor: Member, task_id: int, version: int | None, text: str, uploads: list[Any]
) -> TaskReport:
    """The agency's report, with PDFs checked in the sandbox before any lock is taken."""
    text = (text or "").strip()
    if not text:
        raise ActionRefused(_("A report needs its text."))
    if len(text) > MAX_REPORT:
        raise ActionRefused(_("A report is at most %(n)d characters.") % {"n": MAX_REPORT})
    if len(uploads) > attachments.MAX_FILES:
        raise ActionRefused(
            _("A report has at most %(n)d attachments.") % {"n": attachments.MAX_FILES}
        )
    checked = attachments.check_all(uploads)

    def work(placed: list) -> TaskReport:
        task, sittings = locked_task(actor, task_id, Move.REPORT, version)
        report = TaskReport.objects.create(task=task, text=text, created_by=actor)
        for item in checked:
            ReportAttachment.objects.create(report=report, **attachments.place(item, placed))
        task.status = next_status(Move.REPORT, task.status)
        record(
            actor,
            task,
            "reported",
            sittings,
            note=text,
            data={"report": report.pk, "attachments": len(checked)},
            fields=("status",),
        )
        return report

    return attachments.saving(work, checked)
