from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestioningConfig(AppConfig):
    name = "questioning"
    verbose_name = _("Questioning")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The promises made in answers join the follow-up review of later sittings.
        from followup import review_sections
        from questioning.record import review_section

        review_sections.register(review_section)
