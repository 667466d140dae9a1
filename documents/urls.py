from django.urls import path

from documents import views

app_name = "documents"

# The service worker caches URLs matching /documents/.+/file (scripts/build_sw.mjs).
urlpatterns = [
    path("v/<int:version_id>/file", views.version_file, name="file"),
    path("v/<int:version_id>/", views.version_reader, name="version"),
    path("sittings/<int:sitting_id>/reader/", views.reader, name="reader"),
    # Not ".../file": what a screen was shown is not for the service worker to keep.
    path(
        "sittings/<int:sitting_id>/presented/<int:version_id>.pdf",
        views.presented_file,
        name="presented",
    ),
    path("sittings/<int:sitting_id>/search/", views.search, name="search"),
    path("sittings/<int:sitting_id>/upload/", views.upload, name="upload"),
    path("sittings/<int:sitting_id>/publish/", views.publish_all, name="publish_all"),
    path("sittings/<int:sitting_id>/unpublish/", views.unpublish_all, name="unpublish_all"),
    path("d/<int:document_id>/version/", views.add_version, name="add_version"),
    path("d/<int:document_id>/edit/", views.edit, name="edit"),
    path("sittings/<int:sitting_id>/place/", views.place, name="place"),
    path(
        "d/<str:action>/<int:document_id>/",
        views.document_action,
        name="action",
    ),
]
