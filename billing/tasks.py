"""Periodic billing work: payment reminders (idempotent: one per invoice and step)."""

from celery import shared_task


@shared_task(name="billing.send_payment_reminders")
def send_payment_reminders() -> int:
    from billing.services import send_payment_reminders as run

    return run()
