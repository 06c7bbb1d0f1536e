"""The event kinds: every kind ``audit.record()`` writes, with its translatable label.

Each app declares the kinds it records (in its ``events.py``) and registers them from its
``AppConfig.ready()``; audit owns the table, so the trail, the matter history and exports read
one place. Recording an undeclared kind fails under ``AUDIT_STRICT_KINDS`` (on in DEBUG and in
the tests), so a new event cannot ship without its label; in production an undeclared kind is
logged and recorded all the same, because the action it guards must not fail for a label.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise

_KINDS: dict[str, Promise | str] = {}


class UnknownEventKind(ValueError):
    pass


def register(kinds: Mapping[str, Promise | str]) -> None:
    for kind, label in kinds.items():
        if kind in _KINDS and _KINDS[kind] is not label:
            raise ValueError(f"event kind {kind!r} is declared twice")
        _KINDS[kind] = label


def is_known(kind: str) -> bool:
    return kind in _KINDS


def label(kind: str) -> str:
    """The kind's label in the active language; an unknown kind shows itself."""
    found = _KINDS.get(kind)
    return str(found) if found is not None else kind


def known() -> dict[str, Promise | str]:
    return dict(_KINDS)
