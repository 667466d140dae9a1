from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = _("Council")

    def ready(self) -> None:
        from django.db.models.signals import pre_save

        from council import checks  # noqa: F401  (registers the deployment checks)
        from council.bounds import on_pre_save

        # Every row of the project's apps, whichever app saves it (council/bounds.py).
        pre_save.connect(on_pre_save, dispatch_uid="council.bounds")
