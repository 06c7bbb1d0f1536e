"""Sending messages to people, in their own language.

``notify()`` is the one entry point. Email goes through Django's email backend
(console by default); SMS goes through an ``SMS_BACKEND`` class with the same
shape. Each message is a template set under ``templates/notifications/<name>/``:
``subject.txt``, ``body.txt`` and ``body.html`` for email, ``sms.txt`` for SMS.
Messages carry links, never document contents or identity numbers.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation
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


def _check_translated(template: str, part: str, rendered: str, ctx: dict, language: str) -> None:
    """A message that comes out in English although another language was asked for has
    no translation (gettext fell back): it is still sent, and the gap is reported."""
    if language == "en":
        return
    with translation.override("en"):
        english = _render(template, part, ctx)
    if english == rendered and (template, part, language) not in _REPORTED:
        _REPORTED.add((template, part, language))
        log.warning(
            "notification %s/%s has no %s translation: sent in English", template, part, language
        )


_REPORTED: set = set()


def send_email(*, to: str, template: str, context: dict, language: str) -> None:
    with translation.override(language):
        ctx = {"FIRM_NAME": settings.FIRM_NAME, "SITE_URL": settings.SITE_URL, **context}
        subject = " ".join(_render(template, "subject.txt", ctx).split())
        text = _render(template, "body.txt", ctx)
        html = _render(template, "body.html", ctx)
    _check_translated(template, "body.txt", text, ctx, language)
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


# Admin's preview of every message, in every language ---------------------------------------

SAMPLE = {
    "full_name": "Maria Client",
    "name": "Maria Client",
    "url": "https://portal.example/x/",
    "guide_url": "https://portal.example/help/photos/",
    "expires_at": None,
    "title": "Passport (page with your photo)",
    "max_files": 3,
    "number": "INV-000042",
    "total": "$1,500.00",
    "balance": "$750.00",
    "due": None,
    "overdue_days": 0,
    "online": True,
    "has_account": True,
    "matter": "Marriage-based green card",
    "items": [
        {"title_text": "Passport (page with your photo)", "link": "https://portal.example/r/1/"},
        {
            "title_text": "Birth certificate",
            "link": "https://portal.example/r/2/",
            "rejected": True,
        },
    ],
    "escalated": False,
    "preferences_url": "https://portal.example/account/reminders/",
}
PARTS = ("subject.txt", "body.txt", "body.html", "sms.txt")


def template_names() -> list[str]:
    root = Path(settings.BASE_DIR) / "templates" / "notifications"
    return sorted(p.name for p in root.iterdir() if p.is_dir())


def preview(template: str) -> list[dict]:
    """Each part of a message rendered in each language, with untranslated parts marked."""

    ctx = {
        "FIRM_NAME": settings.FIRM_NAME,
        "SITE_URL": settings.SITE_URL,
        **SAMPLE,
        "expires_at": timezone.now() + dt.timedelta(days=3),
        "due": timezone.localdate() + dt.timedelta(days=14),
    }
    out = []
    for part in PARTS:
        rendered = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                try:
                    rendered[code] = _render(template, part, ctx)
                except TemplateDoesNotExist:
                    rendered = {}
                    break
        if rendered:
            missing = [c for c in rendered if c != "en" and rendered[c] == rendered.get("en")]
            out.append({"part": part, "rendered": rendered, "missing": missing})
    return out
