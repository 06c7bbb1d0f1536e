"""The document being read: its text views, label hits, and reading a labelled value.

Every extractor works on a ``Doc`` and proposes ``Cand``idates scored by ``score``."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from uploads.fields.base import (
    AMBIGUOUS,
    COLUMN_GUESS,
    EVIDENCE_MAX,
    GENERIC_LABEL,
    LABELLED,
    NEXT_LINE,
    REPAIRED,
    UNLABELLED,
)
from uploads.fields.labels import DATE_KEYS, EN_WORDS, ES_WORDS, LABELS, Label
from uploads.fields.text import clip, collapse, digit_view, fold, prepare, snippet, upper_view

_LINE_START_OK = re.compile(r"\s*(?:\d{1,2}[a-z]?[.)]|[a-z][.)])?[\s\W_]{0,3}")
_COLON_AHEAD = re.compile(r"[ \t]*[:;]")
_GAP_AHEAD = re.compile(r"(?:\t| {2,}|[ \t]*(?:\n|$))")
_JUNK = " \t:;.,-#/|()*_~=+»«•·>[]{}\"'!¡¿?"
COLUMN_GAP = re.compile(r"\t|\s{3,}")


@dataclass(frozen=True)
class Hit:
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


def _find_hits(low: str) -> list[Hit]:
    found: list[tuple[int, int, Label]] = []
    for label in LABELS:
        for m in label.rx.finditer(low):
            if m.end() == m.start():
                continue
            if label.strict and not _strict_ok(low, m.start(), m.end()):
                continue
            found.append((m.start(), m.end(), label))
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    kept: list[tuple[int, int, Label]] = []
    last_end = -1
    for start, end, label in found:
        if start >= last_end:
            kept.append((start, end, label))
            last_end = end
    hits: list[Hit] = []
    for start, end, label in kept:
        if hits:
            prev = hits[-1]
            gap = low[prev.end : start]
            bilingual = re.fullmatch(r"[ \t]*[/|][ \t]*", gap)
            same = re.fullmatch(r"[ \t]{0,2}", gap) and prev.keys & label.keys
            if bilingual or same:
                lang = prev.lang if prev.lang == label.lang else None
                hits[-1] = Hit(prev.start, end, prev.keys | label.keys, lang)
                continue
        hits.append(Hit(start, end, label.keys, label.lang))
    return hits


def _language(low: str) -> str | None:
    words = re.findall(r"[a-z]+", low)
    es = sum(w in ES_WORDS for w in words)
    en = sum(w in EN_WORDS for w in words)
    if es >= 3 and es >= 2 * en:
        return "es"
    if en >= 3 and en >= 2 * es:
        return "en"
    return None


@dataclass
class Val:
    value: str | None  # None: something value-shaped was there but was rejected
    start: int
    end: int
    repaired: bool = False
    ambiguous: bool = False
    adjust: float = 0.0


@dataclass
class Cand:
    name: str
    value: str
    confidence: float
    evidence: str
    pos: int


class Doc:
    def __init__(self, text: str, kind: str | None) -> None:
        self.text = prepare(text)
        self.low = fold(self.text)
        self.up = upper_view(self.low)
        self.dv = digit_view(self.low)
        self.kind = kind
        self.lang = "en" if kind == "i797" else _language(self.low)
        self.hits = _find_hits(self.low)
        self._starts = [h.start for h in self.hits]
        self.newlines = [i for i, c in enumerate(self.text) if c == "\n"]

    # lines
    def line(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_left(self.newlines, pos)
        start = self.newlines[i - 1] + 1 if i > 0 else 0
        end = self.newlines[i] if i < len(self.newlines) else len(self.text)
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

    def hits_in(self, a: int, b: int) -> list[Hit]:
        i = bisect.bisect_left(self._starts, a)
        j = bisect.bisect_left(self._starts, b)
        return self.hits[i:j]

    def columns(self, a: int, b: int) -> list[tuple[int, int]]:
        cols, pos = [], a
        for m in COLUMN_GAP.finditer(self.text, a, b):
            if self.text[pos : m.start()].strip():
                cols.append((pos, m.start()))
            pos = m.end()
        if self.text[pos:b].strip():
            cols.append((pos, b))
        return cols

    def labelled_by(self, pos: int, keys: frozenset[str]) -> Hit | None:
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

    def order(self, hit: Hit | None) -> str | None:
        lang = self.lang or (hit.lang if hit else None)
        return {"en": "mdy", "es": "dmy"}.get(lang or "")

    def evidence(self, a: int, b: int, value: tuple[int, int] | None = None) -> str:
        s = collapse(self.text[a:b])
        if len(s) > EVIDENCE_MAX and value and value[0] > a:
            head = collapse(self.text[a : min(b, value[0])])
            val = collapse(self.text[value[0] : value[1]])
            s = clip(head, max(10, EVIDENCE_MAX - len(val) - 3)) + " … " + val
        return clip(s)

    def context(self, a: int, b: int, around: int = 20) -> str:
        ls, _ = self.line(a)
        _, le = self.line(b)
        return snippet(self.text, ls, le, a, b, around, around)


def is_blank(s: str) -> bool:
    s = re.sub(r"\([^)\n]{0,40}\)", " ", s)
    return not s.strip(_JUNK)


def _read_same(doc: Doc, hit: Hit, parser) -> tuple[Val | None, int, bool]:
    """Value after ``hit`` on its own line: (value, window end, window was blank)."""
    _, le = doc.line(hit.start)
    later = doc.hits_in(hit.end, le)
    wend = later[0].start if later else le
    vals = parser(doc, hit.end, wend, hit)
    if vals:
        return (vals[0] if vals[0].value is not None else None), wend, False
    return None, wend, is_blank(doc.text[hit.end : wend])


def _read(
    doc: Doc,
    hit: Hit,
    parser,
    *,
    date: bool = False,
    follow: frozenset[str] = frozenset(),
    cont: bool = False,
) -> Val | None:
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
    line_hits = [h for h in doc.hits_in(ls, le) if not date or h.keys & DATE_KEYS or h is hit]
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


def _continue(doc: Doc, val: Val, parser, hit: Hit, joiner: str) -> Val:
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
    return Val(
        val.value + sep + more[0].value,
        val.start,
        more[0].end,
        val.repaired or more[0].repaired,
        adjust=val.adjust - NEXT_LINE,
    )


def score(labelled: bool, v: Val, extra: float = 0.0) -> float:
    c = LABELLED if labelled else UNLABELLED
    if v.repaired:
        c -= LABELLED - REPAIRED
    c += v.adjust + extra
    if v.ambiguous:
        c = min(c, AMBIGUOUS)
    return max(0.0, min(1.0, c))


def read_labelled(
    doc: Doc,
    key: str,
    field: str,
    parser,
    *,
    date: bool = False,
    follow: frozenset[str] = frozenset(),
    generic: bool = False,
    cont: bool = False,
) -> list[Cand]:
    out = []
    for hit in doc.hits:
        if key not in hit.keys:
            continue
        v = _read(doc, hit, parser, date=date, follow=follow, cont=cont)
        if v is None or v.value is None:
            continue
        conf = score(True, v, -GENERIC_LABEL if generic else 0.0)
        inner = doc.hits_in(doc.line(v.start)[0], v.start)
        start = inner[-1].start if inner and inner[-1] != hit else v.start
        if doc.line(v.start) == doc.line(hit.start) or not doc.text[hit.end : start].strip(
            _JUNK + "\n"
        ):
            ev = doc.evidence(hit.start, v.end, (v.start, v.end))
        else:  # other text between: the label, then the value (with its own label, if any)
            label = collapse(doc.text[hit.start : hit.end])
            ev = clip(label + " … " + collapse(doc.text[start : v.end]))
        out.append(Cand(field, v.value, conf, ev, hit.start))
    return out


def best_of(cands: list[Cand]) -> Cand | None:
    best = None
    for c in cands:
        if best is None or c.confidence > best.confidence:
            best = c
    return best


def combine(name: str, parts: list[Cand], sep: str = " ") -> Cand:
    return Cand(
        name,
        sep.join(p.value for p in parts),
        min(p.confidence for p in parts),
        clip(" … ".join(p.evidence for p in parts)),
        min(p.pos for p in parts),
    )


def renamed(c: Cand, name: str, extra: float = 0.0) -> Cand:
    return Cand(name, c.value, max(0.0, c.confidence + extra), c.evidence, c.pos)
