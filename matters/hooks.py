"""Slots that apps above matters fill from their ``AppConfig.ready()``, by dotted path.

Matters imports neither uploads nor billing. Reminders may carry a one-time upload link
(REMINDER_UPLOAD_LINKS), which only the vault can make: uploads names its function here.
People name matters by invoice numbers too, which only billing reads: billing names its
resolver here (``matters.references``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.module_loading import import_string

_reminder_upload_link: str | None = None


def set_reminder_upload_link(path: str) -> None:
    """``path`` names ``f(*, request, email, language) -> str``: a one-time link's URL."""
    global _reminder_upload_link
    _reminder_upload_link = path


def reminder_upload_link() -> Callable[..., Any] | None:
    return import_string(_reminder_upload_link) if _reminder_upload_link else None


_reference_resolvers: list[str] = []


def add_reference_resolver(path: str) -> None:
    """``path`` names ``f(text) -> Iterable[int] | None``: the ids of the matters ``text``
    names when it is a reference of the app's kind (an invoice number), else None."""
    if path not in _reference_resolvers:
        _reference_resolvers.append(path)


def reference_resolvers() -> list[Callable[[str], Any]]:
    return [import_string(path) for path in _reference_resolvers]
