"""Event kinds that billing records."""

from django.utils.translation import gettext_lazy as _

KINDS = {
    "invoice.created": _("Invoice drafted"),
    "invoice.line_added": _("Invoice line added"),
    "invoice.line_removed": _("Invoice line removed"),
    "invoice.line_changed": _("Invoice line changed"),
    "invoice.plan_set": _("Payment plan set"),
    "invoice.issued": _("Invoice issued"),
    "invoice.voided": _("Invoice voided"),
    "invoice.credited": _("Credit note issued"),
    "invoice.pdf": _("Invoice PDF downloaded"),
    "invoice.checkout_started": _("Card payment started"),
    "invoice.payment_recorded": _("Payment recorded"),
    "invoice.payment_reversed": _("Payment reversed"),
    "invoice.addressee_attached": _("Invoice linked to the client's new account"),
    "invoice.payment_failed": _("Payment failed"),
    "invoice.refunded": _("Payment refunded"),
    "invoice.disputed": _("Invoice disputed by the client"),
    "invoice.dispute_resolved": _("Dispute resolved"),
    "invoice.bank_dispute": _("Card payment disputed with the bank"),
    "invoice.reminder_sent": _("Payment reminder sent"),
    "invoice.archived": _("Invoice archived under a retention policy"),
    "stripe.needs_attention": _("Stripe event kept for a person: it could not be applied"),
}
