"""Periodic matter work: reminders that bring clients back."""

from celery import shared_task


@shared_task(name="matters.send_reminders")
def send_reminders() -> dict:
    from matters.reminders import send_due

    return send_due()
