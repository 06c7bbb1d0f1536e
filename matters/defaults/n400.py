"""The default case type N-400, naturalization."""

from __future__ import annotations

from matters.defaults.builders import (
    PDF_OR_IMAGE,
    TWO_SIDES,
    doc,
    eq,
    is_no,
    is_yes,
    options,
    question,
    questionnaire,
    section,
    t,
)
from matters.defaults.shared import (
    address_questions,
    court_records_doc,
    employment_history_section,
    family_docs,
    family_sections,
    identity_questions,
    passport_doc,
    passport_questions,
    yes_no_section,
)
from matters.defaults.workflow import stages_with


def build() -> dict:
    schema = questionnaire(
        section(
            "about_you",
            t("About you", "Sobre usted"),
            [
                *identity_questions(a_number_required=True),
                question(
                    "permanent_resident_since",
                    "date",
                    t(
                        "Date you became a permanent resident",
                        "Fecha en que se hizo residente permanente",
                    ),
                    required=True,
                    past=True,
                    help=t(
                        'It is the "Resident since" date on your green card.',
                        'Es la fecha "Resident since" de su tarjeta de residente.',
                    ),
                ),
                question(
                    "eligibility_basis",
                    "choice",
                    t("Why are you eligible to apply?", "¿Por qué puede solicitar?"),
                    required=True,
                    choices=options(
                        (
                            "five_years",
                            "I have been a permanent resident for at least 5 years",
                            "He sido residente permanente por al menos 5 años",
                        ),
                        (
                            "three_years_married",
                            "I have been a permanent resident for at "
                            "least 3 years and married to a US citizen for those 3 years",
                            "He sido residente permanente por al menos 3 años y casado(a) con "
                            "un ciudadano de EE. UU. durante esos 3 años",
                        ),
                        (
                            "military",
                            "US military service",
                            "Servicio en las Fuerzas Armadas de EE. UU.",
                        ),
                        ("other", "Other or not sure", "Otra o no estoy seguro(a)"),
                    ),
                ),
                *passport_questions(),
            ],
        ),
        section("residence", t("Where you have lived", "Dónde ha vivido"), address_questions()),
        section(
            "trips",
            t("Time outside the United States", "Tiempo fuera de Estados Unidos"),
            [
                question(
                    "trips_outside_us",
                    "yesno",
                    t(
                        "In the last 5 years, have you spent more than 24 hours outside the "
                        "United States?",
                        "En los últimos 5 años, ¿ha pasado más de 24 horas fuera de Estados "
                        "Unidos?",
                    ),
                    required=True,
                ),
                question(
                    "trip_list",
                    "group",
                    t("Your trips, most recent first", "Sus viajes, empezando por el más reciente"),
                    required=True,
                    show_if=is_yes("trips_outside_us"),
                    help=t(
                        "Your passport stamps can help you remember the dates.",
                        "Los sellos de su pasaporte pueden ayudarle a recordar las fechas.",
                    ),
                    questions=[
                        question(
                            "departure_date",
                            "date",
                            t("Date you left", "Fecha de salida"),
                            required=True,
                            past=True,
                        ),
                        question(
                            "return_date",
                            "date",
                            t("Date you returned", "Fecha de regreso"),
                            required=True,
                            past=True,
                        ),
                        question(
                            "countries",
                            "text",
                            t("Countries you visited", "Países que visitó"),
                            required=True,
                        ),
                    ],
                ),
                question(
                    "trip_over_six_months",
                    "yesno",
                    t("Did any trip last 6 months or more?", "¿Algún viaje duró 6 meses o más?"),
                    required=True,
                    show_if=is_yes("trips_outside_us"),
                ),
            ],
        ),
        employment_history_section(),
        *family_sections(
            spouse_extra=[
                question(
                    "spouse_citizen_since",
                    "date",
                    t(
                        "When did your spouse become a US citizen?",
                        "¿Cuándo obtuvo su cónyuge la ciudadanía de EE. UU.?",
                    ),
                    past=True,
                    show_if=eq("spouse_immigration_status", "us_citizen"),
                    help=t(
                        "If your spouse was born a citizen, enter the date of birth.",
                        "Si su cónyuge nació ciudadano(a), escriba su fecha de nacimiento.",
                    ),
                ),
            ]
        ),
        yes_no_section(
            "moral_character",
            t("Good moral character", "Buena conducta moral"),
            [
                (
                    "claimed_citizenship",
                    "Have you ever said, in writing or in any other way, that "
                    "you were a US citizen?",
                    "¿Alguna vez ha dicho, por escrito o de otra forma, que era ciudadano(a) de "
                    "EE. UU.?",
                ),
                (
                    "voted",
                    "Have you ever voted in a federal, state or local election in the "
                    "United States?",
                    "¿Alguna vez ha votado en una elección federal, estatal o local en Estados "
                    "Unidos?",
                ),
                (
                    "owes_taxes",
                    "Do you owe any overdue federal, state or local taxes?",
                    "¿Debe impuestos federales, estatales o locales atrasados?",
                ),
                (
                    "nonresident_tax_filing",
                    "Since becoming a permanent resident, have you ever "
                    "not filed a tax return, or called yourself a nonresident on one?",
                    "Desde que es residente permanente, ¿alguna vez dejó de presentar su declaración "
                    "de impuestos o se declaró no residente?",
                ),
                (
                    "arrested",
                    "Have you ever been arrested, cited or detained by any police or "
                    "immigration officer, for any reason, anywhere in the world?",
                    "¿Alguna vez ha sido arrestado(a), citado(a) o detenido(a) por la policía o un "
                    "oficial de inmigración, por cualquier motivo, en cualquier país?",
                ),
                (
                    "drugs",
                    "Have you ever sold, smuggled or helped anyone get illegal drugs?",
                    "¿Alguna vez ha vendido, contrabandeado o ayudado a alguien a conseguir drogas "
                    "ilegales?",
                ),
                (
                    "false_information",
                    "Have you ever given false or misleading information to a "
                    "US government official?",
                    "¿Alguna vez ha dado información falsa o engañosa a un funcionario del gobierno "
                    "de EE. UU.?",
                ),
                (
                    "removal_proceedings",
                    "Have you ever been in immigration court or deportation (removal) proceedings?",
                    "¿Alguna vez ha estado en la corte de inmigración o en un proceso de "
                    "deportación?",
                ),
            ],
            explain_key="moral_character_details",
        ),
        section(
            "oath",
            t("Oath of allegiance", "Juramento de lealtad"),
            [
                question(
                    "support_constitution",
                    "yesno",
                    t(
                        "Do you support the Constitution and form of government of the "
                        "United States?",
                        "¿Apoya la Constitución y la forma de gobierno de Estados Unidos?",
                    ),
                    required=True,
                ),
                question(
                    "willing_oath",
                    "yesno",
                    t(
                        "Are you willing to take the full Oath of Allegiance to the United States?",
                        "¿Está dispuesto(a) a prestar el Juramento de Lealtad completo a "
                        "Estados Unidos?",
                    ),
                    required=True,
                ),
                question(
                    "oath_concerns",
                    "textarea",
                    t(
                        "Please tell us your concerns. Changes to the oath are possible for "
                        "religious or other reasons.",
                        "Cuéntenos sus inquietudes. Es posible modificar el juramento por "
                        "motivos religiosos u otros.",
                    ),
                    show_if={"any": [is_no("support_constitution"), is_no("willing_oath")]},
                ),
            ],
        ),
    )
    checklist = [
        doc(
            "green_card",
            t(
                "Permanent resident card (front and back)",
                "Tarjeta de residente permanente (frente y reverso)",
            ),
            t(
                "It shows when you became a permanent resident.",
                "Muestra cuándo se hizo residente permanente.",
            ),
            formats=PDF_OR_IMAGE,
            parts=TWO_SIDES,
            due_days=7,
        ),
        passport_doc(
            why=t(
                "Its stamps help us confirm the dates of your trips outside the United States.",
                "Sus sellos nos ayudan a confirmar las fechas de sus viajes fuera de Estados "
                "Unidos.",
            )
        ),
        doc(
            "tax_returns",
            t(
                "Tax returns or IRS tax transcripts (last 5 years)",
                "Declaraciones de impuestos o transcripciones del IRS (últimos 5 años)",
            ),
            t(
                "USCIS checks that you filed and paid your taxes.",
                "USCIS verifica que presentó y pagó sus impuestos.",
            ),
            due_days=21,
        ),
        doc(
            "tax_payment_plan",
            t("Agreement to pay overdue taxes", "Acuerdo de pago de impuestos atrasados"),
            t(
                "If you owe taxes, a payment plan with the IRS or state tax office shows you are "
                "paying them.",
                "Si debe impuestos, un plan de pagos con el IRS o la oficina estatal de impuestos "
                "demuestra que los está pagando.",
            ),
            show_if=is_yes("owes_taxes"),
        ),
        doc(
            "spouse_citizenship_proof",
            t(
                "Proof of your spouse's US citizenship",
                "Prueba de la ciudadanía de EE. UU. de su cónyuge",
            ),
            t(
                "Applying after 3 years requires your spouse to have been a US citizen during "
                "that time.",
                "Solicitar después de 3 años requiere que su cónyuge haya sido ciudadano(a) de "
                "EE. UU. durante ese tiempo.",
            ),
            show_if={
                "all": [
                    eq("marital_status", "married"),
                    eq("eligibility_basis", "three_years_married"),
                ]
            },
        ),
        *family_docs(),
        court_records_doc("arrested"),
    ]
    return {
        "code": "n400",
        "category": "naturalization",
        "name": t(
            "Application for Naturalization (citizenship)",
            "Solicitud de naturalización (ciudadanía)",
        ),
        "forms": ["N-400"],
        "stages": stages_with({"filed": ["biometrics", "interview"], "decision": ["oath"]}),
        "questionnaire": schema,
        "checklist": checklist,
        "task_rules": {},
    }
