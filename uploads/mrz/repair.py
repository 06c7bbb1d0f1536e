"""Repairing OCR misreads field by field: fillers read as K, digits in letter fields,
letters in numeric ones, and alphanumeric values settled by their check digit."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from uploads.mrz.checkdigit import check_ok
from uploads.mrz.tables import (
    ALNUM_SWAP,
    BAD_AFTER_INITIAL_K,
    BAD_BEFORE_FINAL_K,
    DIGITS,
    FILLER,
    LETTER_FIX,
    NUMERIC_FIX,
    Pos,
    span,
)

_MAX_FULL_SEARCH = 8  # 2**8 combinations


def numeric_char(ch: str) -> str:
    if ch in DIGITS or ch == FILLER:
        return ch
    if ch == "K":
        return FILLER
    return NUMERIC_FIX.get(ch, ch)


def _is_numeric(value: str) -> bool:
    return all(ch in DIGITS or ch == FILLER for ch in value)


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
    elif run == 1 and names and t > 0 and value[t - 1] in BAD_BEFORE_FINAL_K:
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
        if len(left) >= 2 and left[-1] == "K" and left[-2] in BAD_BEFORE_FINAL_K:
            candidates.append(p - 1)
        if len(right) >= 2 and right[0] == "K" and right[1] in BAD_AFTER_INITIAL_K:
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
    w = Work((field_text,))
    surname, given, truncated = w.names(span(0, 0, len(field_text)))
    return surname, given, truncated, tuple(w.notes)


class Work:
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
            if ch in LETTER_FIX:
                fixed[i] = LETTER_FIX[ch]
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
        if _is_numeric(value) and _is_numeric(check) and check_ok(value, check):
            return True
        fixed = "".join(numeric_char(ch) for ch in value)
        fixed_check = numeric_char(check)
        if (fixed, fixed_check) == (value, check) or not _is_numeric(fixed + fixed_check):
            return False
        if not check_ok(fixed, fixed_check):
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
        fixed_check = numeric_char(check)
        if fixed_check == FILLER and set(value) - {FILLER}:
            fixed_check = check  # a filler check digit only for an unused field
        if checker is None:

            def checker(candidate: str) -> bool:
                return check_ok(candidate, fixed_check)

        check_name = check_name or name
        if checker(value):
            self.note_check(check_name, check, fixed_check, how)
            self.put([chk], fixed_check)
            return True
        ambiguous = [i for i, ch in enumerate(value) if ch in ALNUM_SWAP]
        passing = None
        for flips in _flip_sets(len(ambiguous)):
            candidate = list(value)
            for k in flips:
                candidate[ambiguous[k]] = ALNUM_SWAP[candidate[ambiguous[k]]]
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
        self.note_check(check_name, check, fixed_check, how)
        self.put(pos, passing)
        self.put([chk], fixed_check)
        return True

    def note_check(self, name: str, check: str, fixed: str, how: str) -> None:
        if fixed != check:
            self.notes.append(f"{name} check digit: {check}->{fixed} (confirmed by {how})")
