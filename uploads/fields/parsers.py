"""Value parsers: (doc, window start, window end, label hit) -> [values]."""

from __future__ import annotations

import re

from uploads.fields.base import SPACING
from uploads.fields.dates import scan_dates
from uploads.fields.document import COLUMN_GAP, Doc, Hit, Val
from uploads.fields.text import fold

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


def _words(doc: Doc, a: int, b: int, *, max_words: int, place: bool) -> Val | None:
    """Clean a run of words (a name or a place) out of a window of noisy text."""
    text = doc.text
    p = _skip_lead(text, a, b)
    gap = COLUMN_GAP.search(text, p, b)
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
    folded = fold(value).strip(".")
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
            w[:1].islower() and fold(w).strip(_WORD_PUNCT) not in _PARTICLES for _, _, w in words
        )
    return Val(value, words[0][0], words[-1][1], repaired, ambiguous)


def parse_name(doc: Doc, a: int, b: int, hit: Hit | None) -> list[Val]:
    v = _words(doc, a, b, max_words=8, place=False)
    return [v] if v else []


def parse_place(doc: Doc, a: int, b: int, hit: Hit | None) -> list[Val]:
    v = _words(doc, a, b, max_words=12, place=True)
    return [v] if v else []


def parse_short(doc: Doc, a: int, b: int, hit: Hit | None) -> list[Val]:
    v = _words(doc, a, b, max_words=3, place=True)
    return [v] if v else []


def parse_regno(doc: Doc, a: int, b: int, hit: Hit | None) -> list[Val]:
    p = _skip_lead(doc.text, a, b)
    m = re.compile(r"\S+").match(doc.text, p, b)
    if not m:
        return []
    tok = m.group().rstrip(".,;:")
    if sum(c.isdigit() for c in tok) < 3 or not re.fullmatch(
        r"[A-Za-z0-9][A-Za-z0-9\-/.]{1,24}", tok
    ):
        return []
    return [Val(tok.upper(), m.start(), m.start() + len(tok))]


def parse_docno(doc: Doc, a: int, b: int, hit: Hit | None) -> list[Val]:
    """A passport number: 6-10 letters/digits, mostly digits; OCR may split it."""
    p = _skip_lead(doc.up, a, b)
    toks = list(re.compile(r"\S+").finditer(doc.up, p, b))[:3]
    joined = ""
    for i, m in enumerate(toks):
        joined += m.group().strip(".,;:")
        if re.fullmatch(r"[A-Z0-9]{6,10}", joined) and sum(c.isdigit() for c in joined) >= 5:
            return [Val(joined, toks[0].start(), m.end(), repaired=i > 0)]  # joined: a guess
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


def parse_amount(doc: Doc, a: int, b: int, hit: Hit | None) -> list[Val]:
    seg = list(doc.text[a:b])
    for r in scan_dates(doc, a, b):  # "Ending balance on 01/31/2026 $12,345.67"
        seg[r.start - a : r.end - a] = " " * (r.end - r.start)
    text = "".join(seg)
    for m in _AMOUNT.finditer(text):
        norm = _norm_amount(m)
        if norm:
            return [Val(norm[0], a + m.start(), a + m.end(), norm[1], adjust=norm[2])]
    return []


_ACCOUNT_NUM = re.compile(r"(?<![\w/])(?:[x*•#.\d](?:[ \-]?[x*•#.\d]){3,})(?![\w/])")


def parse_last4(doc: Doc, a: int, b: int, hit: Hit | None) -> list[Val]:
    for m in _ACCOUNT_NUM.finditer(doc.dv, a, b):
        digits = re.sub(r"\D", "", m.group())
        if len(digits) >= 4:
            repaired = doc.dv[m.start() : m.end()] != doc.low[m.start() : m.end()]
            return [Val(digits[-4:], m.start(), m.end(), repaired)]
    return []
