"""Finding the MRZ in OCR lines and parsing it: candidate windows, formats, dates and
the ranking of readings."""

from __future__ import annotations

import datetime
import itertools
import re
import string
import unicodedata
from collections.abc import Sequence

from uploads.mrz.checkdigit import check_ok
from uploads.mrz.repair import Work, numeric_char
from uploads.mrz.result import MRZResult
from uploads.mrz.tables import (
    CHARSET,
    DIGITS,
    DOC_CODES,
    FAMILIES,
    FILLER,
    FILLER_LOOKALIKES,
    LAYOUTS,
    LETTER_FIX,
    NAME_CHARS,
    NUMERIC_FIX,
    Layout,
    Pos,
)

_MAX_OPTIONS_PER_LINE = 4
_MAX_COMBOS_PER_WINDOW = 32


def _birth_date(value: str, today: datetime.date) -> datetime.date | None:
    if len(value) != 6 or not value.isdigit():
        return None
    yy, mm, dd = int(value[:2]), int(value[2:4]), int(value[4:])
    for century in (2000, 1900):
        try:
            candidate = datetime.date(century + yy, mm, dd)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    return None


def _expiry_date(value: str, today: datetime.date) -> datetime.date | None:
    if len(value) != 6 or not value.isdigit():
        return None
    yy, mm, dd = int(value[:2]), int(value[2:4]), int(value[4:])
    year = 2000 + yy
    if year > today.year + 50:
        year -= 100
    try:
        return datetime.date(year, mm, dd)
    except ValueError:
        return None


def _parse_format(fmt: str, lines: tuple[str, ...], today: datetime.date) -> MRZResult:
    lay = LAYOUTS[fmt]
    w = Work(lines)
    doc_type = w.doc_type(lay.doc_type)
    state = w.letters("issuing_state", lay.state, code=True)
    nationality = w.letters("nationality", lay.nat, code=True)

    # Document number, possibly continued in the optional data (TD1/TD2).
    docnum_pos, docchk, opt_pos = lay.docnum, lay.docchk, lay.opt
    if lay.long_docnum and w.get([docchk]) in "<K" and FILLER not in w.get(lay.docnum):
        opt_value = w.get(lay.opt)
        run = len(opt_value) - len(opt_value.lstrip(string.ascii_uppercase + string.digits))
        if run >= 2:
            if w.get([docchk]) == "K":
                w.put([docchk], FILLER)
                w.notes.append("document_number: K->< in the check digit position (long number)")
            docnum_pos = lay.docnum + lay.opt[: run - 1]
            docchk = lay.opt[run - 1]
            opt_pos = lay.opt[run:]
    w.fillers("document_number", docnum_pos)
    w.checks["document_number"] = w.alnum("document_number", docnum_pos, docchk)

    w.checks["birth_date"] = w.numeric("birth_date", lay.dob, lay.dobchk)
    w.checks["expiry_date"] = w.numeric("expiry_date", lay.exp, lay.expchk)

    sex = w.get([lay.sex])
    if sex == "K":
        w.put([lay.sex], FILLER)
        w.notes.append("sex: K->< (unconfirmed)")
        sex = FILLER

    w.fillers("optional_data", opt_pos)
    if lay.optchk is not None:
        w.checks["optional_data"] = w.alnum("optional_data", opt_pos, lay.optchk)
    if lay.opt2 is not None:
        w.fillers("optional_data_2", lay.opt2)

    surname, given, truncated = w.names(lay.name)

    if lay.comp is not None:
        w.checks["composite"] = _composite(w, lay, opt_pos)

    birth = _birth_date(w.get(lay.dob), today)
    expiry = _expiry_date(w.get(lay.exp), today)
    return MRZResult(
        format=fmt,
        document_type=doc_type.replace(FILLER, ""),
        issuing_state=state.replace(FILLER, ""),
        surname=surname,
        given_names=given,
        document_number=w.get(docnum_pos).strip(FILLER),
        nationality=nationality.replace(FILLER, ""),
        birth_date=birth,
        sex={"M": "M", "F": "F", "X": "X", FILLER: "X"}.get(sex, sex),
        expiry_date=expiry,
        optional_data=w.get(opt_pos).strip(FILLER),
        optional_data_2=w.get(lay.opt2).strip(FILLER) if lay.opt2 else "",
        checks=dict(w.checks),
        corrections=tuple(w.notes),
        names_truncated=truncated,
        lines=w.lines(),
        raw_lines=tuple(lines),
    )


def _composite(w: Work, lay: Layout, opt_pos: list[Pos]) -> bool:
    if lay.comp is None or lay.comp_ranges is None:
        return False
    ranges = lay.comp_ranges
    check = w.get([lay.comp])
    fixed = numeric_char(check)
    if check_ok(w.get(ranges), fixed) and fixed in DIGITS:
        w.note_check("composite", check, fixed, "check digit")
        w.put([lay.comp], fixed)
        return True
    if lay.optchk is not None or not all(w.checks.values()) or fixed not in DIGITS:
        return False
    # TD1/TD2: optional data has no check digit of its own; only the composite covers it.
    pos = list(opt_pos) + list(lay.opt2 or [])

    def checker(candidate: str) -> bool:
        saved = w.get(pos)
        w.put(pos, candidate)
        ok = check_ok(w.get(ranges), fixed)
        w.put(pos, saved)
        return ok

    return w.alnum(
        "optional_data",
        pos,
        lay.comp,
        checker=checker,
        how="composite check digit",
        check_name="composite",
    )


# --------------------------------------------------------------------------- detection


def _normalise(raw: str, *, spaces_are_fillers: bool = False) -> str:
    text = unicodedata.normalize("NFKC", raw).strip().translate(FILLER_LOOKALIKES)
    lower = sum(1 for ch in text if ch.islower() and ch != "c")
    upper = sum(1 for ch in text if ch.isupper())
    mostly_lower = lower > upper
    out = []
    for k, ch in enumerate(text):
        if ch == "c" and (not mostly_lower or _filler_c(text, k)):
            ch = FILLER
        elif ch.isspace():
            ch = FILLER if spaces_are_fillers else ""
        out.append(ch)
    text = "".join(out).upper()
    start, end = 0, len(text)
    while start < end and text[start] not in CHARSET:
        start += 1
    while end > start and text[end - 1] not in CHARSET:
        end -= 1
    return text[start:end]


def _filler_c(text: str, k: int) -> bool:
    """In lower-case text, is the ``c`` at ``k`` a small ``<``? (``eric<<`` keeps its c)."""

    def filler_like(i: int) -> bool:
        return i < 0 or i >= len(text) or text[i] in "<c" or text[i].isspace()

    if filler_like(k - 1) and filler_like(k + 1):
        return True
    # A run of two or more c touching a filler or the end of the line: no name ends in "cc<".
    start, end = k, k + 1
    while start > 0 and text[start - 1] == "c":
        start -= 1
    while end < len(text) and text[end] == "c":
        end += 1
    touches = end >= len(text) or text[end] == FILLER or (start > 0 and text[start - 1] == FILLER)
    return end - start >= 2 and touches


def _variants(raw: str) -> list[tuple[str, int]]:
    """Normalised readings of one OCR line with a repair cost each."""
    base = _normalise(raw)
    if not base:
        return []
    found = {base: 0}
    clean = "".join(ch for ch in base if ch in CHARSET)
    found.setdefault(clean, 1)
    if any(ch.isspace() for ch in raw.strip()):
        found.setdefault(_normalise(raw, spaces_are_fillers=True), 1)
    return list(found.items())


def _fit(text: str, length: int) -> list[tuple[str, int]]:
    n = len(text)
    if abs(n - length) > 2:
        return []
    if n <= length:
        return [(text + FILLER * (length - n), length - n)]
    out = []
    for start in range(n - length + 1):
        removed = text[:start] + text[start + length :]
        cost = sum(1 if ch == FILLER else 2 for ch in removed) + (1 if start else 0)
        out.append((text[start : start + length], cost))
    return out


def _line_options(variants: list[tuple[str, int]], length: int) -> list[tuple[str, int]]:
    best: dict[str, int] = {}
    for text, vcost in variants:
        for fitted, cost in _fit(text, length):
            total = cost + vcost
            if fitted not in best or total < best[fitted]:
                best[fitted] = total
    return sorted(best.items(), key=lambda item: item[1])[:_MAX_OPTIONS_PER_LINE]


def _looks_like_mrz(lines: tuple[str, ...]) -> bool:
    if not any("<<" in line for line in lines):
        return False
    return all(sum(ch in CHARSET for ch in line) >= 0.85 * len(line) for line in lines)


_NUMERIC_LIKE = DIGITS | set(NUMERIC_FIX) | {FILLER, "K"}


def _plausible(fmt: str, lines: tuple[str, ...]) -> bool:
    lay = LAYOUTS[fmt]
    first = lines[0][0]
    if not (first.isalpha() or first in LETTER_FIX):
        return False
    dates = "".join(lines[line][col] for line, col in lay.dob + lay.exp)
    return sum(ch in _NUMERIC_LIKE for ch in dates) >= 10 and sum(ch in DIGITS for ch in dates) >= 6


def _formats_for(first: str, formats: tuple[str, ...]) -> tuple[str, ...]:
    if len(formats) == 1:
        return formats
    regular, visa = formats
    if first == "V":
        return (visa,)
    if first == "P" or (regular == "TD2" and first in "IAC"):
        return (regular,)
    return formats


def _candidates(norm: list[list[tuple[str, int]]], today: datetime.date):
    for length, nlines, formats in FAMILIES:
        for i in range(len(norm) - nlines + 1):
            options = [_line_options(v, length) for v in norm[i : i + nlines]]
            if not all(options):
                continue
            combos = sorted(itertools.product(*options), key=lambda c: sum(x[1] for x in c))
            for combo in combos[:_MAX_COMBOS_PER_WINDOW]:
                lines = tuple(text for text, _ in combo)
                cost = sum(c for _, c in combo)
                if not _looks_like_mrz(lines):
                    continue
                for fmt in _formats_for(lines[0][0], formats):
                    if _plausible(fmt, lines):
                        result = _parse_format(fmt, lines, today)
                        yield result, _anomalies(fmt, lines), cost, i


_CODE_RE = re.compile(r"[A-Z]{1,3}<*")


def _anomalies(fmt: str, lines: tuple[str, ...]) -> int:
    """Structural oddities of a raw candidate, for fields no check digit covers."""
    lay = LAYOUTS[fmt]

    def get(pos: Sequence[Pos]) -> str:
        return "".join(lines[line][col] for line, col in pos)

    name = get(lay.name)
    return (
        (lines[0][0] not in DOC_CODES)
        + (not _CODE_RE.fullmatch(get(lay.state)))
        + (not _CODE_RE.fullmatch(get(lay.nat)))
        + (get([lay.sex]) not in "MFX<")
        + name.startswith(FILLER)
        + sum(ch not in NAME_CHARS for ch in name)
    )


def _score(item: tuple[MRZResult, int, int, int]):
    result, anomalies, cost, index = item
    passed = sum(result.checks.values())
    failed = len(result.checks) - passed
    return (result.valid, -failed, passed, -anomalies, -cost, -len(result.corrections), -index)


def parse_lines_unguarded(lines: Sequence[str], today: datetime.date | None) -> MRZResult | None:
    if isinstance(today, datetime.datetime):
        today = today.date()
    today = today or datetime.date.today()
    norm: list[list[tuple[str, int]]] = []
    for chunk in lines:
        for raw in str(chunk).splitlines():
            variants = _variants(raw)
            if variants:
                norm.append(variants)
    best = max(_candidates(norm, today), key=_score, default=None)
    return best[0] if best else None


def parse_lines(lines: Sequence[str], *, today: datetime.date | None = None) -> MRZResult | None:
    """Parse an MRZ from OCR lines (garbage lines around it are fine); ``None`` if none."""
    if isinstance(lines, str | bytes):
        return parse(lines, today=today)
    try:
        return parse_lines_unguarded(list(lines), today)
    except Exception:  # never let noisy OCR break the worker
        return None


def parse(text: str, *, today: datetime.date | None = None) -> MRZResult | None:
    """Find the MRZ anywhere in multi-line OCR text and parse it; ``None`` if there is none."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if not isinstance(text, str):
        return None
    try:
        return parse_lines_unguarded(text.splitlines(), today)
    except Exception:  # never let noisy OCR break the worker
        return None
