"""Birth certificates (US certificates and Latin American actas de nacimiento)."""

from __future__ import annotations

from uploads.fields.dates import date_parser
from uploads.fields.document import Cand, Doc, read_labelled
from uploads.fields.labels import NAME_KEYS
from uploads.fields.names import person_names
from uploads.fields.parsers import parse_name, parse_place, parse_regno


def candidates(doc: Doc) -> list[Cand]:
    names = person_names(doc)
    out = [c for c in (names["full_name"], names["given_names"], names["surname"]) if c]
    out += read_labelled(doc, "birth_date", "birth_date", date_parser("birth_date"), date=True)
    out += read_labelled(doc, "birth_place", "birth_place", parse_place, cont=True)
    out += read_labelled(doc, "father", "father_name", parse_name, follow=NAME_KEYS)
    out += read_labelled(doc, "mother", "mother_name", parse_name, follow=NAME_KEYS)
    out += read_labelled(doc, "registration", "registration_number", parse_regno)
    return out
