"""The questioning record's pages: read by the sitting's delegates, kept by the secretariat and
the chair (officials, answers, promises, "Giao việc"). Thin: the services do the work, every
refusal comes back as a translated message on the page (council.web.refusals_shown)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council.web import optional_int, refusals_shown
from followup.models import Agency, Priority
from followup.permissions import is_staff
from questioning import answering, exports, record
from questioning.answering import PromiseInput
from sessions.errors import ActionRefused
from sessions.models import Sitting


def _url(sitting: Sitting | int) -> str:
    pk = sitting if isinstance(sitting, int) else sitting.pk
    return reverse("questioning_record:record", args=[pk])


def _date(value: str | None) -> datetime.date | None:
    """A date field's value (yyyy-mm-dd from the date input, or dd/mm/yyyy typed)."""
    value = (value or "").strip()
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ActionRefused(_("Write the date as dd/mm/yyyy."))


def _context(sitting: Sitting) -> dict[str, object]:
    rows = record.record_rows(sitting)
    return {"sitting": sitting, "rows": rows, "totals": record.totals(rows)}


@login_required
def record_page(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = record.record_for(request.user, sitting_id)
    staff = is_staff(member)
    context = {
        **_context(sitting),
        "member": member,
        "staff": staff,
        "officials": record.officials(sitting) if staff else [],
        "agencies": Agency.objects.filter(council_id=sitting.council_id, active=True)
        if staff
        else [],
        "priorities": Priority.choices,
        "today": timezone.localdate(),
    }
    return render(request, "questioning/record/record.html", context)


@login_required
def print_page(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = record.record_for(request.user, sitting_id)
    context = {**_context(sitting), "member": member, "printed_at": timezone.localtime()}
    return render(request, "questioning/record/print.html", context)


@login_required
def export_csv(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, _member = record.record_for(request.user, sitting_id)
    return exports.csv_download(sitting, record.record_rows(sitting))


@login_required
def export_xlsx(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, _member = record.record_for(request.user, sitting_id)
    return exports.xlsx_download(sitting, record.record_rows(sitting))


# -- the secretariat's and the chair's writes ----------------------------------------------------


def _done(request: HttpRequest, sitting_id: int, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect(_url(sitting_id))


@login_required
@require_POST
@refusals_shown
def official_add(request: HttpRequest, sitting_id: int) -> HttpResponse:
    sitting, member = record.managed_sitting(request.user, sitting_id)
    official = answering.add_official(
        member,
        sitting,
        name=request.POST.get("name", ""),
        office=request.POST.get("office", ""),
        agency_id=optional_int(request.POST.get("agency_id")),
    )
    return _done(request, sitting.pk, _("%(name)s was added.") % {"name": official.name})


@login_required
@require_POST
@refusals_shown
def official_edit(request: HttpRequest, sitting_id: int, official_id: int) -> HttpResponse:
    sitting, member = record.managed_sitting(request.user, sitting_id)
    official = answering.edit_official(
        member,
        _official_of(sitting, official_id),
        name=request.POST.get("name", ""),
        office=request.POST.get("office", ""),
        agency_id=optional_int(request.POST.get("agency_id")),
    )
    return _done(request, sitting.pk, _("%(name)s was saved.") % {"name": official.name})


@login_required
@require_POST
@refusals_shown
def official_remove(request: HttpRequest, sitting_id: int, official_id: int) -> HttpResponse:
    sitting, member = record.managed_sitting(request.user, sitting_id)
    answering.remove_official(member, _official_of(sitting, official_id))
    return _done(request, sitting.pk, _("The official was removed from the list."))


def _official_of(sitting: Sitting, official_id: int) -> int:
    """An id from this sitting's URL only: another sitting's official is not found."""
    if not sitting.officials.filter(pk=official_id).exists():
        raise ActionRefused(_("This official is not on the list."))
    return official_id


def _question_of(sitting: Sitting, question_id: int) -> int:
    if not sitting.questions.filter(pk=question_id).exists():
        raise ActionRefused(_("This question does not exist."))
    return question_id


def _promise_of(sitting: Sitting, promise_id: int) -> int:
    if not sitting.promises.filter(pk=promise_id).exists():
        raise ActionRefused(_("This promise does not exist."))
    return promise_id


def _promise_input(request: HttpRequest) -> PromiseInput | None:
    text = request.POST.get("promise_text", "")
    due = request.POST.get("promise_due", "")
    if not text.strip() and not due.strip():
        return None
    return PromiseInput(text=text, due_date=_date(due))


@login_required
@require_POST
@refusals_shown
def answer(request: HttpRequest, sitting_id: int, question_id: int) -> HttpResponse:
    sitting, member = record.managed_sitting(request.user, sitting_id)
    answering.record_answer(
        member,
        _question_of(sitting, question_id),
        gist=request.POST.get("gist", ""),
        promise=_promise_input(request),
    )
    return _done(request, sitting.pk, _("The answer was recorded."))


@login_required
@require_POST
@refusals_shown
def promise_add(request: HttpRequest, sitting_id: int, question_id: int) -> HttpResponse:
    sitting, member = record.managed_sitting(request.user, sitting_id)
    promise = _promise_input(request) or PromiseInput(text="", due_date=None)
    answering.add_promise(member, _question_of(sitting, question_id), promise)
    return _done(request, sitting.pk, _("The promise was recorded."))


@login_required
@require_POST
@refusals_shown
def promise_remove(request: HttpRequest, sitting_id: int, promise_id: int) -> HttpResponse:
    sitting, member = record.managed_sitting(request.user, sitting_id)
    answering.remove_promise(member, _promise_of(sitting, promise_id))
    return _done(request, sitting.pk, _("The promise was removed."))


@login_required
@require_POST
@refusals_shown
def promise_task(request: HttpRequest, sitting_id: int, promise_id: int) -> HttpResponse:
    sitting, member = record.managed_sitting(request.user, sitting_id)
    priority = optional_int(request.POST.get("priority")) or Priority.NORMAL
    task = answering.promise_to_task(member, _promise_of(sitting, promise_id), priority=priority)
    return _done(
        request,
        sitting.pk,
        _("The promise is now a task of %(agency)s, due %(date)s.")
        % {"agency": task.agency.name, "date": task.deadline.strftime("%d/%m/%Y")},
    )
