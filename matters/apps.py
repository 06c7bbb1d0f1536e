from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from audit import messages
from matters.messages import MESSAGES


class MattersConfig(AppConfig):
    name = "matters"
    verbose_name = _("Matters")

    def ready(self) -> None:
        messages.register(MESSAGES)
