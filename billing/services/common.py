"""What every billing operation shares: an invoice's status from its money, a task for Billing."""

from __future__ import annotations

from billing.models import Invoice
from matters.models import Task
from matters.services import open_task
from portal.accounts.models import Role


def settle_status(invoice: Invoice) -> None:
    """Status from the money, for an invoice that is neither void nor under dispute."""
    if invoice.status in (Invoice.Status.VOID, Invoice.Status.DRAFT, Invoice.Status.DISPUTED):
        return
    if invoice.balance <= 0:
        invoice.status = Invoice.Status.PAID
    elif invoice.paid > 0 or invoice.credited > 0:
        invoice.status = Invoice.Status.PARTIALLY_PAID
    else:
        invoice.status = Invoice.Status.ISSUED


def billing_task(invoice: Invoice, *, key: str, message: str, params: dict | None = None) -> Task:
    """A task for Billing on the invoice's matter, once per ``key``. The title is rendered in
    the reader's language from the invoice's number, currency and the amounts in ``params``."""
    task, _created = open_task(
        matter=invoice.matter,
        key=key,
        message=message,
        params={
            "invoice": invoice.display_number,
            "currency": invoice.currency,
            **(params or {}),
        },
        role=Role.BILLING,
        event=key.split(":", 1)[0],
        data={"invoice": str(invoice.uuid)},
    )
    return task
