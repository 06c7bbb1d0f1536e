"""The retention registry: the kinds of record a policy can govern, declared by their apps.

Audit is the ground layer and knows no other app's tables, so each app registers the records
it owns (documents, intake answers, invoices...) from its ``AppConfig.ready()``: their label,
the triggers a policy may count from, the actions allowed (financial records are archived,
never destroyed), which rows are due (legal holds already excluded) and what applying a
policy to one row does. The runner (``audit.retention``) and the compliance dashboard only
call this registry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import import_module
from types import ModuleType
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DESTROY = "destroy"
ARCHIVE = "archive"


@dataclass(frozen=True)
class RecordKind:
    """One kind of record under retention.

    ``handler`` names the module (a dotted path, imported when a run needs it, so apps
    register from ``ready()`` without loading their models early) that provides:

    - ``due(policy, cutoff)``: ``(pk, label)`` for each row the policy says must go now (rows
      under a legal hold left out), in ascending pk order, lazily;
    - ``apply(pk, policy, *, by, now, why)``: destroy or archive one row, idempotently,
      recording its event;
    - optionally ``prepare()``: run before a real (not dry) run, e.g. to finish
      destructions a crash interrupted.
    """

    key: str
    label: Promise | str
    triggers: Mapping[str, Promise | str]
    handler: str
    actions: tuple[str, ...] = (DESTROY, ARCHIVE)

    def module(self) -> ModuleType:
        return import_module(self.handler)

    def due(self, policy: Any, cutoff: dt.datetime) -> Iterable[tuple[int | None, str]]:
        return self.module().due(policy, cutoff)

    def apply(self, pk: int | None, policy: Any, **kwargs: Any) -> None:
        self.module().apply(pk, policy, **kwargs)

    def prepare(self) -> None:
        prepare: Callable[[], Any] | None = getattr(self.module(), "prepare", None)
        if prepare is not None:
            prepare()


_KINDS: dict[str, RecordKind] = {}


def register(kind: RecordKind) -> None:
    existing = _KINDS.get(kind.key)
    if existing is not None and existing != kind:
        raise ValueError(f"retention record kind {kind.key!r} is registered twice")
    _KINDS[kind.key] = kind


def get(key: str) -> RecordKind | None:
    return _KINDS.get(key)


def all_kinds() -> list[RecordKind]:
    return list(_KINDS.values())


def record_choices() -> list[tuple[str, Promise | str]]:
    return [(k.key, k.label) for k in _KINDS.values()]


def trigger_choices() -> list[tuple[str, Promise | str]]:
    seen: dict[str, Promise | str] = {}
    for kind in _KINDS.values():
        for key, label in kind.triggers.items():
            seen.setdefault(key, label)
    return list(seen.items())


def validate_policy(policy: Any) -> None:
    """A policy's trigger and action must suit its records (``RetentionPolicy.clean``)."""
    kind = _KINDS.get(policy.record)
    if kind is None:
        raise ValidationError({"record": _("No app keeps records of this kind.")})
    if policy.trigger not in kind.triggers:
        raise ValidationError({"trigger": _("This trigger does not apply to these records.")})
    if policy.action not in kind.actions:
        if policy.action == DESTROY:
            raise ValidationError(
                {"action": _("These are financial records: archive them, do not destroy them.")}
            )
        raise ValidationError({"action": _("This action does not apply to these records.")})
