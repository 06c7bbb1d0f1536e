"""The default case type I-918, U nonimmigrant status."""

from __future__ import annotations

from matters.defaults.builders import doc, eq, is_yes, options, question, questionnaire, section, t
from matters.defaults.shared import (
    address_questions,
    birth_certificate_doc,
    court_records_doc,
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
    schema = questionnaire(
        section(
            "about_you",
            t("About you", "Sobre usted"),
            [*identity_questions(), *passport_questions()],
            intro=t(
                "Everything you tell us is confidential. The law protects the information in "
                "a U visa application.",
                "Todo lo que nos diga es confidencial. La ley protege la información de una "
                "solicitud de visa U.",
            ),
        ),
        section(
            "addresses", t("Your addresses", "Sus direcciones"), address_questions(safe_mail=True)
        ),
        section(
            "crime",
            t("The crime", "El delito"),
            [
                question(
                    "crime_type",
                    "choice",
                    t("What kind of crime happened to you?", "¿Qué tipo de delito sufrió?"),
                    required=True,
                    choices=options(
                        ("domestic_violence", "Domestic violence", "Violencia doméstica"),
                        ("sexual_assault", "Sexual assault or abuse", "Agresión o abuso sexual"),
                        ("assault", "Serious physical attack", "Agresión física grave"),
                        ("trafficking", "Human trafficking", "Trata de personas"),
                        ("kidnapping", "Kidnapping", "Secuestro"),
                        ("extortion", "Extortion or blackmail", "Extorsión o chantaje"),
                        (
                            "witness_tampering",
                            "Pressure or threats to stop you from testifying",
                            "Presión o amenazas para que no declarara",
                        ),
                        ("other", "Other", "Otro"),
                    ),
                ),
                question(
                    "crime_other",
                    "text",
                    t("Please describe the crime briefly", "Describa brevemente el delito"),
                    required=True,
                    show_if=eq("crime_type", "other"),
                ),
                question(
                    "crime_date",
                    "date",
                    t(
                        "When did it happen? (approximate is fine)",
                        "¿Cuándo ocurrió? (una fecha aproximada está bien)",
                    ),
                    required=True,
                    past=True,
                ),
                question(
                    "crime_place",
                    "text",
                    t("City and state where it happened", "Ciudad y estado donde ocurrió"),
                    required=True,
                ),
                question(
                    "reported_to_police",
                    "yesno",
                    t(
                        "Was the crime reported to the police?",
                        "¿Se denunció el delito a la policía?",
                    ),
                    required=True,
                ),
                question(
                    "police_agency",
                    "text",
                    t("Police department or agency", "Departamento de policía o agencia"),
                    show_if=is_yes("reported_to_police"),
                ),
                question(
                    "police_report_number",
                    "text",
                    t(
                        "Report or case number, if you have it",
                        "Número de denuncia o de caso, si lo tiene",
                    ),
                    show_if=is_yes("reported_to_police"),
                ),
                question(
                    "helped_investigation",
                    "yesno",
                    t(
                        "Have you helped, or are you willing to help, the police or the "
                        "prosecutor with the case?",
                        "¿Ha ayudado, o está dispuesto(a) a ayudar, a la policía o a la "
                        "fiscalía con el caso?",
                    ),
                    required=True,
                ),
                question(
                    "harm_suffered",
                    "textarea",
                    t(
                        "How has the crime affected you, in your body or in your emotions? "
                        "Share only what you are comfortable with.",
                        "¿Cómo le ha afectado el delito, física o emocionalmente? Comparta "
                        "solo lo que le resulte cómodo.",
                    ),
                ),
            ],
            intro=t(
                "We ask about the crime because the U visa is for victims who help the "
                "authorities. Answer only as much as you feel able to.",
                "Preguntamos sobre el delito porque la visa U es para víctimas que ayudan a "
                "las autoridades. Responda solo lo que se sienta capaz de contar.",
            ),
        ),
        section(
            "certification",
            t("Law enforcement certification", "Certificación de las autoridades"),
            [
                question(
                    "certification_status",
                    "choice",
                    t(
                        "Do you have a signed law enforcement certification (Form I-918 "
                        "Supplement B)?",
                        "¿Tiene una certificación firmada por las autoridades (Formulario "
                        "I-918, Suplemento B)?",
                    ),
                    required=True,
                    choices=options(
                        ("have_it", "Yes, I have it", "Sí, la tengo"),
                        (
                            "requested",
                            "I asked for it but have not received it",
                            "La pedí pero no la he recibido",
                        ),
                        ("not_requested", "I have not asked for it", "No la he pedido"),
                        ("not_sure", "I am not sure", "No estoy seguro(a)"),
                    ),
                    help=t(
                        "A police department, prosecutor, judge or other agency signs it "
                        "to confirm that you were a victim and helped. We can request it "
                        "for you.",
                        "La firma un departamento de policía, fiscalía, juez u otra "
                        "agencia para confirmar que usted fue víctima y ayudó. Podemos "
                        "pedirla por usted.",
                    ),
                ),
                question(
                    "certifying_agency",
                    "text",
                    t("Agency that signed or will sign it", "Agencia que la firmó o la firmará"),
                    show_if={"question": "certification_status", "in": ["have_it", "requested"]},
                ),
                question(
                    "certification_signed_on",
                    "date",
                    t("Date it was signed", "Fecha en que se firmó"),
                    required=True,
                    past=True,
                    show_if=eq("certification_status", "have_it"),
                    help=t(
                        "USCIS accepts it only if it was signed in the 6 months before filing.",
                        "USCIS solo la acepta si se firmó en los 6 meses anteriores a la "
                        "presentación.",
                    ),
                ),
            ],
        ),
        section(
            "immigration",
            t("Immigration history", "Historial migratorio"),
            [
                question(
                    "in_us",
                    "yesno",
                    t("Are you in the United States now?", "¿Está en Estados Unidos actualmente?"),
                    required=True,
                ),
                *last_entry_questions(show_if=is_yes("in_us")),
                *prior_applications_questions(),
            ],
        ),
        *family_sections(
            spouse_intro=t(
                "Your husband or wife may be able to receive a U visa with you.",
                "Su esposo o esposa podría recibir una visa U junto con usted.",
            )
        ),
        yes_no_section(
            "background",
            t("Background questions", "Preguntas sobre sus antecedentes"),
            [
                (
                    "arrested",
                    "Have you ever been arrested, cited or charged with a crime, "
                    "anywhere in the world?",
                    "¿Alguna vez ha sido arrestado(a), citado(a) o acusado(a) de un delito, en "
                    "cualquier país?",
                ),
                (
                    "removal_proceedings",
                    "Have you ever been in immigration court or deported?",
                    "¿Alguna vez ha estado en la corte de inmigración o ha sido deportado(a)?",
                ),
                (
                    "entered_unlawfully",
                    "Have you ever entered the United States without being "
                    "inspected, or used false documents to enter?",
                    "¿Alguna vez entró a Estados Unidos sin ser inspeccionado(a) o usó documentos "
                    "falsos para entrar?",
                ),
            ],
            explain_key="background_details",
            intro=t(
                "Many U visa applicants answer yes to some of these. A waiver (Form I-192) "
                "can forgive most problems, so please answer honestly.",
                "Muchos solicitantes de visa U responden que sí a algunas de estas "
                "preguntas. Un perdón (Formulario I-192) puede disculpar la mayoría de los "
                "problemas, así que responda con la verdad.",
            ),
        ),
    )
    checklist = [
        doc(
            "supplement_b",
            t(
                "Law enforcement certification (Form I-918 Supplement B)",
                "Certificación de las autoridades (Formulario I-918, Suplemento B)",
            ),
            t(
                "USCIS cannot approve a U visa without it. It must be signed by the agency and "
                "filed within 6 months of the signature. If you do not have it yet, we will "
                "request it.",
                "USCIS no puede aprobar una visa U sin ella. Debe estar firmada por la agencia y "
                "presentarse dentro de los 6 meses siguientes a la firma. Si todavía no la tiene, "
                "la solicitaremos.",
            ),
            formats=["pdf", "jpg", "png", "tiff"],
            due_days=30,
        ),
        doc(
            "supplement_b_request",
            t(
                "Copy of your request for the certification",
                "Copia de su solicitud de certificación",
            ),
            t(
                "It shows when and to whom you asked, so we can follow up.",
                "Muestra cuándo y a quién la pidió, para que podamos darle seguimiento.",
            ),
            show_if=eq("certification_status", "requested"),
        ),
        doc(
            "police_report",
            t("Police report", "Denuncia policial"),
            t("It confirms that the crime was reported.", "Confirma que el delito fue denunciado."),
            due_days=21,
            show_if=is_yes("reported_to_police"),
        ),
        doc(
            "harm_evidence",
            t("Evidence of the harm you suffered", "Pruebas del daño que sufrió"),
            t(
                "Medical or counseling records, photos or letters from people who support you "
                "show the harm the crime caused. Send only what you can get safely.",
                "Registros médicos o de terapia, fotos o cartas de personas que le apoyan "
                "muestran el daño que causó el delito. Envíe solo lo que pueda conseguir de forma "
                "segura.",
            ),
            translation=True,
            due_days=30,
        ),
        passport_doc(),
        birth_certificate_doc(),
        photos_doc(),
        i94_doc(show_if=is_yes("in_us")),
        prior_immigration_doc(show_if=is_yes("prior_applications")),
        *family_docs(),
        court_records_doc("arrested"),
    ]
    return {
        "code": "i918",
        "category": "humanitarian",
        "name": t("U visa (crime victims)", "Visa U (víctimas de delitos)"),
        "forms": ["I-918", "I-918 Supplement B", "I-192", "I-765"],
        "stages": stages_with({"documents": ["certification"], "filed": ["biometrics"]}),
        "questionnaire": schema,
        "checklist": checklist,
        "task_rules": {},
    }
