from django.urls import path

from followup.views import agencies, conclusions, dashboard, tasks

app_name = "followup"

urlpatterns = [
    path("", tasks.my_tasks, name="my_tasks"),
    path("tasks/<int:task_id>/", tasks.task_detail, name="task"),
    path("tasks/<int:task_id>/report/", tasks.report, name="report"),
    path("tasks/<int:task_id>/<slug:name>/", tasks.move, name="move"),
    path("attachments/<int:attachment_id>/", tasks.attachment, name="attachment"),
    path("conclusions/<int:conclusion_id>/", conclusions.conclusion, name="conclusion"),
    path("conclusions/<int:conclusion_id>/assign/", conclusions.assign_task, name="assign"),
    path("sittings/<int:sitting_id>/", conclusions.sitting_conclusions, name="sitting"),
    path("sittings/<int:sitting_id>/conclusions/", conclusions.record, name="record"),
    path("sittings/<int:sitting_id>/review-item/", conclusions.review_item, name="review_item"),
    path("agencies/", agencies.agency_list, name="agencies"),
    path("agencies/add/", agencies.agency_add, name="agency_add"),
    path("agencies/<int:agency_id>/active/", agencies.agency_active, name="agency_active"),
    path("dashboard/", dashboard.dashboard_view, name="dashboard"),
    path("dashboard/export.csv", dashboard.export_csv, name="export_csv"),
    path("dashboard/export.xlsx", dashboard.export_xlsx, name="export_xlsx"),
]
