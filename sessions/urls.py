from django.urls import path

from sessions.views import chair, delegate, screen, secretariat

app_name = "sessions"

urlpatterns = [
    path("", delegate.sitting_list, name="list"),
    path("<int:sitting_id>/", delegate.sitting_room, name="room"),
    path("<int:sitting_id>/state/", chair.change_state, name="change_state"),
    path("chair/", chair.chair_home, name="chair_home"),
    path("<int:sitting_id>/chair/", chair.console, name="chair"),
    path("<int:sitting_id>/chair/item/", chair.set_item, name="set_item"),
    path("<int:sitting_id>/chair/next/", chair.step, {"direction": "next"}, name="next_item"),
    path(
        "<int:sitting_id>/chair/previous/",
        chair.step,
        {"direction": "previous"},
        name="previous_item",
    ),
    path("screen/", screen.screen_home, name="screen_home"),
    path("<int:sitting_id>/screen/", screen.screen, name="screen"),
    path("manage/", secretariat.manage_list, name="manage_list"),
    path("<int:sitting_id>/manage/", secretariat.manage, name="manage"),
    path("<int:sitting_id>/manage/items/", secretariat.add_item, name="add_item"),
    path("<int:sitting_id>/manage/items/<int:item_id>/", secretariat.edit_item, name="edit_item"),
    path(
        "<int:sitting_id>/manage/items/<int:item_id>/remove/",
        secretariat.remove_item,
        name="remove_item",
    ),
    path(
        "<int:sitting_id>/manage/items/<int:item_id>/up/",
        secretariat.move_item,
        {"direction": "up"},
        name="move_item_up",
    ),
    path(
        "<int:sitting_id>/manage/items/<int:item_id>/down/",
        secretariat.move_item,
        {"direction": "down"},
        name="move_item_down",
    ),
]
