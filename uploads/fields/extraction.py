"""The entry point: propose fields for a document kind (guessed when not given)."""

from __future__ import annotations

from uploads.fields import bank, birth, i797, marriage, passport
from uploads.fields.base import KINDS, PASSPORT_FACTOR, Field
from uploads.fields.document import Cand, Doc
from uploads.fields.guess import guess_with_evidence
from uploads.fields.text import clip

EXTRACTORS = {
    "i797": i797.candidates,
    "birth_certificate": birth.candidates,
    "passport": passport.candidates,
    "bank_statement": bank.candidates,
    "marriage_certificate": marriage.candidates,
}


def extract(text: str, kind: str | None = None) -> list[Field]:
    """Propose fields from OCR text; ``kind`` is the document kind if known, else guessed."""
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown document kind {kind!r}; expected one of {KINDS}")
    if not text or not text.strip():
        return []
    head: list[Field] = []
    if kind is None:
        kind, conf, ev = guess_with_evidence(text)
        if kind is None:
            return []
        head.append(Field("document_kind", kind, conf, ev))
    doc = Doc(text, kind)
    cands = EXTRACTORS[kind](doc)
    factor = PASSPORT_FACTOR if kind == "passport" else 1.0
    best: dict[str, Cand] = {}
    order: list[str] = []
    for c in cands:
        if not c.value:
            continue
        if c.name not in best:
            order.append(c.name)
            best[c.name] = c
        elif c.confidence > best[c.name].confidence:
            best[c.name] = c
    fields = [
        Field(
            n,
            best[n].value,
            round(max(0.0, min(1.0, best[n].confidence * factor)), 2),
            clip(best[n].evidence),
        )
        for n in order
    ]
    return head + fields
