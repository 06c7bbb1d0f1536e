"""What a parsed machine-readable zone gives: ``MRZResult``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class MRZResult:
    format: str
    document_type: str
    issuing_state: str
    surname: str
    given_names: str
    document_number: str
    nationality: str
    birth_date: datetime.date | None
    sex: str
    expiry_date: datetime.date | None
    optional_data: str
    checks: dict[str, bool] = field(hash=False)
    corrections: tuple[str, ...]
    names_truncated: bool
    lines: tuple[str, ...]
    optional_data_2: str = ""  # TD1 only: the optional data of the second line
    raw_lines: tuple[str, ...] = ()  # normalised lines before corrections

    @property
    def valid(self) -> bool:
        return bool(self.checks) and all(self.checks.values())

    def as_dict(self) -> dict:
        return {
            "format": self.format,
            "document_type": self.document_type,
            "issuing_state": self.issuing_state,
            "surname": self.surname,
            "given_names": self.given_names,
            "document_number": self.document_number,
            "nationality": self.nationality,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "sex": self.sex,
            "expiry_date": self.expiry_date.isoformat() if self.expiry_date else None,
            "optional_data": self.optional_data,
            "optional_data_2": self.optional_data_2,
            "checks": dict(self.checks),
            "corrections": list(self.corrections),
            "names_truncated": self.names_truncated,
            "lines": list(self.lines),
            "raw_lines": list(self.raw_lines),
            "valid": self.valid,
        }
