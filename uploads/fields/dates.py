"""Dates in English and Spanish, textual and numeric, with per-field plausible ranges."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from uploads.fields.base import CONTRADICTION, CONVENTION
from uploads.fields.document import Doc, Hit, Val
from uploads.fields.text import phrases_rx

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
_MONTH_RX = "(?:" + phrases_rx(list(_MONTHS)) + ")(?![a-z])"
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


def scan_dates(doc: Doc, a: int, b: int) -> list[_RawDate]:
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
    doc = Doc(text, None)
    dates = scan_dates(doc, 0, len(doc.text))
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


def date_parser(field: str):
    lo, hi = _bounds(field)

    def parse(doc: Doc, a: int, b: int, hit: Hit | None) -> list[Val]:
        out = []
        for raw in scan_dates(doc, a, b):
            when, ambiguous, adjust = _resolve(raw, doc.order(hit))
            ok = when is not None and lo <= when <= hi
            out.append(
                Val(
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
