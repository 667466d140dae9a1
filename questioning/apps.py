from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestioningConfig(AppConfig):
    name = "questioning"
    verbose_name = _("Questioning")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Questioning's live events and regions join the sittings' registries; a quoted
        # passage follows its document to a new version with the annotations.
        from annotations import carry
        from questioning import regions
        from questioning.services import passages

        regions.register()
        carry.add_follower(passages.follow_new_versions)

        # The promises made in answers join the follow-up review of later sittings.
        from followup import review_sections
        from questioning.record import review_section

        review_sections.register(review_section)
