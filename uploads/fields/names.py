"""A person's names assembled from labelled parts (full, given, middle, surnames)."""

from __future__ import annotations

from uploads.fields.document import Cand, Doc, best_of, combine, read_labelled, renamed
from uploads.fields.parsers import parse_name


def person_names(doc: Doc) -> dict[str, Cand | None]:
    full = best_of(read_labelled(doc, "full_name", "full_name", parse_name))
    given = best_of(read_labelled(doc, "given", "given_names", parse_name))
    middle = best_of(read_labelled(doc, "middle", "middle_name", parse_name))
    surname = best_of(read_labelled(doc, "surname", "surname", parse_name))
    generic = best_of(read_labelled(doc, "generic_name", "full_name", parse_name, generic=True))
    if surname is None:
        first = best_of(read_labelled(doc, "surname1", "surname", parse_name))
        second = best_of(read_labelled(doc, "surname2", "surname", parse_name))
        parts = [p for p in (first, second) if p]
        surname = combine("surname", parts) if parts else None
    if given and middle:
        given = combine("given_names", [given, middle])
    if surname and not given and generic:
        given = renamed(generic, "given_names")
        generic = None
    if full is None and given and surname:
        full = combine("full_name", [given, surname])
    if full is None and generic:
        full = generic
    return {"full_name": full, "given_names": given, "surname": surname}
