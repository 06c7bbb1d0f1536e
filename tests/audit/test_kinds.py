"""Every event kind the apps record is declared with a label, in English and Spanish."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from audit import kinds, record

APPS = (
    "audit",
    "portal",
    "matters",
    "uploads",
    "billing",
    "deadlines",
    "conversations",
    "drafting",
    "integrations",
    "reports",
)


def recorded_kinds() -> set[str]:
    """Literal kinds passed to record() anywhere in app code."""
    found = set()
    for app in APPS:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                first = node.args[0]
                if name == "record" and isinstance(first, ast.Constant):
                    found.add(first.value)
    return found


def test_every_recorded_kind_is_declared_with_a_translated_label():
    used = recorded_kinds()
    assert len(used) > 60
    assert sorted(k for k in used if not kinds.is_known(k)) == []
    with translation.override("en"):
        english = {k: kinds.label(k) for k in used}
    with translation.override("es"):
        spanish = {k: kinds.label(k) for k in used}
    assert sorted(k for k in used if spanish[k] == english[k]) == []


@pytest.mark.django_db
def test_an_undeclared_kind_is_refused_when_strict(settings):
    settings.AUDIT_STRICT_KINDS = True
    with pytest.raises(kinds.UnknownEventKind):
        record("nobody.declared.this")


@pytest.mark.django_db
def test_an_undeclared_kind_is_logged_and_recorded_in_production(settings, caplog):
    settings.AUDIT_STRICT_KINDS = False
    event = record("nobody.declared.that")
    assert event.pk and "not declared" in caplog.text
