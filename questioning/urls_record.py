"""The questioning record (hồ sơ chất vấn), under the sitting: council/urls.py includes it at
sittings/<sitting_id>/questioning/record/, beside the live flow's own urls."""

from django.urls import path

from questioning import views_record as views

app_name = "questioning_record"

urlpatterns = [
    path("", views.record_page, name="record"),
    path("in/", views.print_page, name="print"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("officials/add/", views.official_add, name="official_add"),
    path("officials/<int:official_id>/", views.official_edit, name="official_edit"),
    path("officials/<int:official_id>/remove/", views.official_remove, name="official_remove"),
    path("questions/<int:question_id>/answer/", views.answer, name="answer"),
    path("questions/<int:question_id>/promise/", views.promise_add, name="promise_add"),
    path("promises/<int:promise_id>/remove/", views.promise_remove, name="promise_remove"),
    path("promises/<int:promise_id>/task/", views.promise_task, name="promise_task"),
]
