"""Sending messages to people, in their own language.

``notify()`` is the one entry point. Email goes through Django's email backend
(console by default); SMS goes through an ``SMS_BACKEND`` class with the same
shape. Each message is a template set under ``templates/notifications/<name>/``:
``subject.txt``, ``body.txt`` and ``body.html`` for email, ``sms.txt`` for SMS.
Messages carry links, never document contents or identity numbers.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

EMAIL = "email"
SMS = "sms"


@dataclass
class SMSMessage:
    to: str
    body: str


class ConsoleSMSBackend:
    """Development: prints the text message to the console."""

    def send(self, message: SMSMessage) -> None:
        sys.stdout.write(f"SMS to {message.to}:\n{message.body}\n{'-' * 40}\n")
        sys.stdout.flush()


class LocmemSMSBackend:
    """Tests: keeps messages in ``outbox``, like Django's locmem email backend."""

    outbox: list[SMSMessage] = []

    def send(self, message: SMSMessage) -> None:
        type(self).outbox.append(message)


def _render(template: str, part: str, context: dict) -> str:
    return render_to_string(f"notifications/{template}/{part}", context)


def send_email(*, to: str, template: str, context: dict, language: str) -> None:
    with translation.override(language):
        ctx = {"FIRM_NAME": settings.FIRM_NAME, "SITE_URL": settings.SITE_URL, **context}
        subject = " ".join(_render(template, "subject.txt", ctx).split())
        text = _render(template, "body.txt", ctx)
        html = _render(template, "body.html", ctx)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()


def send_sms(*, to: str, template: str, context: dict, language: str) -> None:
    with translation.override(language):
        ctx = {"FIRM_NAME": settings.FIRM_NAME, "SITE_URL": settings.SITE_URL, **context}
        body = _render(template, "sms.txt", ctx).strip()
    import_string(settings.SMS_BACKEND)().send(SMSMessage(to=to, body=body))


def notify(
    *,
    template: str,
    context: dict,
    user=None,
    email: str | None = None,
    language: str | None = None,
    channel: str = EMAIL,
) -> None:
    """Send ``template`` to a user (or a bare address) in their preferred language."""
    language = language or getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE
    if channel == EMAIL:
        send_email(to=email or user.email, template=template, context=context, language=language)
    elif channel == SMS:
        if not user or not user.phone:
            raise ValueError("SMS needs a user with a phone number.")
        send_sms(to=user.phone, template=template, context=context, language=language)
    else:
        raise ValueError(f"unknown channel {channel!r}")
    log.info("notification %s sent by %s", template, channel)
