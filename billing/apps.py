from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from audit import history, kinds, messages
from billing.events import KINDS
from billing.messages import MESSAGES


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = _("Billing")

    def ready(self) -> None:
        # App registry: the retention module queries models.
        from billing import retention

        kinds.register(KINDS)
        messages.register(MESSAGES)
        retention.register()
        history.track(self.get_model("LineTemplate"))
        history.track(self.get_model("Invoice"))
