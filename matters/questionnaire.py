"""Intake questionnaires defined as data: validation, conditions, answers, progress.

The schema format is documented in matters/QUESTIONNAIRE.md. This module knows
nothing about models or requests: it takes a schema and plain dicts, so views,
services, tests and the CSV import all share one engine.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_countries import countries

from matters import parts as doc_parts
from portal.accounts import phones

SCHEMA_VERSION = 1
QUESTION_TYPES = {
    "text",
    "textarea",
    "email",
    "phone",
    "date",
    "choice",
    "yesno",
    "country",
    "address",
    "group",
}
ROLES = {"beneficiary", "petitioner", "sponsor", "employer_hr"}
ADDRESS_PARTS = ("street", "city", "state", "postal_code", "country")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
MAX_GROUP_ROWS = 20
MAX_TEXT = 500
MAX_TEXTAREA = 4000

# Formats for identity numbers; the messages are translated at validation time.
FORMATS = {
    "a_number": (
        re.compile(r"^A?\d{8,9}$"),
        gettext_lazy("An A-number has 8 or 9 digits, for example A123456789."),
    ),
    "ssn": (
        re.compile(r"^\d{3}-?\d{2}-?\d{4}$"),
        gettext_lazy("A Social Security number has 9 digits, for example 123-45-6789."),
    ),
    "passport": (
        re.compile(r"^[A-Z0-9]{6,12}$"),
        gettext_lazy("A passport number has 6 to 12 letters and digits, without spaces."),
    ),
    "receipt": (
        re.compile(r"^[A-Z]{3}\d{10}$"),
        gettext_lazy(
            "A USCIS receipt number has three letters and ten digits, for example IOE0123456789."
        ),
    ),
}


class SchemaError(ValueError):
    """A questionnaire or checklist definition that cannot be used; ``errors`` says why."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def text(value: Mapping[str, str] | str | None, language: str | None = None) -> str:
    """A bilingual text in the current language, falling back to English."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    language = (language or get_language() or "en")[:2]
    return value.get(language) or value.get("en", "")


# Schema validation ------------------------------------------------------------------------


def _check_text(errors, where, value, required=True):
    if value is None and not required:
        return
    if not isinstance(value, dict) or not value.get("en") or not value.get("es"):
        errors.append(f"{where}: needs text in English and Spanish ({{'en': ..., 'es': ...}})")


def _check_condition(errors, where, cond, known: dict[str, dict]):
    if cond is None:
        return
    if not isinstance(cond, dict):
        errors.append(f"{where}: show_if must be an object")
        return
    if "all" in cond or "any" in cond:
        parts = cond.get("all", cond.get("any"))
        if not isinstance(parts, list) or not parts:
            errors.append(f"{where}: 'all'/'any' needs a non-empty list")
            return
        for part in parts:
            _check_condition(errors, where, part, known)
        return
    question = cond.get("question")
    if question not in known:
        errors.append(
            f"{where}: show_if refers to question '{question}', which does not exist earlier "
            "in the questionnaire"
        )
        return
    ops = [op for op in ("equals", "in", "not_equals", "answered") if op in cond]
    if len(ops) != 1:
        errors.append(f"{where}: show_if needs exactly one of equals, in, not_equals, answered")
        return
    q = known[question]
    values = cond["in"] if ops[0] == "in" else [cond[ops[0]]] if ops[0] != "answered" else []
    if q["type"] == "choice":
        allowed = {c["value"] for c in q.get("choices", [])}
        for v in values:
            if v not in allowed:
                errors.append(f"{where}: '{v}' is not a choice of question '{question}'")
    if q["type"] == "yesno":
        for v in values:
            if not isinstance(v, bool):
                errors.append(
                    f"{where}: question '{question}' is yes/no; compare with true or false"
                )


def _check_questions(errors, where, questions, known, in_group=False):
    if not isinstance(questions, list) or not questions:
        errors.append(f"{where}: needs a non-empty list of questions")
        return
    for q in questions:
        if not isinstance(q, dict):
            errors.append(f"{where}: each question must be an object")
            continue
        key = q.get("key", "")
        qwhere = f"{where} question '{key}'"
        if not KEY.match(str(key)):
            errors.append(f"{qwhere}: key must be lower-case letters, digits and _")
            continue
        if key in known:
            errors.append(f"{qwhere}: key is used twice")
            continue
        qtype = q.get("type")
        if qtype not in QUESTION_TYPES:
            errors.append(f"{qwhere}: unknown type '{qtype}'")
            continue
        _check_text(errors, qwhere, q.get("label"))
        _check_text(errors, f"{qwhere} help", q.get("help"), required=False)
        _check_condition(errors, qwhere, q.get("show_if"), known)
        if q.get("format") and q["format"] not in FORMATS:
            errors.append(f"{qwhere}: unknown format '{q['format']}'")
        if qtype == "choice":
            choices = q.get("choices")
            if not isinstance(choices, list) or len(choices) < 2:
                errors.append(f"{qwhere}: a choice needs at least two choices")
            else:
                for c in choices:
                    if not isinstance(c, dict) or not c.get("value"):
                        errors.append(f"{qwhere}: each choice needs a value")
                    else:
                        _check_text(errors, f"{qwhere} choice '{c['value']}'", c.get("label"))
        if qtype == "group":
            if in_group:
                errors.append(f"{qwhere}: groups cannot be nested")
                continue
            _check_questions(errors, qwhere, q.get("questions"), {}, in_group=True)
        known[key] = q


def validate_schema(schema: Any) -> None:
    """Raise ``SchemaError`` listing every problem; return quietly when usable."""
    errors: list[str] = []
    if not isinstance(schema, dict):
        raise SchemaError(["the questionnaire must be an object"])
    if schema.get("version") != SCHEMA_VERSION:
        errors.append(f"version must be {SCHEMA_VERSION}")
    sections = schema.get("sections")
    if not isinstance(sections, list) or not sections:
        raise SchemaError([*errors, "needs a non-empty list of sections"])
    known: dict[str, dict] = {}
    section_keys: set[str] = set()
    for s in sections:
        if not isinstance(s, dict):
            errors.append("each section must be an object")
            continue
        key = s.get("key", "")
        where = f"section '{key}'"
        if not KEY.match(str(key)) or key in section_keys:
            errors.append(f"{where}: key must be unique, lower-case letters, digits and _")
            continue
        section_keys.add(key)
        _check_text(errors, where, s.get("title"))
        _check_text(errors, f"{where} intro", s.get("intro"), required=False)
        audience = s.get("audience", ["beneficiary"])
        if not isinstance(audience, list) or not set(audience) <= ROLES:
            errors.append(f"{where}: audience must be a list of {sorted(ROLES)}")
        _check_condition(errors, where, s.get("show_if"), known)
        _check_questions(errors, where, s.get("questions"), known)
    if errors:
        raise SchemaError(errors)


def validate_checklist(checklist: Any, schema: dict) -> None:
    errors: list[str] = []
    known = {q["key"]: q for q in iter_questions(schema)}
    if not isinstance(checklist, list):
        raise SchemaError(["the checklist must be a list"])
    keys: set[str] = set()
    for item in checklist:
        key = item.get("key", "") if isinstance(item, dict) else ""
        where = f"document '{key}'"
        if not KEY.match(str(key)) or key in keys:
            errors.append(f"{where}: key must be unique, lower-case letters, digits and _")
            continue
        keys.add(key)
        _check_text(errors, where, item.get("title"))
        _check_text(errors, f"{where} why", item.get("why"))
        _check_condition(errors, where, item.get("show_if"), known)
        if not set(item.get("audience", ["beneficiary"])) <= ROLES:
            errors.append(f"{where}: unknown audience")
        if not isinstance(item.get("due_days", 14), int) or item.get("due_days", 14) < 0:
            errors.append(f"{where}: due_days must be a whole number of days")
        errors += [f"{where}: {e}" for e in doc_parts.validate(item.get("parts"))]
    if errors:
        raise SchemaError(errors)


# Conditions and visibility ----------------------------------------------------------------


def iter_questions(schema: dict) -> Iterable[dict]:
    for section in schema.get("sections", []):
        yield from section.get("questions", [])


def is_answered(value: Any) -> bool:
    if value is None or value == "" or value == [] or value == {}:
        return False
    if isinstance(value, dict):
        return any(is_answered(v) for v in value.values())
    return True


def evaluate(cond: dict | None, answers: Mapping[str, Any]) -> bool:
    if not cond:
        return True
    if "all" in cond:
        return all(evaluate(c, answers) for c in cond["all"])
    if "any" in cond:
        return any(evaluate(c, answers) for c in cond["any"])
    value = answers.get(cond["question"])
    if "equals" in cond:
        return value == cond["equals"]
    if "not_equals" in cond:
        return is_answered(value) and value != cond["not_equals"]
    if "in" in cond:
        return value in cond["in"]
    if "answered" in cond:
        return is_answered(value) == bool(cond["answered"])
    return False


def section_visible(section: dict, answers: Mapping, role: str | None = None) -> bool:
    if role is not None and role not in section.get("audience", ["beneficiary"]):
        return False
    return evaluate(section.get("show_if"), answers)


def visible_sections(schema: dict, answers: Mapping, role: str | None = None) -> list[dict]:
    return [s for s in schema["sections"] if section_visible(s, answers, role)]


def visible_questions(section: dict, answers: Mapping) -> list[dict]:
    return [q for q in section["questions"] if evaluate(q.get("show_if"), answers)]


def sensitive_keys(schema: dict) -> set[str]:
    keys = set()
    for q in iter_questions(schema):
        if q.get("sensitive"):
            keys.add(q["key"])
        for sub in q.get("questions", []):
            if sub.get("sensitive"):
                keys.add(q["key"])  # a group with a sensitive field is sealed whole
    return keys


def mask(value: Any) -> str:
    """For lists: never more than the last four characters of an identity number."""
    s = str(value or "")
    return "•" * max(len(s) - 4, 4) + s[-4:] if len(s) > 4 else "••••"


# Answers from a form -----------------------------------------------------------------------


@dataclass
class SectionResult:
    answers: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _clean_scalar(q: dict, raw: str, today: dt.date) -> tuple[Any, str | None]:
    raw = (raw or "").replace("\x00", "").strip()
    qtype = q["type"]
    if raw == "":
        return None, None
    if qtype in {"text", "email", "phone"} and len(raw) > MAX_TEXT:
        return None, _("Please keep this under %(n)s characters.") % {"n": MAX_TEXT}
    if qtype == "textarea" and len(raw) > MAX_TEXTAREA:
        return None, _("Please keep this under %(n)s characters.") % {"n": MAX_TEXTAREA}
    if qtype == "email" and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", raw):
        return None, _("Enter an email address like name@example.com.")
    if qtype == "phone":
        # Stored in E.164 (+12125550100) whatever way it was typed.
        try:
            return phones.normalize(raw), None
        except ValidationError as exc:
            return None, exc.messages[0]
    if q.get("format"):
        pattern, message = FORMATS[q["format"]]
        normalized = raw.upper().replace(" ", "")
        if not pattern.match(normalized):
            return None, str(message)
        return normalized, None
    if qtype == "date":
        try:
            value = dt.date.fromisoformat(raw)
        except ValueError:
            return None, _("Enter the date as year-month-day, for example 1990-04-25.")
        if value.year < 1900:
            return None, _("Enter a date after 1900.")
        if q.get("past") and value > today:
            return None, _("This date cannot be in the future.")
        return value.isoformat(), None
    if qtype == "choice":
        if raw not in {c["value"] for c in q["choices"]}:
            return None, _("Choose one of the options.")
        return raw, None
    if qtype == "yesno":
        if raw not in {"yes", "no"}:
            return None, _("Choose yes or no.")
        return raw == "yes", None
    if qtype == "country":
        code = raw.upper()
        if code not in dict(countries):
            return None, _("Choose a country from the list.")
        return code, None
    return raw, None


def clean_value(q: dict, raw: str, today: dt.date) -> tuple[Any, str | None]:
    """One answer checked as the questionnaire would check the client's: (value, error)."""
    return _clean_scalar(q, raw, today)


def _clean_question(q: dict, data, prefix: str, today: dt.date) -> tuple[Any, str | None]:
    name = f"{prefix}{q['key']}"
    if q["type"] == "address":
        parts = {}
        for part in ADDRESS_PARTS:
            sub = {"type": "country" if part == "country" else "text"}
            value, error = _clean_scalar(sub, data.get(f"{name}-{part}", ""), today)
            if error:
                return None, error
            parts[part] = value or ""
        if not is_answered(parts):
            return None, None
        if not (parts["street"] and parts["city"] and parts["country"]):
            return parts, _("Enter at least the street, the city and the country.")
        return parts, None
    return _clean_scalar(q, data.get(name, ""), today)


def clean_section(
    section: dict, data: Mapping, answers: Mapping, today: dt.date, *, enforce_required: bool = True
) -> SectionResult:
    """Validate one section's posted fields. Hidden questions are dropped, not kept.

    Autosave passes ``enforce_required=False``: a half-filled section is kept as a
    draft, while format errors are still reported and their fields not saved.
    """
    result = SectionResult()
    merged = dict(answers)
    for q in section["questions"]:
        # Conditions may depend on answers in this same section, so evaluate as we go.
        if not evaluate(q.get("show_if"), merged):
            result.answers[q["key"]] = None
            merged[q["key"]] = None
            continue
        if q["type"] == "group":
            rows, row_errors = [], {}
            for i in range(MAX_GROUP_ROWS):
                row, row_has_data = {}, False
                for sub in q["questions"]:
                    value, error = _clean_question(sub, data, f"q-{q['key']}-{i}-", today)
                    if error:
                        row_errors[f"{q['key']}-{i}-{sub['key']}"] = error
                    row[sub["key"]] = value
                    row_has_data = row_has_data or is_answered(value)
                if row_has_data and enforce_required:
                    for sub in q["questions"]:
                        if sub.get("required") and not is_answered(row[sub["key"]]):
                            row_errors.setdefault(
                                f"{q['key']}-{i}-{sub['key']}", _("This is required.")
                            )
                    rows.append(row)
            result.errors.update(row_errors)
            if enforce_required and q.get("required") and not rows:
                result.errors[q["key"]] = _("Add at least one entry.")
            value = rows
        else:
            value, error = _clean_question(q, data, "q-", today)
            if error:
                result.errors[q["key"]] = error
            elif enforce_required and q.get("required") and not is_answered(value):
                result.errors[q["key"]] = _("This is required.")
        result.answers[q["key"]] = value
        merged[q["key"]] = value
    return result


def section_complete(section: dict, answers: Mapping) -> bool:
    for q in visible_questions(section, answers):
        if q.get("required") and not is_answered(answers.get(q["key"])):
            return False
    return True


@dataclass
class Progress:
    done: int
    total: int
    next_section: str | None

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def progress(schema: dict, answers: Mapping, role: str | None = None) -> Progress:
    sections = visible_sections(schema, answers, role)
    done = [s for s in sections if section_complete(s, answers) and _touched(s, answers)]
    nxt = next((s["key"] for s in sections if s not in done), None)
    return Progress(len(done), len(sections), nxt)


def _touched(section: dict, answers: Mapping) -> bool:
    return any(q["key"] in answers for q in section["questions"])


def prune_hidden(schema: dict, answers: Mapping) -> dict:
    """Answers to questions that are no longer shown are not kept (or sent to the firm)."""
    kept: dict[str, Any] = {}
    for section in schema["sections"]:
        if not evaluate(section.get("show_if"), {**answers, **kept}):
            continue
        for q in section["questions"]:
            if q["key"] in answers and evaluate(q.get("show_if"), {**answers, **kept}):
                kept[q["key"]] = answers[q["key"]]
    return kept
