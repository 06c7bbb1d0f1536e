"""Text preparation: one original text plus index-aligned views for matching, and the
OCR-tolerant patterns labels are matched with."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from uploads.fields.base import EVIDENCE_MAX

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


def prepare(text: str) -> str:
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


def fold(text: str) -> str:
    return "".join(_fold_char(c) for c in text)


def upper_view(low: str) -> str:
    return "".join(u if len(u := c.upper()) == 1 else c for c in low)


_DIGIT_RUN = re.compile(r"(?<![a-z0-9])[0-9oil]+(?![a-z0-9])")
_ORDINAL_AHEAD = re.compile(r"\s*(?:de\b|[a-z])")
_TO_DIGIT_LOW = str.maketrans({"o": "0", "i": "1", "l": "1"})


def digit_view(low: str) -> str:
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


def collapse(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def clip(s: str, limit: int = EVIDENCE_MAX) -> str:
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


_GAP = r"[ \t]*\n?[ \t]*"
_FUZZ = {"i": "[i1l|!]", "l": "[l1i|]", "o": "[o0]", "s": "[s5]", "m": "(?:m|rn)"}
_MACROS = {"{no}": r"(?:numero|nro\.?|no\.?|n°|num\.?|#)"}


def fuzz(phrase: str) -> str:
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


def phrases_rx(phrases: list[str] | tuple[str, ...]) -> str:
    return "|".join(fuzz(p) for p in sorted(phrases, key=len, reverse=True))


def snippet(text: str, ls: int, le: int, a: int, b: int, before: int, after: int) -> str:
    """text[a:b] with some context on its line, not cut mid-word."""
    start, end = max(ls, a - before), min(le, b + after)
    while ls < start < a and not text[start - 1].isspace():
        start += 1
    while b < end < le and not text[end].isspace():
        end -= 1
    return clip(collapse(text[start:end]))
