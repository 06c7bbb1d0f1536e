"""Periodic matter work: reminders that bring clients back."""

from celery import shared_task

from matters.reminders import send_due


@shared_task(name="matters.send_reminders")
def send_reminders() -> dict:
    return send_due()
