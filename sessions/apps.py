from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsConfig(AppConfig):
    name = "sessions"
    # "sessions" is django.contrib.sessions' label.
    label = "council_sessions"
    verbose_name = _("Sittings")

    def ready(self) -> None:
        # The speakers' list and the hall screens' events and regions (sessions/speaker_events.py).
        from sessions import speaker_events

        speaker_events.register()
