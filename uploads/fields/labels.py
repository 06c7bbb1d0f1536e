"""Data: the labels fields are found by, and the words that tell the document's language."""

from __future__ import annotations

import re
from dataclasses import dataclass

from uploads.fields.text import phrases_rx


@dataclass(frozen=True)
class Label:
    keys: frozenset[str]
    lang: str | None
    strict: bool  # a common word: only a label at line start, before a colon or between columns
    rx: re.Pattern[str]


def _L(keys: str, lang: str | None, phrases: list[str], strict: bool = False) -> Label:
    rx = re.compile(r"(?<![a-z0-9])(?:" + phrases_rx(phrases) + r")(?![a-z])")
    return Label(frozenset(keys.split()), lang, strict, rx)


LABELS: list[Label] = [
    # USCIS I-797
    _L("receipt", "en", ["receipt number", "receipt no.", "receipt #", "receipt num."]),
    _L("case_type", "en", ["case type", "form type", "form number", "form no."]),
    _L("notice_type", "en", ["notice type", "type of notice"]),
    _L("notice_date", "en", ["notice date", "date of notice", "date of this notice"]),
    _L(
        "received_date",
        "en",
        ["received date", "date received", "receipt date", "date filed", "filing date"],
    ),
    _L("priority_date", "en", ["priority date"]),
    _L(
        "appointment_date",
        "en",
        ["date and time of appointment", "appointment date", "date and time"],
    ),
    _L("petitioner", "en", ["petitioner", "requestor", "requester"], strict=True),
    _L("beneficiary", "en", ["beneficiary"], strict=True),
    _L("applicant", "en", ["applicant"], strict=True),
    # people
    _L(
        "full_name",
        "en",
        [
            "name of child",
            "child's name",
            "child's full name",
            "full name of child",
            "name of registrant",
            "registrant's name",
            "full name",
        ],
    ),
    _L("full_name", "en", ["registrant", "child"], strict=True),
    _L(
        "full_name",
        "es",
        [
            "nombre (?:del|de la) (?:registrad[oa]|inscrit[oa]|nacid[oa]|menor|nin[oa]|persona registrada)",
            "nombre completo",
            "nombres? y apellidos",
        ],
    ),
    _L("full_name", "es", ["registrad[oa]", "inscrit[oa]"], strict=True),
    _L(
        "given",
        "en",
        ["first name", "given names?", "given name\\(s\\)", "first and middle names?"],
    ),
    _L("given", "es", ["nombre\\(s\\)", "nombres", "nombre de pila"], strict=True),
    _L("middle", "en", ["middle names?"]),
    _L("surname", "en", ["last name", "surname", "family name"]),
    _L("surname", "es", ["apellidos", "apellido\\(s\\)"]),
    _L("surname1", "es", ["primer apellido", "apellido paterno", "1er apellido"]),
    _L("surname2", "es", ["segundo apellido", "apellido materno", "2do apellido"]),
    _L("generic_name", "en", ["name"], strict=True),
    _L("generic_name", "es", ["nombre"], strict=True),
    _L(
        "father",
        "en",
        ["father's name", "name of father", "father's full name", "father/parent"],
    ),
    _L("father", "en", ["father"], strict=True),
    _L("father", "es", ["nombre del padre", "datos del padre"]),
    _L("father", "es", ["padre"], strict=True),
    _L(
        "mother",
        "en",
        ["mother's maiden name", "mother's name", "name of mother", "mother's full name"],
    ),
    _L("mother", "en", ["mother"], strict=True),
    _L("mother", "es", ["nombre de la madre", "datos de la madre"]),
    _L("mother", "es", ["madre"], strict=True),
    _L(
        "birth_date",
        "en",
        ["date of birth", "birth date", "birthdate", "d.o.b.", "born on", "date born"],
    ),
    _L(
        "birth_date",
        "es",
        [
            "fecha de nacimiento",
            "fecha de nac.",
            "f. de nacimiento",
            "fecha nacimiento",
            "nacio el",
        ],
    ),
    _L(
        "birth_place",
        "en",
        ["place of birth", "birthplace", "birth place", "city of birth", "city/county of birth"],
    ),
    _L("birth_place", "es", ["lugar de nacimiento", "lugar de nac.", "nacio en"]),
    _L("birth_place birth_date", "es", ["lugar y fecha de nacimiento"]),
    _L("birth_place birth_date", "en", ["place and date of birth", "date and place of birth"]),
    _L(
        "registration",
        "en",
        [
            "registration {no}",
            "registration number",
            "state file {no}",
            "state file number",
            "certificate {no}",
            "certificate number",
            "file {no}",
            "file number",
        ],
    ),
    _L(
        "registration",
        "es",
        [
            "{no} de acta",
            "acta {no}",
            "{no} de registro",
            "registro {no}",
            "{no} de partida",
            "partida {no}",
        ],
    ),
    # passport
    _L(
        "passport_number",
        "en",
        ["passport {no}", "passport number", "passport #", "document {no}", "document number"],
    ),
    _L(
        "passport_number",
        "es",
        ["{no} de pasaporte", "{no} del pasaporte", "pasaporte {no}", "{no} de documento"],
    ),
    _L(
        "expiry_date",
        "en",
        ["date of expiry", "expiry date", "expiration date", "date of expiration", "valid until"],
    ),
    _L(
        "expiry_date",
        "es",
        [
            "fecha de vencimiento",
            "fecha de caducidad",
            "fecha de expiracion",
            "valido hasta",
            "vence",
        ],
    ),
    _L("issue_date", "en", ["date of issue", "issue date", "date issued", "issued on"]),
    _L(
        "issue_date",
        "es",
        ["fecha de expedicion", "fecha de emision", "fecha de expedido", "expedido el"],
    ),
    _L("nationality", "en", ["nationality"]),
    _L("nationality", "es", ["nacionalidad"]),
    # marriage
    _L(
        "spouse1",
        "en",
        [
            "spouse (?:1|a|one)",
            "party (?:1|a)",
            "first party",
            "name of groom",
            "groom's name",
            "husband's name",
        ],
    ),
    _L("spouse1", "en", ["groom", "husband"], strict=True),
    _L(
        "spouse1",
        "es",
        [
            "el contrayente",
            "contrayente (?:1|a|uno)",
            "nombre del contrayente",
            "nombre del esposo",
        ],
    ),
    _L("spouse1", "es", ["esposo"], strict=True),
    _L(
        "spouse2",
        "en",
        [
            "spouse (?:2|b|two)",
            "party (?:2|b)",
            "second party",
            "name of bride",
            "bride's name",
            "wife's name",
        ],
    ),
    _L("spouse2", "en", ["bride", "wife"], strict=True),
    _L(
        "spouse2",
        "es",
        [
            "la contrayente",
            "contrayente (?:2|b|dos)",
            "nombre de la contrayente",
            "nombre de la esposa",
        ],
    ),
    _L("spouse2", "es", ["esposa"], strict=True),
    _L("spouse", "en", ["name of spouse", "spouse"], strict=True),
    _L("spouse", "es", ["contrayente", "conyuge"], strict=True),
    _L(
        "marriage_date",
        "en",
        [
            "date of marriage",
            "marriage date",
            "date of ceremony",
            "ceremony date",
            "date married",
            "married on",
            "date of solemnization",
        ],
    ),
    _L(
        "marriage_date",
        "es",
        [
            "fecha de(?:l)? matrimonio",
            "fecha de (?:la )?celebracion",
            "fecha de casamiento",
            "celebrado el",
        ],
    ),
    _L(
        "marriage_place",
        "en",
        ["place of marriage", "place of ceremony", "marriage place", "city of marriage"],
    ),
    _L(
        "marriage_place",
        "es",
        ["lugar de(?:l)? matrimonio", "lugar de (?:la )?celebracion", "celebrado en"],
    ),
    # bank statement
    _L(
        "holder",
        "en",
        [
            "account holder(?: name)?",
            "primary account holder",
            "account name",
            "customer name",
            "name on account",
            "account owner",
        ],
    ),
    _L("holder", "es", ["nombre del titular", "titular de la cuenta", "nombre del cliente"]),
    _L("holder", "es", ["titular", "cliente"], strict=True),
    _L(
        "period",
        "en",
        ["statement period", "for the period", "statement dates", "period covered"],
    ),
    _L("period", "en", ["period"], strict=True),
    _L("period", "es", ["periodo"], strict=True),
    _L(
        "ending_balance",
        "en",
        [
            "ending balance",
            "closing balance",
            "new balance",
            "ending ledger balance",
            "balance at end of period",
        ],
    ),
    _L("ending_balance", "es", ["saldo final", "saldo al corte", "saldo al cierre"]),
    _L(
        "account",
        "en",
        [
            "account {no}",
            "account number",
            "account #",
            "acct {no}",
            "acct number",
            "account ending in",
        ],
    ),
    _L("account", "en", ["account"], strict=True),
    _L("account", "es", ["{no} de cuenta", "cuenta {no}"]),
    _L("account", "es", ["cuenta"], strict=True),
    # Labels we do not read, known so that they end the value before them.
    _L(
        "stop",
        "en",
        [
            "(?:father|mother|parent)'s (?:date of birth|birthplace|place of birth|age|birth date)",
            "beginning balance",
            "opening balance",
            "previous balance",
            "average (?:daily )?balance",
            "available balance",
            "total deposits",
            "deposits and (?:other )?additions",
            "withdrawals",
            "amount received",
            "alien number",
            "a#",
            "uscis a#",
            "time of birth",
            "marital status",
            "name of officiant",
            "officiant",
            "witness(?:es)?",
            "valid from",
            "date of registration",
            "date filed with registrar",
        ],
    ),
    _L(
        "stop",
        "en",
        ["sex", "gender", "age", "hour", "county", "race", "occupation", "address", "registrar"],
        strict=True,
    ),
    _L(
        "stop",
        "es",
        [
            "estado civil",
            "saldo inicial",
            "saldo anterior",
            "saldo promedio",
            "testigos?",
            "fecha de registro",
            "oficial del registro civil",
            "nacionalidad del padre",
            "nacionalidad de la madre",
        ],
    ),
    _L(
        "stop",
        "es",
        ["sexo", "edad", "hora", "domicilio", "direccion", "ocupacion", "curp", "clabe"],
        strict=True,
    ),
]

DATE_KEYS = frozenset(
    {
        "notice_date",
        "received_date",
        "priority_date",
        "appointment_date",
        "birth_date",
        "expiry_date",
        "issue_date",
        "marriage_date",
        "period",
    }
)
NAME_KEYS = frozenset({"generic_name", "full_name", "given"})


# --------------------------------------------------------------------------
# Language cue (decides DD/MM vs MM/DD for numeric dates).

ES_WORDS = frozenset(
    [
        "de",
        "del",
        "la",
        "el",
        "los",
        "las",
        "y",
        "nacimiento",
        "fecha",
        "nombre",
        "nombres",
        "apellido",
        "apellidos",
        "padre",
        "madre",
        "acta",
        "registro",
        "civil",
        "lugar",
        "matrimonio",
        "estado",
        "municipio",
        "republica",
        "oficialia",
        "certifica",
        "nacionalidad",
        "sexo",
        "hora",
        "dia",
        "mes",
        "ano",
        "contrayente",
        "contrayentes",
        "pasaporte",
        "vencimiento",
        "expedicion",
        "cuenta",
        "saldo",
        "periodo",
        "titular",
        "registrado",
        "registrada",
        "inscrito",
    ]
)
EN_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "date",
        "birth",
        "name",
        "father",
        "mother",
        "certificate",
        "place",
        "county",
        "state",
        "notice",
        "receipt",
        "number",
        "marriage",
        "passport",
        "expiry",
        "issue",
        "account",
        "balance",
        "statement",
        "period",
        "child",
        "registrar",
        "issued",
        "type",
        "case",
        "received",
        "ending",
        "beginning",
        "deposits",
        "withdrawals",
        "page",
        "this",
        "spouse",
        "bride",
        "groom",
        "surname",
        "given",
        "maiden",
    ]
)
