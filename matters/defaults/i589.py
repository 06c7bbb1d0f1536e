"""The default case type I-589, asylum and withholding of removal."""

from __future__ import annotations

from matters.defaults.builders import (
    TWO_SIDES,
    doc,
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
    family_docs,
    family_sections,
    i94_doc,
    identity_questions,
    last_entry_questions,
    passport_doc,
    passport_questions,
    photos_doc,
    yes_no_section,
)
from matters.defaults.workflow import rule_override, stages_with


def build() -> dict:
    schema = questionnaire(
        section(
            "about_you",
            t("About you", "Sobre usted"),
            [
                *identity_questions(),
                question(
                    "native_language",
                    "text",
                    t("Your native language", "Su idioma materno"),
                    required=True,
                ),
                question(
                    "needs_interpreter",
                    "yesno",
                    t(
                        "Would you like an interpreter when you talk with us?",
                        "¿Desea un intérprete cuando hable con nosotros?",
                    ),
                    required=True,
                ),
            ],
            intro=t(
                "Everything you tell us is confidential. We do not share it with the "
                "government of your country.",
                "Todo lo que nos diga es confidencial. No lo compartimos con el gobierno de "
                "su país.",
            ),
        ),
        section(
            "addresses", t("Your addresses", "Sus direcciones"), address_questions(safe_mail=True)
        ),
        section(
            "arrival",
            t("Your arrival in the United States", "Su llegada a Estados Unidos"),
            [
                *last_entry_questions(),
                question(
                    "over_one_year",
                    "yesno",
                    t(
                        "Has it been more than one year since that arrival?",
                        "¿Ha pasado más de un año desde esa llegada?",
                    ),
                    required=True,
                    help=t(
                        "Asylum must usually be requested within one year of your last "
                        "arrival. If more time has passed, still tell us: there are "
                        "exceptions, and your attorney will review them with you.",
                        "Por lo general, el asilo debe solicitarse dentro de un año desde su "
                        "última llegada. Si ha pasado más tiempo, díganos de todos modos: "
                        "hay excepciones y su abogado las revisará con usted.",
                    ),
                ),
                question(
                    "late_filing_reasons",
                    "textarea",
                    t(
                        "What kept you from applying earlier? For example, illness, fear, "
                        "not knowing about asylum, or a change in your country.",
                        "¿Qué le impidió solicitar antes? Por ejemplo, una enfermedad, miedo, "
                        "no saber del asilo o un cambio en su país.",
                    ),
                    show_if=is_yes("over_one_year"),
                ),
                *passport_questions(),
                question(
                    "countries_in_transit",
                    "textarea",
                    t(
                        "Countries you passed through on your way here, and how long you "
                        "stayed in each",
                        "Países por los que pasó en su camino hacia aquí y cuánto tiempo "
                        "estuvo en cada uno",
                    ),
                ),
            ],
        ),
        *family_sections(
            spouse_intro=t(
                "Your husband or wife can be included in your asylum application if they are in the "
                "United States.",
                "Su esposo o esposa puede incluirse en su solicitud de asilo si está en Estados "
                "Unidos.",
            )
        ),
        section(
            "family_in_us",
            t("Family in the United States", "Familia en Estados Unidos"),
            [
                question(
                    "has_family_in_us",
                    "yesno",
                    t(
                        "Do you have parents, brothers or sisters, or other close relatives "
                        "in the United States?",
                        "¿Tiene padres, hermanos u otros familiares cercanos en Estados Unidos?",
                    ),
                    required=True,
                ),
                question(
                    "relatives_in_us",
                    "group",
                    t("Your relatives in the United States", "Sus familiares en Estados Unidos"),
                    required=True,
                    show_if=is_yes("has_family_in_us"),
                    questions=[
                        question(
                            "relative_name",
                            "text",
                            t("Full name", "Nombre completo"),
                            required=True,
                        ),
                        question(
                            "relative_relationship",
                            "text",
                            t("Relationship to you", "Parentesco con usted"),
                            required=True,
                        ),
                        question(
                            "relative_city",
                            "text",
                            t("City and state where they live", "Ciudad y estado donde vive"),
                        ),
                        question(
                            "relative_status",
                            "text",
                            t(
                                "Their immigration status, if you know it",
                                "Su situación migratoria, si la conoce",
                            ),
                        ),
                    ],
                ),
            ],
        ),
        section(
            "your_story",
            t("Why you left your country", "Por qué salió de su país"),
            [
                question(
                    "harmed_before",
                    "yesno",
                    t(
                        "Have you, your family or people close to you been harmed, mistreated "
                        "or threatened in your country?",
                        "¿Usted, su familia o personas cercanas a usted han sido lastimados, "
                        "maltratados o amenazados en su país?",
                    ),
                    required=True,
                ),
                question(
                    "harm_description",
                    "textarea",
                    t(
                        "In your own words, what happened? Who did it, when and where? Share "
                        "what you can remember; it is fine to add details later.",
                        "Con sus propias palabras, ¿qué pasó? ¿Quién lo hizo, cuándo y dónde? "
                        "Comparta lo que recuerde; puede agregar detalles más adelante.",
                    ),
                    show_if=is_yes("harmed_before"),
                ),
                question(
                    "who_harmed",
                    "choice",
                    t("Who harmed or threatened you?", "¿Quién le hizo daño o le amenazó?"),
                    show_if=is_yes("harmed_before"),
                    choices=options(
                        (
                            "government",
                            "The government, police or army",
                            "El gobierno, la policía o el ejército",
                        ),
                        (
                            "group",
                            "A gang, group or person the government could not or would not control",
                            "Una pandilla, grupo o persona que el gobierno no pudo o no quiso "
                            "controlar",
                        ),
                        ("family", "A family member or partner", "Un familiar o una pareja"),
                        ("not_sure", "I am not sure", "No estoy seguro(a)"),
                    ),
                ),
                question(
                    "main_reason",
                    "choice",
                    t(
                        "Why do you think this happened to you? Choose the one that fits best.",
                        "¿Por qué cree que le pasó esto? Elija la opción que mejor se ajuste.",
                    ),
                    show_if=is_yes("harmed_before"),
                    choices=options(
                        ("race", "My race or ethnic group", "Mi raza o grupo étnico"),
                        ("religion", "My religion or beliefs", "Mi religión o creencias"),
                        ("nationality", "My nationality", "Mi nacionalidad"),
                        (
                            "political_opinion",
                            "My political opinions, or opinions people think I have",
                            "Mis opiniones políticas, o las que otros creen que tengo",
                        ),
                        (
                            "social_group",
                            "Belonging to a particular group (for example, "
                            "my family, being a woman, being LGBTQ+)",
                            "Pertenecer a un grupo determinado (por ejemplo, mi familia, ser "
                            "mujer, ser LGBTQ+)",
                        ),
                        ("not_sure", "I am not sure", "No estoy seguro(a)"),
                    ),
                ),
                question(
                    "asked_for_help",
                    "yesno",
                    t(
                        "Did you ask the police or the authorities for help?",
                        "¿Pidió ayuda a la policía o a las autoridades?",
                    ),
                    show_if=is_yes("harmed_before"),
                ),
                question(
                    "help_response",
                    "textarea",
                    t(
                        "What did they do when you asked for help?",
                        "¿Qué hicieron cuando pidió ayuda?",
                    ),
                    show_if={"all": [is_yes("harmed_before"), is_yes("asked_for_help")]},
                ),
                question(
                    "fear_return",
                    "yesno",
                    t(
                        "Are you afraid of being harmed if you return to your country?",
                        "¿Tiene miedo de que le hagan daño si regresa a su país?",
                    ),
                    required=True,
                ),
                question(
                    "fear_description",
                    "textarea",
                    t(
                        "What do you fear would happen, and who would do it?",
                        "¿Qué teme que le pasaría y quién lo haría?",
                    ),
                    show_if=is_yes("fear_return"),
                ),
            ],
            intro=t(
                "These questions ask about painful experiences. Answer only as much as you "
                "feel able to: you can save and come back later, or tell your attorney in "
                "person instead. Everything you share is confidential.",
                "Estas preguntas tratan sobre experiencias dolorosas. Responda solo lo que "
                "se sienta capaz de contar: puede guardar y volver más tarde, o contárselo "
                "a su abogado en persona. Todo lo que comparta es confidencial.",
            ),
        ),
        yes_no_section(
            "background",
            t("Other questions", "Otras preguntas"),
            [
                (
                    "arrested",
                    "Have you ever been arrested, charged or convicted of a crime, "
                    "anywhere in the world?",
                    "¿Alguna vez ha sido arrestado(a), acusado(a) o condenado(a) por un delito, en "
                    "cualquier país?",
                ),
                (
                    "harmed_others",
                    "Have you ever caused harm to anyone, or helped someone else "
                    "do it, because of their race, religion, nationality, group or opinions?",
                    "¿Alguna vez le hizo daño a alguien, o ayudó a otra persona a hacerlo, por su "
                    "raza, religión, nacionalidad, grupo u opiniones?",
                ),
                (
                    "status_elsewhere",
                    "Did you live in, or receive legal status in, another "
                    "country before coming to the United States?",
                    "¿Vivió en otro país, o recibió estatus legal en otro país, antes de venir a "
                    "Estados Unidos?",
                ),
            ],
            explain_key="background_details",
        ),
    )
    checklist = [
        passport_doc(
            why=t(
                "It proves your identity and nationality. If you do not have one, tell us; it is "
                "not required to apply.",
                "Demuestra su identidad y nacionalidad. Si no tiene uno, díganos; no es obligatorio "
                "para solicitar.",
            )
        ),
        doc(
            "national_id",
            t(
                "National identity card or other ID from your country",
                "Cédula de identidad u otra identificación de su país",
            ),
            t(
                "It helps prove your identity and nationality.",
                "Ayuda a demostrar su identidad y nacionalidad.",
            ),
            translation=True,
            parts=TWO_SIDES,
        ),
        birth_certificate_doc(),
        photos_doc(),
        i94_doc(),
        doc(
            "evidence_of_harm",
            t("Evidence of what happened to you", "Pruebas de lo que le pasó"),
            t(
                "Medical records, police reports, threats you received, photos, news articles or "
                "letters from people who know what happened. Send what you have safely; do not put "
                "yourself or others at risk to get it.",
                "Registros médicos, denuncias policiales, amenazas que recibió, fotos, noticias o "
                "cartas de personas que saben lo que pasó. Envíe lo que tenga de forma segura; no "
                "se ponga en riesgo ni ponga en riesgo a otros para conseguirlo.",
            ),
            translation=True,
            due_days=30,
            show_if=is_yes("harmed_before"),
        ),
        *family_docs(),
        court_records_doc("arrested"),
    ]
    return {
        "code": "i589",
        "category": "humanitarian",
        "name": t("Asylum", "Asilo"),
        "forms": ["I-589"],
        "stages": stages_with({"filed": ["biometrics", "interview"]}),
        "questionnaire": schema,
        "checklist": checklist,
        "task_rules": {"intake_submitted": rule_override("intake_submitted", due_days=1)},
    }
