from django.urls import path

from annotations import review_views, views

app_name = "annotations"

urlpatterns = [
    path("v/<int:version_id>/", views.version_annotations, name="list"),
    path("v/<int:version_id>/<uuid:annotation_id>/", views.save, name="save"),
    path("v/<int:version_id>/annotated.pdf", views.export, name="export"),
    path("a/<uuid:annotation_id>/share/", views.share, name="share"),
    path("a/<uuid:annotation_id>/delete/", views.delete, name="delete"),
    path("v/<int:version_id>/review/", review_views.review_list, name="review"),
    path("v/<int:version_id>/review/badge/", review_views.review_badge, name="review_badge"),
    path(
        "a/<uuid:annotation_id>/review/<slug:action>/",
        review_views.review_decide,
        name="review_decide",
    ),
    path("sittings/<int:sitting_id>/mine/", views.mine, name="mine"),
]
