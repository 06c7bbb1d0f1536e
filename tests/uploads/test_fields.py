"""Field proposals from OCR text: values, confidence honesty, privacy, kind guessing.

Every sample is written for these tests: a clean version and an OCR-noisy one
(extra spaces, O/0 and I/1/l swaps, "rn" for "m", broken lines, stray
characters) per document kind, in English and Spanish where relevant.
"""

import dataclasses
import re

import pytest

from uploads.fields import HIGH, KINDS, Field, extract, guess_kind, parse_date

# --------------------------------------------------------------------------
# Samples

I797_RECEIPT = """THE UNITED STATES OF AMERICA
U.S. Department of Homeland Security
U.S. Citizenship and Immigration Services
I-797C, Notice of Action
THIS NOTICE DOES NOT GRANT ANY IMMIGRATION STATUS OR BENEFIT.

Receipt Number                    Case Type
IOE0912345678                     I130 - PETITION FOR ALIEN RELATIVE
Received Date      Priority Date      Page
01/05/2026                            1 of 1
Notice Date
January 12, 2026
Petitioner
SMITH, JOHN ALAN
Beneficiary
GARCIA LOPEZ, MARIA ELENA

Notice Type: Receipt Notice
Amount received: $675.00 U.S.
"""

I797_RECEIPT_NOISY = """I-797C, Not1ce of Act1on
Rece1pt  Nurnber          Case Type
E AC 219 OO1 2345         1-485 - APPLICATION TO REGISTER PERMANENT RESIDENCE
Rece1ved Date             Pr1ority Date
O1/O5/2O26
Not1ce Date
Jan. 12 ,2026
Appl1cant
GARC1A  LOPEZ, MAR1A
"""

I797_APPROVAL = """I-797, Notice of Action
Receipt Number: WAC2212345678        Case Type: I129F - PETITION FOR ALIEN FIANCE(E)
Receipt Date: 03/02/2022             Priority Date:
Notice Date: 09/15/2022              Page 1 of 1
Petitioner: JOHN SMITH
Beneficiary: ANA MARIA RODRIGUEZ
Notice Type: Approval Notice
Valid from 09/15/2022 to 01/14/2023
"""

I797_BIOMETRICS = """Department of Homeland Security
U.S. Citizenship and Immigration Services
I-797C, Notice of Action
ASC Appointment Notice
Receipt Number: IOE0912345678
Case Type: I485 - APPLICATION TO REGISTER PERMANENT RESIDENCE OR ADJUST STATUS
Notice Date: February 2, 2026
Applicant: GARCIA LOPEZ, MARIA ELENA
Date and Time of Appointment: 02/17/2026 at 10:00 AM
"""

I797_EB = """U.S. Citizenship and Immigration Services
I-797, Notice of Action
Receipt Number: LIN-21-900-12345
Case Type: I140 - IMMIGRANT PETITION FOR ALIEN WORKER
Received Date   Priority Date   Notice Date
03/15/2021      07/22/2019      04/02/2021
Notice Type: Receipt Notice
"""

BIRTH_US = """CERTIFICATE OF LIVE BIRTH
State of Texas - Department of State Health Services - Vital Statistics
State File Number: 142-90-012345
Child's Name: Michael James Anderson
Date of Birth: 03/14/1990      Sex: Male
Place of Birth: Houston, Harris County, Texas
Mother's Maiden Name: Laura Beth Miller
Father's Name: Robert Allen Anderson
"""

BIRTH_US_NOISY = """CERTIF1CATE  OF  LIVE  B1RTH
State  Fi1e  Number :  142-90-012345
Ch1ld's Name: M1chael  James  Anders0n
Date 0f Birth: O3/l4/199O  Sex: Male
P1ace of Birth: Houston, Harris County,
Texas
Mother's Maiden Narne: Laura Beth Mi11er
Father's Narne:
Robert Allen Anderson
"""

ACTA_MX = """ESTADOS UNIDOS MEXICANOS
ACTA DE NACIMIENTO
REGISTRO CIVIL
Número de acta: 00123
DATOS DE LA PERSONA REGISTRADA
Nombre(s): JOSÉ LUIS
Primer Apellido: PÉREZ
Segundo Apellido: GARCÍA
Sexo: HOMBRE
Fecha de Nacimiento: 05/01/1990
Lugar de Nacimiento: GUADALAJARA, JALISCO
CURP: PEGJ900105HJCRRS09
DATOS DE FILIACIÓN DE LA PERSONA REGISTRADA
PADRE
Nombre: JUAN PÉREZ RAMÍREZ
Nacionalidad: MEXICANA
MADRE
Nombre: MARÍA GARCÍA LÓPEZ
Nacionalidad: MEXICANA
"""

ACTA_MX_NOISY = """ACTA  DE  NAC1MIENTO
Nombre(s) :  JOSÉ  LU1S ~
Primer  Apel1ido:
PÉREZ
Segundo Apellido: GARC1A
Fecha de Nac1miento: O5/O1/199O
Lugar  de  Nacimiento: GUADALAJARA,
JALISCO
Nombre del padre: JUAN PEREZ  RAMIREZ
Nombre de la madre: » MARIA GARCIA LOPEZ
"""

PARTIDA_SV = """REPUBLICA DE EL SALVADOR
PARTIDA DE NACIMIENTO
Nombre del inscrito: CARLOS ERNESTO MEJIA
Lugar y fecha de nacimiento: San Miguel, 5 de enero de 1990
Padre: JOSE MEJIA
Madre: ROSA AMAYA
"""

PASSPORT_MX = """UNITED MEXICAN STATES / ESTADOS UNIDOS MEXICANOS
PASSPORT / PASAPORTE
Type/Tipo P   Code/Código MEX
Passport No./No. de pasaporte
G12345678
Surname/Apellidos
HERNANDEZ LOPEZ
Given names/Nombres
ANA SOFIA
Nationality/Nacionalidad
MEXICANA
Date of birth/Fecha de nacimiento
12 AGO 1974
Place of birth/Lugar de nacimiento
OAXACA
Date of issue/Fecha de expedición
03 SEPT 2019
Date of expiry/Fecha de caducidad
03 SEPT 2029
P<MEXHERNANDEZ<LOPEZ<<ANA<SOFIA<<<<<<<<<<<<<<<
"""

PASSPORT_NOISY = """PASAPORTE / PASSPORT
No. de pasaporte / Passport No.: G 1234 5678
Apellidos / Surname: HERNANDEZ LOPEZ
Nombres / Given names: ANA SOF1A
Fecha de nacimiento / Date of birth: 12 AG0 1974
Fecha de caducidad / Date of expiry: O3 SEPT 2O29
"""

MARRIAGE_US = """STATE OF NEVADA
CERTIFICATE OF MARRIAGE
Groom: John Michael Smith
Bride: Maria Elena Lopez Garcia
Date of Marriage: June 14, 2019
Place of Marriage: Las Vegas, Clark County, Nevada
Officiant: Rev. Thomas Lee
"""

MARRIAGE_US_NOISY = """CERT1FICATE OF MARR1AGE
Groom :  J0hn  Michael  Smith
Bride:   Maria Elena Lopez ~ Garcia
Date of Marriage: June l4 ,2019
Place of Marriage: Las Vegas, Clark County, Nevada
"""

ACTA_MATRIMONIO = """ACTA DE MATRIMONIO
REGISTRO DEL ESTADO CIVIL
EL CONTRAYENTE
Nombre: JUAN CARLOS PÉREZ
LA CONTRAYENTE
Nombre: ANA LUCÍA MARTÍNEZ
Fecha de celebración: 14 de febrero de 2015
Lugar de celebración: San Salvador, El Salvador
"""

BANK_US = """FIRST NATIONAL BANK  Member FDIC
Account Statement
Account Holder: MARIA E GARCIA
Account Number: 000123456789
Statement Period: 01/01/2026 - 01/31/2026
Beginning Balance $10,000.00
Deposits and Additions $3,000.00
Ending Balance $12,345.67
"""

BANK_US_NOISY = """F1RST NATIONAL BANK   Member FD1C
Account  Statement
Account  Ho1der: MAR1A E GARCIA
Acc0unt Number: 0001 2345 6789
Statement Per1od: O1/O1/2026 - 01/31/2026
Beginning Balance $10,000.00
Ending  Balance  S12.345.67
"""

BANK_ES = """BANCO NACIONAL
ESTADO DE CUENTA
Titular: MARÍA FERNANDA LÓPEZ
No. de cuenta: 1234 5678 9012
Periodo: del 01/03/2025 al 31/03/2025
Saldo inicial: $8,000.00
Saldo final: $ 9.876,54
"""

BANK_MASKED = """Chase Bank   checking summary
Account Statement
Account ending in 4321
January 1, 2026 through January 31, 2026
Ending balance on January 31, 2026   $1,234.56
"""

RANDOM_TEXTS = [
    """The quick brown fox jumps over the lazy dog. Meeting notes from
Tuesday: discuss budget 2026, call Bob at 555-123-4567. Lunch at 12:30.""",
    """Recipe: Grandma's tamales
Name: tamales de pollo
2 cups masa, 1 cup broth, 05/01/2020 notes
Place the husks in water. Date: whenever.""",
    """def main():
    account = 1234567890
    return account  # period 01/02/2020 - 03/04/2020
""",
    """Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor
incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud
Father Christmas came on December 25, 2020. Mother: unknown.""",
    """Querida mamá: te escribo desde Houston. El padre de Juan llegó el 5 de mayo.
Saludos a todos, nos vemos pronto. La cuenta del hotel fue $120.00.""",
    "~~ |||| ,,, 0O0O lI1| ;;; ..",
]

SAMPLES = {
    "I797_RECEIPT": (I797_RECEIPT, "i797"),
    "I797_RECEIPT_NOISY": (I797_RECEIPT_NOISY, "i797"),
    "I797_APPROVAL": (I797_APPROVAL, "i797"),
    "I797_BIOMETRICS": (I797_BIOMETRICS, "i797"),
    "I797_EB": (I797_EB, "i797"),
    "BIRTH_US": (BIRTH_US, "birth_certificate"),
    "BIRTH_US_NOISY": (BIRTH_US_NOISY, "birth_certificate"),
    "ACTA_MX": (ACTA_MX, "birth_certificate"),
    "ACTA_MX_NOISY": (ACTA_MX_NOISY, "birth_certificate"),
    "PARTIDA_SV": (PARTIDA_SV, "birth_certificate"),
    "PASSPORT_MX": (PASSPORT_MX, "passport"),
    "PASSPORT_NOISY": (PASSPORT_NOISY, "passport"),
    "MARRIAGE_US": (MARRIAGE_US, "marriage_certificate"),
    "MARRIAGE_US_NOISY": (MARRIAGE_US_NOISY, "marriage_certificate"),
    "ACTA_MATRIMONIO": (ACTA_MATRIMONIO, "marriage_certificate"),
    "BANK_US": (BANK_US, "bank_statement"),
    "BANK_US_NOISY": (BANK_US_NOISY, "bank_statement"),
    "BANK_ES": (BANK_ES, "bank_statement"),
    "BANK_MASKED": (BANK_MASKED, "bank_statement"),
}


def by_name(text, kind=None):
    fields = extract(text, kind)
    names = [f.name for f in fields]
    assert len(names) == len(set(names)), f"duplicate field names: {names}"
    return {f.name: f for f in fields}


# --------------------------------------------------------------------------
# The Field type


def test_field_is_frozen_and_serialisable():
    f = Field("receipt_number", "IOE0912345678", 0.95, "Receipt Number: IOE0912345678")
    assert f.as_dict() == {
        "name": "receipt_number",
        "value": "IOE0912345678",
        "confidence": 0.95,
        "evidence": "Receipt Number: IOE0912345678",
    }
    assert f.likely
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.value = "other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("confidence", "evidence"),
    [(1.2, "x"), (-0.1, "x"), (0.5, "x" * 81)],
    ids=["above-1", "below-0", "evidence-too-long"],
)
def test_field_rejects_out_of_range_values(confidence, evidence):
    with pytest.raises(ValueError):
        Field("x", "y", confidence, evidence)


def test_unknown_kind_is_an_error_and_empty_text_yields_nothing():
    with pytest.raises(ValueError):
        extract("Receipt Number: IOE0912345678", "drivers_license")
    assert extract("") == []
    assert extract("   \n\t ", "i797") == []


# --------------------------------------------------------------------------
# The shared date parser


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("January 5, 2026", None, "2026-01-05"),
        ("Jan 5 2026", None, "2026-01-05"),
        ("Jan. 5th, 2026", None, "2026-01-05"),
        ("SEPT 3, 2021", None, "2021-09-03"),
        ("12 AUG 1974", None, "1974-08-12"),
        ("12 AGO 1974", None, "1974-08-12"),
        ("12 AUG/AOUT 1974", None, "1974-08-12"),
        ("3 DIC 2001", None, "2001-12-03"),
        ("15-ENE-1999", None, "1999-01-15"),
        ("5 de enero de 1990", None, "1990-01-05"),
        ("1o de mayo del 2000", None, "2000-05-01"),
        ("14 de Septiembre de 2015", None, "2015-09-14"),
        ("0ct 3 2020", None, "2020-10-03"),
        ("2026-01-05", None, "2026-01-05"),
        ("13/05/1990", None, "1990-05-13"),
        ("05/13/1990", None, "1990-05-13"),
        ("01/05/2026", "mdy", "2026-01-05"),
        ("01/05/2026", "dmy", "2026-05-01"),
        ("O1/O5/2O26", "mdy", "2026-01-05"),
        ("07.07.2007", None, "2007-07-07"),
    ],
)
def test_parse_date(text, order, expected):
    assert parse_date(text, order) == expected


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("01/05/2026", None),  # ambiguous without a convention
        ("31/02/1990", "dmy"),  # no 31 February
        ("02/30/2019", "mdy"),
        ("13/13/1990", None),
        ("30 FEB 2001", None),
        ("July 4, 1776", None),  # outside the year range
        ("1776-07-04", None),
        ("5 de enero de 2350", None),
        ("Meeting at 12:30, room 4", None),
    ],
)
def test_parse_date_rejects(text, order):
    assert parse_date(text, order) is None


# --------------------------------------------------------------------------
# Values per document


@pytest.mark.parametrize(
    ("sample", "field", "expected"),
    [
        ("I797_RECEIPT", "receipt_number", "IOE0912345678"),
        ("I797_RECEIPT", "form", "I-130"),
        ("I797_RECEIPT", "notice_type", "receipt"),
        ("I797_RECEIPT", "received_date", "2026-01-05"),
        ("I797_RECEIPT", "notice_date", "2026-01-12"),
        ("I797_RECEIPT", "petitioner", "SMITH, JOHN ALAN"),
        ("I797_RECEIPT", "beneficiary", "GARCIA LOPEZ, MARIA ELENA"),
        ("I797_RECEIPT_NOISY", "receipt_number", "EAC2190012345"),
        ("I797_RECEIPT_NOISY", "form", "I-485"),
        ("I797_RECEIPT_NOISY", "received_date", "2026-01-05"),
        ("I797_RECEIPT_NOISY", "notice_date", "2026-01-12"),
        ("I797_RECEIPT_NOISY", "applicant", "GARCIA LOPEZ, MARIA"),
        ("I797_APPROVAL", "receipt_number", "WAC2212345678"),
        ("I797_APPROVAL", "form", "I-129F"),
        ("I797_APPROVAL", "notice_type", "approval"),
        ("I797_APPROVAL", "received_date", "2022-03-02"),
        ("I797_APPROVAL", "notice_date", "2022-09-15"),
        ("I797_APPROVAL", "beneficiary", "ANA MARIA RODRIGUEZ"),
        ("I797_BIOMETRICS", "notice_type", "appointment"),
        ("I797_BIOMETRICS", "form", "I-485"),
        ("I797_BIOMETRICS", "appointment_date", "2026-02-17"),
        ("I797_BIOMETRICS", "notice_date", "2026-02-02"),
        ("I797_EB", "receipt_number", "LIN2190012345"),
        ("I797_EB", "form", "I-140"),
        ("I797_EB", "received_date", "2021-03-15"),
        ("I797_EB", "priority_date", "2019-07-22"),
        ("I797_EB", "notice_date", "2021-04-02"),
        ("BIRTH_US", "full_name", "Michael James Anderson"),
        ("BIRTH_US", "birth_date", "1990-03-14"),
        ("BIRTH_US", "birth_place", "Houston, Harris County, Texas"),
        ("BIRTH_US", "mother_name", "Laura Beth Miller"),
        ("BIRTH_US", "father_name", "Robert Allen Anderson"),
        ("BIRTH_US", "registration_number", "142-90-012345"),
        ("BIRTH_US_NOISY", "full_name", "Michael James Anderson"),
        ("BIRTH_US_NOISY", "birth_date", "1990-03-14"),
        ("BIRTH_US_NOISY", "birth_place", "Houston, Harris County, Texas"),
        ("BIRTH_US_NOISY", "mother_name", "Laura Beth Miller"),
        ("BIRTH_US_NOISY", "father_name", "Robert Allen Anderson"),
        ("ACTA_MX", "given_names", "JOSÉ LUIS"),
        ("ACTA_MX", "surname", "PÉREZ GARCÍA"),
        ("ACTA_MX", "full_name", "JOSÉ LUIS PÉREZ GARCÍA"),
        ("ACTA_MX", "birth_date", "1990-01-05"),  # DD/MM in a Spanish document
        ("ACTA_MX", "birth_place", "GUADALAJARA, JALISCO"),
        ("ACTA_MX", "father_name", "JUAN PÉREZ RAMÍREZ"),
        ("ACTA_MX", "mother_name", "MARÍA GARCÍA LÓPEZ"),
        ("ACTA_MX", "registration_number", "00123"),
        ("ACTA_MX_NOISY", "full_name", "JOSÉ LUIS PÉREZ GARCIA"),
        ("ACTA_MX_NOISY", "birth_date", "1990-01-05"),
        ("ACTA_MX_NOISY", "birth_place", "GUADALAJARA, JALISCO"),
        ("ACTA_MX_NOISY", "father_name", "JUAN PEREZ RAMIREZ"),
        ("ACTA_MX_NOISY", "mother_name", "MARIA GARCIA LOPEZ"),
        ("PARTIDA_SV", "full_name", "CARLOS ERNESTO MEJIA"),
        ("PARTIDA_SV", "birth_date", "1990-01-05"),
        ("PARTIDA_SV", "birth_place", "San Miguel"),
        ("PARTIDA_SV", "father_name", "JOSE MEJIA"),
        ("PARTIDA_SV", "mother_name", "ROSA AMAYA"),
        ("PASSPORT_MX", "passport_number", "G12345678"),
        ("PASSPORT_MX", "surname", "HERNANDEZ LOPEZ"),
        ("PASSPORT_MX", "given_names", "ANA SOFIA"),
        ("PASSPORT_MX", "nationality", "MEXICANA"),
        ("PASSPORT_MX", "birth_date", "1974-08-12"),
        ("PASSPORT_MX", "birth_place", "OAXACA"),
        ("PASSPORT_MX", "issue_date", "2019-09-03"),
        ("PASSPORT_MX", "expiry_date", "2029-09-03"),
        ("PASSPORT_NOISY", "passport_number", "G12345678"),
        ("PASSPORT_NOISY", "given_names", "ANA SOFIA"),
        ("PASSPORT_NOISY", "birth_date", "1974-08-12"),
        ("PASSPORT_NOISY", "expiry_date", "2029-09-03"),
        ("MARRIAGE_US", "spouse_names", "John Michael Smith; Maria Elena Lopez Garcia"),
        ("MARRIAGE_US", "marriage_date", "2019-06-14"),
        ("MARRIAGE_US", "marriage_place", "Las Vegas, Clark County, Nevada"),
        ("MARRIAGE_US_NOISY", "spouse_names", "John Michael Smith; Maria Elena Lopez Garcia"),
        ("MARRIAGE_US_NOISY", "marriage_date", "2019-06-14"),
        ("ACTA_MATRIMONIO", "spouse_names", "JUAN CARLOS PÉREZ; ANA LUCÍA MARTÍNEZ"),
        ("ACTA_MATRIMONIO", "marriage_date", "2015-02-14"),
        ("ACTA_MATRIMONIO", "marriage_place", "San Salvador, El Salvador"),
        ("BANK_US", "account_holder", "MARIA E GARCIA"),
        ("BANK_US", "statement_period_start", "2026-01-01"),
        ("BANK_US", "statement_period_end", "2026-01-31"),
        ("BANK_US", "ending_balance", "12345.67"),
        ("BANK_US", "account_last4", "6789"),
        ("BANK_US_NOISY", "account_holder", "MARIA E GARCIA"),
        ("BANK_US_NOISY", "statement_period_start", "2026-01-01"),
        ("BANK_US_NOISY", "ending_balance", "12345.67"),
        ("BANK_US_NOISY", "account_last4", "6789"),
        ("BANK_ES", "account_holder", "MARÍA FERNANDA LÓPEZ"),
        ("BANK_ES", "statement_period_start", "2025-03-01"),  # DD/MM in Spanish
        ("BANK_ES", "statement_period_end", "2025-03-31"),
        ("BANK_ES", "ending_balance", "9876.54"),  # "9.876,54"
        ("BANK_ES", "account_last4", "9012"),
        ("BANK_MASKED", "account_last4", "4321"),
        ("BANK_MASKED", "statement_period_start", "2026-01-01"),
        ("BANK_MASKED", "statement_period_end", "2026-01-31"),
        ("BANK_MASKED", "ending_balance", "1234.56"),
    ],
)
def test_values(sample, field, expected):
    text, kind = SAMPLES[sample]
    fields = by_name(text, kind)
    assert field in fields, f"{field} missing; got {sorted(fields)}"
    assert fields[field].value == expected


@pytest.mark.parametrize(
    ("sample", "field"),
    [
        ("I797_RECEIPT", "receipt_number"),
        ("I797_RECEIPT", "form"),
        ("I797_RECEIPT", "notice_date"),
        ("I797_RECEIPT", "beneficiary"),
        ("I797_APPROVAL", "receipt_number"),
        ("I797_APPROVAL", "notice_date"),
        ("I797_EB", "priority_date"),
        ("BIRTH_US", "full_name"),
        ("BIRTH_US", "birth_date"),
        ("ACTA_MX", "full_name"),
        ("ACTA_MX", "birth_place"),
        ("MARRIAGE_US", "spouse_names"),
        ("MARRIAGE_US", "marriage_date"),
        ("ACTA_MATRIMONIO", "marriage_date"),
        ("BANK_US", "ending_balance"),
        ("BANK_US", "statement_period_end"),
        ("BANK_ES", "account_holder"),
    ],
)
def test_clean_labelled_values_are_likely(sample, field):
    text, kind = SAMPLES[sample]
    assert by_name(text, kind)[field].confidence >= HIGH


@pytest.mark.parametrize(
    ("clean", "noisy", "field"),
    [
        ("I797_RECEIPT", "I797_RECEIPT_NOISY", "receipt_number"),
        ("I797_RECEIPT", "I797_RECEIPT_NOISY", "form"),
        ("I797_RECEIPT", "I797_RECEIPT_NOISY", "received_date"),
        ("I797_RECEIPT", "I797_RECEIPT_NOISY", "beneficiary:applicant"),
        ("BIRTH_US", "BIRTH_US_NOISY", "full_name"),
        ("BIRTH_US", "BIRTH_US_NOISY", "birth_date"),
        ("BIRTH_US", "BIRTH_US_NOISY", "mother_name"),
        ("BIRTH_US", "BIRTH_US_NOISY", "father_name"),
        ("BIRTH_US", "BIRTH_US_NOISY", "birth_place"),
        ("ACTA_MX", "ACTA_MX_NOISY", "full_name"),
        ("ACTA_MX", "ACTA_MX_NOISY", "given_names"),
        ("ACTA_MX", "ACTA_MX_NOISY", "birth_date"),
        ("PASSPORT_MX", "PASSPORT_NOISY", "passport_number"),
        ("PASSPORT_MX", "PASSPORT_NOISY", "given_names"),
        ("PASSPORT_MX", "PASSPORT_NOISY", "birth_date"),
        ("MARRIAGE_US", "MARRIAGE_US_NOISY", "spouse_names"),
        ("MARRIAGE_US", "MARRIAGE_US_NOISY", "marriage_date"),
        ("BANK_US", "BANK_US_NOISY", "account_holder"),
        ("BANK_US", "BANK_US_NOISY", "ending_balance"),
        ("BANK_US", "BANK_US_NOISY", "statement_period_start"),
    ],
)
def test_noisy_values_have_lower_confidence(clean, noisy, field):
    clean_field, _, noisy_field = field.partition(":")
    noisy_field = noisy_field or clean_field
    a = by_name(*SAMPLES[clean])[clean_field]
    b = by_name(*SAMPLES[noisy])[noisy_field]
    assert b.confidence < a.confidence


@pytest.mark.parametrize(
    ("receipt", "expected", "repaired"),
    [
        ("IOE0912345678", "IOE0912345678", False),
        ("ioe0912345678", "IOE0912345678", False),
        ("1OE0912345678", "IOE0912345678", True),  # I read as 1
        ("I0E0912345678", "IOE0912345678", True),  # O read as 0
        ("EAC21900l2345", "EAC2190012345", True),  # 1 read as l
        ("EAC 219 OO1 2345", "EAC2190012345", True),
        ("SRC 21 900 12345", "SRC2190012345", False),
        ("LIN-21-900-12345", "LIN2190012345", False),
        ("NBC0912345678", "NBC0912345678", False),
        ("MSC2091234567", "MSC2091234567", False),
        ("YSC1234567890", "YSC1234567890", False),
        ("ZLA0912345678", "ZLA0912345678", False),
    ],
)
def test_receipt_numbers_are_normalised(receipt, expected, repaired):
    f = by_name(f"Receipt Number: {receipt}\n", "i797")["receipt_number"]
    assert f.value == expected
    clean = by_name("Receipt Number: IOE0912345678\n", "i797")["receipt_number"]
    if repaired:
        assert f.confidence < HIGH <= clean.confidence
    else:
        assert f.confidence >= HIGH


def test_receipt_prefix_and_label_drive_confidence():
    known = by_name("Receipt Number: EAC2190012345", "i797")["receipt_number"]
    unknown = by_name("Receipt Number: QQQ2190012345", "i797")["receipt_number"]
    bare = by_name("We received the case EAC2190012345 today.", "i797")["receipt_number"]
    assert known.confidence > unknown.confidence
    assert unknown.confidence < HIGH
    assert bare.value == "EAC2190012345"
    assert bare.confidence < HIGH < known.confidence


@pytest.mark.parametrize(
    "text",
    [
        "Receipt Number: 1-800-375-5283",
        "Receipt Number: AB12345",
        "Receipt Number: 2190012345123",  # no letters at all
        "Receipt Number: X1Z2190012345",  # repaired prefix that is not a known one
    ],
)
def test_non_receipt_numbers_are_not_proposed(text):
    assert "receipt_number" not in by_name(text, "i797")


def test_i797_body_form_and_courtesy_notice():
    text = (
        "USCIS Notice of Action\n"
        "Notice Type: Approval Notice\n"
        "This courtesy copy is not a receipt notice.\n"
        "We approved your Form I-751 on file.\n"
    )
    fields = by_name(text, "i797")
    assert fields["notice_type"].value == "approval"
    assert fields["notice_type"].confidence >= HIGH
    assert fields["form"].value == "I-751"


def test_i797_notice_form_itself_is_not_the_case_form():
    fields = by_name("I-797C, Notice of Action\nReceipt Number: IOE0912345678\n", "i797")
    assert "form" not in fields


def test_i797_columns_on_one_line_map_by_position():
    text = (
        "Received Date      Priority Date      Notice Date\n"
        "01/05/2026         07/22/2019         01/12/2026\n"
        "Petitioner                 Beneficiary\n"
        "SMITH, JOHN                GARCIA, MARIA\n"
    )
    fields = by_name(text, "i797")
    assert fields["received_date"].value == "2026-01-05"
    assert fields["priority_date"].value == "2019-07-22"
    assert fields["notice_date"].value == "2026-01-12"
    assert fields["petitioner"].value == "SMITH, JOHN"
    assert fields["beneficiary"].value == "GARCIA, MARIA"


def test_missing_column_value_lowers_confidence():
    aligned = by_name("Received Date\n01/15/2026\n", "i797")["received_date"]
    misaligned = by_name("Received Date Priority Date\n01/15/2026\n", "i797")["received_date"]
    assert misaligned.value == aligned.value == "2026-01-15"
    assert misaligned.confidence < HIGH <= aligned.confidence


# --------------------------------------------------------------------------
# Dates: conventions, ambiguity, impossibility


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "CERTIFICATE OF LIVE BIRTH\nName of child: Ana Torres\nDate of birth: 05/01/1990",
            "1990-05-01",
        ),
        (
            "ACTA DE NACIMIENTO\nNombre del registrado: ANA TORRES\nFecha de nacimiento: 05/01/1990",
            "1990-01-05",
        ),
    ],
    ids=["us-mm-dd", "es-dd-mm"],
)
def test_numeric_dates_follow_the_document_language(text, expected):
    f = by_name(text, "birth_certificate")["birth_date"]
    assert f.value == expected
    assert f.confidence >= HIGH


def test_ambiguous_numeric_date_without_language_cue_is_uncertain():
    text = (
        "Full name / Nombre completo: Ana Torres\nDate of birth / Fecha de nacimiento: 05/01/1990\n"
    )
    ambiguous = by_name(text, "birth_certificate")["birth_date"]
    clear = by_name(text.replace("05/01/1990", "25/01/1990"), "birth_certificate")["birth_date"]
    textual = by_name(text.replace("05/01/1990", "5 January 1990"), "birth_certificate")[
        "birth_date"
    ]
    assert ambiguous.confidence <= 0.3
    assert clear.value == "1990-01-25" and clear.confidence >= HIGH
    assert textual.value == "1990-01-05" and textual.confidence > ambiguous.confidence


@pytest.mark.parametrize(
    ("kind", "text", "field"),
    [
        (
            "birth_certificate",
            "Child's Name: Ana Torres\nDate of Birth: 02/31/1990\n",
            "birth_date",
        ),
        (
            "birth_certificate",
            "Child's Name: Ana Torres\nDate of Birth: 13/13/1990\n",
            "birth_date",
        ),
        (
            "birth_certificate",
            "Nombre: ANA\nFecha de nacimiento: 5 de enero de 2150\n",
            "birth_date",
        ),
        (
            "birth_certificate",
            "Nombre: ANA\nFecha de nacimiento: 30 de febrero de 1990\n",
            "birth_date",
        ),
        ("i797", "Receipt Number: IOE0912345678\nNotice Date: 02/29/2025\n", "notice_date"),
        ("i797", "Notice Date: January 12, 1776\n", "notice_date"),
        (
            "marriage_certificate",
            "Spouse 1: Alex Rivera\nDate of Marriage: 02/30/2019\n",
            "marriage_date",
        ),
        ("passport", "Passport No. 123456789\nDate of Expiry 12 AUG 2150\n", "expiry_date"),
        ("bank_statement", "Statement Period: 02/01/2026 - 01/01/2026\n", "statement_period_start"),
    ],
)
def test_impossible_dates_are_rejected(kind, text, field):
    assert field not in by_name(text, kind)


def test_birth_date_on_the_line_below_its_label():
    text = "Name of child (First, Middle, Last)\nMICHAEL JAMES ANDERSON\nDate of Birth (Month, Day, Year)\nMarch 14, 1990\n"
    fields = by_name(text, "birth_certificate")
    assert fields["full_name"].value == "MICHAEL JAMES ANDERSON"
    assert fields["birth_date"].value == "1990-03-14"


# --------------------------------------------------------------------------
# Passports: never more than "uncertain" (the MRZ is the reliable source)


@pytest.mark.parametrize("sample", ["PASSPORT_MX", "PASSPORT_NOISY"])
def test_passport_fields_stay_below_high(sample):
    fields = by_name(*SAMPLES[sample])
    assert fields
    for f in fields.values():
        assert 0.0 < f.confidence <= 0.7 < HIGH, f


def test_clean_passport_fields_are_in_the_passport_band():
    fields = by_name(*SAMPLES["PASSPORT_MX"])
    for name in ("passport_number", "birth_date", "expiry_date", "surname"):
        assert 0.5 <= fields[name].confidence <= 0.7


# --------------------------------------------------------------------------
# Marriage: two names, or an honest single one


def test_single_spouse_is_not_presented_as_likely():
    f = by_name("CERTIFICATE OF MARRIAGE\nSpouse 1: Alex Rivera\n", "marriage_certificate")[
        "spouse_names"
    ]
    assert f.value == "Alex Rivera"
    assert f.confidence < HIGH


# --------------------------------------------------------------------------
# Bank statements: privacy and amounts

FULL_NUMBERS = {
    "BANK_US": "000123456789",
    "BANK_US_NOISY": "000123456789",
    "BANK_ES": "123456789012",
}


@pytest.mark.parametrize("sample", sorted(FULL_NUMBERS))
def test_bank_statement_never_yields_the_full_account_number(sample):
    text, kind = SAMPLES[sample]
    full = FULL_NUMBERS[sample]
    for guessed in (kind, None):
        fields = extract(text, guessed)
        assert fields
        for f in fields:
            blob = re.sub(r"\D", "", f"{f.value} {f.evidence}")
            assert full not in blob, f
            assert full[-8:] not in blob, f
        last4 = [f for f in fields if f.name == "account_last4"]
        assert [f.value for f in last4] == [full[-4:]]
        assert re.fullmatch(r"\d{4}", last4[0].value)


@pytest.mark.parametrize(
    ("line", "expected", "likely"),
    [
        ("Ending Balance $12,345.67", "12345.67", True),
        ("Ending balance on 01/31/2026 $2,000.00", "2000.00", True),
        ("Closing Balance ($45.10)", "-45.10", True),
        ("New Balance: 987.65", "987.65", True),
        ("Saldo final: $ 9.876,54", "9876.54", True),
        ("Ending Balance $1,000", "1000.00", True),
        ("Ending Balance S12.345.67", "12345.67", False),  # "$" read as S, "," as "."
    ],
)
def test_ending_balance_amounts(line, expected, likely):
    f = by_name(f"Account Statement\n{line}\n", "bank_statement")["ending_balance"]
    assert f.value == expected
    assert (f.confidence >= HIGH) is likely


# --------------------------------------------------------------------------
# Guessing the kind


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_guess_kind(sample):
    text, kind = SAMPLES[sample]
    guessed, confidence = guess_kind(text)
    assert guessed == kind
    assert 0.5 <= confidence <= 1.0


@pytest.mark.parametrize("sample", ["I797_RECEIPT", "ACTA_MX", "BANK_US", "MARRIAGE_US"])
def test_extract_without_kind_reports_the_guess(sample):
    text, kind = SAMPLES[sample]
    fields = extract(text)
    assert fields[0].name == "document_kind"
    assert fields[0].value == kind
    assert fields[0].evidence and fields[0].evidence.strip() in " ".join(text.split())
    assert {f.name for f in fields[1:]} == {f.name for f in extract(text, kind)}


# --------------------------------------------------------------------------
# Unrelated text


@pytest.mark.parametrize("index", range(len(RANDOM_TEXTS)))
def test_unrelated_text_is_not_guessed(index):
    assert guess_kind(RANDOM_TEXTS[index]) == (None, 0.0)
    assert extract(RANDOM_TEXTS[index]) == []


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("index", range(len(RANDOM_TEXTS)))
def test_unrelated_text_yields_no_likely_fields(index, kind):
    for f in extract(RANDOM_TEXTS[index], kind):
        assert f.confidence < HIGH, f


# --------------------------------------------------------------------------
# Invariants over every sample


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_invariants(sample):
    text, kind = SAMPLES[sample]
    flat = " ".join(text.split())
    for f in extract(text, kind) + extract(text):
        assert isinstance(f, Field)
        assert 0.0 <= f.confidence <= 1.0
        assert round(f.confidence, 2) == f.confidence
        assert 0 < len(f.evidence) <= 80
        assert f.value.strip() == f.value and f.value
        if f.name.endswith("_date") or f.name.startswith("statement_period"):
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", f.value), f
        if kind != "bank_statement" and "…" not in f.evidence:
            assert f.evidence in flat, f
