from django.urls import path

from questioning import views

app_name = "questioning"

urlpatterns = [
    path("sittings/<int:sitting_id>/new/", views.create, name="create"),
    path("sittings/<int:sitting_id>/q/<int:question_id>/edit/", views.edit, name="edit"),
    path("sittings/<int:sitting_id>/q/<int:question_id>/send/", views.register, name="register"),
    path(
        "sittings/<int:sitting_id>/q/<int:question_id>/withdraw/", views.withdraw, name="withdraw"
    ),
    path(
        "sittings/<int:sitting_id>/q/<int:question_id>/co-authors/",
        views.co_authors,
        name="co_authors",
    ),
    path("sittings/<int:sitting_id>/desk/", views.desk, name="desk"),
    path("sittings/<int:sitting_id>/groups/new/", views.create_group, name="create_group"),
    path(
        "sittings/<int:sitting_id>/groups/<int:group_id>/remove/",
        views.remove_group,
        name="remove_group",
    ),
    path(
        "sittings/<int:sitting_id>/q/<int:question_id>/group/",
        views.group_question,
        name="group_question",
    ),
    path("sittings/<int:sitting_id>/q/<int:question_id>/merge/", views.merge, name="merge"),
    path(
        "sittings/<int:sitting_id>/groups/<int:group_id>/move/<str:direction>/",
        views.move_group,
        name="move_group",
    ),
    path(
        "sittings/<int:sitting_id>/groups/<int:object_id>/open/",
        views.open_group,
        name="open_group",
    ),
    path(
        "sittings/<int:sitting_id>/groups/<int:object_id>/close/",
        views.close_group,
        name="close_group",
    ),
    path("sittings/<int:sitting_id>/q/<int:object_id>/floor/", views.give_floor, name="give_floor"),
    path("sittings/<int:sitting_id>/q/<int:object_id>/asked/", views.asked, name="asked"),
    path("sittings/<int:sitting_id>/addressed/", views.addressed, name="addressed"),
    # Not ".../file": what the hall was shown is not for the service worker to keep.
    path(
        "sittings/<int:sitting_id>/floor/<int:question_id>.pdf",
        views.floor_file,
        name="floor_file",
    ),
]
