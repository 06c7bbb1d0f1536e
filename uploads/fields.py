"""Propose structured fields from the OCR text of immigration documents.

A Celery worker OCRs each upload with stock Tesseract (English + Spanish) and
hands the text, often noisy, to :func:`extract`, which proposes fields for
staff to confirm. Nothing here is fact: every :class:`Field` carries a
confidence in [0, 1] and the evidence snippet (at most 80 characters) it was
read from, and the UI shows anything below :data:`HIGH` as "uncertain".

Standard library only, no Django: the module is pure text in, fields out.

Document kinds: ``i797`` (USCIS notices), ``birth_certificate`` (US
certificates and Latin American actas de nacimiento), ``passport`` (visual
zone only; the MRZ is read elsewhere), ``marriage_certificate`` and
``bank_statement``. With ``kind=None`` the kind is guessed first and reported
as a ``document_kind`` field.

How values are found
--------------------
Label-driven: labels ("Receipt Number", "Fecha de nacimiento", ...) are
matched case- and accent-insensitively, tolerating common OCR confusions
(i/l/1/|, o/0, s/5, m/rn), dropped or doubled spaces and a label broken over
two lines. The value is read after the label on the same line (up to the next
label), else from the next non-empty line; when several labels share a line
and their values sit on the line below, the value is picked by column. Dates
go through one parser for English and Spanish month names (full and
abbreviated, incl. SEPT, AGO, DIC, ENE) and numeric forms; impossible dates
(31/02, month 13) and years outside a per-field range are rejected rather
than guessed. Candidates are deduplicated by field name, keeping the highest
confidence (the earliest on a tie).

Confidence model
----------------
Base, by how the value was found:

=====================================  =====
labelled and well-formed               0.90  (LABELLED)
labelled, but OCR repair was needed    0.70  (REPAIRED: O->0, 1->I, stray chars)
unlabelled pattern                     0.50  (UNLABELLED; 0.30 if also repaired)
ambiguous (cap)                        0.30  (AMBIGUOUS)
=====================================  =====

Adjustments, added to the base:

* +0.05 receipt number with a known service-centre prefix (EAC, IOE, ...);
  -0.15 with an unknown prefix; -0.05 when OCR had split it with spaces.
* -0.05 value read from the line below its label; -0.20 more when the
  columns of that line did not line up with the labels above it.
* -0.05 generic label ("Name:", "Nombre:") rather than a specific one.
* -0.05 numeric date whose day/month order was settled only by the
  document's language (US documents MM/DD, Spanish ones DD/MM); -0.10 when
  the date contradicts that convention. A numeric date that cannot be settled
  at all (both parts <= 12 and no language cue) is capped at AMBIGUOUS.
* -0.20 a form number that is not a known USCIS form.
* Also capped at AMBIGUOUS: a "name" containing ordinary lower-case words
  (prose, not a name), a statement period longer than 400 days, and a notice
  type when the text names several.
* Composite values (a full name assembled from labelled parts, the two
  spouse names) take the lowest confidence of their parts; only one spouse
  found caps spouse_names at UNLABELLED.
* Passport visual-zone fields are scaled by 7/9, so a clean labelled value
  is 0.70 and nothing reaches HIGH: the MRZ is the reliable source.

``document_kind`` confidence comes from weighted keyword cues: the strength of
the best kind's evidence times its margin over the runner-up.

Privacy: bank statements yield only ``account_last4``; in their evidence any
run of six or more digits is masked to its last four.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
import unicodedata
from dataclasses import asdict, dataclass
from functools import lru_cache

__all__ = ["HIGH", "KINDS", "Field", "extract", "guess_kind", "parse_date"]

HIGH = 0.8  # at or above: the UI may present a value as "likely"; below: "uncertain"

LABELLED = 0.9
REPAIRED = 0.7
UNLABELLED = 0.5
AMBIGUOUS = 0.3

KNOWN_PREFIX = 0.05
UNKNOWN_PREFIX = 0.15
SPACING = 0.05
NEXT_LINE = 0.05
COLUMN_GUESS = 0.20
GENERIC_LABEL = 0.05
CONVENTION = 0.05
CONTRADICTION = 0.10
UNKNOWN_FORM = 0.20
PASSPORT_FACTOR = 7 / 9

EVIDENCE_MAX = 80

KINDS = ("i797", "birth_certificate", "passport", "bank_statement", "marriage_certificate")


@dataclass(frozen=True)
class Field:
    """One proposed value, never a fact: staff confirm it."""

    name: str  # machine name, e.g. "receipt_number"
    value: str  # normalised value; dates as ISO "YYYY-MM-DD"
    confidence: float  # 0..1
    evidence: str  # the text snippet (<= 80 chars) it was read from

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence out of range: {self.confidence!r}")
        if len(self.evidence) > EVIDENCE_MAX:
            raise ValueError("evidence longer than 80 characters")

    @property
    def likely(self) -> bool:
        return self.confidence >= HIGH

    def as_dict(self) -> dict:
        return asdict(self)


# --------------------------------------------------------------------------
# Text preparation: one original text plus index-aligned views for matching.

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\r": "\n",
        "\f": "\n",
        "\v": "\n",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\ufeff": "",
    }
)


def _prepare(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n")).translate(_TRANSLATE)
    return "".join(c if c in "\n\t" or c.isprintable() else " " for c in text)


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    """Lower-case, accent-free, always exactly one character (keeps indices aligned)."""
    if c.isascii():
        return c.lower()
    if c == "ß":
        return "s"
    base = unicodedata.normalize("NFKD", c)[:1] or c
    low = base.lower()
    if len(low) == 1:
        return low
    low = c.lower()
    return low if len(low) == 1 else c


def _fold(text: str) -> str:
    return "".join(_fold_char(c) for c in text)


def _upper(low: str) -> str:
    return "".join(u if len(u := c.upper()) == 1 else c for c in low)


_DIGIT_RUN = re.compile(r"(?<![a-z0-9])[0-9oil]+(?![a-z0-9])")
_ORDINAL_AHEAD = re.compile(r"\s*(?:de\b|[a-z])")
_TO_DIGIT_LOW = str.maketrans({"o": "0", "i": "1", "l": "1"})


def _digit_view(low: str) -> str:
    """Repair O/I/l inside digit runs ("O1/O5/2O26"), index-aligned with ``low``."""
    chars = list(low)
    for m in _DIGIT_RUN.finditer(low):
        run = m.group()
        if not any(c.isdigit() for c in run) or run.isdigit():
            continue
        # "1o de enero" is an ordinal (1º), not "10".
        if re.fullmatch(r"\d{1,2}o", run) and _ORDINAL_AHEAD.match(low, m.end()):
            continue
        chars[m.start() : m.end()] = run.translate(_TO_DIGIT_LOW)
    return "".join(chars)


def _collapse(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _clip(s: str, limit: int = EVIDENCE_MAX) -> str:
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


# --------------------------------------------------------------------------
# OCR-tolerant label patterns.

_GAP = r"[ \t]*\n?[ \t]*"
_FUZZ = {"i": "[i1l|!]", "l": "[l1i|]", "o": "[o0]", "s": "[s5]", "m": "(?:m|rn)"}
_MACROS = {"{no}": r"(?:numero|nro\.?|no\.?|n°|num\.?|#)"}


def _fuzz(phrase: str) -> str:
    """Turn a label phrase into an OCR-tolerant regex.

    Letters get OCR-confusable classes, a space is any gap (even none, and one
    line break), "." and "'" are optional; regex syntax passes through.
    """
    out: list[str] = []
    i = 0
    while i < len(phrase):
        macro = next((k for k in _MACROS if phrase.startswith(k, i)), None)
        if macro:
            out.append(_MACROS[macro])
            i += len(macro)
            continue
        c = phrase[i]
        if c == "\\":
            out.append(phrase[i : i + 2])
            i += 2
            continue
        if c == "[":
            j = phrase.index("]", i)
            out.append(phrase[i : j + 1])
            i = j + 1
            continue
        if c == "(" and phrase.startswith("(?", i):
            m = re.match(r"\(\?(?:<[!=]|[:!=])", phrase[i:])
            assert m
            out.append(m.group())
            i += len(m.group())
            continue
        if c == " ":
            out.append(_GAP)
        elif c == ".":
            out.append(r"\.?")
        elif c == "'":
            out.append("'?")
        else:
            out.append(_FUZZ.get(c, c))
        i += 1
    return "".join(out)


def _phrases(phrases: list[str] | tuple[str, ...]) -> str:
    return "|".join(_fuzz(p) for p in sorted(phrases, key=len, reverse=True))


@dataclass(frozen=True)
class _Label:
    keys: frozenset[str]
    lang: str | None
    strict: bool  # a common word: only a label at line start, before a colon or between columns
    rx: re.Pattern[str]


def _L(keys: str, lang: str | None, phrases: list[str], strict: bool = False) -> _Label:
    rx = re.compile(r"(?<![a-z0-9])(?:" + _phrases(phrases) + r")(?![a-z])")
    return _Label(frozenset(keys.split()), lang, strict, rx)


_LABELS: list[_Label] = [
    # USCIS I-797
    _L("receipt", "en", ["receipt number", "receipt no.", "receipt #", "receipt num."]),
    _L("case_type", "en", ["case type", "form type", "form number", "form no."]),
    _L("notice_type", "en", ["notice type", "type of notice"]),
    _L("notice_date", "en", ["notice date", "date of notice", "date of this notice"]),
    _L(
        "received_date",
        "en",
        ["received date", "date received", "receipt date", "date filed", "filing date"],
    ),
    _L("priority_date", "en", ["priority date"]),
    _L(
        "appointment_date",
        "en",
        ["date and time of appointment", "appointment date", "date and time"],
    ),
    _L("petitioner", "en", ["petitioner", "requestor", "requester"], strict=True),
    _L("beneficiary", "en", ["beneficiary"], strict=True),
    _L("applicant", "en", ["applicant"], strict=True),
    # people
    _L(
        "full_name",
        "en",
        [
            "name of child",
            "child's name",
            "child's full name",
            "full name of child",
            "name of registrant",
            "registrant's name",
            "full name",
        ],
    ),
    _L("full_name", "en", ["registrant", "child"], strict=True),
    _L(
        "full_name",
        "es",
        [
            "nombre (?:del|de la) (?:registrad[oa]|inscrit[oa]|nacid[oa]|menor|nin[oa]|persona registrada)",
            "nombre completo",
            "nombres? y apellidos",
        ],
    ),
    _L("full_name", "es", ["registrad[oa]", "inscrit[oa]"], strict=True),
    _L(
        "given",
        "en",
        ["first name", "given names?", "given name\\(s\\)", "first and middle names?"],
    ),
    _L("given", "es", ["nombre\\(s\\)", "nombres", "nombre de pila"], strict=True),
    _L("middle", "en", ["middle names?"]),
    _L("surname", "en", ["last name", "surname", "family name"]),
    _L("surname", "es", ["apellidos", "apellido\\(s\\)"]),
    _L("surname1", "es", ["primer apellido", "apellido paterno", "1er apellido"]),
    _L("surname2", "es", ["segundo apellido", "apellido materno", "2do apellido"]),
    _L("generic_name", "en", ["name"], strict=True),
    _L("generic_name", "es", ["nombre"], strict=True),
    _L(
        "father",
        "en",
        ["father's name", "name of father", "father's full name", "father/parent"],
    ),
    _L("father", "en", ["father"], strict=True),
    _L("father", "es", ["nombre del padre", "datos del padre"]),
    _L("father", "es", ["padre"], strict=True),
    _L(
        "mother",
        "en",
        ["mother's maiden name", "mother's name", "name of mother", "mother's full name"],
    ),
    _L("mother", "en", ["mother"], strict=True),
    _L("mother", "es", ["nombre de la madre", "datos de la madre"]),
    _L("mother", "es", ["madre"], strict=True),
    _L(
        "birth_date",
        "en",
        ["date of birth", "birth date", "birthdate", "d.o.b.", "born on", "date born"],
    ),
    _L(
        "birth_date",
        "es",
        [
            "fecha de nacimiento",
            "fecha de nac.",
            "f. de nacimiento",
            "fecha nacimiento",
            "nacio el",
        ],
    ),
    _L(
        "birth_place",
        "en",
        ["place of birth", "birthplace", "birth place", "city of birth", "city/county of birth"],
    ),
    _L("birth_place", "es", ["lugar de nacimiento", "lugar de nac.", "nacio en"]),
    _L("birth_place birth_date", "es", ["lugar y fecha de nacimiento"]),
    _L("birth_place birth_date", "en", ["place and date of birth", "date and place of birth"]),
    _L(
        "registration",
        "en",
        [
            "registration {no}",
            "registration number",
            "state file {no}",
            "state file number",
            "certificate {no}",
            "certificate number",
            "file {no}",
            "file number",
        ],
    ),
    _L(
        "registration",
        "es",
        [
            "{no} de acta",
            "acta {no}",
            "{no} de registro",
            "registro {no}",
            "{no} de partida",
            "partida {no}",
        ],
    ),
    # passport
    _L(
        "passport_number",
        "en",
        ["passport {no}", "passport number", "passport #", "document {no}", "document number"],
    ),
    _L(
        "passport_number",
        "es",
        ["{no} de pasaporte", "{no} del pasaporte", "pasaporte {no}", "{no} de documento"],
    ),
    _L(
        "expiry_date",
        "en",
        ["date of expiry", "expiry date", "expiration date", "date of expiration", "valid until"],
    ),
    _L(
        "expiry_date",
        "es",
        [
            "fecha de vencimiento",
            "fecha de caducidad",
            "fecha de expiracion",
            "valido hasta",
            "vence",
        ],
    ),
    _L("issue_date", "en", ["date of issue", "issue date", "date issued", "issued on"]),
    _L(
        "issue_date",
        "es",
        ["fecha de expedicion", "fecha de emision", "fecha de expedido", "expedido el"],
    ),
    _L("nationality", "en", ["nationality"]),
    _L("nationality", "es", ["nacionalidad"]),
    # marriage
    _L(
        "spouse1",
        "en",
        [
            "spouse (?:1|a|one)",
            "party (?:1|a)",
            "first party",
            "name of groom",
            "groom's name",
            "husband's name",
        ],
    ),
    _L("spouse1", "en", ["groom", "husband"], strict=True),
    _L(
        "spouse1",
        "es",
        [
            "el contrayente",
            "contrayente (?:1|a|uno)",
            "nombre del contrayente",
            "nombre del esposo",
        ],
    ),
    _L("spouse1", "es", ["esposo"], strict=True),
    _L(
        "spouse2",
        "en",
        [
            "spouse (?:2|b|two)",
            "party (?:2|b)",
            "second party",
            "name of bride",
            "bride's name",
            "wife's name",
        ],
    ),
    _L("spouse2", "en", ["bride", "wife"], strict=True),
    _L(
        "spouse2",
        "es",
        [
            "la contrayente",
            "contrayente (?:2|b|dos)",
            "nombre de la contrayente",
            "nombre de la esposa",
        ],
    ),
    _L("spouse2", "es", ["esposa"], strict=True),
    _L("spouse", "en", ["name of spouse", "spouse"], strict=True),
    _L("spouse", "es", ["contrayente", "conyuge"], strict=True),
    _L(
        "marriage_date",
        "en",
        [
            "date of marriage",
            "marriage date",
            "date of ceremony",
            "ceremony date",
            "date married",
            "married on",
            "date of solemnization",
        ],
    ),
    _L(
        "marriage_date",
        "es",
        [
            "fecha de(?:l)? matrimonio",
            "fecha de (?:la )?celebracion",
            "fecha de casamiento",
            "celebrado el",
        ],
    ),
    _L(
        "marriage_place",
        "en",
        ["place of marriage", "place of ceremony", "marriage place", "city of marriage"],
    ),
    _L(
        "marriage_place",
        "es",
        ["lugar de(?:l)? matrimonio", "lugar de (?:la )?celebracion", "celebrado en"],
    ),
    # bank statement
    _L(
        "holder",
        "en",
        [
            "account holder(?: name)?",
            "primary account holder",
            "account name",
            "customer name",
            "name on account",
            "account owner",
        ],
    ),
    _L("holder", "es", ["nombre del titular", "titular de la cuenta", "nombre del cliente"]),
    _L("holder", "es", ["titular", "cliente"], strict=True),
    _L(
        "period",
        "en",
        ["statement period", "for the period", "statement dates", "period covered"],
    ),
    _L("period", "en", ["period"], strict=True),
    _L("period", "es", ["periodo"], strict=True),
    _L(
        "ending_balance",
        "en",
        [
            "ending balance",
            "closing balance",
            "new balance",
            "ending ledger balance",
            "balance at end of period",
        ],
    ),
    _L("ending_balance", "es", ["saldo final", "saldo al corte", "saldo al cierre"]),
    _L(
        "account",
        "en",
        [
            "account {no}",
            "account number",
            "account #",
            "acct {no}",
            "acct number",
            "account ending in",
        ],
    ),
    _L("account", "en", ["account"], strict=True),
    _L("account", "es", ["{no} de cuenta", "cuenta {no}"]),
    _L("account", "es", ["cuenta"], strict=True),
    # Labels we do not read, known so that they end the value before them.
    _L(
        "stop",
        "en",
        [
            "(?:father|mother|parent)'s (?:date of birth|birthplace|place of birth|age|birth date)",
            "beginning balance",
            "opening balance",
            "previous balance",
            "average (?:daily )?balance",
            "available balance",
            "total deposits",
            "deposits and (?:other )?additions",
            "withdrawals",
            "amount received",
            "alien number",
            "a#",
            "uscis a#",
            "time of birth",
            "marital status",
            "name of officiant",
            "officiant",
            "witness(?:es)?",
            "valid from",
            "date of registration",
            "date filed with registrar",
        ],
    ),
    _L(
        "stop",
        "en",
        ["sex", "gender", "age", "hour", "county", "race", "occupation", "address", "registrar"],
        strict=True,
    ),
    _L(
        "stop",
        "es",
        [
            "estado civil",
            "saldo inicial",
            "saldo anterior",
            "saldo promedio",
            "testigos?",
            "fecha de registro",
            "oficial del registro civil",
            "nacionalidad del padre",
            "nacionalidad de la madre",
        ],
    ),
    _L(
        "stop",
        "es",
        ["sexo", "edad", "hora", "domicilio", "direccion", "ocupacion", "curp", "clabe"],
        strict=True,
    ),
]

_DATE_KEYS = frozenset(
    {
        "notice_date",
        "received_date",
        "priority_date",
        "appointment_date",
        "birth_date",
        "expiry_date",
        "issue_date",
        "marriage_date",
        "period",
    }
)
_NAME_KEYS = frozenset({"generic_name", "full_name", "given"})

_LINE_START_OK = re.compile(r"\s*(?:\d{1,2}[a-z]?[.)]|[a-z][.)])?[\s\W_]{0,3}")
_COLON_AHEAD = re.compile(r"[ \t]*[:;]")
_GAP_AHEAD = re.compile(r"(?:\t| {2,}|[ \t]*(?:\n|$))")
_JUNK = " \t:;.,-#/|()*_~=+»«•·>[]{}\"'!¡¿?"
_COLGAP = re.compile(r"\t|\s{3,}")


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    keys: frozenset[str]
    lang: str | None


def _strict_ok(low: str, start: int, end: int) -> bool:
    """A common word ("Father", "Nombre") is a label only where a form would put one.

    That is: before a colon; or at the start of a line, between columns or after
    a bilingual "/" when nothing but a column gap or the end of the line follows.
    """
    if _COLON_AHEAD.match(low, end):
        return True
    if not _GAP_AHEAD.match(low, end) and not re.compile(r"[ \t]*/").match(low, end):
        return False
    line_start = low.rfind("\n", 0, start) + 1
    before = low[line_start:start]
    return bool(
        _LINE_START_OK.fullmatch(before)
        or re.search(r"/\s*$", before)
        or re.search(r"(?:\t| {2,})$", before)
    )


def _find_hits(low: str) -> list[_Hit]:
    found: list[tuple[int, int, _Label]] = []
    for label in _LABELS:
        for m in label.rx.finditer(low):
            if m.end() == m.start():
                continue
            if label.strict and not _strict_ok(low, m.start(), m.end()):
                continue
            found.append((m.start(), m.end(), label))
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    kept: list[tuple[int, int, _Label]] = []
    last_end = -1
    for start, end, label in found:
        if start >= last_end:
            kept.append((start, end, label))
            last_end = end
    hits: list[_Hit] = []
    for start, end, label in kept:
        if hits:
            prev = hits[-1]
            gap = low[prev.end : start]
            bilingual = re.fullmatch(r"[ \t]*[/|][ \t]*", gap)
            same = re.fullmatch(r"[ \t]{0,2}", gap) and prev.keys & label.keys
            if bilingual or same:
                lang = prev.lang if prev.lang == label.lang else None
                hits[-1] = _Hit(prev.start, end, prev.keys | label.keys, lang)
                continue
        hits.append(_Hit(start, end, label.keys, label.lang))
    return hits


# --------------------------------------------------------------------------
# Language cue (decides DD/MM vs MM/DD for numeric dates).

_ES_WORDS = frozenset(
    [
        "de",
        "del",
        "la",
        "el",
        "los",
        "las",
        "y",
        "nacimiento",
        "fecha",
        "nombre",
        "nombres",
        "apellido",
        "apellidos",
        "padre",
        "madre",
        "acta",
        "registro",
        "civil",
        "lugar",
        "matrimonio",
        "estado",
        "municipio",
        "republica",
        "oficialia",
        "certifica",
        "nacionalidad",
        "sexo",
        "hora",
        "dia",
        "mes",
        "ano",
        "contrayente",
        "contrayentes",
        "pasaporte",
        "vencimiento",
        "expedicion",
        "cuenta",
        "saldo",
        "periodo",
        "titular",
        "registrado",
        "registrada",
        "inscrito",
    ]
)
_EN_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "date",
        "birth",
        "name",
        "father",
        "mother",
        "certificate",
        "place",
        "county",
        "state",
        "notice",
        "receipt",
        "number",
        "marriage",
        "passport",
        "expiry",
        "issue",
        "account",
        "balance",
        "statement",
        "period",
        "child",
        "registrar",
        "issued",
        "type",
        "case",
        "received",
        "ending",
        "beginning",
        "deposits",
        "withdrawals",
        "page",
        "this",
        "spouse",
        "bride",
        "groom",
        "surname",
        "given",
        "maiden",
    ]
)


def _language(low: str) -> str | None:
    words = re.findall(r"[a-z]+", low)
    es = sum(w in _ES_WORDS for w in words)
    en = sum(w in _EN_WORDS for w in words)
    if es >= 3 and es >= 2 * en:
        return "es"
    if en >= 3 and en >= 2 * es:
        return "en"
    return None


# --------------------------------------------------------------------------
# Dates.

_MONTHS = {
    "january": 1, "jan": 1, "enero": 1, "ene": 1,
    "february": 2, "feb": 2, "febrero": 2,
    "march": 3, "mar": 3, "marzo": 3,
    "april": 4, "apr": 4, "abril": 4, "abr": 4,
    "may": 5, "mayo": 5,
    "june": 6, "jun": 6, "junio": 6,
    "july": 7, "jul": 7, "julio": 7,
    "august": 8, "aug": 8, "agosto": 8, "ago": 8,
    "september": 9, "sept": 9, "sep": 9, "septiembre": 9, "setiembre": 9, "set": 9,
    "october": 10, "oct": 10, "octubre": 10,
    "november": 11, "nov": 11, "noviembre": 11,
    "december": 12, "dec": 12, "diciembre": 12, "dic": 12,
}  # fmt: skip
_MONTH_RX = "(?:" + _phrases(list(_MONTHS)) + ")(?![a-z])"
_YEAR_RX = r"(?P<y>(?:19|20|21)\d\d)(?!\d)"
_DATE_PATTERNS = [
    (
        "dmy",
        re.compile(
            r"(?<![0-9a-z])(?P<d>[0-3]?\d)(?:st|nd|rd|th|ero|er|o|°)?[ \t\-/.,]*(?:del? )?"
            r"(?P<m>"
            + _MONTH_RX
            + r")\.?(?:[ \t]*/[ \t]*[a-z]{3,5}\.?)?[ \t\-/.,]*(?:del? )?"
            + _YEAR_RX
        ),
    ),
    (
        "mdy",
        re.compile(
            r"(?<![a-z])(?P<m>" + _MONTH_RX + r")\.?(?:[ \t]*/[ \t]*[a-z]{3,5}\.?)?[ \t\-/.,]*"
            r"(?P<d>[0-3]?\d)(?!\d)(?:st|nd|rd|th)?[ \t\-/.,]*" + _YEAR_RX
        ),
    ),
    (
        "iso",
        re.compile(r"(?<![\d/.\-])" + _YEAR_RX + r"-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?!\d)"),
    ),
    (
        "num",
        re.compile(
            r"(?<![\d/.\-])(?P<a>[0-3]?\d)[ \t]*(?P<s>[/.\-])[ \t]*(?P<b>[0-3]?\d)[ \t]*(?P=s)[ \t]*"
            + _YEAR_RX
        ),
    ),
]


def _month_of(token: str) -> tuple[int, bool] | None:
    tok = token.rstrip(".")
    if tok in _MONTHS:
        return _MONTHS[tok], False
    base = tok.replace("0", "o").replace("5", "s").replace("rn", "m")
    for a in "il":
        cand = re.sub(r"[1|!]", a, base)
        for alt in (cand, cand.replace("i", "l"), cand.replace("l", "i")):
            if alt in _MONTHS:
                return _MONTHS[alt], True
    return None


@dataclass
class _RawDate:
    start: int
    end: int
    y: int
    first: int  # month for textual/ISO dates, first number for numeric ones
    second: int
    numeric: bool
    repaired: bool


def _scan_dates(doc: _Doc, a: int, b: int) -> list[_RawDate]:
    found: list[_RawDate] = []
    for kind, rx in _DATE_PATTERNS:
        for m in rx.finditer(doc.dv, a, b):
            repaired = doc.dv[m.start() : m.end()] != doc.low[m.start() : m.end()]
            y = int(m.group("y"))
            if kind in ("dmy", "mdy"):
                month = _month_of(m.group("m"))
                if month is None:
                    continue
                found.append(
                    _RawDate(
                        m.start(),
                        m.end(),
                        y,
                        month[0],
                        int(m.group("d")),
                        False,
                        repaired or month[1],
                    )
                )
            elif kind == "iso":
                found.append(
                    _RawDate(
                        m.start(), m.end(), y, int(m.group("m")), int(m.group("d")), False, repaired
                    )
                )
            else:
                found.append(
                    _RawDate(
                        m.start(), m.end(), y, int(m.group("a")), int(m.group("b")), True, repaired
                    )
                )
    found.sort(key=lambda r: (r.start, -(r.end - r.start)))
    out: list[_RawDate] = []
    for r in found:
        if not out or r.start >= out[-1].end:
            out.append(r)
    return out


def _mkdate(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _resolve(raw: _RawDate, order: str | None) -> tuple[dt.date | None, bool, float]:
    """(date, ambiguous, adjustment) for a scanned date under a day/month order."""
    if not raw.numeric:
        return _mkdate(raw.y, raw.first, raw.second), False, 0.0
    a, b = raw.first, raw.second
    mdy, dmy = _mkdate(raw.y, a, b), _mkdate(raw.y, b, a)
    if mdy and dmy and a != b:
        if order == "dmy":
            return dmy, False, -CONVENTION
        if order == "mdy":
            return mdy, False, -CONVENTION
        return mdy, True, 0.0
    if mdy and not dmy:
        return mdy, False, (-CONTRADICTION if order == "dmy" else 0.0)
    if dmy and not mdy:
        return dmy, False, (-CONTRADICTION if order == "mdy" else 0.0)
    return mdy, False, 0.0  # a == b, or None when impossible either way


def parse_date(text: str, order: str | None = None) -> str | None:
    """The first date in ``text`` as ISO "YYYY-MM-DD", or None.

    ``order`` ("mdy" or "dmy") settles numeric dates such as 05/01/1990;
    without it an ambiguous numeric date gives None. Impossible dates and
    years outside 1900-2199 give None.
    """
    if order not in (None, "mdy", "dmy"):
        raise ValueError("order must be 'mdy', 'dmy' or None")
    doc = _Doc(text, None)
    dates = _scan_dates(doc, 0, len(doc.text))
    if not dates:
        return None
    when, ambiguous, _ = _resolve(dates[0], order)
    if when is None or ambiguous:
        return None
    return when.isoformat()


def _years_from_today(years: int) -> dt.date:
    today = dt.date.today()
    try:
        return today.replace(year=today.year + years)
    except ValueError:  # 29 February
        return today.replace(year=today.year + years, day=28)


def _bounds(field: str) -> tuple[dt.date, dt.date]:
    today = dt.date.today()
    if field in ("birth_date", "marriage_date"):
        return dt.date(1900, 1, 1), today
    if field == "issue_date":
        return dt.date(1950, 1, 1), today
    if field == "expiry_date":
        return dt.date(1950, 1, 1), _years_from_today(20)
    if field == "priority_date":
        return dt.date(1950, 1, 1), _years_from_today(1)
    if field.startswith("statement_period"):
        return dt.date(1980, 1, 1), _years_from_today(1)
    return dt.date(1975, 1, 1), _years_from_today(2)  # notices and appointments


# --------------------------------------------------------------------------
# The document being read.


@dataclass
class _Val:
    value: str | None  # None: something value-shaped was there but was rejected
    start: int
    end: int
    repaired: bool = False
    ambiguous: bool = False
    adjust: float = 0.0


@dataclass
class _Cand:
    name: str
    value: str
    confidence: float
    evidence: str
    pos: int


class _Doc:
    def __init__(self, text: str, kind: str | None) -> None:
        self.text = _prepare(text)
        self.low = _fold(self.text)
        self.up = _upper(self.low)
        self.dv = _digit_view(self.low)
        self.kind = kind
        self.lang = "en" if kind == "i797" else _language(self.low)
        self.hits = _find_hits(self.low)
        self._starts = [h.start for h in self.hits]
        self._newlines = [i for i, c in enumerate(self.text) if c == "\n"]

    # lines
    def line(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_left(self._newlines, pos)
        start = self._newlines[i - 1] + 1 if i > 0 else 0
        end = self._newlines[i] if i < len(self._newlines) else len(self.text)
        return start, end

    def next_line(self, line_end: int, limit: int = 3) -> tuple[int, int] | None:
        pos = line_end
        for _ in range(limit):
            if pos >= len(self.text):
                return None
            start, end = self.line(pos + 1)
            if self.text[start:end].strip(_JUNK):
                return start, end
            pos = end
        return None

    def prev_line(self, line_start: int) -> tuple[int, int] | None:
        pos = line_start - 1
        for _ in range(2):
            if pos < 0:
                return None
            start, end = self.line(pos)
            if self.text[start:end].strip(_JUNK):
                return start, end
            pos = start - 1
        return None

    def hits_in(self, a: int, b: int) -> list[_Hit]:
        i = bisect.bisect_left(self._starts, a)
        j = bisect.bisect_left(self._starts, b)
        return self.hits[i:j]

    def columns(self, a: int, b: int) -> list[tuple[int, int]]:
        cols, pos = [], a
        for m in _COLGAP.finditer(self.text, a, b):
            if self.text[pos : m.start()].strip():
                cols.append((pos, m.start()))
            pos = m.end()
        if self.text[pos:b].strip():
            cols.append((pos, b))
        return cols

    def labelled_by(self, pos: int, keys: frozenset[str]) -> _Hit | None:
        """A label with one of ``keys`` just before ``pos`` on its line, or on the line above."""
        start, _ = self.line(pos)
        before = self.hits_in(start, pos)
        if before:
            return before[-1] if before[-1].keys & keys and before[-1].end <= pos else None
        prev = self.prev_line(start)
        if prev:
            for hit in self.hits_in(*prev):
                if hit.keys & keys:
                    return hit
        return None

    def order(self, hit: _Hit | None) -> str | None:
        lang = self.lang or (hit.lang if hit else None)
        return {"en": "mdy", "es": "dmy"}.get(lang or "")

    def evidence(self, a: int, b: int, value: tuple[int, int] | None = None) -> str:
        s = _collapse(self.text[a:b])
        if len(s) > EVIDENCE_MAX and value and value[0] > a:
            head = _collapse(self.text[a : min(b, value[0])])
            val = _collapse(self.text[value[0] : value[1]])
            s = _clip(head, max(10, EVIDENCE_MAX - len(val) - 3)) + " … " + val
        return _clip(s)

    def context(self, a: int, b: int, around: int = 20) -> str:
        ls, _ = self.line(a)
        _, le = self.line(b)
        return _snippet(self.text, ls, le, a, b, around, around)


def _snippet(text: str, ls: int, le: int, a: int, b: int, before: int, after: int) -> str:
    """text[a:b] with some context on its line, not cut mid-word."""
    start, end = max(ls, a - before), min(le, b + after)
    while ls < start < a and not text[start - 1].isspace():
        start += 1
    while b < end < le and not text[end].isspace():
        end -= 1
    return _clip(_collapse(text[start:end]))


def _blank(s: str) -> bool:
    s = re.sub(r"\([^)\n]{0,40}\)", " ", s)
    return not s.strip(_JUNK)


def _read_same(doc: _Doc, hit: _Hit, parser) -> tuple[_Val | None, int, bool]:
    """Value after ``hit`` on its own line: (value, window end, window was blank)."""
    _, le = doc.line(hit.start)
    later = doc.hits_in(hit.end, le)
    wend = later[0].start if later else le
    vals = parser(doc, hit.end, wend, hit)
    if vals:
        return (vals[0] if vals[0].value is not None else None), wend, False
    return None, wend, _blank(doc.text[hit.end : wend])


def _read(
    doc: _Doc,
    hit: _Hit,
    parser,
    *,
    date: bool = False,
    follow: frozenset[str] = frozenset(),
    cont: bool = False,
) -> _Val | None:
    """Read the value of a labelled field: same line, else the next line (by column)."""
    val, wend, blank = _read_same(doc, hit, parser)
    ls, le = doc.line(hit.start)
    if val is not None:
        tail = doc.text[val.start : wend].rstrip()[-1:]
        if cont and wend == le and tail in (",", "-"):
            val = _continue(doc, val, parser, hit, joiner=tail)
        return val
    if not blank:
        return None
    nxt = doc.next_line(le)
    if nxt is None:
        return None
    ns, ne = nxt
    on_next = doc.hits_in(ns, ne)
    first = on_next[0] if on_next else None
    if first and not doc.text[ns : first.start].strip(_JUNK):
        if follow & first.keys:
            v2, _, _ = _read_same(doc, first, parser)
            if v2 is not None:
                v2.adjust -= NEXT_LINE
            return v2
        return None
    ne = first.start if first else ne
    line_hits = [h for h in doc.hits_in(ls, le) if not date or h.keys & _DATE_KEYS or h is hit]
    n, i = len(line_hits), line_hits.index(hit)
    cols = doc.columns(ns, ne)
    if not cols:
        return None
    adjust = -NEXT_LINE
    if n == 1:
        vals = parser(doc, ns, ne, hit) if date else parser(doc, *cols[0], hit)
    elif len(cols) == n:
        vals = parser(doc, *cols[i], hit)
    elif date:
        every = parser(doc, ns, ne, hit)
        if len(every) == n:
            vals = [every[i]]
        elif i < len(every):
            vals, adjust = [every[i]], adjust - COLUMN_GUESS
        else:
            return None
    else:
        return None
    if not vals or vals[0].value is None:
        return None
    vals[0].adjust += adjust
    return vals[0]


def _continue(doc: _Doc, val: _Val, parser, hit: _Hit, joiner: str) -> _Val:
    """A value broken over two lines ("San Pedro Sula," / "Cortés, Honduras")."""
    _, le = doc.line(val.start)
    nxt = doc.next_line(le, limit=1)
    if not nxt:
        return val
    ns, ne = nxt
    on_next = doc.hits_in(ns, ne)
    if on_next and not doc.text[ns : on_next[0].start].strip(_JUNK):
        return val
    end = on_next[0].start if on_next else ne
    more = parser(doc, ns, end, hit)
    if not more or more[0].value is None:
        return val
    sep = "" if joiner == "-" else ", "
    assert val.value is not None
    return _Val(
        val.value + sep + more[0].value,
        val.start,
        more[0].end,
        val.repaired or more[0].repaired,
        adjust=val.adjust - NEXT_LINE,
    )


def _score(labelled: bool, v: _Val, extra: float = 0.0) -> float:
    c = LABELLED if labelled else UNLABELLED
    if v.repaired:
        c -= LABELLED - REPAIRED
    c += v.adjust + extra
    if v.ambiguous:
        c = min(c, AMBIGUOUS)
    return max(0.0, min(1.0, c))


def _labelled(
    doc: _Doc,
    key: str,
    field: str,
    parser,
    *,
    date: bool = False,
    follow: frozenset[str] = frozenset(),
    generic: bool = False,
    cont: bool = False,
) -> list[_Cand]:
    out = []
    for hit in doc.hits:
        if key not in hit.keys:
            continue
        v = _read(doc, hit, parser, date=date, follow=follow, cont=cont)
        if v is None or v.value is None:
            continue
        conf = _score(True, v, -GENERIC_LABEL if generic else 0.0)
        inner = doc.hits_in(doc.line(v.start)[0], v.start)
        start = inner[-1].start if inner and inner[-1] != hit else v.start
        if doc.line(v.start) == doc.line(hit.start) or not doc.text[hit.end : start].strip(
            _JUNK + "\n"
        ):
            ev = doc.evidence(hit.start, v.end, (v.start, v.end))
        else:  # other text between: the label, then the value (with its own label, if any)
            label = _collapse(doc.text[hit.start : hit.end])
            ev = _clip(label + " … " + _collapse(doc.text[start : v.end]))
        out.append(_Cand(field, v.value, conf, ev, hit.start))
    return out


def _best(cands: list[_Cand]) -> _Cand | None:
    best = None
    for c in cands:
        if best is None or c.confidence > best.confidence:
            best = c
    return best


def _combine(name: str, parts: list[_Cand], sep: str = " ") -> _Cand:
    return _Cand(
        name,
        sep.join(p.value for p in parts),
        min(p.confidence for p in parts),
        _clip(" … ".join(p.evidence for p in parts)),
        min(p.pos for p in parts),
    )


def _renamed(c: _Cand, name: str, extra: float = 0.0) -> _Cand:
    return _Cand(name, c.value, max(0.0, c.confidence + extra), c.evidence, c.pos)


# --------------------------------------------------------------------------
# Value parsers: (doc, window start, window end, label hit) -> [values].

_LEAD = re.compile(r"[\s:;.,\-#/|*_~=+»«•·>\[\]{}\"'!¡¿?]+")
_PAREN = re.compile(r"\([^)\n]{0,40}\)")
_TO_UPPER_LETTER = {"0": "O", "1": "I", "5": "S", "8": "B", "6": "G", "4": "A", "|": "I", "!": "I"}
_TO_LOWER_LETTER = {"0": "o", "1": "i", "5": "s", "8": "b", "6": "g", "4": "a", "|": "l", "!": "i"}
_WORD_PUNCT = "-'.,"
_BLANK_VALUES = frozenset(
    [
        "n/a",
        "na",
        "none",
        "unknown",
        "not applicable",
        "not stated",
        "desconocido",
        "desconocida",
        "no aplica",
        "no consta",
        "ninguno",
        "ninguna",
    ]
)
_FORM_WORDS = frozenset(
    [
        "first",
        "middle",
        "last",
        "given",
        "family",
        "name",
        "names",
        "surname",
        "nombre",
        "nombres",
        "apellido",
        "apellidos",
        "of",
        "the",
        "de",
        "del",
        "la",
        "and",
        "y",
    ]
)
_PARTICLES = frozenset(
    [
        "de",
        "del",
        "la",
        "las",
        "los",
        "y",
        "e",
        "da",
        "das",
        "do",
        "dos",
        "di",
        "van",
        "von",
        "der",
        "den",
        "le",
        "du",
        "al",
        "bin",
        "ben",
        "ibn",
        "of",
        "the",
        "and",
    ]
)
_TAIL_STOP = frozenset(["el", "the", "on", "en", "a", "de", "del", "y", "and", "at", "in"])


def _skip_lead(text: str, p: int, b: int) -> int:
    while p < b:
        m = _LEAD.match(text, p, b)
        if m and m.end() > p:
            p = m.end()
            continue
        m = _PAREN.match(text, p, b)
        if m:
            p = m.end()
            continue
        break
    return p


def _words(doc: _Doc, a: int, b: int, *, max_words: int, place: bool) -> _Val | None:
    """Clean a run of words (a name or a place) out of a window of noisy text."""
    text = doc.text
    p = _skip_lead(text, a, b)
    gap = _COLGAP.search(text, p, b)
    if gap:
        b = gap.start()
    words: list[tuple[int, int, str]] = []
    repaired = False
    pending_junk = False
    for m in re.finditer(r"\S+", text[:b]):
        if m.start() < p:
            continue
        tok = m.group()
        if tok == ":" or (tok.endswith(":") and len(tok) > 1):
            if tok == ":" and words:
                words.pop()
            break  # an unknown label ("Sexo:") starts here
        if tok.startswith("(") and not place:
            break
        letters = sum(c.isalpha() for c in tok)
        digits = sum(c.isdigit() for c in tok)
        if digits and digits >= letters:  # a number ("1990", "12th"), not a misread word
            break
        if not letters:
            pending_junk = True
            continue
        upper = sum(c.isupper() for c in tok) * 2 >= letters
        table = _TO_UPPER_LETTER if upper else _TO_LOWER_LETTER
        inner = range(1, len(tok) - 1)
        chars = []
        for i, c in enumerate(tok):
            if c.isalpha() or c in _WORD_PUNCT or (place and c in "()"):
                chars.append(c)
            elif c.isdigit() or (c in "|!" and i in inner):
                letter = table.get(c, "")
                if c in "1|" and "11" in tok[max(0, i - 1) : i + 2]:
                    letter = "L" if upper else "l"  # "Mi11er": a double l, not a double i
                chars.append(letter)
                repaired = True
            elif i in inner:
                repaired = True  # a stray character inside a word
        clean = "".join(chars)
        if not words:
            clean = clean.lstrip(_WORD_PUNCT)
        if not clean.strip(_WORD_PUNCT):
            continue
        if pending_junk and words:
            repaired = True
        pending_junk = False
        words.append((m.start(), m.end(), clean))
        if len(words) > max_words:
            return None
    while words and (
        words[-1][2].lower().strip(_WORD_PUNCT) in _TAIL_STOP or not words[-1][2].strip(_WORD_PUNCT)
    ):
        words.pop()
    if not words:
        return None
    value = " ".join(w for _, _, w in words)
    value = re.sub(r"\s+,", ",", value).strip(" ,-'")
    value = re.sub(r",(?=\S)", ", ", value) if place else value
    folded = _fold(value).strip(".")
    if folded in _BLANK_VALUES or sum(c.isalpha() for c in value) < 2:
        return None
    tokens = re.findall(r"[a-z]+", folded)
    if all(t in _FORM_WORDS for t in tokens):
        return None
    ambiguous = False
    if not place:
        if tokens[0] in _PARTICLES:
            return None
        # A name is capitalised; lower-case words suggest prose, not a name.
        ambiguous = any(
            w[:1].islower() and _fold(w).strip(_WORD_PUNCT) not in _PARTICLES for _, _, w in words
        )
    return _Val(value, words[0][0], words[-1][1], repaired, ambiguous)


def _p_name(doc: _Doc, a: int, b: int, hit: _Hit | None) -> list[_Val]:
    v = _words(doc, a, b, max_words=8, place=False)
    return [v] if v else []


def _p_place(doc: _Doc, a: int, b: int, hit: _Hit | None) -> list[_Val]:
    v = _words(doc, a, b, max_words=12, place=True)
    return [v] if v else []


def _p_short(doc: _Doc, a: int, b: int, hit: _Hit | None) -> list[_Val]:
    v = _words(doc, a, b, max_words=3, place=True)
    return [v] if v else []


def _p_date(field: str):
    lo, hi = _bounds(field)

    def parse(doc: _Doc, a: int, b: int, hit: _Hit | None) -> list[_Val]:
        out = []
        for raw in _scan_dates(doc, a, b):
            when, ambiguous, adjust = _resolve(raw, doc.order(hit))
            ok = when is not None and lo <= when <= hi
            out.append(
                _Val(
                    when.isoformat() if ok and when else None,
                    raw.start,
                    raw.end,
                    raw.repaired,
                    ambiguous,
                    adjust,
                )
            )
        return out

    return parse


def _p_regno(doc: _Doc, a: int, b: int, hit: _Hit | None) -> list[_Val]:
    p = _skip_lead(doc.text, a, b)
    m = re.compile(r"\S+").match(doc.text, p, b)
    if not m:
        return []
    tok = m.group().rstrip(".,;:")
    if sum(c.isdigit() for c in tok) < 3 or not re.fullmatch(
        r"[A-Za-z0-9][A-Za-z0-9\-/.]{1,24}", tok
    ):
        return []
    return [_Val(tok.upper(), m.start(), m.start() + len(tok))]


def _p_docno(doc: _Doc, a: int, b: int, hit: _Hit | None) -> list[_Val]:
    """A passport number: 6-10 letters/digits, mostly digits; OCR may split it."""
    p = _skip_lead(doc.up, a, b)
    toks = list(re.compile(r"\S+").finditer(doc.up, p, b))[:3]
    joined = ""
    for i, m in enumerate(toks):
        joined += m.group().strip(".,;:")
        if re.fullmatch(r"[A-Z0-9]{6,10}", joined) and sum(c.isdigit() for c in joined) >= 5:
            return [_Val(joined, toks[0].start(), m.end(), repaired=i > 0)]  # joined: a guess
        if len(joined) >= 6:
            break
    return []


_AMOUNT = re.compile(
    r"(?<![\w.,])(?P<neg>-|\()?[ \t]?(?P<cur>US\$|\$|USD|MXN|MN|S(?=\d))?[ \t]?"
    r"(?P<num>\d{1,3}(?:[,.' ]\d{3})+(?:[.,]\d{2})?|\d+(?:[.,]\d{2})?)(?![\d])"
    r"(?P<close>\))?"
)


def _norm_amount(m: re.Match[str]) -> tuple[str, bool, float] | None:
    num = m.group("num")
    cur = m.group("cur")
    dec = re.search(r"[.,](\d{2})$", num)
    if not cur and not dec:
        return None
    intpart = num[: dec.start()] if dec else num
    cents = dec.group(1) if dec else "00"
    seps = set(re.findall(r"[,.' ]", intpart))
    repaired = cur == "S"
    adjust = 0.0
    if len(seps) > 1 or (dec and seps and num[dec.start()] in seps):
        repaired = True  # "12.345.67": a comma read as a point
    elif seps == {" "} or seps == {"'"}:
        adjust = -SPACING
    digits = re.sub(r"\D", "", intpart).lstrip("0") or "0"
    neg = m.group("neg") == "-" or (m.group("neg") == "(" and m.group("close"))
    return ("-" if neg else "") + digits + "." + cents, repaired, adjust


def _p_amount(doc: _Doc, a: int, b: int, hit: _Hit | None) -> list[_Val]:
    seg = list(doc.text[a:b])
    for r in _scan_dates(doc, a, b):  # "Ending balance on 01/31/2026 $12,345.67"
        seg[r.start - a : r.end - a] = " " * (r.end - r.start)
    text = "".join(seg)
    for m in _AMOUNT.finditer(text):
        norm = _norm_amount(m)
        if norm:
            return [_Val(norm[0], a + m.start(), a + m.end(), norm[1], adjust=norm[2])]
    return []


_ACCOUNT_NUM = re.compile(r"(?<![\w/])(?:[x*•#.\d](?:[ \-]?[x*•#.\d]){3,})(?![\w/])")


def _p_last4(doc: _Doc, a: int, b: int, hit: _Hit | None) -> list[_Val]:
    for m in _ACCOUNT_NUM.finditer(doc.dv, a, b):
        digits = re.sub(r"\D", "", m.group())
        if len(digits) >= 4:
            repaired = doc.dv[m.start() : m.end()] != doc.low[m.start() : m.end()]
            return [_Val(digits[-4:], m.start(), m.end(), repaired)]
    return []


# --------------------------------------------------------------------------
# I-797.

_KNOWN_PREFIXES = frozenset(
    [
        "EAC",
        "WAC",
        "LIN",
        "SRC",
        "NBC",
        "MSC",
        "IOE",
        "YSC",
        "TSC",
        "VSC",
        "CSC",
        "NSC",
        "PSC",
        "ZLA",
        "ZSF",
        "ZNY",
        "ZNK",
        "ZHN",
        "ZMI",
        "ZAR",
        "ZCH",
        "ZBO",
        "ZOL",
        "ZDC",
    ]
)
_RECEIPT = re.compile(
    r"(?<![A-Z0-9])([A-Z0-9|][ \t]?[A-Z0-9|][ \t]?[A-Z0-9|])([ \t\-.:]{0,2})"
    r"((?:[0-9OQDILSBZ|][ \t\-]?){9}[0-9OQDILSBZ|])(?![A-Z0-9])"
)
_TO_DIGIT = str.maketrans(
    {"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "|": "1", "S": "5", "B": "8", "Z": "2"}
)
_TO_LETTER = str.maketrans({"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "|": "I"})


def _receipts(doc: _Doc) -> list[_Cand]:
    out = []
    receipt = frozenset({"receipt"})
    for m in _RECEIPT.finditer(doc.up):
        pre_raw, sep, dig_raw = m.group(1), m.group(2), m.group(3)
        pre = re.sub(r"\s", "", pre_raw)
        digs = re.sub(r"[\s\-]", "", dig_raw)
        real_digits = sum(c.isdigit() for c in digs)
        if real_digits < 6 or not any(c.isalpha() for c in pre):
            continue
        fixed_pre, fixed_digs = pre.translate(_TO_LETTER), digs.translate(_TO_DIGIT)
        known = fixed_pre in _KNOWN_PREFIXES
        if real_digits < 7 and not known:
            continue
        if not fixed_pre.isalpha() or (fixed_pre != pre and not known):
            continue
        spacing = pre != pre_raw or digs != dig_raw or bool(sep)
        adjust = (KNOWN_PREFIX if known else -UNKNOWN_PREFIX) - (SPACING if spacing else 0.0)
        v = _Val(
            fixed_pre + fixed_digs,
            m.start(),
            m.end(),
            fixed_pre != pre or fixed_digs != digs,
            adjust=adjust,
        )
        hit = doc.labelled_by(m.start(), receipt)
        out.append(
            _Cand(
                "receipt_number",
                v.value or "",
                _score(hit is not None, v),
                _ev(doc, hit, m),
                m.start(),
            )
        )
    return out


def _ev(doc: _Doc, hit: _Hit | None, m: re.Match[str]) -> str:
    """Evidence for a pattern match, with its label when it has one."""
    if hit is None:
        return doc.context(m.start(), m.end())
    if doc.line(hit.start) == doc.line(m.start()):
        return doc.evidence(hit.start, m.end(), (m.start(), m.end()))
    label = _collapse(doc.text[hit.start : hit.end])
    return _clip(label + " … " + doc.context(m.start(), m.end(), 0))


_KNOWN_FORMS = frozenset(
    [
        "I-90",
        "I-102",
        "I-129",
        "I-129F",
        "I-130",
        "I-130A",
        "I-131",
        "I-131A",
        "I-134",
        "I-140",
        "I-191",
        "I-192",
        "I-212",
        "I-290B",
        "I-360",
        "I-407",
        "I-485",
        "I-485J",
        "I-526",
        "I-526E",
        "I-539",
        "I-589",
        "I-590",
        "I-600",
        "I-600A",
        "I-601",
        "I-601A",
        "I-612",
        "I-687",
        "I-690",
        "I-698",
        "I-730",
        "I-751",
        "I-765",
        "I-765V",
        "I-800",
        "I-800A",
        "I-817",
        "I-821",
        "I-821D",
        "I-824",
        "I-829",
        "I-864",
        "I-864A",
        "I-865",
        "I-881",
        "I-907",
        "I-912",
        "I-914",
        "I-918",
        "I-924",
        "I-929",
        "I-941",
        "I-956",
        "N-300",
        "N-336",
        "N-400",
        "N-426",
        "N-470",
        "N-565",
        "N-600",
        "N-600K",
        "N-648",
    ]
)
_NOT_CASE_FORMS = re.compile(r"I-(?:797[A-E]?|94|20)$")
_FORM = re.compile(
    r"(?<![A-Z0-9])(?P<p>[IN1L|])(?P<sep>[ \t]?-[ \t]?|[ \t.]?)(?P<d>[0-9O]{2,3})(?P<s>[A-Z])?(?![A-Z0-9])"
)
_FORM_WORD = re.compile(r"(?<![a-z])f[o0]rm[ \t]*[#:.]?[ \t]*$")


def _forms(doc: _Doc) -> list[_Cand]:
    out = []
    case = frozenset({"case_type"})
    for m in _FORM.finditer(doc.up):
        p, d, s = m.group("p"), m.group("d"), m.group("s") or ""
        prefix = {"1": "I", "L": "I", "|": "I"}.get(p, p)
        digits = d.replace("O", "0")
        repaired = prefix != p or digits != d
        if repaired and not m.group("sep").strip():
            continue  # "1 130" or "L130": too weak to repair without a hyphen
        value = f"{prefix}-{digits}{s}"
        if value not in _KNOWN_FORMS and f"{prefix}-{digits}" in _KNOWN_FORMS and s:
            continue  # "I-130 A..." glued to a word
        if _NOT_CASE_FORMS.match(value):
            continue
        known = value in _KNOWN_FORMS
        ls, _ = doc.line(m.start())
        hit = doc.labelled_by(m.start(), case)
        labelled = hit is not None or bool(_FORM_WORD.search(doc.low, ls, m.start()))
        if not known and (not labelled or repaired):
            continue
        v = _Val(value, m.start(), m.end(), repaired, adjust=0.0 if known else -UNKNOWN_FORM)
        conf = _score(labelled, v)
        ev = _ev(doc, hit, m)
        out.append(_Cand("form", value, conf, ev, m.start()))
    return out


_NOTICE_TYPES = [
    ("receipt", ["receipt notice"]),
    ("approval", ["approval notice"]),
    ("appointment", ["(?:asc )?appointment notice", "biometrics? appointment"]),
    ("interview", ["interview notice", "appear for (?:an )?(?:initial )?interview"]),
    ("rfe", ["request for (?:initial )?evidence"]),
    ("noid", ["notice of intent to deny"]),
    ("transfer", ["transfer notice"]),
    ("rejection", ["rejection notice"]),
    ("reschedule", ["reschedule notice", "rescheduled appointment"]),
    ("welcome", ["welcome notice"]),
]
_NOTICE_RX = [
    (t, re.compile(r"(?<![a-z])(?:" + _phrases(ps) + r")(?![a-z])")) for t, ps in _NOTICE_TYPES
]
_NOTICE_WORDS = [
    (t, re.compile(r"(?<![a-z])" + _fuzz(w) + r"(?![a-z])"))
    for t, w in [
        ("receipt", "receipt"),
        ("approval", "approval"),
        ("appointment", "appointment"),
        ("appointment", "biometrics?"),
        ("interview", "interview"),
        ("rfe", "request for evidence"),
        ("rfe", "rfe"),
        ("transfer", "transfer"),
        ("rejection", "rejection"),
        ("reschedule", "reschedule"),
        ("welcome", "welcome"),
    ]
]


def _p_notice_type(doc: _Doc, a: int, b: int, hit: _Hit | None) -> list[_Val]:
    best = None
    for typ, rx in _NOTICE_WORDS:
        m = rx.search(doc.low, a, b)
        if m and (best is None or m.start() < best[1]):
            best = (typ, m.start(), m.end())
    if best is None:
        return []
    repaired = not re.fullmatch(r"[a-z ]+", doc.low[best[1] : best[2]])  # "rece1pt"
    return [_Val(best[0], best[1], best[2], repaired)]


def _notice_type(doc: _Doc) -> list[_Cand]:
    out = _labelled(doc, "notice_type", "notice_type", _p_notice_type)
    found = sorted((m.start(), m.end(), t) for t, rx in _NOTICE_RX for m in rx.finditer(doc.low))
    types = {t for _, _, t in found}
    if found:
        start, end, typ = found[0]
        v = _Val(typ, start, end, ambiguous=len(types) > 1)
        out.append(_Cand("notice_type", typ, _score(False, v), doc.context(start, end), start))
    return out


def _x_i797(doc: _Doc) -> list[_Cand]:
    out = _receipts(doc) + _notice_type(doc) + _forms(doc)
    for field in ("notice_date", "received_date", "priority_date", "appointment_date"):
        out += _labelled(doc, field, field, _p_date(field), date=True)
    for role in ("beneficiary", "applicant", "petitioner"):
        out += _labelled(doc, role, role, _p_name)
    return out


# --------------------------------------------------------------------------
# Birth certificates.


def _names(doc: _Doc) -> dict[str, _Cand | None]:
    full = _best(_labelled(doc, "full_name", "full_name", _p_name))
    given = _best(_labelled(doc, "given", "given_names", _p_name))
    middle = _best(_labelled(doc, "middle", "middle_name", _p_name))
    surname = _best(_labelled(doc, "surname", "surname", _p_name))
    generic = _best(_labelled(doc, "generic_name", "full_name", _p_name, generic=True))
    if surname is None:
        first = _best(_labelled(doc, "surname1", "surname", _p_name))
        second = _best(_labelled(doc, "surname2", "surname", _p_name))
        parts = [p for p in (first, second) if p]
        surname = _combine("surname", parts) if parts else None
    if given and middle:
        given = _combine("given_names", [given, middle])
    if surname and not given and generic:
        given = _renamed(generic, "given_names")
        generic = None
    if full is None and given and surname:
        full = _combine("full_name", [given, surname])
    if full is None and generic:
        full = generic
    return {"full_name": full, "given_names": given, "surname": surname}


def _x_birth(doc: _Doc) -> list[_Cand]:
    names = _names(doc)
    out = [c for c in (names["full_name"], names["given_names"], names["surname"]) if c]
    out += _labelled(doc, "birth_date", "birth_date", _p_date("birth_date"), date=True)
    out += _labelled(doc, "birth_place", "birth_place", _p_place, cont=True)
    out += _labelled(doc, "father", "father_name", _p_name, follow=_NAME_KEYS)
    out += _labelled(doc, "mother", "mother_name", _p_name, follow=_NAME_KEYS)
    out += _labelled(doc, "registration", "registration_number", _p_regno)
    return out


# --------------------------------------------------------------------------
# Passports (visual zone).


def _x_passport(doc: _Doc) -> list[_Cand]:
    out = _labelled(doc, "passport_number", "passport_number", _p_docno)
    names = _names(doc)
    out += [c for c in (names["surname"], names["given_names"], names["full_name"]) if c]
    for field in ("birth_date", "issue_date", "expiry_date"):
        out += _labelled(doc, field, field, _p_date(field), date=True)
    out += _labelled(doc, "birth_place", "birth_place", _p_place, cont=True)
    out += _labelled(doc, "nationality", "nationality", _p_short)
    return out


# --------------------------------------------------------------------------
# Marriage certificates.


def _x_marriage(doc: _Doc) -> list[_Cand]:
    chosen: list[_Cand] = []
    for key in ("spouse1", "spouse2"):
        c = _best(_labelled(doc, key, "spouse_names", _p_name, follow=_NAME_KEYS))
        if c:
            chosen.append(c)
    if len(chosen) < 2:
        pool = sorted(
            _labelled(doc, "spouse", "spouse_names", _p_name, follow=_NAME_KEYS)
            + _labelled(doc, "full_name", "spouse_names", _p_name)
            + _labelled(doc, "generic_name", "spouse_names", _p_name, generic=True),
            key=lambda c: c.pos,
        )
        for c in pool:
            if len(chosen) >= 2:
                break
            if all(_fold(c.value) != _fold(x.value) for x in chosen):
                chosen.append(c)
    out = []
    if chosen:
        pair = _combine("spouse_names", sorted(chosen, key=lambda c: c.pos), "; ")
        if len(chosen) < 2:
            pair.confidence = min(pair.confidence, UNLABELLED)
        out.append(pair)
    out += _labelled(doc, "marriage_date", "marriage_date", _p_date("marriage_date"), date=True)
    out += _labelled(doc, "marriage_place", "marriage_place", _p_place, cont=True)
    out += _labelled(doc, "registration", "registration_number", _p_regno)
    return out


# --------------------------------------------------------------------------
# Bank statements.

_MASK = re.compile(r"(?<![\dA-Za-z])\d(?:[ \-]?\d){5,}(?![\d])(?![.,]\d)")
_MASKED_ACCOUNT = re.compile(r"(?:[x*•#]{3,}|\.{3,})[ \-]?(\d{4})(?!\d)")
_PERIOD_JOIN = re.compile(r"[ \t]*(?:-|to|through|thru|al|a|hasta)[ \t]*", re.IGNORECASE)


def _mask(s: str) -> str:
    def hide(m: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", m.group())
        return "*" * (len(digits) - 4) + digits[-4:]

    return _MASK.sub(hide, s)


def _period(doc: _Doc) -> list[_Cand]:
    out: list[_Cand] = []
    start_p = _p_date("statement_period_start")
    for hit in doc.hits:
        if "period" not in hit.keys:
            continue
        _, le = doc.line(hit.start)
        later = doc.hits_in(hit.end, le)
        wend = later[0].start if later else le
        vals = start_p(doc, hit.end, wend, hit)
        extra = 0.0
        if not vals and _blank(doc.text[hit.end : wend]):
            nxt = doc.next_line(le)
            if nxt:
                vals, extra = start_p(doc, *nxt, hit), -NEXT_LINE
        out += _period_pair(doc, vals, hit.start, True, extra)
        if out:
            return out
    for nl_start in [0] + [i + 1 for i in doc._newlines]:  # unlabelled: "01/01/2026 - 01/31/2026"
        _, le = doc.line(nl_start)
        vals = start_p(doc, nl_start, le, None)
        for x, y in itertools.pairwise(vals):
            if _PERIOD_JOIN.fullmatch(doc.text[x.end : y.start]):
                out += _period_pair(doc, [x, y], x.start, False, 0.0)
                if out:
                    return out
    return out


def _period_pair(
    doc: _Doc, vals: list[_Val], ev_start: int, labelled: bool, extra: float
) -> list[_Cand]:
    if len(vals) < 2 or vals[0].value is None or vals[1].value is None:
        return []
    first, last = vals[0], vals[1]
    assert first.value and last.value
    if first.value > last.value:
        return []
    span = dt.date.fromisoformat(last.value) - dt.date.fromisoformat(first.value)
    ev = doc.evidence(ev_start, last.end, (first.start, last.end))
    out = []
    for name, v in (("statement_period_start", first), ("statement_period_end", last)):
        if span.days > 400:
            v.ambiguous = True
        out.append(_Cand(name, v.value or "", _score(labelled, v, extra), ev, ev_start))
    return out


def _x_bank(doc: _Doc) -> list[_Cand]:
    holder = _labelled(doc, "holder", "account_holder", _p_name, follow=_NAME_KEYS)
    if not holder:
        holder = _labelled(doc, "generic_name", "account_holder", _p_name, generic=True)
    out = holder + _period(doc)
    out += _labelled(doc, "ending_balance", "ending_balance", _p_amount)
    out += _labelled(doc, "account", "account_last4", _p_last4)
    for m in _MASKED_ACCOUNT.finditer(doc.dv):
        v = _Val(m.group(1), m.start(), m.end())
        out.append(
            _Cand(
                "account_last4",
                m.group(1),
                _score(False, v),
                doc.context(m.start(), m.end()),
                m.start(),
            )
        )
    for c in out:
        c.evidence = _mask(c.evidence)
    return out


_EXTRACTORS = {
    "i797": _x_i797,
    "birth_certificate": _x_birth,
    "passport": _x_passport,
    "bank_statement": _x_bank,
    "marriage_certificate": _x_marriage,
}


# --------------------------------------------------------------------------
# Guessing the kind.


def _cues(*pairs: tuple[str, int]) -> list[tuple[re.Pattern[str], int]]:
    return [(re.compile(r"(?<![a-z0-9])(?:" + _fuzz(p) + r")(?![a-z])", re.M), w) for p, w in pairs]


_KIND_CUES = {
    "i797": _cues(
        ("i ?-? ?797[a-e]?", 4),
        ("notice of action", 3),
        ("citizenship and immigration services", 2),
        ("uscis", 2),
        ("receipt number", 2),
        ("notice date", 2),
        ("case type", 2),
        ("received date", 1),
        ("priority date", 1),
        ("beneficiary", 1),
        ("petitioner", 1),
        ("(?:receipt|approval|appointment|transfer|rejection) notice", 2),
        ("department of homeland security", 1),
    ),
    "birth_certificate": _cues(
        ("(?:certificate|certification) of (?:live )?birth", 4),
        ("birth certificate", 4),
        ("(?:acta|certificado|certificacion|partida|constancia|extracto) de nacimiento", 4),
        ("vital (?:records?|statistics)", 2),
        ("registro (?:del estado )?civil", 2),
        ("registro nacional de las personas|renap|reniec|registro nacional de personas", 2),
        ("name of child|child's name|nombre del (?:registrad|inscrit)[oa]|persona registrada", 2),
        ("mother's (?:maiden )?name|nombre de la madre", 1),
        ("father's name|nombre del padre", 1),
        ("place of birth|lugar de nacimiento", 1),
        ("state file (?:number|no.)|{no} de acta", 2),
    ),
    "passport": _cues(
        ("passport|pasaporte|passeport", 4),
        ("date of expiry|fecha de (?:vencimiento|caducidad|expiracion)", 3),
        ("date of issue|fecha de (?:expedicion|emision)", 1),
        ("nationality|nacionalidad", 1),
        ("authority|autoridad", 1),
        ("^p<[a-z<]{3}", 3),
        ("issuing (?:country|state|authority)|pais emisor", 1),
        ("given names|surname", 1),
    ),
    "bank_statement": _cues(
        ("statement period|account statement|bank statement|estado de cuenta", 4),
        (
            "(?:beginning|ending|opening|closing|new|available) balance|saldo (?:inicial|final|anterior|al corte)",
            3,
        ),
        ("deposits|withdrawals|depositos|retiros", 2),
        ("checking|savings|cuenta de (?:ahorros?|cheques)", 1),
        ("account (?:number|no.|#)|{no} de cuenta", 2),
        ("bank|banco|credit union", 1),
        ("member fdic", 2),
    ),
    "marriage_certificate": _cues(
        (
            "(?:certificate|certification|record) of marriage|marriage (?:certificate|license|licence)",
            4,
        ),
        ("(?:acta|certificado|certificacion|partida|constancia) de matrimonio", 4),
        ("marriage|matrimonio", 2),
        ("contrayentes?|bride|groom|spouse|conyuges?|esposo|esposa", 2),
        ("officiant|solemnized|ceremony|celebrad[oa]|oficiante", 1),
        ("witness(?:es)?|testigos?", 1),
    ),
}


def _guess(text: str) -> tuple[str | None, float, str]:
    text = _prepare(text)
    low = _fold(text)
    scores: dict[str, int] = {}
    evidence: dict[str, tuple[int, int, int]] = {}
    for kind, cues in _KIND_CUES.items():
        total = 0
        for rx, weight in cues:
            m = rx.search(low)
            if m:
                total += weight
                if kind not in evidence or weight > evidence[kind][0]:
                    evidence[kind] = (weight, m.start(), m.end())
        scores[kind] = total
    if kind_has_receipt := _RECEIPT.search(_upper(low)):
        scores["i797"] += 1
        evidence.setdefault("i797", (1, kind_has_receipt.start(), kind_has_receipt.end()))
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, s1), (_, s2) = ranked[0], ranked[1]
    if s1 < 3 or s1 == s2:
        return None, 0.0, ""
    strength = min(1.0, s1 / 7)
    margin = s1 / (s1 + s2)
    conf = round(min(0.95, strength * margin), 2)
    _, a, b = evidence[best]
    ls = low.rfind("\n", 0, a) + 1
    le = low.find("\n", b)
    le = len(low) if le < 0 else le
    return best, conf, _snippet(text, ls, le, a, b, 20, 30)


def guess_kind(text: str) -> tuple[str | None, float]:
    """Which kind of document the text looks like, with a confidence (None, 0.0 if unclear)."""
    kind, conf, _ = _guess(text or "")
    return kind, conf


# --------------------------------------------------------------------------
# Entry point.


def extract(text: str, kind: str | None = None) -> list[Field]:
    """Propose fields from OCR text; ``kind`` is the document kind if known, else guessed."""
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown document kind {kind!r}; expected one of {KINDS}")
    if not text or not text.strip():
        return []
    head: list[Field] = []
    if kind is None:
        kind, conf, ev = _guess(text)
        if kind is None:
            return []
        head.append(Field("document_kind", kind, conf, ev))
    doc = _Doc(text, kind)
    cands = _EXTRACTORS[kind](doc)
    factor = PASSPORT_FACTOR if kind == "passport" else 1.0
    best: dict[str, _Cand] = {}
    order: list[str] = []
    for c in cands:
        if not c.value:
            continue
        if c.name not in best:
            order.append(c.name)
            best[c.name] = c
        elif c.confidence > best[c.name].confidence:
            best[c.name] = c
    fields = [
        Field(
            n,
            best[n].value,
            round(max(0.0, min(1.0, best[n].confidence * factor)), 2),
            _clip(best[n].evidence),
        )
        for n in order
    ]
    return head + fields
