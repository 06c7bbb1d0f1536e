from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from audit import messages
from billing.messages import MESSAGES


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = _("Billing")

    def ready(self) -> None:
        messages.register(MESSAGES)
