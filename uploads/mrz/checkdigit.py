"""ICAO 9303 check digits: weights 7-3-1 over character values."""

from __future__ import annotations

from uploads.mrz.tables import FILLER, WEIGHTS


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
        total += v * WEIGHTS[i % 3]
    return str(total % 10)


def check_digit(field: str) -> str:
    """ICAO 9303 check digit: weights 7-3-1, ``<`` = 0, ``A`` = 10 ... ``Z`` = 35."""
    result = _checksum(field)
    if result is None:
        raise ValueError(f"not an MRZ string: {field!r}")
    return result


def check_ok(value: str, check: str) -> bool:
    expected = _checksum(value)
    if expected is None:
        return False
    if check == expected:
        return True
    # An unused field (all fillers) may carry a filler as its check digit.
    return check == FILLER and set(value) <= {FILLER}
