"""The staff matter list's search: people by name whatever the accents, references however
they are written, case types by name.

Every word must match something of the matter (a client's name or email, the title, a
receipt number, the case type's name, code or forms), so "garcia nunez" and "nunez i-130"
narrow the list; the whole query may also be one reference (M-00012, a receipt number in
any spacing, an invoice number, an email: ``matters.references``). Names compare without
accents or case: on PostgreSQL through the ``unaccent`` extension, with ``pg_trgm``'s word
similarity for a misspelt name ("Nunes" finds "Núñez"); on the embedded SQLite set-up the
same ``unaccent`` is a Python function registered on each connection, and only the exact
(accent- and case-free) spelling is found.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import F, Q, QuerySet, Value

from matters import references
from matters.models import CaseType, Matter, MatterContact, ReceiptNumber
from matters.unaccent import WordSimilarity, fold, folded

MAX_LENGTH = 100
MAX_TERMS = 8
# Misspellings are looked for in words of this length or more (shorter ones match too much).
FUZZY_MIN_LENGTH = 4
FUZZY_THRESHOLD = 0.5


def _fuzzy() -> bool:
    return connection.vendor == "postgresql"


def _case_type_ids(term: str) -> list[int]:
    """Case types whose name (either language), code or forms hold ``term``: a handful of
    rows, compared here so "naturalizacion", "I130" and "i-130" all find theirs."""
    word = (fold(term) or "").lower()
    packed = references.compact(word)
    ids = []
    for ct in CaseType.objects.only("pk", "code", "name_en", "name_es", "forms"):
        names = " ".join((ct.name_en, ct.name_es, ct.code)).lower()
        if word in (fold(names) or "") or (
            packed and packed in references.compact(f"{ct.code} {ct.forms}")
        ):
            ids.append(ct.pk)
    return ids


def _term(term: str) -> Q:
    needle = folded(Value(term))
    contacts = MatterContact.objects.alias(folded_name=folded(F("name")))
    found = Q(folded_name__contains=needle) | Q(email__icontains=term)
    # Names are misspelt, numbers are not: "00041" is no near miss for "00042".
    if _fuzzy() and len(term) >= FUZZY_MIN_LENGTH and not any(c.isdigit() for c in term):
        contacts = contacts.alias(likeness=WordSimilarity(needle, F("folded_name")))
        found |= Q(likeness__gte=FUZZY_THRESHOLD)
    cond = Q(pk__in=contacts.filter(found).values("matter_id"))
    cond |= Q(folded_title__contains=needle)
    packed = references.compact(term)
    if len(packed) >= 2 and packed.isalnum():
        cond |= Q(pk__in=ReceiptNumber.objects.filter(number__contains=packed).values("matter_id"))
    case_types = _case_type_ids(term)
    if case_types:
        cond |= Q(case_type_id__in=case_types)
    return cond


def search(qs: QuerySet[Matter], query: str) -> QuerySet[Matter]:
    """``qs`` narrowed to the matters ``query`` finds (the view limits its length)."""
    query = " ".join((query or "").split())
    if not query:
        return qs
    cond = Q()
    for term in query.split(" ")[:MAX_TERMS]:
        cond &= _term(term)
    ids = references.matter_ids(query)
    if ids:
        cond |= Q(pk__in=ids)
    found = Matter.objects.alias(folded_title=folded(F("title"))).filter(cond)
    return qs.filter(pk__in=found.values("pk"))
