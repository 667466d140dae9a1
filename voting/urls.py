from django.urls import path

from voting import views

app_name = "voting"

urlpatterns = [
    path("sittings/<int:sitting_id>/my-vote/", views.my_vote, name="my_vote"),
    path("sittings/<int:sitting_id>/my-attendance/", views.my_attendance, name="my_attendance"),
    path("sittings/<int:sitting_id>/check-in/", views.check_in, name="check_in"),
    path("sittings/<int:sitting_id>/check-out/", views.check_out, name="check_out"),
    path("sittings/<int:sitting_id>/attendance/", views.attendance_list, name="attendance"),
    path("sittings/<int:sitting_id>/attendance/mark/", views.mark, name="mark"),
    path("sittings/<int:sitting_id>/polls/", views.create, name="create"),
    path("sittings/<int:sitting_id>/results/", views.sitting_results, name="sitting_results"),
    path("polls/<int:poll_id>/open/", views.open_poll, name="open"),
    path("polls/<int:poll_id>/close/", views.close_poll, name="close"),
    path("polls/<int:poll_id>/void/", views.void_poll, name="void"),
    path("polls/<int:poll_id>/ballot/", views.cast, name="cast"),
    path("polls/<int:poll_id>/result/", views.result_page, name="result"),
    path("polls/<int:poll_id>/result.csv", views.result_csv, name="result_csv"),
    path("polls/<int:poll_id>/count.json", views.count_file, name="count_file"),
]
