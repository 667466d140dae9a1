from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestioningConfig(AppConfig):
    name = "questioning"
    verbose_name = _("Questioning")
    default_auto_field = "django.db.models.BigAutoField"
