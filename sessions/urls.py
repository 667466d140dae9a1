from django.urls import path

from sessions.views import chair, delegate, hall, screen, screen_links, secretariat, speakers

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
    path("<int:sitting_id>/manage/items/place/", secretariat.place_item, name="place_item"),
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
    # Speakers (đăng ký phát biểu) and the hall screens.
    path("<int:sitting_id>/speakers/", speakers.request_to_speak, name="request_to_speak"),
    path("<int:sitting_id>/speakers/record/", speakers.record, name="speaker_record"),
    path(
        "<int:sitting_id>/speakers/<int:request_id>/withdraw/",
        speakers.withdraw,
        name="withdraw_speaker",
    ),
    path(
        "<int:sitting_id>/chair/speakers/<int:request_id>/<str:action>/",
        speakers.speaker_action,
        name="speaker_action",
    ),
    path("<int:sitting_id>/chair/speaking-time/", speakers.speech_time, name="speech_time"),
    path("<int:sitting_id>/chair/screen/message/", hall.screen_message, name="screen_message"),
    path("<int:sitting_id>/chair/screen/message/clear/", hall.clear_message, name="clear_message"),
    path("<int:sitting_id>/chair/screen/mode/", hall.screen_mode, name="screen_mode"),
    path("<int:sitting_id>/chair/present/", hall.present, name="present"),
    path("<int:sitting_id>/chair/present/stop/", hall.stop_presenting, name="stop_presenting"),
    path("<int:sitting_id>/chair/present/zoom/", hall.present_zoom, name="present_zoom"),
    path("<int:sitting_id>/chair/present/region/", hall.present_region, name="present_region"),
    path("<int:sitting_id>/chair/present/choices/", hall.present_choices, name="present_choices"),
    path("<int:sitting_id>/manage/screens/", screen_links.manage, name="screen_links"),
    path(
        "<int:sitting_id>/manage/screens/<int:link_id>/revoke/",
        screen_links.revoke,
        name="revoke_screen_link",
    ),
    # Before screen/<token>/: no token is "link" (secrets.token_urlsafe, 22+ characters).
    path("screen/link/", screen_links.screen_page, name="screen_link_page"),
    path("screen/<str:token>/", screen_links.screen, name="screen_link"),
]
