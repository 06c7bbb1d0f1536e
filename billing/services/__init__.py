"""Billing operations, split by concern; the names other apps and tests use, re-exported.

- ``invoices``: drafts, lines, totals, payment plans, issuing, voiding, credit notes
- ``payments``: payments, settlement, the ledger, what is due now, the client's disputes
- ``stripe``: the Stripe client, Checkout, pay links, webhooks, refunds, bank disputes
- ``reminders``: payment reminders
- ``common``: what they share (status from the money, a task for Billing)
"""

from billing.services.invoices import (
    SERIES,
    add_line,
    add_template_line,
    attach_invoices,
    create_invoice,
    credit,
    issue,
    remove_line,
    set_instalments,
    totals_of,
    update_line,
    void,
)
from billing.services.payments import (
    OVERPAYMENT_CHOICES,
    DuplicatePayment,
    OverpaymentChoiceNeeded,
    amount_due_now,
    open_dispute,
    record_payment,
    resolve_dispute,
    reverse_payment,
)
from billing.services.reminders import send_payment_reminders
from billing.services.stripe import (
    HANDLED,
    PAY_LINK_SALT,
    BadWebhook,
    PaymentsUnavailable,
    handle_event,
    invoice_from_pay_link,
    online_payment_available,
    pay_link_token,
    start_checkout,
    stripe_client,
    verify_event,
)

__all__ = [
    "HANDLED",
    "OVERPAYMENT_CHOICES",
    "PAY_LINK_SALT",
    "SERIES",
    "BadWebhook",
    "DuplicatePayment",
    "OverpaymentChoiceNeeded",
    "PaymentsUnavailable",
    "add_line",
    "add_template_line",
    "amount_due_now",
    "attach_invoices",
    "create_invoice",
    "credit",
    "handle_event",
    "invoice_from_pay_link",
    "issue",
    "online_payment_available",
    "open_dispute",
    "pay_link_token",
    "record_payment",
    "remove_line",
    "resolve_dispute",
    "reverse_payment",
    "send_payment_reminders",
    "set_instalments",
    "start_checkout",
    "stripe_client",
    "totals_of",
    "update_line",
    "verify_event",
    "void",
]
