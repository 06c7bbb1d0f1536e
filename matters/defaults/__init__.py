"""The case types a US immigration law firm starts from.

Plain Python data (no models) so that the data migration, the seed command and the
tests can all import it. The format is described in ``matters/QUESTIONNAIRE.md``. One
module per case type, named by its code; ``builders`` holds the small builders they are
written with, ``shared`` the questions and documents several of them share, written once,
and ``workflow`` the default stages and task rules.
"""

from __future__ import annotations

import copy

from matters.defaults import i129_h1b, i130, i140, i485, i589, i765_daca, i918, n400
from matters.defaults.workflow import (
    DEFAULT_STAGES,
    DEFAULT_TASK_RULES,
    TASK_EVENTS,
    TASK_ROLES,
    task_rules_for,
)
from matters.questionnaire import SchemaError, validate_checklist, validate_schema

__all__ = [
    "CASE_TYPES",
    "CATEGORIES",
    "DEFAULT_STAGES",
    "DEFAULT_TASK_RULES",
    "case_type",
    "task_rules_for",
    "validate_all",
]

CATEGORIES = ("family", "employment", "humanitarian", "naturalization", "daca")

CASE_TYPES = [
    i130.build(),
    i485.build(),
    i129_h1b.build(),
    i140.build(),
    i589.build(),
    i918.build(),
    n400.build(),
    i765_daca.build(),
]


def case_type(code: str) -> dict:
    """A fresh copy of one default case type."""
    for ct in CASE_TYPES:
        if ct["code"] == code:
            return copy.deepcopy(ct)
    raise KeyError(code)


def validate_all() -> None:
    """Check every default case type with the questionnaire engine; raise on any problem."""
    errors: list[str] = []
    seen: set[str] = set()
    for ct in CASE_TYPES:
        code = ct.get("code", "?")
        if code in seen:
            errors.append(f"{code}: code is used twice")
        seen.add(code)
        if ct.get("category") not in CATEGORIES:
            errors.append(f"{code}: unknown category {ct.get('category')!r}")
        for event, rule in (ct.get("task_rules") or {}).items():
            if event not in TASK_EVENTS or rule.get("role") not in TASK_ROLES:
                errors.append(f"{code}: bad task rule for {event!r}")
        try:
            validate_schema(ct["questionnaire"])
            validate_checklist(ct["checklist"], ct["questionnaire"])
        except SchemaError as exc:
            errors.extend(f"{code}: {e}" for e in exc.errors)
    if errors:
        raise SchemaError(errors)
