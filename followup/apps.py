from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        # The follow-up's live events and regions join the sittings' registries.
        from followup import live_events

        live_events.register()
