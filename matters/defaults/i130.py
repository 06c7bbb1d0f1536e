"""The default case type I-130, petition for an alien relative."""

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
    birth_certificate_doc,
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
)
from matters.defaults.workflow import stages_with


def build() -> dict:
    petitioner = ("petitioner",)
    schema = questionnaire(
        section(
            "petitioner_about",
            t("About you (the petitioner)", "Sobre usted (el peticionario)"),
            [
                *identity_questions("petitioner_", citizenship=False),
                question(
                    "petitioner_status",
                    "choice",
                    t("Your status in the United States", "Su situación en Estados Unidos"),
                    required=True,
                    choices=options(
                        ("us_citizen", "US citizen", "Ciudadano(a) de EE. UU."),
                        (
                            "lpr",
                            "Permanent resident (green card holder)",
                            "Residente permanente (tiene green card)",
                        ),
                    ),
                ),
                question(
                    "petitioner_citizenship_through",
                    "choice",
                    t("How did you become a US citizen?", "¿Cómo obtuvo la ciudadanía de EE. UU.?"),
                    required=True,
                    show_if=eq("petitioner_status", "us_citizen"),
                    choices=options(
                        ("birth", "Born in the United States", "Nací en Estados Unidos"),
                        ("naturalization", "Naturalization", "Naturalización"),
                        ("parents", "Through my parents", "Por medio de mis padres"),
                    ),
                ),
                question(
                    "relationship",
                    "choice",
                    t(
                        "The person you are petitioning for is your...",
                        "La persona para quien presenta la petición es su...",
                    ),
                    required=True,
                    choices=options(
                        ("spouse", "Husband or wife", "Esposo o esposa"),
                        ("child", "Son or daughter", "Hijo o hija"),
                        ("parent", "Father or mother", "Padre o madre"),
                        ("sibling", "Brother or sister", "Hermano o hermana"),
                    ),
                ),
            ],
            audience=petitioner,
            intro=t(
                "You are the US citizen or permanent resident asking USCIS to recognize your "
                "family relationship. Answer about yourself.",
                "Usted es el ciudadano o residente permanente que pide a USCIS que reconozca "
                "su relación familiar. Responda sobre usted.",
            ),
        ),
        section(
            "petitioner_addresses",
            t("Your addresses", "Sus direcciones"),
            address_questions("petitioner_"),
            audience=petitioner,
        ),
        section(
            "petitioner_marriages",
            t("Your marriages", "Sus matrimonios"),
            [
                question(
                    "petitioner_married_before",
                    "yesno",
                    t(
                        "Have you been married before, not counting a current marriage?",
                        "¿Ha estado casado(a) antes, sin contar su matrimonio actual?",
                    ),
                    required=True,
                ),
                question(
                    "petitioner_prior_spouses",
                    "group",
                    t("Your earlier marriages", "Sus matrimonios anteriores"),
                    required=True,
                    show_if=is_yes("petitioner_married_before"),
                    questions=[
                        question(
                            "prior_spouse_name",
                            "text",
                            t("Former spouse's full name", "Nombre completo de su excónyuge"),
                            required=True,
                        ),
                        question(
                            "marriage_ended",
                            "date",
                            t("Date the marriage ended", "Fecha en que terminó el matrimonio"),
                            required=True,
                            past=True,
                        ),
                    ],
                ),
            ],
            audience=petitioner,
        ),
        section(
            "beneficiary_about",
            t("About you (the beneficiary)", "Sobre usted (el beneficiario)"),
            [*identity_questions(), *passport_questions()],
            intro=t(
                "You are the family member the petition is for. Answer about yourself.",
                "Usted es el familiar para quien es la petición. Responda sobre usted.",
            ),
        ),
        section(
            "beneficiary_addresses", t("Your addresses", "Sus direcciones"), address_questions()
        ),
        section(
            "beneficiary_immigration",
            t("Immigration history", "Historial migratorio"),
            [
                question(
                    "in_us",
                    "yesno",
                    t("Are you in the United States now?", "¿Está en Estados Unidos actualmente?"),
                    required=True,
                ),
                *last_entry_questions(show_if=is_yes("in_us")),
                question(
                    "consulate_city",
                    "text",
                    t(
                        "City of the US consulate nearest to you",
                        "Ciudad del consulado de EE. UU. más cercano a usted",
                    ),
                    show_if=is_no("in_us"),
                    help=t(
                        "You would have your immigrant visa interview there.",
                        "Allí tendría su entrevista de visa de inmigrante.",
                    ),
                ),
                *prior_applications_questions(),
            ],
        ),
        *family_sections(
            spouse_intro=t(
                "Tell us about your current husband or wife. If you are married to the petitioner, "
                "enter the petitioner's information here too.",
                "Cuéntenos sobre su esposo o esposa actual. Si está casado(a) con el peticionario, "
                "escriba aquí también los datos del peticionario.",
            )
        ),
    )
    checklist = [
        doc(
            "petitioner_citizenship_proof",
            t("Proof of your US citizenship", "Prueba de su ciudadanía de EE. UU."),
            t(
                "Your US passport, naturalization certificate, citizenship certificate or US birth "
                "certificate shows that you can file this petition.",
                "Su pasaporte de EE. UU., certificado de naturalización, certificado de ciudadanía "
                "o acta de nacimiento de EE. UU. demuestra que puede presentar esta petición.",
            ),
            audience=petitioner,
            due_days=7,
            show_if=eq("petitioner_status", "us_citizen"),
        ),
        doc(
            "petitioner_green_card",
            t(
                "Your permanent resident card (front and back)",
                "Su tarjeta de residente permanente (frente y reverso)",
            ),
            t(
                "It shows that you can file this petition as a permanent resident.",
                "Demuestra que puede presentar esta petición como residente permanente.",
            ),
            audience=petitioner,
            formats=PDF_OR_IMAGE,
            parts=TWO_SIDES,
            due_days=7,
            show_if=eq("petitioner_status", "lpr"),
        ),
        birth_certificate_doc(
            "petitioner_birth_certificate",
            audience=petitioner,
            title=t("Your birth certificate (petitioner)", "Su acta de nacimiento (peticionario)"),
            why=t(
                "For a parent or a brother or sister, your birth certificate shows the family "
                "relationship.",
                "Para un padre, una madre o un hermano, su acta de nacimiento demuestra el "
                "parentesco.",
            ),
            show_if={"question": "relationship", "in": ["parent", "sibling"]},
        ),
        doc(
            "petitioner_prior_divorce_decrees",
            t(
                "Proof that your earlier marriages ended",
                "Prueba de que terminaron sus matrimonios anteriores",
            ),
            t(
                "A divorce decree, annulment or death certificate for each earlier marriage.",
                "Una sentencia de divorcio, anulación o acta de defunción por cada matrimonio "
                "anterior.",
            ),
            audience=petitioner,
            translation=True,
            show_if=is_yes("petitioner_married_before"),
        ),
        doc(
            "bona_fide_marriage_evidence",
            t("Proof of a real marriage", "Pruebas de un matrimonio auténtico"),
            t(
                "Joint lease or mortgage, joint bank statements, insurance, photos together over "
                "time, children's birth certificates. They show USCIS that the marriage is real.",
                "Contrato de arrendamiento o hipoteca a nombre de ambos, estados de cuenta "
                "conjuntos, seguros, fotos juntos a lo largo del tiempo, actas de nacimiento de los "
                "hijos. Demuestran a USCIS que el matrimonio es auténtico.",
            ),
            audience=petitioner,
            due_days=30,
            show_if=eq("relationship", "spouse"),
        ),
        photos_doc(
            "petitioner_photos",
            audience=petitioner,
            title=t(
                "Two passport-style photos of you (petitioner)",
                "Dos fotografías tipo pasaporte suyas (peticionario)",
            ),
            show_if=eq("relationship", "spouse"),
        ),
        passport_doc(),
        birth_certificate_doc(),
        photos_doc(show_if=eq("relationship", "spouse")),
        i94_doc(show_if=is_yes("in_us")),
        prior_immigration_doc(show_if=is_yes("prior_applications")),
        *family_docs(),
    ]
    return {
        "code": "i130",
        "category": "family",
        "name": t("Petition for Alien Relative", "Petición de familiar extranjero"),
        "forms": ["I-130", "I-130A"],
        "stages": stages_with(),
        "questionnaire": schema,
        "checklist": checklist,
        "task_rules": {},
    }
