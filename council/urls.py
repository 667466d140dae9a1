from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from council import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.set_language, name="set_language"),
    path("healthz", health.healthz, name="healthz"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
    path("council/<int:council_id>/logo/", views.logo, name="council_logo"),
    path("sittings/", include("sessions.urls")),
    path("sittings/<int:sitting_id>/questioning/record/", include("questioning.urls_record")),
    path("annotations/", include("annotations.urls")),
    path("documents/", include("documents.urls")),
    path("voting/", include("voting.urls")),
    path("followup/", include("followup.urls")),
    path("questioning/", include("questioning.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("records.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCH_CEILING:
    # The benchmarks' write ceiling (bench/ceiling.py): off unless BENCH_CEILING=true.
    from bench.ceiling import ceiling_view

    urlpatterns.insert(0, path("bench/ceiling/", ceiling_view, name="bench_ceiling"))
