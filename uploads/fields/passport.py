"""Passports, visual zone only: the machine-readable zone is read by ``uploads.mrz``."""

from __future__ import annotations

from uploads.fields.dates import date_parser
from uploads.fields.document import Cand, Doc, read_labelled
from uploads.fields.names import person_names
from uploads.fields.parsers import parse_docno, parse_place, parse_short


def candidates(doc: Doc) -> list[Cand]:
    out = read_labelled(doc, "passport_number", "passport_number", parse_docno)
    names = person_names(doc)
    out += [c for c in (names["surname"], names["given_names"], names["full_name"]) if c]
    for field in ("birth_date", "issue_date", "expiry_date"):
        out += read_labelled(doc, field, field, date_parser(field), date=True)
    out += read_labelled(doc, "birth_place", "birth_place", parse_place, cont=True)
    out += read_labelled(doc, "nationality", "nationality", parse_short)
    return out
