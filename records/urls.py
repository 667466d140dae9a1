from django.urls import path

from records import public, views

app_name = "records"

urlpatterns = [
    path("sittings/<int:sitting_id>/records/", views.sitting_records, name="sitting"),
    path("sittings/<int:sitting_id>/records/minutes/", views.minutes_editor, name="minutes"),
    path(
        "sittings/<int:sitting_id>/records/minutes/<int:minutes_id>/save/",
        views.save_minutes,
        name="save_minutes",
    ),
    path(
        "sittings/<int:sitting_id>/records/minutes/<int:minutes_id>/finalise/",
        views.finalise_minutes,
        name="finalise_minutes",
    ),
    path(
        "sittings/<int:sitting_id>/records/minutes/new-version/",
        views.new_minutes_version,
        name="new_minutes_version",
    ),
    path(
        "sittings/<int:sitting_id>/records/resolutions/issue/",
        views.issue_resolution,
        name="issue_resolution",
    ),
    path("sittings/<int:sitting_id>/records/<int:record_id>/sign/", views.sign, name="sign"),
    path(
        "sittings/<int:sitting_id>/records/<int:record_id>/download/",
        views.download,
        name="download",
    ),
    # Public: no login.
    path("xac-thuc/", public.lookup, name="lookup"),
    path("xac-thuc/<str:code>/", public.verify, name="verify"),
    path("xac-thuc/<str:code>/tai-ve/", public.public_download, name="public_download"),
]
