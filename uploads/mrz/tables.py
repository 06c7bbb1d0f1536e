"""Data: the ICAO 9303 character set, MRZ layouts, OCR confusion tables and the
name transliteration table."""

from __future__ import annotations

import string
from dataclasses import dataclass

FILLER = "<"
CHARSET = frozenset(string.ascii_uppercase + string.digits + FILLER)
DIGITS = frozenset(string.digits)
WEIGHTS = (7, 3, 1)
# OCR misreads of a digit as a letter, for numeric-only positions.
NUMERIC_FIX = {"O": "0", "I": "1", "L": "1", "B": "8", "S": "5", "Z": "2", "G": "6", "D": "0"}
NUMERIC_FIX["Q"] = "0"
# OCR misreads of a letter as a digit, for letter-only fields.
LETTER_FIX = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G"}
# Pairs tried in alphanumeric fields. G/6 is left out: G=16 and 6 weigh the same
# modulo 10 under every weight, so a check digit can never choose between them.
ALNUM_SWAP = {"O": "0", "0": "O", "I": "1", "1": "I", "B": "8", "8": "B"}
ALNUM_SWAP.update({"S": "5", "5": "S", "Z": "2", "2": "Z"})
FILLER_LOOKALIKES = str.maketrans(dict.fromkeys("«\u2039([{", FILLER))
# A word-final K after one of these is an unlikely name ending (SMITHK, NOWAKK).
BAD_BEFORE_FINAL_K = frozenset("BDFGHJKMPQTVWXZ")
# A word-initial K followed by one of these is an unlikely name start (KJOHN).
BAD_AFTER_INITIAL_K = frozenset("BCDFGJKMPQSTXZ")
DOC_CODES = frozenset("ACIPV")  # first letter of ICAO document codes
NAME_CHARS = frozenset(string.ascii_uppercase + FILLER)


Pos = tuple[int, int]


def span(line: int, start: int, end: int) -> list[Pos]:
    return [(line, c) for c in range(start, end)]


@dataclass(frozen=True)
class Layout:
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
    return Layout(
        length=length,
        nlines=2,
        doc_type=span(0, 0, 2),
        state=span(0, 2, 5),
        name=span(0, 5, length),
        docnum=span(1, 0, 9),
        docchk=(1, 9),
        nat=span(1, 10, 13),
        dob=span(1, 13, 19),
        dobchk=(1, 19),
        sex=(1, 20),
        exp=span(1, 21, 27),
        expchk=(1, 27),
        opt=span(1, 28, opt_end),
        optchk=(1, opt_end) if optchk else None,
        comp=(1, last) if comp else None,
        comp_ranges=(span(1, 0, 10) + span(1, 13, 20) + span(1, 21, last)) if comp else None,
        long_docnum=long_docnum,
    )


LAYOUTS: dict[str, Layout] = {
    "TD3": _two_line(44, 42, optchk=True, comp=True, long_docnum=False),
    "MRVA": _two_line(44, 44, optchk=False, comp=False, long_docnum=False),
    "TD2": _two_line(36, 35, optchk=False, comp=True, long_docnum=True),
    "MRVB": _two_line(36, 36, optchk=False, comp=False, long_docnum=False),
    "TD1": Layout(
        length=30,
        nlines=3,
        doc_type=span(0, 0, 2),
        state=span(0, 2, 5),
        docnum=span(0, 5, 14),
        docchk=(0, 14),
        opt=span(0, 15, 30),
        dob=span(1, 0, 6),
        dobchk=(1, 6),
        sex=(1, 7),
        exp=span(1, 8, 14),
        expchk=(1, 14),
        nat=span(1, 15, 18),
        opt2=span(1, 18, 29),
        comp=(1, 29),
        comp_ranges=span(0, 5, 30) + span(1, 0, 7) + span(1, 8, 15) + span(1, 18, 29),
        name=span(2, 0, 30),
        long_docnum=True,
    ),
}
# (line length, number of lines, formats of that shape)
FAMILIES = ((30, 3, ("TD1",)), (36, 2, ("TD2", "MRVB")), (44, 2, ("TD3", "MRVA")))


TRANSLIT = {
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
APOSTROPHES = frozenset("'`\u2019\u2018\u02bc\u00b4")
SEPARATORS = frozenset("-,\u2010\u2011\u2013\u2014")
