"""The default case types: valid definitions, and the conditional logic of every one.

Conditions are tested generically: for each ``show_if`` (section, question, document) the
tests derive answers where it holds and answers where it does not, and check that the engine
shows and hides accordingly. No database is needed.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

from matters import defaults
from matters.defaults import (
    CASE_TYPES,
    CATEGORIES,
    DEFAULT_STAGES,
    DEFAULT_TASK_RULES,
    task_rules_for,
    validate_all,
)
from matters.questionnaire import (
    ADDRESS_PARTS,
    QUESTION_TYPES,
    ROLES,
    SchemaError,
    clean_section,
    evaluate,
    iter_questions,
    progress,
    prune_hidden,
    validate_checklist,
    validate_schema,
    visible_questions,
    visible_sections,
)

TODAY = dt.date(2025, 6, 2)
REQUIRED_CODES = {"i130", "i485", "i129_h1b", "i140", "i589", "i918", "n400", "i765_daca"}
FAMILY_CODES = ["i130", "i485", "n400"]
BY_CODE = {ct["code"]: ct for ct in CASE_TYPES}
TEXT_KEYS = {"name", "title", "label", "help", "intro", "why"}
FILE_FORMATS = {"pdf", "jpg", "png", "heic", "tiff"}
EVENTS = {"intake_submitted", "document_uploaded", "all_documents_accepted", "rfe_entered"}
STAFF_ROLES = {"Intake", "Paralegal", "Attorney"}

each_case_type = pytest.mark.parametrize("ct", CASE_TYPES, ids=[ct["code"] for ct in CASE_TYPES])


# Helpers: answers and POST data derived from the schema ----------------------------------


def questions_by_key(schema: dict) -> dict[str, dict]:
    return {q["key"]: q for q in iter_questions(schema)}


def sample_value(q: dict):
    """A valid stored answer for a question (what clean_section would produce)."""
    qtype, fmt = q["type"], q.get("format")
    if fmt == "a_number":
        return "A123456789"
    if fmt == "ssn":
        return "123-45-6789"
    if fmt == "passport":
        return "X1234567"
    if fmt == "receipt":
        return "IOE0123456789"
    if qtype == "email":
        return "client@example.com"
    if qtype == "phone":
        return "+12125550123"  # stored in E.164, so it reads back as given
    if qtype == "date":
        return "1990-04-25"
    if qtype == "choice":
        return q["choices"][0]["value"]
    if qtype == "yesno":
        return True
    if qtype == "country":
        return "MX"
    if qtype == "address":
        return {
            "street": "100 Main St",
            "city": "Houston",
            "state": "TX",
            "postal_code": "77002",
            "country": "US",
        }
    if qtype == "group":
        return [{sub["key"]: sample_value(sub) for sub in q["questions"]}]
    return "Sample answer"


def other_value(q: dict, excluded: list):
    """A valid stored answer that is none of ``excluded``; None (unanswered) if there is none."""
    if q["type"] == "yesno":
        candidates = [True, False]
    elif q["type"] == "choice":
        candidates = [c["value"] for c in q["choices"]]
    elif q["type"] == "country":
        candidates = ["US", "MX", "GT", "SV"]
    else:
        candidates = ["alpha", "beta", "gamma"]
    return next((c for c in candidates if c not in excluded), None)


def satisfy(cond: dict, qs: dict[str, dict]) -> dict:
    """Answers under which ``cond`` holds."""
    if "all" in cond:
        answers: dict = {}
        for part in cond["all"]:
            answers.update(satisfy(part, qs))
        return answers
    if "any" in cond:
        return satisfy(cond["any"][0], qs)
    key, q = cond["question"], qs[cond["question"]]
    if "equals" in cond:
        return {key: cond["equals"]}
    if "not_equals" in cond:
        return {key: other_value(q, [cond["not_equals"]])}
    if "in" in cond:
        return {key: cond["in"][0]}
    return {key: sample_value(q) if cond["answered"] else None}


def violate(cond: dict, qs: dict[str, dict]) -> dict:
    """Answers under which ``cond`` does not hold."""
    if "all" in cond:
        answers: dict = {}
        for part in cond["all"][1:]:
            answers.update(satisfy(part, qs))
        answers.update(violate(cond["all"][0], qs))
        return answers
    if "any" in cond:
        answers = {}
        for part in cond["any"]:
            answers.update(violate(part, qs))
        return answers
    key, q = cond["question"], qs[cond["question"]]
    if "equals" in cond:
        return {key: other_value(q, [cond["equals"]])}
    if "not_equals" in cond:
        return {key: cond["not_equals"]}
    if "in" in cond:
        return {key: other_value(q, cond["in"])}
    return {key: None if cond["answered"] else sample_value(q)}


def post_fields(q: dict, value, prefix: str = "q-") -> dict[str, str]:
    """The form fields a browser would send for ``value``."""
    name = f"{prefix}{q['key']}"
    if value is None:
        return {}
    if q["type"] == "address":
        return {f"{name}-{part}": value.get(part, "") for part in ADDRESS_PARTS}
    if q["type"] == "group":
        data: dict[str, str] = {}
        for i, row in enumerate(value):
            for sub in q["questions"]:
                data.update(post_fields(sub, row.get(sub["key"]), f"{name}-{i}-"))
        return data
    if q["type"] == "yesno":
        return {name: "yes" if value else "no"}
    return {name: str(value)}


def filled(section: dict) -> dict[str, str]:
    data: dict[str, str] = {}
    for q in section["questions"]:
        data.update(post_fields(q, sample_value(q)))
    return data


def section_of(schema: dict, key: str) -> dict:
    return next(s for s in schema["sections"] if s["key"] == key)


def checklist_item(ct: dict, key: str) -> dict:
    return next(item for item in ct["checklist"] if item["key"] == key)


def walk_texts(obj, path="$"):
    """Yield (path, value) for every user-facing text."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in TEXT_KEYS:
                yield f"{path}.{k}", v
            if isinstance(v, (dict, list)) and k not in TEXT_KEYS:
                yield from walk_texts(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from walk_texts(v, f"{path}[{i}]")


def all_conditions():
    """(case type, kind, owner, condition) for every show_if in the defaults."""
    for ct in CASE_TYPES:
        for s in ct["questionnaire"]["sections"]:
            if s.get("show_if"):
                yield pytest.param(ct, "section", s, None, id=f"{ct['code']}-section-{s['key']}")
            for q in s["questions"]:
                if q.get("show_if"):
                    yield pytest.param(ct, "question", q, s, id=f"{ct['code']}-question-{q['key']}")
        for item in ct["checklist"]:
            if item.get("show_if"):
                yield pytest.param(ct, "document", item, None, id=f"{ct['code']}-doc-{item['key']}")


CONDITIONS = list(all_conditions())


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# 1. Definitions -----------------------------------------------------------------------------


def test_required_case_types_are_present():
    codes = [ct["code"] for ct in CASE_TYPES]
    assert len(codes) >= 8
    assert len(codes) == len(set(codes))
    assert set(codes) >= REQUIRED_CODES


def test_validate_all_passes():
    validate_all()


def test_validate_all_names_the_broken_case_type(monkeypatch):
    broken = copy.deepcopy(CASE_TYPES)
    broken[0]["questionnaire"]["sections"][0]["questions"][0]["label"] = {"en": "Only English"}
    broken[1]["checklist"][0]["show_if"] = {"question": "no_such_question", "equals": True}
    monkeypatch.setattr(defaults, "CASE_TYPES", broken)
    with pytest.raises(SchemaError) as exc:
        validate_all()
    assert any(e.startswith(f"{broken[0]['code']}: ") for e in exc.value.errors)
    assert any(
        e.startswith(f"{broken[1]['code']}: ") and "no_such_question" in e for e in exc.value.errors
    )


def test_defaults_import_without_django_settings():
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, matters.defaults as d; "
            "assert 'django.db.models' not in sys.modules; print(len(d.CASE_TYPES))",
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) == len(CASE_TYPES)


@each_case_type
def test_schema_and_checklist_validate(ct):
    validate_schema(ct["questionnaire"])
    validate_checklist(ct["checklist"], ct["questionnaire"])
    assert ct["questionnaire"]["version"] == 1


@each_case_type
def test_case_type_shape(ct):
    assert set(ct) >= {
        "code",
        "category",
        "name",
        "forms",
        "stages",
        "questionnaire",
        "checklist",
        "task_rules",
    }
    assert ct["category"] in CATEGORIES
    assert ct["forms"]
    assert all(isinstance(f, str) and f for f in ct["forms"])


@each_case_type
def test_every_text_is_in_english_and_spanish(ct):
    texts = list(walk_texts(ct))
    assert len(texts) > 20
    for path, value in texts:
        assert isinstance(value, dict), path
        assert set(value) == {"en", "es"}, path
        assert value["en"].strip(), path
        assert value["es"].strip(), path


@each_case_type
def test_question_keys_are_unique(ct):
    keys = [q["key"] for q in iter_questions(ct["questionnaire"])]
    assert len(keys) == len(set(keys))
    section_keys = [s["key"] for s in ct["questionnaire"]["sections"]]
    assert len(section_keys) == len(set(section_keys))
    for q in iter_questions(ct["questionnaire"]):
        if q["type"] == "group":
            subs = [sub["key"] for sub in q["questions"]]
            assert len(subs) == len(set(subs)), q["key"]
            assert all(sub["type"] != "group" for sub in q["questions"])


def test_every_question_type_is_used_somewhere():
    used = set()
    for ct in CASE_TYPES:
        for q in iter_questions(ct["questionnaire"]):
            used.add(q["type"])
            used.update(sub["type"] for sub in q.get("questions", []))
    assert used == QUESTION_TYPES


def test_every_condition_operator_is_used_somewhere():
    ops = set()

    def collect(cond):
        for op in ("all", "any"):
            if op in cond:
                ops.add(op)
                for part in cond[op]:
                    collect(part)
        ops.update(op for op in ("equals", "not_equals", "in", "answered") if op in cond)

    for param in CONDITIONS:
        _ct, _kind, owner, _section = param.values
        collect(owner["show_if"])
    assert ops == {"all", "any", "equals", "not_equals", "in", "answered"}


@each_case_type
def test_identity_numbers_are_sensitive_and_formatted(ct):
    qs = questions_by_key(ct["questionnaire"])
    assert qs["a_number"]["format"] == "a_number"
    assert qs["ssn"]["format"] == "ssn"
    assert not qs["ssn"].get("required")
    for q in qs.values():
        if q.get("format") in {"a_number", "ssn", "passport"}:
            assert q.get("sensitive") is True, q["key"]
        if q["key"].endswith("date_of_birth"):
            assert q.get("past") is True, q["key"]
        if q["key"] == "passport_number":
            assert q["format"] == "passport"
    for q in qs.values():
        for sub in q.get("questions", []):
            if sub["key"].endswith("date_of_birth"):
                assert sub.get("past") is True


def test_passport_number_is_asked_where_a_passport_matters():
    for code in ("i130", "i485", "i129_h1b", "i140", "i589", "i918", "n400"):
        assert "passport_number" in questions_by_key(BY_CODE[code]["questionnaire"]), code


@each_case_type
def test_checklist_items(ct):
    section_roles = {r for s in ct["questionnaire"]["sections"] for r in s["audience"]}
    for item in ct["checklist"]:
        assert item["formats"], item["key"]
        assert set(item["formats"]) <= FILE_FORMATS, item["key"]
        assert isinstance(item["due_days"], int), item["key"]
        assert item["due_days"] > 0, item["key"]
        assert item["audience"], item["key"]
        assert set(item["audience"]) <= ROLES, item["key"]
        # Whoever is asked for a document also has a part of the questionnaire (portal access).
        assert set(item["audience"]) <= section_roles, item["key"]
        assert isinstance(item["translation_possible"], bool), item["key"]
        if item["key"] == "passport":
            assert item["example"] == "img/examples/passport.svg"
        else:
            assert "example" not in item, item["key"]
    keys = {item["key"] for item in ct["checklist"]}
    for foreign in (
        "birth_certificate",
        "marriage_certificate",
        "divorce_decree",
        "children_birth_certificates",
        "court_records",
    ):
        if foreign in keys:
            assert checklist_item(ct, foreign)["translation_possible"] is True, foreign
    assert "passport" in keys


@each_case_type
def test_stages(ct):
    keys = [s["key"] for s in ct["stages"]]
    assert len(keys) == len(set(keys))
    default_keys = [s["key"] for s in DEFAULT_STAGES]
    assert [k for k in keys if k in default_keys] == default_keys
    for s in ct["stages"]:
        assert s["label"]["en"]
        assert s["label"]["es"]


def test_stage_variations():
    assert "interview" in [s["key"] for s in BY_CODE["n400"]["stages"]]
    assert "interview" in [s["key"] for s in BY_CODE["i589"]["stages"]]
    assert [s["key"] for s in DEFAULT_STAGES] == [
        "intake",
        "documents",
        "drafting",
        "attorney_review",
        "filed",
        "decision",
    ]
    # The default list is not shared with (and so not changed by) a case type's copy.
    assert BY_CODE["i130"]["stages"] is not DEFAULT_STAGES
    assert BY_CODE["i130"]["stages"][0]["label"] is not DEFAULT_STAGES[0]["label"]


def test_default_task_rules():
    assert set(DEFAULT_TASK_RULES) == EVENTS
    expected = {
        "intake_submitted": ("Intake", 2),
        "document_uploaded": ("Paralegal", 2),
        "all_documents_accepted": ("Attorney", 7),
        "rfe_entered": ("Attorney", 14),
    }
    for event, (role, days) in expected.items():
        rule = DEFAULT_TASK_RULES[event]
        assert rule["role"] == role
        assert rule["due_days"] == days
        assert rule["title"]["en"]
        assert rule["title"]["es"]


@each_case_type
def test_task_rule_overrides(ct):
    assert isinstance(ct["task_rules"], dict)
    for event, rule in ct["task_rules"].items():
        assert event in EVENTS
        assert rule["role"] in STAFF_ROLES
        assert isinstance(rule["due_days"], int)
    rules = task_rules_for(ct)
    assert set(rules) == EVENTS
    for event in EVENTS:
        expected = ct["task_rules"].get(event, DEFAULT_TASK_RULES[event])
        assert rules[event]["due_days"] == expected["due_days"]


# 2. Every show_if, both ways ----------------------------------------------------------------


@pytest.mark.parametrize(("ct", "kind", "owner", "section"), CONDITIONS)
def test_condition_shows_and_hides(ct, kind, owner, section):
    schema = ct["questionnaire"]
    qs = questions_by_key(schema)
    cond = owner["show_if"]
    shown, hidden = satisfy(cond, qs), violate(cond, qs)
    assert evaluate(cond, shown) is True
    assert evaluate(cond, hidden) is False

    if kind == "section":
        assert owner in visible_sections(schema, shown)
        assert owner not in visible_sections(schema, hidden)
        for role in owner["audience"]:
            assert owner in visible_sections(schema, shown, role=role)
            assert owner not in visible_sections(schema, hidden, role=role)
    elif kind == "question":
        assert owner in visible_questions(section, shown)
        assert owner not in visible_questions(section, hidden)
        _check_clean_section_follows_condition(section, owner, shown, hidden)
    else:
        # A document request follows its condition; unconditional ones are always asked.
        assert evaluate(owner.get("show_if"), shown)
        assert not evaluate(owner.get("show_if"), hidden)


def _check_clean_section_follows_condition(section, q, shown, hidden):
    """Posting the section: a shown question is validated, a hidden one is dropped."""
    own = {x["key"]: x for x in section["questions"]}

    def post(answers):
        data: dict[str, str] = {}
        for key, value in answers.items():
            if key in own:
                data.update(post_fields(own[key], value))
        return data

    result = clean_section(section, post(shown), shown, TODAY)
    if q.get("required"):
        assert q["key"] in result.errors
    filled_data = {**post(shown), **post_fields(q, sample_value(q))}
    result = clean_section(section, filled_data, shown, TODAY)
    assert q["key"] not in result.errors
    assert result.answers[q["key"]] == sample_value(q)

    result = clean_section(
        section, {**post(hidden), **post_fields(q, sample_value(q))}, hidden, TODAY
    )
    assert q["key"] not in result.errors
    assert result.answers[q["key"]] is None


def test_conditions_are_found():
    kinds = {param.values[1] for param in CONDITIONS}
    assert kinds == {"section", "question", "document"}
    for ct in CASE_TYPES:
        assert any(param.values[0] is ct for param in CONDITIONS), ct["code"]


# 3. Marital status and children in the family-based types and N-400 -------------------------


@pytest.mark.parametrize("code", FAMILY_CODES)
def test_marital_status_question_comes_before_the_spouse_section(code):
    schema = BY_CODE[code]["questionnaire"]
    qs = questions_by_key(schema)
    values = {c["value"] for c in qs["marital_status"]["choices"]}
    assert {"single", "married", "divorced", "widowed"} <= values
    keys = [s["key"] for s in schema["sections"]]
    marital_section = next(
        s["key"]
        for s in schema["sections"]
        if any(q["key"] == "marital_status" for q in s["questions"])
    )
    assert keys.index(marital_section) < keys.index("spouse")
    spouse = section_of(schema, "spouse")
    assert spouse["show_if"] == {"question": "marital_status", "equals": "married"}
    assert checklist_item(BY_CODE[code], "marriage_certificate")["show_if"] == spouse["show_if"]
    assert checklist_item(BY_CODE[code], "divorce_decree")["show_if"] == {
        "question": "marital_status",
        "equals": "divorced",
    }


@pytest.mark.parametrize("code", FAMILY_CODES)
def test_married_shows_spouse_and_marriage_certificate(code):
    ct = BY_CODE[code]
    schema = ct["questionnaire"]
    spouse = section_of(schema, "spouse")
    marriage = checklist_item(ct, "marriage_certificate")
    divorce = checklist_item(ct, "divorce_decree")

    married = {"marital_status": "married"}
    assert spouse in visible_sections(schema, married)
    assert evaluate(marriage["show_if"], married)
    assert not evaluate(divorce["show_if"], married)

    single = {"marital_status": "single"}
    assert spouse not in visible_sections(schema, single)
    assert not evaluate(marriage["show_if"], single)
    assert not evaluate(divorce["show_if"], single)

    divorced = {"marital_status": "divorced"}
    assert spouse not in visible_sections(schema, divorced)
    assert evaluate(divorce["show_if"], divorced)
    assert not evaluate(marriage["show_if"], divorced)

    widowed = {"marital_status": "widowed"}
    assert evaluate(checklist_item(ct, "death_certificate")["show_if"], widowed)
    assert not evaluate(divorce["show_if"], widowed)


@pytest.mark.parametrize("code", FAMILY_CODES)
def test_children_group_and_birth_certificates_follow_has_children(code):
    ct = BY_CODE[code]
    schema = ct["questionnaire"]
    section = next(
        s for s in schema["sections"] if any(q["key"] == "has_children" for q in s["questions"])
    )
    children = next(q for q in section["questions"] if q["key"] == "children")
    assert children["type"] == "group"
    item = checklist_item(ct, "children_birth_certificates")

    assert children in visible_questions(section, {"has_children": True})
    assert evaluate(item["show_if"], {"has_children": True})
    assert children not in visible_questions(section, {"has_children": False})
    assert not evaluate(item["show_if"], {"has_children": False})
    assert not evaluate(item["show_if"], {})


@pytest.mark.parametrize("code", FAMILY_CODES)
def test_children_rows_are_posted_and_checked(code):
    schema = BY_CODE[code]["questionnaire"]
    section = next(
        s for s in schema["sections"] if any(q["key"] == "has_children" for q in s["questions"])
    )
    data = {
        "q-has_children": "yes",
        "q-children-0-child_name": "Ana López",
        "q-children-0-child_date_of_birth": "2010-03-14",
        "q-children-0-child_country_of_birth": "mx",
        "q-children-1-child_name": "Luis López",
        "q-children-1-child_date_of_birth": "2031-01-01",
    }
    result = clean_section(section, data, {}, TODAY)
    assert result.errors == {
        "children-1-child_date_of_birth": "This date cannot be in the future.",
        "children-1-child_country_of_birth": "This is required.",
    }
    assert result.answers["children"][0]["child_country_of_birth"] == "MX"

    result = clean_section(section, {"q-has_children": "yes"}, {}, TODAY)
    assert result.errors == {"children": "Add at least one entry."}

    result = clean_section(section, {**data, "q-has_children": "no"}, {}, TODAY)
    assert result.ok
    assert result.answers["children"] is None


def test_n400_trips_are_a_repeatable_group():
    schema = BY_CODE["n400"]["questionnaire"]
    trips = section_of(schema, "trips")
    data = {
        "q-trips_outside_us": "yes",
        "q-trip_list-0-departure_date": "2023-12-20",
        "q-trip_list-0-return_date": "2024-01-05",
        "q-trip_list-0-countries": "Mexico",
        "q-trip_list-1-departure_date": "2022-07-01",
        "q-trip_list-1-return_date": "2022-07-15",
        "q-trip_list-1-countries": "Guatemala, El Salvador",
        "q-trip_over_six_months": "no",
    }
    result = clean_section(trips, data, {}, TODAY)
    assert result.ok, result.errors
    assert len(result.answers["trip_list"]) == 2
    assert result.answers["trip_list"][1]["countries"] == "Guatemala, El Salvador"


# 4. The first section of each type, posted ---------------------------------------------------


@each_case_type
def test_first_section_fully_filled_is_valid(ct):
    section = ct["questionnaire"]["sections"][0]
    result = clean_section(section, filled(section), {}, TODAY)
    assert result.errors == {}
    for q in visible_questions(section, result.answers):
        assert result.answers[q["key"]] == sample_value(q), q["key"]


@each_case_type
def test_first_section_blank_names_every_required_question(ct):
    section = ct["questionnaire"]["sections"][0]
    result = clean_section(section, {}, {}, TODAY)
    expected = {
        q["key"]: "Add at least one entry." if q["type"] == "group" else "This is required."
        for q in section["questions"]
        if q.get("required") and evaluate(q.get("show_if"), {})
    }
    assert expected, "the first section should ask for something"
    assert result.errors == expected


@each_case_type
def test_first_section_rejects_a_bad_a_number(ct):
    section = ct["questionnaire"]["sections"][0]
    a_number = next(q for q in section["questions"] if q.get("format") == "a_number")
    data = {**filled(section), f"q-{a_number['key']}": "12"}
    result = clean_section(section, data, {}, TODAY)
    assert set(result.errors) == {a_number["key"]}
    assert "A-number" in result.errors[a_number["key"]]

    data[f"q-{a_number['key']}"] = "a 123 456 789"
    result = clean_section(section, data, {}, TODAY)
    assert result.ok
    assert result.answers[a_number["key"]] == "A123456789"


@each_case_type
def test_first_section_rejects_bad_identity_numbers_and_contact_details(ct):
    section = ct["questionnaire"]["sections"][0]
    bad = {"ssn": "12-34", "passport": "AB 12", "email": "not-an-email", "phone": "call me"}
    checked = 0
    for q in section["questions"]:
        wrong = bad.get(q.get("format") or q["type"])
        if wrong is None:
            continue
        result = clean_section(section, {**filled(section), f"q-{q['key']}": wrong}, {}, TODAY)
        assert set(result.errors) == {q["key"]}, q["key"]
        checked += 1
    assert checked >= 3


@each_case_type
def test_birth_date_cannot_be_in_the_future(ct):
    section = ct["questionnaire"]["sections"][0]
    birth = next(q for q in section["questions"] if q["key"].endswith("date_of_birth"))
    data = {**filled(section), f"q-{birth['key']}": "2030-01-01"}
    result = clean_section(section, data, {}, TODAY)
    assert result.errors == {birth["key"]: "This date cannot be in the future."}


# 5. Hidden answers are not kept --------------------------------------------------------------


def test_prune_hidden_drops_spouse_answers_when_no_longer_married():
    ct = BY_CODE["i130"]
    schema = ct["questionnaire"]
    spouse = section_of(schema, "spouse")
    spouse_answers = {q["key"]: sample_value(q) for q in spouse["questions"]}
    answers = {
        "family_name": "García",
        "marital_status": "married",
        "times_married": "once",
        **spouse_answers,
        "has_children": False,
    }
    kept = prune_hidden(schema, answers)
    assert set(spouse_answers) - {"spouse_address"} <= set(kept)
    assert "spouse_address" not in kept  # lives with the client, so no separate address

    answers["marital_status"] = "single"
    kept = prune_hidden(schema, answers)
    assert not set(spouse_answers) & set(kept)
    assert "times_married" not in kept
    assert kept["marital_status"] == "single"
    assert kept["family_name"] == "García"
    assert kept["has_children"] is False
    assert not evaluate(checklist_item(ct, "marriage_certificate")["show_if"], kept)


def test_prune_hidden_drops_children_when_has_children_turns_no():
    schema = BY_CODE["n400"]["questionnaire"]
    children = questions_by_key(schema)["children"]
    answers = {"has_children": True, "children": sample_value(children)}
    assert prune_hidden(schema, answers)["children"]
    answers["has_children"] = False
    assert "children" not in prune_hidden(schema, answers)


# 6. Who answers what -------------------------------------------------------------------------


def test_i130_petitioner_and_beneficiary_each_see_only_their_sections():
    schema = BY_CODE["i130"]["questionnaire"]
    answers = {"marital_status": "married"}
    by_role = {
        role: [s["key"] for s in visible_sections(schema, answers, role=role)]
        for role in ("petitioner", "beneficiary")
    }
    assert "petitioner_about" in by_role["petitioner"]
    assert "beneficiary_about" in by_role["beneficiary"]
    assert "spouse" in by_role["beneficiary"]
    assert not set(by_role["petitioner"]) & set(by_role["beneficiary"])
    for role, keys in by_role.items():
        for key in keys:
            assert role in section_of(schema, key)["audience"]
    assert all(k.startswith("petitioner_") for k in by_role["petitioner"])
    assert not any(k.startswith("petitioner_") for k in by_role["beneficiary"])

    # The petitioner's questions are about the petitioner.
    petitioner_questions = {
        q["key"]
        for s in visible_sections(schema, answers, role="petitioner")
        for q in s["questions"]
    }
    assert {"petitioner_family_name", "petitioner_status", "relationship"} <= petitioner_questions
    assert "marital_status" not in petitioner_questions
    assert progress(schema, {}, role="petitioner").total == len(by_role["petitioner"])


def test_i129_h1b_employer_hr_sees_the_employer_section():
    schema = BY_CODE["i129_h1b"]["questionnaire"]
    employer = [s["key"] for s in visible_sections(schema, {}, role="employer_hr")]
    assert employer == ["employer"]
    employer_questions = {q["key"] for q in section_of(schema, "employer")["questions"]}
    assert {"job_title", "soc_code", "wage_level", "worksite_address", "start_date"} <= (
        employer_questions
    )
    beneficiary = [s["key"] for s in visible_sections(schema, {}, role="beneficiary")]
    assert "employer" not in beneficiary
    assert "about_you" in beneficiary


def test_i485_sponsor_answers_only_the_sponsor_section():
    schema = BY_CODE["i485"]["questionnaire"]
    assert [s["key"] for s in visible_sections(schema, {}, role="sponsor")] == ["sponsor"]
    assert "sponsor" not in [s["key"] for s in visible_sections(schema, {}, role="beneficiary")]


@each_case_type
def test_the_beneficiary_always_has_something_to_answer(ct):
    schema = ct["questionnaire"]
    assert visible_sections(schema, {}, role="beneficiary")
    for s in schema["sections"]:
        assert s["audience"]
        assert set(s["audience"]) <= ROLES


# Case-type specifics -------------------------------------------------------------------------


def test_i589_one_year_deadline_and_careful_questions():
    ct = BY_CODE["i589"]
    schema = ct["questionnaire"]
    qs = questions_by_key(schema)
    assert qs["date_of_last_entry"]["past"] is True
    assert "one year" in qs["over_one_year"]["help"]["en"]
    assert "un año" in qs["over_one_year"]["help"]["es"]
    story = section_of(schema, "your_story")
    assert "confidential" in story["intro"]["en"]
    assert qs["relatives_in_us"]["type"] == "group"
    shown = [q["key"] for q in visible_questions(story, {"harmed_before": False})]
    assert "harm_description" not in shown
    assert "fear_return" in shown


def test_i918_asks_for_the_law_enforcement_certification():
    ct = BY_CODE["i918"]
    item = checklist_item(ct, "supplement_b")
    assert "Supplement B" in item["title"]["en"]
    assert "Suplemento B" in item["title"]["es"]
    assert "show_if" not in item
    assert "crime_type" in questions_by_key(ct["questionnaire"])


def test_i765_daca_ssn_card_question_only_without_an_ssn():
    schema = BY_CODE["i765_daca"]["questionnaire"]
    work = section_of(schema, "work_permit")
    assert "wants_ssn_card" in [q["key"] for q in visible_questions(work, {})]
    assert "wants_ssn_card" not in [
        q["key"] for q in visible_questions(work, {"ssn": "123-45-6789"})
    ]
