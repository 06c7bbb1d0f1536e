"""The default case type I-821D and I-765, DACA renewal with a work permit."""

from __future__ import annotations

from matters.defaults.builders import (
    PDF_OR_IMAGE,
    TWO_SIDES,
    doc,
    is_yes,
    question,
    questionnaire,
    section,
    t,
)
from matters.defaults.shared import (
    address_questions,
    court_records_doc,
    identity_questions,
    passport_doc,
    photos_doc,
)
from matters.defaults.workflow import rule_override, stages_with


def build() -> dict:
    schema = questionnaire(
        section(
            "about_you", t("About you", "Sobre usted"), identity_questions(a_number_required=True)
        ),
        section("address", t("Your address", "Su dirección"), address_questions(history=False)),
        section(
            "daca_status",
            t("Your DACA", "Su DACA"),
            [
                question(
                    "daca_expiration",
                    "date",
                    t("When does your current DACA expire?", "¿Cuándo vence su DACA actual?"),
                    required=True,
                    help=t(
                        "It is on your work permit (EAD). We recommend filing 120 to 150 "
                        "days before it expires.",
                        "Aparece en su permiso de trabajo (EAD). Recomendamos presentar "
                        "la solicitud entre 120 y 150 días antes del vencimiento.",
                    ),
                ),
                question(
                    "lived_in_us_continuously",
                    "yesno",
                    t(
                        "Have you lived in the United States continuously since your last "
                        "DACA approval?",
                        "¿Ha vivido en Estados Unidos de forma continua desde su última "
                        "aprobación de DACA?",
                    ),
                    required=True,
                ),
                question(
                    "left_us_since_approval",
                    "yesno",
                    t(
                        "Have you left the United States since your last DACA approval?",
                        "¿Ha salido de Estados Unidos desde su última aprobación de DACA?",
                    ),
                    required=True,
                ),
                question(
                    "travel_with_parole",
                    "yesno",
                    t(
                        "Did you travel with advance parole?",
                        "¿Viajó con permiso adelantado (advance parole)?",
                    ),
                    required=True,
                    show_if=is_yes("left_us_since_approval"),
                ),
                question(
                    "travel_details",
                    "textarea",
                    t("Dates and places of your trips", "Fechas y lugares de sus viajes"),
                    required=True,
                    show_if=is_yes("left_us_since_approval"),
                ),
                question(
                    "arrested_since_approval",
                    "yesno",
                    t(
                        "Since your last DACA approval, have you been arrested, cited or "
                        "charged with any crime?",
                        "Desde su última aprobación de DACA, ¿ha sido arrestado(a), "
                        "citado(a) o acusado(a) de algún delito?",
                    ),
                    required=True,
                ),
                question(
                    "arrest_details",
                    "textarea",
                    t(
                        "Please tell us what happened, when and where.",
                        "Cuéntenos qué pasó, cuándo y dónde.",
                    ),
                    required=True,
                    show_if=is_yes("arrested_since_approval"),
                ),
            ],
        ),
        section(
            "work_permit",
            t("Work permit (Form I-765)", "Permiso de trabajo (Formulario I-765)"),
            [
                question(
                    "wants_ssn_card",
                    "yesno",
                    t(
                        "Would you like the Social Security Administration to give you a "
                        "Social Security number and card?",
                        "¿Desea que la Administración del Seguro Social le asigne un número "
                        "y una tarjeta de Seguro Social?",
                    ),
                    required=True,
                    show_if={"question": "ssn", "answered": False},
                ),
                question(
                    "father_name",
                    "text",
                    t("Your father's full name", "Nombre completo de su padre"),
                    show_if=is_yes("wants_ssn_card"),
                ),
                question(
                    "mother_name",
                    "text",
                    t("Your mother's full name", "Nombre completo de su madre"),
                    show_if=is_yes("wants_ssn_card"),
                ),
                question(
                    "ead_mailing_address_ok",
                    "yesno",
                    t(
                        "Can USCIS mail your new card to the address you gave us?",
                        "¿Puede USCIS enviar su nueva tarjeta a la dirección que nos dio?",
                    ),
                    required=True,
                ),
            ],
        ),
    )
    checklist = [
        doc(
            "current_ead",
            t(
                "Current work permit (EAD), front and back",
                "Permiso de trabajo (EAD) actual, frente y reverso",
            ),
            t(
                "It shows your current DACA period and category.",
                "Muestra su periodo actual de DACA y su categoría.",
            ),
            formats=PDF_OR_IMAGE,
            parts=TWO_SIDES,
            due_days=7,
        ),
        doc(
            "daca_approval",
            t("Last DACA approval notice (I-797)", "Último aviso de aprobación de DACA (I-797)"),
            t(
                "It confirms your last approval so we can file the renewal correctly.",
                "Confirma su última aprobación para que presentemos la renovación correctamente.",
            ),
            formats=PDF_OR_IMAGE,
            due_days=7,
        ),
        photos_doc(),
        passport_doc(
            why=t(
                "It confirms your identity. If you do not have a valid passport, another photo "
                "ID works.",
                "Confirma su identidad. Si no tiene un pasaporte vigente, sirve otra identificación "
                "con foto.",
            )
        ),
        doc(
            "advance_parole_documents",
            t(
                "Advance parole document and travel records",
                "Documento de permiso adelantado y registros de viaje",
            ),
            t(
                "They show that your trips did not break your continuous residence.",
                "Demuestran que sus viajes no interrumpieron su residencia continua.",
            ),
            show_if=is_yes("left_us_since_approval"),
        ),
        court_records_doc("arrested_since_approval"),
    ]
    return {
        "code": "i765_daca",
        "category": "daca",
        "name": t("DACA renewal with work permit", "Renovación de DACA con permiso de trabajo"),
        "forms": ["I-821D", "I-765", "I-765WS"],
        "stages": stages_with({"filed": ["biometrics"]}),
        "questionnaire": schema,
        "checklist": checklist,
        "task_rules": {
            "all_documents_accepted": rule_override("all_documents_accepted", due_days=3)
        },
    }
