"""The default case type I-485, adjustment of status."""

from __future__ import annotations

from matters.defaults.builders import (
    PDF_OR_IMAGE,
    doc,
    eq,
    is_yes,
    options,
    question,
    questionnaire,
    section,
    t,
)
from matters.defaults.shared import (
    address_questions,
    birth_certificate_doc,
    court_records_doc,
    employment_history_section,
    family_docs,
    family_sections,
    i94_doc,
    identity_questions,
    last_entry_questions,
    passport_doc,
    passport_questions,
    photos_doc,
    prior_applications_questions,
    prior_immigration_doc,
    yes_no_section,
)
from matters.defaults.workflow import stages_with


def build() -> dict:
    sponsor = ("sponsor",)
    schema = questionnaire(
        section(
            "about_you",
            t("About you", "Sobre usted"),
            [*identity_questions(), *passport_questions()],
        ),
        section("addresses", t("Your addresses", "Sus direcciones"), address_questions()),
        section(
            "last_entry",
            t("Your arrival in the United States", "Su llegada a Estados Unidos"),
            [
                *last_entry_questions(),
                question(
                    "petition_before_2001",
                    "yesno",
                    t(
                        "Did anyone file a petition or a labor certification for you on or "
                        "before April 30, 2001?",
                        "¿Alguien presentó una petición o una certificación laboral a su favor "
                        "el 30 de abril de 2001 o antes?",
                    ),
                    show_if=eq("entry_status", "without_inspection"),
                ),
                question(
                    "petition_receipt",
                    "text",
                    t(
                        "Receipt number of the I-130 petition filed for you",
                        "Número de recibo de la petición I-130 presentada a su favor",
                    ),
                    format="receipt",
                    help=t(
                        "Three letters and ten digits, for example IOE0123456789. Leave "
                        "it empty if it is being filed together with this application.",
                        "Tres letras y diez dígitos, por ejemplo IOE0123456789. Déjelo en "
                        "blanco si se presenta junto con esta solicitud.",
                    ),
                ),
                *prior_applications_questions(),
            ],
        ),
        employment_history_section(),
        *family_sections(),
        yes_no_section(
            "background",
            t("Background questions", "Preguntas sobre sus antecedentes"),
            [
                (
                    "arrested",
                    "Have you ever been arrested, cited, charged or detained by police or "
                    "immigration officers, anywhere in the world?",
                    "¿Alguna vez ha sido arrestado(a), citado(a), acusado(a) o detenido(a) por la "
                    "policía o por oficiales de inmigración, en cualquier país?",
                ),
                (
                    "overstayed",
                    "Have you ever stayed in the United States longer than you were allowed?",
                    "¿Alguna vez se quedó en Estados Unidos más tiempo del permitido?",
                ),
                (
                    "removal_proceedings",
                    "Have you ever been in immigration court or in "
                    "deportation (removal) proceedings?",
                    "¿Alguna vez ha estado en la corte de inmigración o en un proceso de deportación?",
                ),
                (
                    "deported",
                    "Have you ever been deported or removed from the United States?",
                    "¿Alguna vez ha sido deportado(a) de Estados Unidos?",
                ),
                (
                    "false_claim",
                    "Have you ever said you were a US citizen when you were not?",
                    "¿Alguna vez ha dicho que era ciudadano(a) de EE. UU. sin serlo?",
                ),
            ],
            explain_key="background_details",
        ),
        section(
            "sponsor",
            t("Financial sponsor", "Patrocinador económico"),
            [
                *identity_questions("sponsor_", citizenship=False),
                question(
                    "sponsor_role",
                    "choice",
                    t("You are...", "Usted es..."),
                    required=True,
                    choices=options(
                        ("petitioner", "The petitioner", "El peticionario"),
                        ("joint_sponsor", "A joint sponsor", "Un patrocinador conjunto"),
                        (
                            "household_member",
                            "A household member of the petitioner",
                            "Un miembro del hogar del peticionario",
                        ),
                    ),
                ),
                question(
                    "sponsor_status",
                    "choice",
                    t("Your status in the United States", "Su situación en Estados Unidos"),
                    required=True,
                    choices=options(
                        ("us_citizen", "US citizen", "Ciudadano(a) de EE. UU."),
                        ("lpr", "Permanent resident", "Residente permanente"),
                    ),
                ),
                question(
                    "sponsor_address",
                    "address",
                    t("Your home address", "Su domicilio"),
                    required=True,
                ),
                question(
                    "household_size",
                    "text",
                    t(
                        "How many people live in your household, counting yourself and the "
                        "people you are sponsoring?",
                        "¿Cuántas personas forman su hogar, contándose usted y las personas "
                        "que patrocina?",
                    ),
                    required=True,
                ),
                question(
                    "sponsor_employed",
                    "yesno",
                    t("Are you working now?", "¿Trabaja actualmente?"),
                    required=True,
                ),
                question(
                    "sponsor_employer",
                    "text",
                    t("Employer's name", "Nombre de su empleador"),
                    required=True,
                    show_if=is_yes("sponsor_employed"),
                ),
                question(
                    "sponsor_annual_income",
                    "text",
                    t(
                        "Your current yearly income (US dollars)",
                        "Su ingreso anual actual (dólares de EE. UU.)",
                    ),
                    required=True,
                ),
            ],
            audience=sponsor,
            intro=t(
                "The sponsor promises to support the applicant financially (Form I-864). "
                "Answer about yourself.",
                "El patrocinador se compromete a mantener económicamente al solicitante "
                "(Formulario I-864). Responda sobre usted.",
            ),
        ),
    )
    checklist = [
        passport_doc(),
        birth_certificate_doc(),
        photos_doc(),
        i94_doc(),
        prior_immigration_doc(show_if=is_yes("prior_applications")),
        doc(
            "i130_notice",
            t("I-130 receipt or approval notice", "Recibo o aviso de aprobación de la I-130"),
            t(
                "It shows the family petition that makes you eligible to apply.",
                "Muestra la petición familiar que le permite presentar esta solicitud.",
            ),
            formats=PDF_OR_IMAGE,
            due_days=7,
        ),
        doc(
            "medical_exam",
            t("Medical exam (Form I-693)", "Examen médico (Formulario I-693)"),
            t(
                "A USCIS-designated doctor completes it and gives it to you in a sealed envelope. "
                "Upload a picture of the envelope; we will tell you how to hand it in.",
                "Un médico autorizado por USCIS lo completa y se lo entrega en un sobre sellado. "
                "Suba una imagen del sobre; le diremos cómo entregarlo.",
            ),
            due_days=45,
        ),
        *family_docs(),
        court_records_doc("arrested"),
        doc(
            "sponsor_tax_returns",
            t(
                "Sponsor's federal tax returns (most recent year)",
                "Declaración de impuestos federales del patrocinador (año más reciente)",
            ),
            t(
                "The I-864 must show that the sponsor's income is enough. An IRS tax transcript "
                "also works.",
                "El I-864 debe demostrar que los ingresos del patrocinador son suficientes. "
                "También sirve una transcripción de impuestos del IRS.",
            ),
            audience=sponsor,
            due_days=14,
        ),
        doc(
            "sponsor_employment_letter",
            t(
                "Sponsor's employment letter and recent pay stubs",
                "Carta de empleo y talones de pago recientes del patrocinador",
            ),
            t(
                "They confirm the sponsor's current job and income.",
                "Confirman el empleo y los ingresos actuales del patrocinador.",
            ),
            audience=sponsor,
            show_if=is_yes("sponsor_employed"),
        ),
        doc(
            "sponsor_proof_of_status",
            t(
                "Sponsor's proof of citizenship or permanent residence",
                "Prueba de ciudadanía o residencia permanente del patrocinador",
            ),
            t(
                "Only a US citizen or permanent resident can be a sponsor.",
                "Solo un ciudadano o residente permanente de EE. UU. puede ser patrocinador.",
            ),
            audience=sponsor,
            due_days=7,
        ),
    ]
    return {
        "code": "i485",
        "category": "family",
        "name": t("Adjustment of Status (green card)", "Ajuste de estatus (residencia permanente)"),
        "forms": ["I-485", "I-864", "I-693"],
        "stages": stages_with({"filed": ["biometrics", "interview"]}),
        "questionnaire": schema,
        "checklist": checklist,
        "task_rules": {},
    }
