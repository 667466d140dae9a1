"""The chair's and the secretariat's dashboard and its exports."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from council.downloads import attachment
from followup import export
from followup.dashboard import Filters, dashboard, task_rows
from followup.lookup import staff_viewer
from followup.models import Task


@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    member = staff_viewer(request.user)
    context = {
        "member": member,
        **dashboard(member.council_id, Filters.from_query(request.GET), timezone.localdate()),
        "query": request.GET.urlencode(),
    }
    if getattr(request, "htmx", False):
        return render(request, "followup/_dashboard_body.html", context)
    return render(request, "followup/dashboard.html", context)


def _exported(request: HttpRequest):  # type: ignore[no-untyped-def]
    member = staff_viewer(request.user)
    today = timezone.localdate()
    tasks = Filters.from_query(request.GET).apply(
        Task.objects.filter(council_id=member.council_id), today
    )
    return task_rows(tasks, today).select_related("conclusion"), today


@login_required
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    tasks, today = _exported(request)
    response = StreamingHttpResponse(
        export.csv_lines(tasks, today), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = attachment(export.filename(today, "csv"))
    return response


@login_required
def export_xlsx(request: HttpRequest) -> HttpResponse:
    tasks, today = _exported(request)
    response = HttpResponse(
        export.xlsx_bytes(tasks, today),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = attachment(export.filename(today, "xlsx"))
    return response
