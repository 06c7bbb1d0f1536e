"""Bank statements: holder, period, ending balance and only the last four digits of the
account, which is masked in all evidence."""

from __future__ import annotations

import datetime as dt
import itertools
import re

from uploads.fields.base import NEXT_LINE
from uploads.fields.dates import date_parser
from uploads.fields.document import Cand, Doc, Val, is_blank, read_labelled, score
from uploads.fields.labels import NAME_KEYS
from uploads.fields.parsers import parse_amount, parse_last4, parse_name

_MASK = re.compile(r"(?<![\dA-Za-z])\d(?:[ \-]?\d){5,}(?![\d])(?![.,]\d)")
_MASKED_ACCOUNT = re.compile(r"(?:[x*•#]{3,}|\.{3,})[ \-]?(\d{4})(?!\d)")
_PERIOD_JOIN = re.compile(r"[ \t]*(?:-|to|through|thru|al|a|hasta)[ \t]*", re.IGNORECASE)


def _mask(s: str) -> str:
    def hide(m: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", m.group())
        return "*" * (len(digits) - 4) + digits[-4:]

    return _MASK.sub(hide, s)


def _period(doc: Doc) -> list[Cand]:
    out: list[Cand] = []
    start_p = date_parser("statement_period_start")
    for hit in doc.hits:
        if "period" not in hit.keys:
            continue
        _, le = doc.line(hit.start)
        later = doc.hits_in(hit.end, le)
        wend = later[0].start if later else le
        vals = start_p(doc, hit.end, wend, hit)
        extra = 0.0
        if not vals and is_blank(doc.text[hit.end : wend]):
            nxt = doc.next_line(le)
            if nxt:
                vals, extra = start_p(doc, *nxt, hit), -NEXT_LINE
        out += _period_pair(doc, vals, hit.start, True, extra)
        if out:
            return out
    for nl_start in [0] + [i + 1 for i in doc.newlines]:  # unlabelled: "01/01/2026 - 01/31/2026"
        _, le = doc.line(nl_start)
        vals = start_p(doc, nl_start, le, None)
        for x, y in itertools.pairwise(vals):
            if _PERIOD_JOIN.fullmatch(doc.text[x.end : y.start]):
                out += _period_pair(doc, [x, y], x.start, False, 0.0)
                if out:
                    return out
    return out


def _period_pair(
    doc: Doc, vals: list[Val], ev_start: int, labelled: bool, extra: float
) -> list[Cand]:
    if len(vals) < 2 or vals[0].value is None or vals[1].value is None:
        return []
    first, last = vals[0], vals[1]
    assert first.value and last.value
    if first.value > last.value:
        return []
    span = dt.date.fromisoformat(last.value) - dt.date.fromisoformat(first.value)
    ev = doc.evidence(ev_start, last.end, (first.start, last.end))
    out = []
    for name, v in (("statement_period_start", first), ("statement_period_end", last)):
        if span.days > 400:
            v.ambiguous = True
        out.append(Cand(name, v.value or "", score(labelled, v, extra), ev, ev_start))
    return out


def candidates(doc: Doc) -> list[Cand]:
    holder = read_labelled(doc, "holder", "account_holder", parse_name, follow=NAME_KEYS)
    if not holder:
        holder = read_labelled(doc, "generic_name", "account_holder", parse_name, generic=True)
    out = holder + _period(doc)
    out += read_labelled(doc, "ending_balance", "ending_balance", parse_amount)
    out += read_labelled(doc, "account", "account_last4", parse_last4)
    for m in _MASKED_ACCOUNT.finditer(doc.dv):
        v = Val(m.group(1), m.start(), m.end())
        out.append(
            Cand(
                "account_last4",
                m.group(1),
                score(False, v),
                doc.context(m.start(), m.end()),
                m.start(),
            )
        )
    for c in out:
        c.evidence = _mask(c.evidence)
    return out
