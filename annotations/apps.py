from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnotationsConfig(AppConfig):
    name = "annotations"
    verbose_name = _("Annotations")

    def ready(self) -> None:
        # Carry-forward to a new version is NOT wired here as a post_save receiver: the
        # documents service saves the DocumentVersion row before its DocumentPage rows, so
        # a receiver would find no page text to match. It runs lazily instead, when a
        # tablet first asks for the new version's annotations (see annotations/carry.py).
        from annotations import events

        events.register()
