"""Guessing the kind of document from weighted keyword cues."""

from __future__ import annotations

import re

from uploads.fields.i797 import RECEIPT
from uploads.fields.text import fold, fuzz, prepare, snippet, upper_view


def _cues(*pairs: tuple[str, int]) -> list[tuple[re.Pattern[str], int]]:
    return [(re.compile(r"(?<![a-z0-9])(?:" + fuzz(p) + r")(?![a-z])", re.M), w) for p, w in pairs]


_KIND_CUES = {
    "i797": _cues(
        ("i ?-? ?797[a-e]?", 4),
        ("notice of action", 3),
        ("citizenship and immigration services", 2),
        ("uscis", 2),
        ("receipt number", 2),
        ("notice date", 2),
        ("case type", 2),
        ("received date", 1),
        ("priority date", 1),
        ("beneficiary", 1),
        ("petitioner", 1),
        ("(?:receipt|approval|appointment|transfer|rejection) notice", 2),
        ("department of homeland security", 1),
    ),
    "birth_certificate": _cues(
        ("(?:certificate|certification) of (?:live )?birth", 4),
        ("birth certificate", 4),
        ("(?:acta|certificado|certificacion|partida|constancia|extracto) de nacimiento", 4),
        ("vital (?:records?|statistics)", 2),
        ("registro (?:del estado )?civil", 2),
        ("registro nacional de las personas|renap|reniec|registro nacional de personas", 2),
        ("name of child|child's name|nombre del (?:registrad|inscrit)[oa]|persona registrada", 2),
        ("mother's (?:maiden )?name|nombre de la madre", 1),
        ("father's name|nombre del padre", 1),
        ("place of birth|lugar de nacimiento", 1),
        ("state file (?:number|no.)|{no} de acta", 2),
    ),
    "passport": _cues(
        ("passport|pasaporte|passeport", 4),
        ("date of expiry|fecha de (?:vencimiento|caducidad|expiracion)", 3),
        ("date of issue|fecha de (?:expedicion|emision)", 1),
        ("nationality|nacionalidad", 1),
        ("authority|autoridad", 1),
        ("^p<[a-z<]{3}", 3),
        ("issuing (?:country|state|authority)|pais emisor", 1),
        ("given names|surname", 1),
    ),
    "bank_statement": _cues(
        ("statement period|account statement|bank statement|estado de cuenta", 4),
        (
            "(?:beginning|ending|opening|closing|new|available) balance|saldo (?:inicial|final|anterior|al corte)",
            3,
        ),
        ("deposits|withdrawals|depositos|retiros", 2),
        ("checking|savings|cuenta de (?:ahorros?|cheques)", 1),
        ("account (?:number|no.|#)|{no} de cuenta", 2),
        ("bank|banco|credit union", 1),
        ("member fdic", 2),
    ),
    "marriage_certificate": _cues(
        (
            "(?:certificate|certification|record) of marriage|marriage (?:certificate|license|licence)",
            4,
        ),
        ("(?:acta|certificado|certificacion|partida|constancia) de matrimonio", 4),
        ("marriage|matrimonio", 2),
        ("contrayentes?|bride|groom|spouse|conyuges?|esposo|esposa", 2),
        ("officiant|solemnized|ceremony|celebrad[oa]|oficiante", 1),
        ("witness(?:es)?|testigos?", 1),
    ),
}


def guess_with_evidence(text: str) -> tuple[str | None, float, str]:
    text = prepare(text)
    low = fold(text)
    scores: dict[str, int] = {}
    evidence: dict[str, tuple[int, int, int]] = {}
    for kind, cues in _KIND_CUES.items():
        total = 0
        for rx, weight in cues:
            m = rx.search(low)
            if m:
                total += weight
                if kind not in evidence or weight > evidence[kind][0]:
                    evidence[kind] = (weight, m.start(), m.end())
        scores[kind] = total
    if kind_has_receipt := RECEIPT.search(upper_view(low)):
        scores["i797"] += 1
        evidence.setdefault("i797", (1, kind_has_receipt.start(), kind_has_receipt.end()))
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, s1), (_, s2) = ranked[0], ranked[1]
    if s1 < 3 or s1 == s2:
        return None, 0.0, ""
    strength = min(1.0, s1 / 7)
    margin = s1 / (s1 + s2)
    conf = round(min(0.95, strength * margin), 2)
    _, a, b = evidence[best]
    ls = low.rfind("\n", 0, a) + 1
    le = low.find("\n", b)
    le = len(low) if le < 0 else le
    return best, conf, snippet(text, ls, le, a, b, 20, 30)


def guess_kind(text: str) -> tuple[str | None, float]:
    """Which kind of document the text looks like, with a confidence (None, 0.0 if unclear)."""
    kind, conf, _ = guess_with_evidence(text or "")
    return kind, conf
