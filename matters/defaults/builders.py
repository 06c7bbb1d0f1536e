"""The small builders every case type is written with: bilingual texts, conditions,
questions, sections and checklist items. Each returns a new dict."""

from __future__ import annotations

from typing import Any

DOC_FORMATS = ["pdf", "jpg", "png", "heic", "tiff"]
PHOTO_FORMATS = ["jpg", "png", "heic"]
PDF_OR_IMAGE = ["pdf", "jpg", "png"]
# Cards with something on both sides (ID cards, green cards, work permits): one file each.
TWO_SIDES = ["front", "back"]


def t(en: str, es: str) -> dict[str, str]:
    """A bilingual text."""
    return {"en": en, "es": es}


def eq(question: str, value: Any) -> dict:
    return {"question": question, "equals": value}


def is_yes(question: str) -> dict:
    return eq(question, True)


def is_no(question: str) -> dict:
    return eq(question, False)


def question(
    key: str,
    qtype: str,
    label: dict,
    *,
    required: bool = False,
    help: dict | None = None,
    show_if: dict | None = None,
    **extra: Any,
) -> dict:
    q: dict[str, Any] = {"key": key, "type": qtype, "label": label}
    if required:
        q["required"] = True
    if help:
        q["help"] = help
    if show_if:
        q["show_if"] = show_if
    q.update(extra)
    return q


def options(*choices: tuple[str, str, str]) -> list[dict]:
    """``("value", "English", "Español")`` triples to a ``choices`` list."""
    return [{"value": value, "label": t(en, es)} for value, en, es in choices]


def section(
    key: str,
    title: dict,
    questions: list[dict],
    *,
    audience: tuple[str, ...] = ("beneficiary",),
    intro: dict | None = None,
    show_if: dict | None = None,
) -> dict:
    s: dict[str, Any] = {"key": key, "title": title}
    if intro:
        s["intro"] = intro
    s["audience"] = list(audience)
    if show_if:
        s["show_if"] = show_if
    s["questions"] = questions
    return s


def doc(
    key: str,
    title: dict,
    why: dict,
    *,
    audience: tuple[str, ...] = ("beneficiary",),
    formats: list[str] | None = None,
    due_days: int = 14,
    translation: bool = False,
    show_if: dict | None = None,
    example: str | None = None,
    parts: list[str] | None = None,
) -> dict:
    item: dict[str, Any] = {
        "key": key,
        "title": title,
        "why": why,
        "formats": list(formats or DOC_FORMATS),
        "due_days": due_days,
        "audience": list(audience),
        "translation_possible": translation,
    }
    if example:
        item["example"] = example
    if parts:
        item["parts"] = list(parts)
    if show_if:
        item["show_if"] = show_if
    return item


def questionnaire(*sections: dict) -> dict:
    return {"version": 1, "sections": list(sections)}
