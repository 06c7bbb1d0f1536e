"""Find and parse the machine-readable zone (MRZ) of travel documents in OCR text.

Pure Python, standard library only (no Django): the Celery worker runs stock
Tesseract on an uploaded passport/ID photo and on a cropped MRZ strip, and hands
the text to :func:`parse`. Layouts follow ICAO Doc 9303:

======  =======  ==========================================================
format  lines    checks
======  =======  ==========================================================
TD3     2 x 44   document number, birth, expiry, personal number, composite
TD1     3 x 30   document number, birth, expiry, composite
TD2     2 x 36   document number, birth, expiry, composite
MRVA    2 x 44   document number, birth, expiry (visas have no composite)
MRVB    2 x 36   document number, birth, expiry
======  =======  ==========================================================

TD1 and TD2 long document numbers (more than 9 characters: filler in the check
digit position, the rest of the number, its check digit and a filler at the
start of the optional data) are supported.

Detection
---------
Every line is normalised: Unicode NFKC, the filler look-alikes ``« ( [ {`` and U+2039
become ``<``, a lower-case ``c`` (how OCR reads a small ``<``) becomes ``<``
(in a mostly lower-case line only when both neighbours are fillers or it is
part of a ``cc`` run touching a filler, so that ``eric<<`` keeps its c), letters are upper-cased, whitespace inside the line is
dropped and noise characters at both ends are stripped. Variants with interior
noise removed, or with whitespace read as fillers, are tried as well.
Consecutive lines whose lengths are within 2 of 30/36/44 are candidates: a
short line is padded with ``<``, a long one is cut (dropping fillers/noise is
cheaper than dropping data). A candidate must be mostly ``[A-Z0-9<]``, contain
``<<`` and have digit-like characters in its date positions. Every format that
fits is parsed; the document code decides TD3/MRV-A and TD2/MRV-B when it is
conclusive (``V`` = visa; ``P``, ``I``, ``A``, ``C`` = not), otherwise the
check layout that passes wins. Among all candidates the one with all checks
passing is returned, then the most passing; ties go to the candidate with the
fewest structural oddities in fields no check covers (document code not
starting with A/C/I/P/V, state or nationality not left-aligned letters, digits
in the name, sex not M/F/X/<), then the cheapest line repair. A stray letter
before the TD1 name line is therefore indistinguishable from one filler too
many at its end, and is kept (``IERIKSSON``).

Corrections
-----------
Each applied correction is listed in :attr:`MRZResult.corrections`:

* Numeric-only positions (dates, check digits): ``O I L B S Z G D Q`` are read
  as ``0 1 1 8 5 2 6 0 0`` and ``K`` as ``<``, applied only when the check digit
  then passes. A raw all-digit value whose check passes is kept.
* Document number and personal number (alphanumeric): if the raw value fails
  its check, every combination of the ambiguous characters ``O/0 I/1 B/8 S/5
  Z/2`` is tried (all of them for up to 8 ambiguous characters, otherwise those
  changing at most 2) and a correction is accepted only when exactly one
  combination passes. The check digit character itself is read as numeric.
  TD1/TD2 optional data, which has no check digit of its own, is corrected the
  same way against the composite check digit when every other check passes.
* Issuing state, nationality, document code and names have no check digit
  (TD1's composite covers none of them), so digits read there are mapped to
  letters (``0 1 5 8 2 6`` -> ``O I S B Z G``, e.g. ``UT0`` -> ``UTO``) and the
  note says ``unconfirmed``. Sex ``K`` -> ``<`` likewise.

Limits that follow from the arithmetic of the 7-3-1 check digit: ``G`` (16)
and ``6``, ``L`` (21) and ``1``, and ``K`` (20) and ``<`` (0) differ by a
multiple of 10, so no check digit can tell them apart. In numeric positions
the character class settles it; in alphanumeric fields G/6 is never toggled
(the raw character is kept) and a ``K`` for ``<`` is only repaired by the
filler rules below. With the strict "exactly one combination" rule, a value
with several ambiguous characters often has two passing combinations and is
then left uncorrected, by design: for the ICAO specimen number read as
``L8989O2C3``, ``L898902C3``, ``LB9B902C3`` and ``LB9890ZC3`` all pass. (In a
simulation with random 9-character numbers and one O/0 I/1 Z/2 S/5 B/8
misread, about 30 % are corrected and none wrongly; the rest are left failing.)

Filler repair (``<`` read as ``K``)
-----------------------------------
Fillers form a contiguous suffix of a field. In the trailing run of ``K``/``<``
of a name field:

* ``K`` directly attached to the last name character is a real letter
  (``MARK<<<`` -> MARK), except a run of 3 or more ``K`` (never a name), the
  second of two (``NOWAKK<<`` -> NOWAK; a name really ending in KK, like
  KOKK, loses a K), and a single ``K`` after a consonant
  that does not end a name in K (``SMITHK<<`` -> SMITH; after a vowel or
  ``N C R L S`` it stays, as in FRANK, ERIK, BECK);
* every ``K`` after the first ``<`` of the run is a filler, except a lone
  initial: ``<K`` directly after the last word and followed only by clean
  ``<`` (``JOHN<K<<<<`` keeps the initial K). If more ``K`` follow, the run is
  noise and all of them are fillers (``JOHN<K<<K<<`` -> JOHN); a ``K`` after a
  run of 2 or more fillers is a filler (``LEE<<K<<<`` -> LEE: a single given
  name ``K`` is lost).

Surname separator: when the name has no ``<<`` but a single ``<`` next to a
``K`` whose neighbour makes an unlikely cluster (``SMITHK<JOHN`` with ``HK``
word-final, ``SMITH<KJOHN`` with ``KJ`` word-initial), and exactly one such
place exists, that ``K`` is read as ``<``. Not repaired: a separator whose
``K`` is plausible in a name (``ERIKSSON<KANNA`` stays surname "ERIKSSON
KANNA"), a separator read as ``KK``, and a filler read as ``K`` right after a
name ending in a vowel (``ANNAK<<<`` stays ANNAK). The same filler rules (minus
the initial and cluster rules) apply to the document number and optional data,
where an attached ``K`` run is also a filler when more ``K`` follow in the
filler run (``ZE184226BK<KKK`` -> ZE184226B) but kept when only clean ``<``
follow (``AB1234K<<`` keeps its K: K and ``<`` have the same check value).

Other behaviour
---------------
* Birth date century: the latest year that does not put the date after
  ``today``. Expiry: 20YY unless that is more than 50 years after ``today``'s
  year, then 19YY. An impossible date (month 13) is ``None``; its check is
  still judged on the digits alone.
* A missing MRZ line gives ``None`` (no partial results), as does any input
  without an MRZ; nothing raises on garbage.
* :attr:`MRZResult.lines` are the lines after all corrections,
  :attr:`MRZResult.raw_lines` the normalised lines before them.
* The ``compose_*`` functions transliterate names (ICAO recommended table for
  Ä Ö Ü Å Æ Ø ß Þ ..., other diacritics dropped), turn spaces, hyphens and commas
  into ``<``, drop apostrophes and other punctuation and cut the name at the
  field width; if the cut ends on a filler the result does not look truncated.
"""

from __future__ import annotations

import datetime
import itertools
import re
import string
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

__all__ = [
    "MRZResult",
    "check_digit",
    "compose_mrva",
    "compose_mrvb",
    "compose_td1",
    "compose_td2",
    "compose_td3",
    "mrz_name",
    "parse",
    "parse_lines",
    "parse_name_field",
]

FILLER = "<"
CHARSET = frozenset(string.ascii_uppercase + string.digits + FILLER)
_DIGITS = frozenset(string.digits)
_WEIGHTS = (7, 3, 1)

# OCR misreads of a digit as a letter, for numeric-only positions.
_NUMERIC_FIX = {"O": "0", "I": "1", "L": "1", "B": "8", "S": "5", "Z": "2", "G": "6", "D": "0"}
_NUMERIC_FIX["Q"] = "0"
# OCR misreads of a letter as a digit, for letter-only fields.
_LETTER_FIX = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G"}
# Pairs tried in alphanumeric fields. G/6 is left out: G=16 and 6 weigh the same
# modulo 10 under every weight, so a check digit can never choose between them.
_ALNUM_SWAP = {"O": "0", "0": "O", "I": "1", "1": "I", "B": "8", "8": "B"}
_ALNUM_SWAP.update({"S": "5", "5": "S", "Z": "2", "2": "Z"})
_MAX_FULL_SEARCH = 8  # 2**8 combinations

_FILLER_LOOKALIKES = str.maketrans(dict.fromkeys("«\u2039([{", FILLER))
# A word-final K after one of these is an unlikely name ending (SMITHK, NOWAKK).
_BAD_BEFORE_FINAL_K = frozenset("BDFGHJKMPQTVWXZ")
# A word-initial K followed by one of these is an unlikely name start (KJOHN).
_BAD_AFTER_INITIAL_K = frozenset("BCDFGJKMPQSTXZ")
_DOC_CODES = frozenset("ACIPV")  # first letter of ICAO document codes
_NAME_CHARS = frozenset(string.ascii_uppercase + FILLER)
_MAX_OPTIONS_PER_LINE = 4
_MAX_COMBOS_PER_WINDOW = 32


@dataclass(frozen=True)
class MRZResult:
    format: str
    document_type: str
    issuing_state: str
    surname: str
    given_names: str
    document_number: str
    nationality: str
    birth_date: datetime.date | None
    sex: str
    expiry_date: datetime.date | None
    optional_data: str
    checks: dict[str, bool] = field(hash=False)
    corrections: tuple[str, ...]
    names_truncated: bool
    lines: tuple[str, ...]
    optional_data_2: str = ""  # TD1 only: the optional data of the second line
    raw_lines: tuple[str, ...] = ()  # normalised lines before corrections

    @property
    def valid(self) -> bool:
        return bool(self.checks) and all(self.checks.values())

    def as_dict(self) -> dict:
        return {
            "format": self.format,
            "document_type": self.document_type,
            "issuing_state": self.issuing_state,
            "surname": self.surname,
            "given_names": self.given_names,
            "document_number": self.document_number,
            "nationality": self.nationality,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "sex": self.sex,
            "expiry_date": self.expiry_date.isoformat() if self.expiry_date else None,
            "optional_data": self.optional_data,
            "optional_data_2": self.optional_data_2,
            "checks": dict(self.checks),
            "corrections": list(self.corrections),
            "names_truncated": self.names_truncated,
            "lines": list(self.lines),
            "raw_lines": list(self.raw_lines),
            "valid": self.valid,
        }


# --------------------------------------------------------------------------- check digits


def _char_value(ch: str) -> int | None:
    if "0" <= ch <= "9":
        return ord(ch) - 48
    if "A" <= ch <= "Z":
        return ord(ch) - 55
    if ch == FILLER:
        return 0
    return None


def _checksum(value: str) -> str | None:
    total = 0
    for i, ch in enumerate(value):
        v = _char_value(ch)
        if v is None:
            return None
        total += v * _WEIGHTS[i % 3]
    return str(total % 10)


def check_digit(field: str) -> str:
    """ICAO 9303 check digit: weights 7-3-1, ``<`` = 0, ``A`` = 10 ... ``Z`` = 35."""
    result = _checksum(field)
    if result is None:
        raise ValueError(f"not an MRZ string: {field!r}")
    return result


def _check_ok(value: str, check: str) -> bool:
    expected = _checksum(value)
    if expected is None:
        return False
    if check == expected:
        return True
    # An unused field (all fillers) may carry a filler as its check digit.
    return check == FILLER and set(value) <= {FILLER}


# --------------------------------------------------------------------------- layouts

Pos = tuple[int, int]


def _span(line: int, start: int, end: int) -> list[Pos]:
    return [(line, c) for c in range(start, end)]


@dataclass(frozen=True)
class _Layout:
    length: int
    nlines: int
    doc_type: list[Pos]
    state: list[Pos]
    name: list[Pos]
    docnum: list[Pos]
    docchk: Pos
    nat: list[Pos]
    dob: list[Pos]
    dobchk: Pos
    sex: Pos
    exp: list[Pos]
    expchk: Pos
    opt: list[Pos]
    optchk: Pos | None = None
    opt2: list[Pos] | None = None
    comp: Pos | None = None
    comp_ranges: list[Pos] | None = None
    long_docnum: bool = False


def _two_line(length: int, opt_end: int, *, optchk: bool, comp: bool, long_docnum: bool):
    last = length - 1
    return _Layout(
        length=length,
        nlines=2,
        doc_type=_span(0, 0, 2),
        state=_span(0, 2, 5),
        name=_span(0, 5, length),
        docnum=_span(1, 0, 9),
        docchk=(1, 9),
        nat=_span(1, 10, 13),
        dob=_span(1, 13, 19),
        dobchk=(1, 19),
        sex=(1, 20),
        exp=_span(1, 21, 27),
        expchk=(1, 27),
        opt=_span(1, 28, opt_end),
        optchk=(1, opt_end) if optchk else None,
        comp=(1, last) if comp else None,
        comp_ranges=(_span(1, 0, 10) + _span(1, 13, 20) + _span(1, 21, last)) if comp else None,
        long_docnum=long_docnum,
    )


_LAYOUTS: dict[str, _Layout] = {
    "TD3": _two_line(44, 42, optchk=True, comp=True, long_docnum=False),
    "MRVA": _two_line(44, 44, optchk=False, comp=False, long_docnum=False),
    "TD2": _two_line(36, 35, optchk=False, comp=True, long_docnum=True),
    "MRVB": _two_line(36, 36, optchk=False, comp=False, long_docnum=False),
    "TD1": _Layout(
        length=30,
        nlines=3,
        doc_type=_span(0, 0, 2),
        state=_span(0, 2, 5),
        docnum=_span(0, 5, 14),
        docchk=(0, 14),
        opt=_span(0, 15, 30),
        dob=_span(1, 0, 6),
        dobchk=(1, 6),
        sex=(1, 7),
        exp=_span(1, 8, 14),
        expchk=(1, 14),
        nat=_span(1, 15, 18),
        opt2=_span(1, 18, 29),
        comp=(1, 29),
        comp_ranges=_span(0, 5, 30) + _span(1, 0, 7) + _span(1, 8, 15) + _span(1, 18, 29),
        name=_span(2, 0, 30),
        long_docnum=True,
    ),
}
# (line length, number of lines, formats of that shape)
_FAMILIES = ((30, 3, ("TD1",)), (36, 2, ("TD2", "MRVB")), (44, 2, ("TD3", "MRVA")))


# --------------------------------------------------------------------------- dates


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


# --------------------------------------------------------------------------- field repair


def _numeric_char(ch: str) -> str:
    if ch in _DIGITS or ch == FILLER:
        return ch
    if ch == "K":
        return FILLER
    return _NUMERIC_FIX.get(ch, ch)


def _is_numeric(value: str) -> bool:
    return all(ch in _DIGITS or ch == FILLER for ch in value)


def _flip_sets(n: int) -> Iterator[tuple[int, ...]]:
    top = n if n <= _MAX_FULL_SEARCH else min(n, 2)
    for r in range(1, top + 1):
        yield from itertools.combinations(range(n), r)


def _trailing_fillers(value: str, *, names: bool) -> list[int]:
    """Indexes of ``K`` in the trailing filler run of a field that are fillers."""
    n = len(value)
    t = n
    while t > 0 and value[t - 1] in "K<":
        t -= 1
    if "K" not in value[t:]:
        return []
    j = t
    while j < n and value[j] == "K":
        j += 1
    run = j - t
    rest_ks = [p for p in range(j, n) if value[p] == "K"]
    fillers: list[int] = []
    if run >= 3 or (run and not names and rest_ks):
        fillers.extend(range(t, j))
    elif run == 2 and names and t > 0:
        fillers.append(j - 1)
    elif run == 1 and names and t > 0 and value[t - 1] in _BAD_BEFORE_FINAL_K:
        fillers.append(t)
    attached_real = not fillers
    lone_initial = (
        names
        and attached_real
        and len(rest_ks) == 1
        and rest_ks[0] == j + 1
        and (j > 0 and value[j - 1] != FILLER)
        and value[j] == FILLER
    )
    if not lone_initial:
        fillers.extend(rest_ks)
    return fillers


def _separator_fix(content: str) -> int | None:
    """Index of a ``K`` that most likely stands for half of a missing ``<<``."""
    if "<<" in content or FILLER not in content:
        return None
    candidates = []
    for p, ch in enumerate(content):
        if ch != FILLER or p == 0 or p == len(content) - 1:
            continue
        left = content[:p].rsplit(FILLER, 1)[-1]
        right = content[p + 1 :].split(FILLER, 1)[0]
        if len(left) >= 2 and left[-1] == "K" and left[-2] in _BAD_BEFORE_FINAL_K:
            candidates.append(p - 1)
        if len(right) >= 2 and right[0] == "K" and right[1] in _BAD_AFTER_INITIAL_K:
            candidates.append(p + 1)
    return candidates[0] if len(candidates) == 1 else None


_FILLER_MISREADS = frozenset("EKSXC")


def _names_end(value: str) -> int:
    """Where the names end: after the surname's ``<<``, the next ``<<`` ends them, and a
    last given-name word of one misread letter repeated (``EEEE``, ``KK``) is filler.

    ICAO separates names by single fillers, so a second double filler can only be
    the start of the padding; what stock Tesseract prints after it is the padding
    misread (it reads the OCR-B ``<`` as E, K, S, X or C).
    """
    first = value.find("<<")
    if first < 0:
        return len(value)
    second = value.find("<<", first + 2)
    end = second if second >= 0 else len(value.rstrip(FILLER))
    words = value[first + 2 : end].split(FILLER)
    last = words[-1] if words else ""
    if len(words) > 1 and len(last) >= 2 and len(set(last)) == 1 and last[0] in _FILLER_MISREADS:
        end -= len(last) + 1
    return end


def _split_names(field_text: str) -> tuple[str, str]:
    content = field_text.rstrip(FILLER)
    surname, _, given = content.partition("<<")

    def words(part: str) -> str:
        return " ".join(w for w in part.split(FILLER) if w)

    return words(surname), words(given)


def parse_name_field(field_text: str) -> tuple[str, str, bool, tuple[str, ...]]:
    """Repair and split an MRZ name field: ``(surname, given_names, truncated, notes)``."""
    w = _Work((field_text,))
    surname, given, truncated = w.names(_span(0, 0, len(field_text)))
    return surname, given, truncated, tuple(w.notes)


class _Work:
    """Mutable copy of candidate MRZ lines with the corrections applied so far."""

    def __init__(self, lines: Sequence[str]):
        self.rows = [list(line) for line in lines]
        self.notes: list[str] = []
        self.checks: dict[str, bool] = {}

    def get(self, pos: Sequence[Pos]) -> str:
        return "".join(self.rows[line][col] for line, col in pos)

    def put(self, pos: Sequence[Pos], value: str) -> None:
        for (line, col), ch in zip(pos, value, strict=True):
            self.rows[line][col] = ch

    def lines(self) -> tuple[str, ...]:
        return tuple("".join(row) for row in self.rows)

    # -- letter-only fields (no check digit)

    def letters(self, name: str, pos: list[Pos], *, code: bool = False) -> str:
        value = self.get(pos)
        fixed = list(value)
        for i, ch in enumerate(value):
            if ch in _LETTER_FIX:
                fixed[i] = _LETTER_FIX[ch]
                self.notes.append(f"{name}: {ch}->{fixed[i]} at {i} (unconfirmed)")
        if code and len(fixed) == 3 and fixed[0].isalpha():
            # One-letter codes (D for Germany) read as DKK / DK< / D<K.
            tail = "".join(fixed[1:])
            if tail in ("KK", "K<", "<K"):
                for i in (1, 2):
                    if fixed[i] == "K":
                        fixed[i] = FILLER
                        self.notes.append(f"{name}: K->< at {i} (filler, unconfirmed)")
        self.put(pos, "".join(fixed))
        return "".join(fixed)

    def doc_type(self, pos: list[Pos]) -> str:
        value = self.letters("document_type", pos)
        if len(value) == 2 and value[1] == "K":
            self.put(pos[1:], FILLER)
            self.notes.append("document_type: K->< at 1 (filler, unconfirmed)")
        return self.get(pos)

    def fillers(self, name: str, pos: list[Pos], *, names: bool = False) -> None:
        value = self.get(pos)
        for i in _trailing_fillers(value, names=names):
            self.put([pos[i]], FILLER)
            self.notes.append(f"{name}: K->< at {i} (filler, unconfirmed)")

    def names(self, pos: list[Pos]) -> tuple[str, str, bool]:
        self.letters("names", pos)
        self.fillers("names", pos, names=True)
        value = self.get(pos)
        sep = _separator_fix(value.rstrip(FILLER))
        if sep is not None:
            self.put([pos[sep]], FILLER)
            self.notes.append(f"names: K->< at {sep} (surname separator, unconfirmed)")
            value = self.get(pos)
        end = _names_end(value)
        if end < len(value.rstrip(FILLER)):
            self.notes.append(
                f"names: {value[end:].rstrip(FILLER)!r} after the names read as filler"
            )
            self.put(pos[end:], FILLER * (len(pos) - end))
            value = self.get(pos)
        surname, given = _split_names(value)
        return surname, given, value[-1:].isalpha()

    # -- fields with a check digit

    def numeric(self, name: str, pos: list[Pos], chk: Pos) -> bool:
        value, check = self.get(pos), self.get([chk])
        if _is_numeric(value) and _is_numeric(check) and _check_ok(value, check):
            return True
        fixed = "".join(_numeric_char(ch) for ch in value)
        fixed_check = _numeric_char(check)
        if (fixed, fixed_check) == (value, check) or not _is_numeric(fixed + fixed_check):
            return False
        if not _check_ok(fixed, fixed_check):
            return False
        for i, (a, b) in enumerate(zip(value, fixed, strict=True)):
            if a != b:
                self.notes.append(f"{name}: {a}->{b} at {i} (confirmed by check digit)")
        if fixed_check != check:
            self.notes.append(
                f"{name} check digit: {check}->{fixed_check} (confirmed by check digit)"
            )
        self.put(pos, fixed)
        self.put([chk], fixed_check)
        return True

    def alnum(
        self,
        name: str,
        pos: list[Pos],
        chk: Pos,
        *,
        checker=None,
        how: str = "check digit",
        check_name: str | None = None,
    ) -> bool:
        """Resolve an alphanumeric field against its check digit (or ``checker``)."""
        value = self.get(pos)
        check = self.get([chk])
        fixed_check = _numeric_char(check)
        if fixed_check == FILLER and set(value) - {FILLER}:
            fixed_check = check  # a filler check digit only for an unused field
        if checker is None:

            def checker(candidate: str) -> bool:
                return _check_ok(candidate, fixed_check)

        check_name = check_name or name
        if checker(value):
            self._note_check(check_name, check, fixed_check, how)
            self.put([chk], fixed_check)
            return True
        ambiguous = [i for i, ch in enumerate(value) if ch in _ALNUM_SWAP]
        passing = None
        for flips in _flip_sets(len(ambiguous)):
            candidate = list(value)
            for k in flips:
                candidate[ambiguous[k]] = _ALNUM_SWAP[candidate[ambiguous[k]]]
            text = "".join(candidate)
            if checker(text):
                if passing is not None:
                    return False  # two readings pass: the check digit cannot decide
                passing = text
        if passing is None:
            return False
        for i, (a, b) in enumerate(zip(value, passing, strict=True)):
            if a != b:
                self.notes.append(f"{name}: {a}->{b} at {i} (confirmed by {how})")
        self._note_check(check_name, check, fixed_check, how)
        self.put(pos, passing)
        self.put([chk], fixed_check)
        return True

    def _note_check(self, name: str, check: str, fixed: str, how: str) -> None:
        if fixed != check:
            self.notes.append(f"{name} check digit: {check}->{fixed} (confirmed by {how})")


# --------------------------------------------------------------------------- one format


def _parse_format(fmt: str, lines: tuple[str, ...], today: datetime.date) -> MRZResult:
    lay = _LAYOUTS[fmt]
    w = _Work(lines)
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


def _composite(w: _Work, lay: _Layout, opt_pos: list[Pos]) -> bool:
    if lay.comp is None or lay.comp_ranges is None:
        return False
    ranges = lay.comp_ranges
    check = w.get([lay.comp])
    fixed = _numeric_char(check)
    if _check_ok(w.get(ranges), fixed) and fixed in _DIGITS:
        w._note_check("composite", check, fixed, "check digit")
        w.put([lay.comp], fixed)
        return True
    if lay.optchk is not None or not all(w.checks.values()) or fixed not in _DIGITS:
        return False
    # TD1/TD2: optional data has no check digit of its own; only the composite covers it.
    pos = list(opt_pos) + list(lay.opt2 or [])

    def checker(candidate: str) -> bool:
        saved = w.get(pos)
        w.put(pos, candidate)
        ok = _check_ok(w.get(ranges), fixed)
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
    text = unicodedata.normalize("NFKC", raw).strip().translate(_FILLER_LOOKALIKES)
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


_NUMERIC_LIKE = _DIGITS | set(_NUMERIC_FIX) | {FILLER, "K"}


def _plausible(fmt: str, lines: tuple[str, ...]) -> bool:
    lay = _LAYOUTS[fmt]
    first = lines[0][0]
    if not (first.isalpha() or first in _LETTER_FIX):
        return False
    dates = "".join(lines[line][col] for line, col in lay.dob + lay.exp)
    return (
        sum(ch in _NUMERIC_LIKE for ch in dates) >= 10 and sum(ch in _DIGITS for ch in dates) >= 6
    )


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
    for length, nlines, formats in _FAMILIES:
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
    lay = _LAYOUTS[fmt]

    def get(pos: Sequence[Pos]) -> str:
        return "".join(lines[line][col] for line, col in pos)

    name = get(lay.name)
    return (
        (lines[0][0] not in _DOC_CODES)
        + (not _CODE_RE.fullmatch(get(lay.state)))
        + (not _CODE_RE.fullmatch(get(lay.nat)))
        + (get([lay.sex]) not in "MFX<")
        + name.startswith(FILLER)
        + sum(ch not in _NAME_CHARS for ch in name)
    )


def _score(item: tuple[MRZResult, int, int, int]):
    result, anomalies, cost, index = item
    passed = sum(result.checks.values())
    failed = len(result.checks) - passed
    return (result.valid, -failed, passed, -anomalies, -cost, -len(result.corrections), -index)


def _parse_lines(lines: Sequence[str], today: datetime.date | None) -> MRZResult | None:
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
        return _parse_lines(list(lines), today)
    except Exception:  # never let noisy OCR break the worker
        return None


def parse(text: str, *, today: datetime.date | None = None) -> MRZResult | None:
    """Find the MRZ anywhere in multi-line OCR text and parse it; ``None`` if there is none."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if not isinstance(text, str):
        return None
    try:
        return _parse_lines(text.splitlines(), today)
    except Exception:  # never let noisy OCR break the worker
        return None


# --------------------------------------------------------------------------- composing

_TRANSLIT = {
    "Ä": "AE",
    "Æ": "AE",
    "Å": "AA",
    "Ö": "OE",
    "Ø": "OE",
    "Œ": "OE",
    "Ü": "UE",
    "ß": "SS",
    "ẞ": "SS",
    "Þ": "TH",
    "Ð": "D",
    "Đ": "D",
    "Ħ": "H",
    "Ĳ": "IJ",
    "Ł": "L",
    "Ŋ": "N",
    "Ŧ": "T",
}
_APOSTROPHES = frozenset("'`\u2019\u2018\u02bc\u00b4")
_SEPARATORS = frozenset("-,\u2010\u2011\u2013\u2014")


def mrz_name(text: str) -> str:
    """Transliterate a name for the MRZ: ``"Anna-Maria O'Brien"`` -> ``ANNA<MARIA<OBRIEN``."""
    out = []
    for ch in text.upper():
        if ch in _TRANSLIT:
            out.append(_TRANSLIT[ch])
        elif ch in _APOSTROPHES:
            continue
        elif ch.isspace() or ch in _SEPARATORS:
            out.append(FILLER)
        else:
            base = unicodedata.normalize("NFKD", ch)
            out.append("".join(c for c in base if "A" <= c <= "Z"))
    words = "".join(out).split(FILLER)
    return FILLER.join(w for w in words if w)


def _name_field(surname: str, given_names: str, width: int) -> str:
    primary, secondary = mrz_name(surname), mrz_name(given_names)
    full = f"{primary}<<{secondary}" if secondary else primary
    return full[:width].ljust(width, FILLER)


def _code(value: str, width: int, what: str) -> str:
    text = value.strip().upper()
    if len(text) > width or not set(text) <= set(string.ascii_uppercase + FILLER):
        raise ValueError(f"{what}: {value!r} is not {width} letters")
    return text.ljust(width, FILLER)


def _alnum(value: str, width: int, what: str) -> str:
    text = "".join(value.upper().replace("-", FILLER).split())
    if len(text) > width or not set(text) <= CHARSET:
        raise ValueError(f"{what}: {value!r} does not fit {width} MRZ characters")
    return text.ljust(width, FILLER)


def _yymmdd(value: datetime.date | None) -> str:
    return value.strftime("%y%m%d") if value else FILLER * 6


def _sex(value: str) -> str:
    text = (value or FILLER).strip().upper()[:1] or FILLER
    if text == "X":
        return FILLER
    if text not in ("M", "F", FILLER):
        raise ValueError(f"sex: {value!r}")
    return text


def _with_check(value: str) -> str:
    return value + check_digit(value)


def _docnum_parts(document_number: str, room: int) -> tuple[str, str]:
    """9-character number field + check, and the overflow for the optional data."""
    number = _alnum(document_number, 9 + room, "document_number").rstrip(FILLER)
    if len(number) <= 9:
        return _with_check(number.ljust(9, FILLER)), ""
    return number[:9] + FILLER, number[9:] + check_digit(number) + FILLER


def _line2(document_number, nationality, birth_date, sex, expiry_date, *, docfield=None) -> str:
    docfield = docfield or _with_check(_alnum(document_number, 9, "document_number"))
    return (
        docfield
        + _code(nationality, 3, "nationality")
        + _with_check(_yymmdd(birth_date))
        + _sex(sex)
        + _with_check(_yymmdd(expiry_date))
    )


def compose_td3(
    *,
    document_type: str = "P",
    issuing_state: str,
    surname: str,
    given_names: str,
    document_number: str,
    nationality: str,
    birth_date: datetime.date | None,
    sex: str,
    expiry_date: datetime.date | None,
    personal_number: str = "",
) -> tuple[str, str]:
    """Correct TD3 (passport) MRZ lines."""
    line1 = (
        _code(document_type, 2, "document_type")
        + _code(issuing_state, 3, "issuing_state")
        + _name_field(surname, given_names, 39)
    )
    pn = _alnum(personal_number, 14, "personal_number")
    pn_check = check_digit(pn) if pn.strip(FILLER) else FILLER
    line2 = _line2(document_number, nationality, birth_date, sex, expiry_date) + pn + pn_check
    line2 += check_digit(line2[0:10] + line2[13:20] + line2[21:43])
    return line1, line2


def compose_td1(
    *,
    document_type: str = "I",
    issuing_state: str,
    surname: str,
    given_names: str,
    document_number: str,
    nationality: str,
    birth_date: datetime.date | None,
    sex: str,
    expiry_date: datetime.date | None,
    optional_data: str = "",
    optional_data_2: str = "",
) -> tuple[str, str, str]:
    """Correct TD1 (ID card) MRZ lines; document numbers over 9 characters use the long form."""
    docfield, overflow = _docnum_parts(document_number, 12)
    line1 = (
        _code(document_type, 2, "document_type")
        + _code(issuing_state, 3, "issuing_state")
        + docfield
        + _alnum(overflow + optional_data, 15, "optional_data")
    )
    line2 = (
        _with_check(_yymmdd(birth_date))
        + _sex(sex)
        + _with_check(_yymmdd(expiry_date))
        + _code(nationality, 3, "nationality")
        + _alnum(optional_data_2, 11, "optional_data_2")
    )
    line2 += check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    return line1, line2, _name_field(surname, given_names, 30)


def compose_td2(
    *,
    document_type: str = "I",
    issuing_state: str,
    surname: str,
    given_names: str,
    document_number: str,
    nationality: str,
    birth_date: datetime.date | None,
    sex: str,
    expiry_date: datetime.date | None,
    optional_data: str = "",
) -> tuple[str, str]:
    """Correct TD2 MRZ lines; document numbers over 9 characters use the long form."""
    line1 = (
        _code(document_type, 2, "document_type")
        + _code(issuing_state, 3, "issuing_state")
        + _name_field(surname, given_names, 31)
    )
    docfield, overflow = _docnum_parts(document_number, 4)
    line2 = _line2(
        document_number, nationality, birth_date, sex, expiry_date, docfield=docfield
    ) + _alnum(overflow + optional_data, 7, "optional_data")
    line2 += check_digit(line2[0:10] + line2[13:20] + line2[21:35])
    return line1, line2


def _compose_mrv(width: int, opt_width: int, **kw) -> tuple[str, str]:
    line1 = (
        _code(kw["document_type"], 2, "document_type")
        + _code(kw["issuing_state"], 3, "issuing_state")
        + _name_field(kw["surname"], kw["given_names"], width - 5)
    )
    line2 = _line2(
        kw["document_number"], kw["nationality"], kw["birth_date"], kw["sex"], kw["expiry_date"]
    ) + _alnum(kw["optional_data"], opt_width, "optional_data")
    return line1, line2


def compose_mrva(
    *,
    document_type: str = "V",
    issuing_state: str,
    surname: str,
    given_names: str,
    document_number: str,
    nationality: str,
    birth_date: datetime.date | None,
    sex: str,
    expiry_date: datetime.date | None,
    optional_data: str = "",
) -> tuple[str, str]:
    """Correct MRV-A (full-page visa) MRZ lines."""
    return _compose_mrv(44, 16, **locals())


def compose_mrvb(
    *,
    document_type: str = "V",
    issuing_state: str,
    surname: str,
    given_names: str,
    document_number: str,
    nationality: str,
    birth_date: datetime.date | None,
    sex: str,
    expiry_date: datetime.date | None,
    optional_data: str = "",
) -> tuple[str, str]:
    """Correct MRV-B (smaller visa) MRZ lines."""
    return _compose_mrv(36, 8, **locals())
