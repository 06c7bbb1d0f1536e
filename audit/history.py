"""Model history (field-level changes) through django-auditlog, for the apps to register."""

from __future__ import annotations

from typing import Any


def track(model: Any, **options: Any) -> None:
    """Record every change of ``model``'s rows (call from the owning app's ``ready()``)."""
    # App registry: auditlog's registry module defines models, importable only once apps load.
    from auditlog.registry import auditlog  # noqa: PLC0415

    auditlog.register(model, **options)
