"""Marriage certificates: the two spouses, date, place and registration."""

from __future__ import annotations

from uploads.fields.base import UNLABELLED
from uploads.fields.dates import date_parser
from uploads.fields.document import Cand, Doc, best_of, combine, read_labelled
from uploads.fields.labels import NAME_KEYS
from uploads.fields.parsers import parse_name, parse_place, parse_regno
from uploads.fields.text import fold


def candidates(doc: Doc) -> list[Cand]:
    chosen: list[Cand] = []
    for key in ("spouse1", "spouse2"):
        c = best_of(read_labelled(doc, key, "spouse_names", parse_name, follow=NAME_KEYS))
        if c:
            chosen.append(c)
    if len(chosen) < 2:
        pool = sorted(
            read_labelled(doc, "spouse", "spouse_names", parse_name, follow=NAME_KEYS)
            + read_labelled(doc, "full_name", "spouse_names", parse_name)
            + read_labelled(doc, "generic_name", "spouse_names", parse_name, generic=True),
            key=lambda c: c.pos,
        )
        for c in pool:
            if len(chosen) >= 2:
                break
            if all(fold(c.value) != fold(x.value) for x in chosen):
                chosen.append(c)
    out = []
    if chosen:
        pair = combine("spouse_names", sorted(chosen, key=lambda c: c.pos), "; ")
        if len(chosen) < 2:
            pair.confidence = min(pair.confidence, UNLABELLED)
        out.append(pair)
    out += read_labelled(
        doc, "marriage_date", "marriage_date", date_parser("marriage_date"), date=True
    )
    out += read_labelled(doc, "marriage_place", "marriage_place", parse_place, cont=True)
    out += read_labelled(doc, "registration", "registration_number", parse_regno)
    return out
