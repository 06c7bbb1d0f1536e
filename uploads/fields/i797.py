"""USCIS I-797 notices: receipt number, form, notice type, dates and people."""

from __future__ import annotations

import re

from uploads.fields.base import KNOWN_PREFIX, SPACING, UNKNOWN_FORM, UNKNOWN_PREFIX
from uploads.fields.dates import date_parser
from uploads.fields.document import Cand, Doc, Hit, Val, read_labelled, score
from uploads.fields.parsers import parse_name
from uploads.fields.text import clip, collapse, fuzz, phrases_rx

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
RECEIPT = re.compile(
    r"(?<![A-Z0-9])([A-Z0-9|][ \t]?[A-Z0-9|][ \t]?[A-Z0-9|])([ \t\-.:]{0,2})"
    r"((?:[0-9OQDILSBZ|][ \t\-]?){9}[0-9OQDILSBZ|])(?![A-Z0-9])"
)
_TO_DIGIT = str.maketrans(
    {"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "|": "1", "S": "5", "B": "8", "Z": "2"}
)
_TO_LETTER = str.maketrans({"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "|": "I"})


def _receipts(doc: Doc) -> list[Cand]:
    out = []
    receipt = frozenset({"receipt"})
    for m in RECEIPT.finditer(doc.up):
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
        v = Val(
            fixed_pre + fixed_digs,
            m.start(),
            m.end(),
            fixed_pre != pre or fixed_digs != digs,
            adjust=adjust,
        )
        hit = doc.labelled_by(m.start(), receipt)
        out.append(
            Cand(
                "receipt_number",
                v.value or "",
                score(hit is not None, v),
                _ev(doc, hit, m),
                m.start(),
            )
        )
    return out


def _ev(doc: Doc, hit: Hit | None, m: re.Match[str]) -> str:
    """Evidence for a pattern match, with its label when it has one."""
    if hit is None:
        return doc.context(m.start(), m.end())
    if doc.line(hit.start) == doc.line(m.start()):
        return doc.evidence(hit.start, m.end(), (m.start(), m.end()))
    label = collapse(doc.text[hit.start : hit.end])
    return clip(label + " … " + doc.context(m.start(), m.end(), 0))


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


def _forms(doc: Doc) -> list[Cand]:
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
        v = Val(value, m.start(), m.end(), repaired, adjust=0.0 if known else -UNKNOWN_FORM)
        conf = score(labelled, v)
        ev = _ev(doc, hit, m)
        out.append(Cand("form", value, conf, ev, m.start()))
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
    (t, re.compile(r"(?<![a-z])(?:" + phrases_rx(ps) + r")(?![a-z])")) for t, ps in _NOTICE_TYPES
]
_NOTICE_WORDS = [
    (t, re.compile(r"(?<![a-z])" + fuzz(w) + r"(?![a-z])"))
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


def _p_notice_type(doc: Doc, a: int, b: int, hit: Hit | None) -> list[Val]:
    best = None
    for typ, rx in _NOTICE_WORDS:
        m = rx.search(doc.low, a, b)
        if m and (best is None or m.start() < best[1]):
            best = (typ, m.start(), m.end())
    if best is None:
        return []
    repaired = not re.fullmatch(r"[a-z ]+", doc.low[best[1] : best[2]])  # "rece1pt"
    return [Val(best[0], best[1], best[2], repaired)]


def _notice_type(doc: Doc) -> list[Cand]:
    out = read_labelled(doc, "notice_type", "notice_type", _p_notice_type)
    found = sorted((m.start(), m.end(), t) for t, rx in _NOTICE_RX for m in rx.finditer(doc.low))
    types = {t for _, _, t in found}
    if found:
        start, end, typ = found[0]
        v = Val(typ, start, end, ambiguous=len(types) > 1)
        out.append(Cand("notice_type", typ, score(False, v), doc.context(start, end), start))
    return out


def candidates(doc: Doc) -> list[Cand]:
    out = _receipts(doc) + _notice_type(doc) + _forms(doc)
    for field in ("notice_date", "received_date", "priority_date", "appointment_date"):
        out += read_labelled(doc, field, field, date_parser(field), date=True)
    for role in ("beneficiary", "applicant", "petitioner"):
        out += read_labelled(doc, role, role, parse_name)
    return out
