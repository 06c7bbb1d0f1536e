"""Which invoices a user may see, on top of the accounts core's role predicates.

Views load every invoice through these querysets, so a user who may not see one gets a 404.
"""

from __future__ import annotations

from django.db.models import QuerySet

from billing.models import Invoice
from portal.accounts.access import can_bill, is_client


def billable_invoices(user) -> QuerySet[Invoice]:
    """Billing staff (and Admin) see every invoice, drafts included."""
    return Invoice.objects.all() if can_bill(user) else Invoice.objects.none()


def client_invoices(user) -> QuerySet[Invoice]:
    """A client's own invoices once issued (drafts are the firm's business)."""
    if not is_client(user) or not user.is_active:
        return Invoice.objects.none()
    return Invoice.objects.filter(client=user).exclude(status=Invoice.Status.DRAFT)
