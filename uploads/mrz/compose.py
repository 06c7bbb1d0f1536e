"""Composing correct MRZ lines from document data: names transliterated, fields
padded, check digits computed."""

from __future__ import annotations

import datetime
import string
import unicodedata

from uploads.mrz.checkdigit import check_digit
from uploads.mrz.tables import APOSTROPHES, CHARSET, FILLER, SEPARATORS, TRANSLIT


def mrz_name(text: str) -> str:
    """Transliterate a name for the MRZ: ``"Anna-Maria O'Brien"`` -> ``ANNA<MARIA<OBRIEN``."""
    out = []
    for ch in text.upper():
        if ch in TRANSLIT:
            out.append(TRANSLIT[ch])
        elif ch in APOSTROPHES:
            continue
        elif ch.isspace() or ch in SEPARATORS:
            out.append(FILLER)
        else:
            base = unicodedata.normalize("NFKD", ch)
            out.append("".join(c for c in base if "A" <= c <= "Z"))
    words = "".join(out).split(FILLER)
    return FILLER.join(w for w in words if w)


def _name_field(surname: str, given_names: str, width: int) -> str:
    primary, secondary = mrz_name(surname), mrz_name(given_names)
    full = f"{primary}<<{secondary}" if secondary else primary
    return full[:width].ljust(width, FILLER)


def _code(value: str, width: int, what: str) -> str:
    text = value.strip().upper()
    if len(text) > width or not set(text) <= set(string.ascii_uppercase + FILLER):
        raise ValueError(f"{what}: {value!r} is not {width} letters")
    return text.ljust(width, FILLER)


def _alnum(value: str, width: int, what: str) -> str:
    text = "".join(value.upper().replace("-", FILLER).split())
    if len(text) > width or not set(text) <= CHARSET:
        raise ValueError(f"{what}: {value!r} does not fit {width} MRZ characters")
    return text.ljust(width, FILLER)


def _yymmdd(value: datetime.date | None) -> str:
    return value.strftime("%y%m%d") if value else FILLER * 6


def _sex(value: str) -> str:
    text = (value or FILLER).strip().upper()[:1] or FILLER
    if text == "X":
        return FILLER
    if text not in ("M", "F", FILLER):
        raise ValueError(f"sex: {value!r}")
    return text


def _with_check(value: str) -> str:
    return value + check_digit(value)


def _docnum_parts(document_number: str, room: int) -> tuple[str, str]:
    """9-character number field + check, and the overflow for the optional data."""
    number = _alnum(document_number, 9 + room, "document_number").rstrip(FILLER)
    if len(number) <= 9:
        return _with_check(number.ljust(9, FILLER)), ""
    return number[:9] + FILLER, number[9:] + check_digit(number) + FILLER


def _line2(document_number, nationality, birth_date, sex, expiry_date, *, docfield=None) -> str:
    docfield = docfield or _with_check(_alnum(document_number, 9, "document_number"))
    return (
        docfield
        + _code(nationality, 3, "nationality")
        + _with_check(_yymmdd(birth_date))
        + _sex(sex)
        + _with_check(_yymmdd(expiry_date))
    )


def compose_td3(
    *,
    document_type: str = "P",
    issuing_state: str,
    surname: str,
    given_names: str,
    document_number: str,
    nationality: str,
    birth_date: datetime.date | None,
    sex: str,
    expiry_date: datetime.date | None,
    personal_number: str = "",
) -> tuple[str, str]:
    """Correct TD3 (passport) MRZ lines."""
    line1 = (
        _code(document_type, 2, "document_type")
        + _code(issuing_state, 3, "issuing_state")
        + _name_field(surname, given_names, 39)
    )
    pn = _alnum(personal_number, 14, "personal_number")
    pn_check = check_digit(pn) if pn.strip(FILLER) else FILLER
    line2 = _line2(document_number, nationality, birth_date, sex, expiry_date) + pn + pn_check
    line2 += check_digit(line2[0:10] + line2[13:20] + line2[21:43])
    return line1, line2


def compose_td1(
    *,
    document_type: str = "I",
    issuing_state: str,
    surname: str,
    given_names: str,
    document_number: str,
    nationality: str,
    birth_date: datetime.date | None,
    sex: str,
    expiry_date: datetime.date | None,
    optional_data: str = "",
    optional_data_2: str = "",
) -> tuple[str, str, str]:
    """Correct TD1 (ID card) MRZ lines; document numbers over 9 characters use the long form."""
    docfield, overflow = _docnum_parts(document_number, 12)
    line1 = (
        _code(document_type, 2, "document_type")
        + _code(issuing_state, 3, "issuing_state")
        + docfield
        + _alnum(overflow + optional_data, 15, "optional_data")
    )
    line2 = (
        _with_check(_yymmdd(birth_date))
        + _sex(sex)
        + _with_check(_yymmdd(expiry_date))
        + _code(nationality, 3, "nationality")
        + _alnum(optional_data_2, 11, "optional_data_2")
    )
    line2 += check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    return line1, line2, _name_field(surname, given_names, 30)


def compose_td2(
    *,
    document_type: str = "I",
    issuing_state: str,
    surname: str,
    given_names: str,
    document_number: str,
    nationality: str,
    birth_date: datetime.date | None,
    sex: str,
    expiry_date: datetime.date | None,
    optional_data: str = "",
) -> tuple[str, str]:
    """Correct TD2 MRZ lines; document numbers over 9 characters use the long form."""
    line1 = (
        _code(document_type, 2, "document_type")
        + _code(issuing_state, 3, "issuing_state")
        + _name_field(surname, given_names, 31)
    )
    docfield, overflow = _docnum_parts(document_number, 4)
    line2 = _line2(
        document_number, nationality, birth_date, sex, expiry_date, docfield=docfield
    ) + _alnum(overflow + optional_data, 7, "optional_data")
    line2 += check_digit(line2[0:10] + line2[13:20] + line2[21:35])
    return line1, line2


def _compose_mrv(width: int, opt_width: int, **kw) -> tuple[str, str]:
    line1 = (
        _code(kw["document_type"], 2, "document_type")
        + _code(kw["issuing_state"], 3, "issuing_state")
        + _name_field(kw["surname"], kw["given_names"], width - 5)
    )
    line2 = _line2(
        kw["document_number"], kw["nationality"], kw["birth_date"], kw["sex"], kw["expiry_date"]
    ) + _alnum(kw["optional_data"], opt_width, "optional_data")
    return line1, line2


def compose_mrva(
    *,
    document_type: str = "V",
    issuing_state: str,
    surname: str,
    given_names: str,
    document_number: str,
    nationality: str,
    birth_date: datetime.date | None,
    sex: str,
    expiry_date: datetime.date | None,
    optional_data: str = "",
) -> tuple[str, str]:
    """Correct MRV-A (full-page visa) MRZ lines."""
    return _compose_mrv(44, 16, **locals())


def compose_mrvb(
    *,
    document_type: str = "V",
    issuing_state: str,
    surname: str,
    given_names: str,
    document_number: str,
    nationality: str,
    birth_date: datetime.date | None,
    sex: str,
    expiry_date: datetime.date | None,
    optional_data: str = "",
) -> tuple[str, str]:
    """Correct MRV-B (smaller visa) MRZ lines."""
    return _compose_mrv(36, 8, **locals())
