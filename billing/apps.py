from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from audit import history, kinds, messages, retention_kinds
from billing.events import KINDS
from billing.messages import MESSAGES
from matters import hooks as matter_hooks
from portal.accounts import hooks


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = _("Billing")

    def ready(self) -> None:
        kinds.register(KINDS)
        messages.register(MESSAGES)
        retention_kinds.register(
            retention_kinds.RecordKind(
                key="invoices",
                label=_("Invoices"),
                triggers={"invoice_paid": _("Invoice paid")},
                handler="billing.retention",
                # Financial records: archived, never destroyed.
                actions=(retention_kinds.ARCHIVE,),
            )
        )
        # "INV-000042" typed wherever a matter is asked for names the invoice's matter.
        matter_hooks.add_reference_resolver("billing.references.matter_ids")
        history.track(self.get_model("LineTemplate"))
        history.track(self.get_model("Invoice"))
        # A retainer can be billed before the client accepts the invitation; their new account
        # then receives it.
        hooks.on_account_opened("billing.services.attach_invoices")
