from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "voting"
    verbose_name = _("Voting")

    def ready(self) -> None:
        from sessions.services import closing_checks
        from voting import events
        from voting.services.polls import open_poll_keeps_sitting_open

        events.register()
        closing_checks.append(open_poll_keeps_sitting_open)
