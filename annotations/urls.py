from django.urls import path

from annotations import views

app_name = "annotations"

urlpatterns = [
    path("v/<int:version_id>/", views.version_annotations, name="list"),
    path("v/<int:version_id>/<uuid:annotation_id>/", views.save, name="save"),
    path("v/<int:version_id>/annotated.pdf", views.export, name="export"),
    path("a/<uuid:annotation_id>/share/", views.share, name="share"),
    path("a/<uuid:annotation_id>/delete/", views.delete, name="delete"),
    path("sittings/<int:sitting_id>/mine/", views.mine, name="mine"),
]
