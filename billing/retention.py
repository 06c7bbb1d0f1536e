"""Billing's records under retention: invoices are financial records, archived, never
destroyed."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from audit import record, retention
from billing.models import Invoice
from matters.retention import not_held

INVOICES = "invoices"
INVOICE_PAID = "invoice_paid"


def due(policy, cutoff: dt.datetime):
    paid = Invoice.objects.filter(
        status=Invoice.Status.PAID,
        archived_at__isnull=True,
        payments__received_at__lte=cutoff,
    )
    return retention.batched(not_held(paid, "matter").distinct())


def apply(pk: int, policy, *, by, now: dt.datetime, why: str) -> None:
    with transaction.atomic():
        if Invoice.objects.filter(pk=pk, archived_at__isnull=True).update(archived_at=now):
            invoice = Invoice.objects.get(pk=pk)
            record("invoice.archived", actor=by, subject=invoice, data={"policy": policy.name})
