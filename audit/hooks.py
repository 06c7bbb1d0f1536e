"""Slots that the layers above fill from their ``AppConfig.ready()``, by dotted path.

Audit imports no other app. Where it needs an answer only a higher layer has (which
accounts are staff, for the off-hours rule), that layer names a function here, resolved
when the answer is needed.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.module_loading import import_string

_staff_ids_path: str | None = None


def set_staff_ids(path: str) -> None:
    """``path`` names a function returning the ids of the firm's staff accounts."""
    global _staff_ids_path
    _staff_ids_path = path


def staff_ids() -> Iterable[int]:
    return import_string(_staff_ids_path)() if _staff_ids_path else ()
