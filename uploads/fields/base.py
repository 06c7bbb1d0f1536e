"""The proposed Field and the confidence scale every extractor scores on."""

from __future__ import annotations

from dataclasses import asdict, dataclass

HIGH = 0.8  # at or above: the UI may present a value as "likely"; below: "uncertain"

LABELLED = 0.9
REPAIRED = 0.7
UNLABELLED = 0.5
AMBIGUOUS = 0.3

KNOWN_PREFIX = 0.05
UNKNOWN_PREFIX = 0.15
SPACING = 0.05
NEXT_LINE = 0.05
COLUMN_GUESS = 0.20
GENERIC_LABEL = 0.05
CONVENTION = 0.05
CONTRADICTION = 0.10
UNKNOWN_FORM = 0.20
PASSPORT_FACTOR = 7 / 9

EVIDENCE_MAX = 80

KINDS = ("i797", "birth_certificate", "passport", "bank_statement", "marriage_certificate")


@dataclass(frozen=True)
class Field:
    """One proposed value, never a fact: staff confirm it."""

    name: str  # machine name, e.g. "receipt_number"
    value: str  # normalised value; dates as ISO "YYYY-MM-DD"
    confidence: float  # 0..1
    evidence: str  # the text snippet (<= 80 chars) it was read from

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence out of range: {self.confidence!r}")
        if len(self.evidence) > EVIDENCE_MAX:
            raise ValueError("evidence longer than 80 characters")

    @property
    def likely(self) -> bool:
        return self.confidence >= HIGH

    def as_dict(self) -> dict:
        return asdict(self)
