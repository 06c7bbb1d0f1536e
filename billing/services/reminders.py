"""Payment reminders: before, on and after the due date, then a task for Billing."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit import record
from billing.models import Invoice, Reminder
from billing.services.common import billing_task
from billing.services.invoices import mail_context
from portal.accounts.notifications import notify


def send_payment_reminders(*, today: dt.date | None = None) -> int:
    """Before, on and after the due date, once per step, never for paid, void or disputed
    invoices; after INVOICE_ESCALATE_AFTER overdue reminders, a Billing task."""
    today = today or timezone.localdate()
    steps = sorted(settings.INVOICE_REMINDER_DAYS)
    sent = 0
    invoices = Invoice.objects.filter(
        status__in=(Invoice.Status.ISSUED, Invoice.Status.PARTIALLY_PAID), due_date__isnull=False
    ).select_related("client", "matter")
    for invoice in invoices.iterator(chunk_size=200):
        assert invoice.due_date is not None  # filtered above
        days = (today - invoice.due_date).days
        due_steps = [s for s in steps if s <= days]
        if not due_steps:
            continue
        done = set(invoice.reminders.values_list("step", flat=True))
        step = due_steps[-1]  # only the latest: a job that was down does not send a backlog
        if step in done:
            continue
        with transaction.atomic():
            for s in due_steps:
                Reminder.objects.get_or_create(invoice=invoice, step=s)
            # Still open? (paid or disputed since the query ran: nothing to send)
            if not Invoice.objects.filter(
                pk=invoice.pk, status__in=(Invoice.Status.ISSUED, Invoice.Status.PARTIALLY_PAID)
            ).exists():
                continue
            notify(
                template="invoice_reminder",
                user=invoice.client,
                email=None if invoice.client_id else invoice.bill_to_email,
                language=invoice.language,
                context={**mail_context(invoice), "overdue_days": max(0, days), "step": step},
            )
            record("invoice.reminder_sent", subject=invoice, data={"step": step})
            sent += 1
            overdue = invoice.reminders.filter(step__gt=0).count()
            if overdue >= settings.INVOICE_ESCALATE_AFTER:
                billing_task(
                    invoice,
                    key=f"invoice_overdue:{invoice.uuid}",
                    message="billing.task.overdue",
                    params={"reminders": overdue},
                )
    return sent
