"""Who is told of a task's change (notifications/: in the app at once, e-mail and Web Push by
the worker), each in their own language. Called inside the service's transaction."""

from collections.abc import Callable

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from council.models import Member
from followup.models import Task
from notifications.services import notify

# The agency's side is told what the assigner did, the assigner what the agency did.
TO_AGENCY = {"assigned", "accepted", "returned", "extension_granted", "extension_refused"}
TO_ASSIGNER = {"reported", "extension_requested"}


def _text(kind: str, task: Task, note: str) -> str:
    values = {"title": task.title, "agency": task.agency.short_name, "note": note[:300]}
    words: dict[str, Callable[[], str]] = {
        "assigned": lambda: (
            _("New task: %(title)s (deadline %(deadline)s)")
            % {**values, "deadline": task.deadline.strftime("%d/%m/%Y")}
        ),
        "accepted": lambda: _("Task accepted as done: %(title)s") % values,
        "returned": lambda: _("Task sent back: %(title)s. %(note)s") % values,
        "extension_granted": lambda: (
            _("More time granted: %(title)s, new deadline %(deadline)s")
            % {**values, "deadline": task.deadline.strftime("%d/%m/%Y")}
        ),
        "extension_refused": lambda: _("More time refused: %(title)s") % values,
        "reported": lambda: _("%(agency)s reported on: %(title)s") % values,
        "extension_requested": lambda: _("%(agency)s asks for more time: %(title)s") % values,
    }
    return words[kind]()


def recipients(task: Task, kind: str) -> list[Member]:
    if kind in TO_ASSIGNER:
        return [Member.objects.select_related("user").get(pk=task.assigned_by_id)]
    if kind not in TO_AGENCY:
        return []
    if task.assignee_id is not None:
        return [Member.objects.select_related("user").get(pk=task.assignee_id)]
    return list(Member.objects.filter(agency_link__agency_id=task.agency_id).select_related("user"))


def task_changed(task: Task, kind: str, note: str = "") -> None:
    url = reverse("followup:task", args=[task.pk])
    for member in recipients(task, kind):
        with translation.override(member.language):
            text = _text(kind, task, note)
        notify(
            member.user,
            f"task_{kind}",
            text,
            url,
            dedupe_key=f"task:{task.pk}:{kind}:{task.version}:{member.pk}",
        )
