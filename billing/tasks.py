"""Periodic billing work: payment reminders (idempotent: one per invoice and step)."""

from celery import shared_task

from billing.services import reminders


@shared_task(name="billing.send_payment_reminders")
def send_payment_reminders() -> int:
    return reminders.send_payment_reminders()
