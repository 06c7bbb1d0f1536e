"""The case types a US immigration law firm starts from.

Plain Python data (no models) so that the data migration, the seed command and the
tests can all import it. The format is described in ``matters/QUESTIONNAIRE.md``; the
small builders below keep sections that several case types share (about you, addresses,
marital history, spouse, children, background questions, common documents) written once.
Every builder returns new dicts, so changing one case type never changes another.
"""

from __future__ import annotations

import copy
from typing import Any

# Building blocks ---------------------------------------------------------------------------

DOC_FORMATS = ["pdf", "jpg", "png", "heic", "tiff"]
PHOTO_FORMATS = ["jpg", "png", "heic"]
PDF_OR_IMAGE = ["pdf", "jpg", "png"]
CATEGORIES = ("family", "employment", "humanitarian", "naturalization", "daca")
TASK_EVENTS = ("intake_submitted", "document_uploaded", "all_documents_accepted", "rfe_entered")
TASK_ROLES = ("Intake", "Paralegal", "Attorney")


def t(en: str, es: str) -> dict[str, str]:
    """A bilingual text."""
    return {"en": en, "es": es}


def eq(question: str, value: Any) -> dict:
    return {"question": question, "equals": value}


def is_yes(question: str) -> dict:
    return eq(question, True)


def is_no(question: str) -> dict:
    return eq(question, False)


def question(
    key: str,
    qtype: str,
    label: dict,
    *,
    required: bool = False,
    help: dict | None = None,
    show_if: dict | None = None,
    **extra: Any,
) -> dict:
    q: dict[str, Any] = {"key": key, "type": qtype, "label": label}
    if required:
        q["required"] = True
    if help:
        q["help"] = help
    if show_if:
        q["show_if"] = show_if
    q.update(extra)
    return q


def options(*choices: tuple[str, str, str]) -> list[dict]:
    """``("value", "English", "Español")`` triples to a ``choices`` list."""
    return [{"value": value, "label": t(en, es)} for value, en, es in choices]


def section(
    key: str,
    title: dict,
    questions: list[dict],
    *,
    audience: tuple[str, ...] = ("beneficiary",),
    intro: dict | None = None,
    show_if: dict | None = None,
) -> dict:
    s: dict[str, Any] = {"key": key, "title": title}
    if intro:
        s["intro"] = intro
    s["audience"] = list(audience)
    if show_if:
        s["show_if"] = show_if
    s["questions"] = questions
    return s


def doc(
    key: str,
    title: dict,
    why: dict,
    *,
    audience: tuple[str, ...] = ("beneficiary",),
    formats: list[str] | None = None,
    due_days: int = 14,
    translation: bool = False,
    show_if: dict | None = None,
    example: str | None = None,
) -> dict:
    item: dict[str, Any] = {
        "key": key,
        "title": title,
        "why": why,
        "formats": list(formats or DOC_FORMATS),
        "due_days": due_days,
        "audience": list(audience),
        "translation_possible": translation,
    }
    if example:
        item["example"] = example
    if show_if:
        item["show_if"] = show_if
    return item


def questionnaire(*sections: dict) -> dict:
    return {"version": 1, "sections": list(sections)}


# Stages and task rules ---------------------------------------------------------------------

STAGE_LABELS = {
    "intake": t("Intake", "Información inicial"),
    "documents": t("Document collection", "Recopilación de documentos"),
    "lca": t("Labor Condition Application", "Solicitud de Condición Laboral (LCA)"),
    "certification": t("Law enforcement certification", "Certificación de las autoridades"),
    "drafting": t("Drafting", "Preparación de formularios"),
    "attorney_review": t("Attorney review", "Revisión por el abogado"),
    "filed": t("Filed with USCIS", "Presentado ante USCIS"),
    "biometrics": t("Biometrics appointment", "Cita de datos biométricos"),
    "interview": t("Interview", "Entrevista"),
    "decision": t("Decision", "Decisión"),
    "oath": t("Oath ceremony", "Ceremonia de juramento"),
}
DEFAULT_STAGE_KEYS = ["intake", "documents", "drafting", "attorney_review", "filed", "decision"]

DEFAULT_STAGES = [
    {"key": key, "label": copy.deepcopy(STAGE_LABELS[key])} for key in DEFAULT_STAGE_KEYS
]


def stages_with(after: dict[str, list[str]] | None = None) -> list[dict]:
    """The default stages with extra ones inserted after a given stage."""
    keys: list[str] = []
    for key in DEFAULT_STAGE_KEYS:
        keys.append(key)
        keys.extend((after or {}).get(key, []))
    return [{"key": key, "label": copy.deepcopy(STAGE_LABELS[key])} for key in keys]


DEFAULT_TASK_RULES = {
    "intake_submitted": {
        "role": "Intake",
        "title": t("Review the submitted intake", "Revisar el cuestionario inicial recibido"),
        "due_days": 2,
    },
    "document_uploaded": {
        "role": "Paralegal",
        "title": t("Review the uploaded document", "Revisar el documento recibido"),
        "due_days": 2,
    },
    "all_documents_accepted": {
        "role": "Attorney",
        "title": t("Draft the filing", "Preparar la solicitud para presentar"),
        "due_days": 7,
    },
    "rfe_entered": {
        "role": "Attorney",
        "title": t(
            "Prepare the response to the Request for Evidence",
            "Preparar la respuesta a la Solicitud de Evidencia (RFE)",
        ),
        "due_days": 14,
    },
}


def rule_override(event: str, *, due_days: int, title: dict | None = None) -> dict:
    """A complete task rule for one event, based on the default with a new due date."""
    rule = copy.deepcopy(DEFAULT_TASK_RULES[event])
    rule["due_days"] = due_days
    if title:
        rule["title"] = title
    return rule


def task_rules_for(case_type: dict) -> dict:
    """The task rules in force for a case type: the defaults with its overrides applied."""
    rules = copy.deepcopy(DEFAULT_TASK_RULES)
    for event, override in (case_type.get("task_rules") or {}).items():
        rules[event] = {**rules.get(event, {}), **copy.deepcopy(override)}
    return rules


# Shared questions --------------------------------------------------------------------------


def identity_questions(
    prefix: str = "",
    *,
    a_number_required: bool = False,
    citizenship: bool = True,
    ssn: bool = True,
) -> list[dict]:
    """Name, birth, identity numbers and contact details of the person answering."""
    p = prefix
    questions = [
        question(
            f"{p}family_name",
            "text",
            t("Family name (last name)", "Apellido(s)"),
            required=True,
            help=t(
                "Exactly as it appears on your passport or identity document.",
                "Exactamente como aparece en su pasaporte o documento de identidad.",
            ),
        ),
        question(
            f"{p}given_name",
            "text",
            t("Given name (first name)", "Nombre(s) de pila"),
            required=True,
        ),
        question(
            f"{p}middle_name",
            "text",
            t("Middle name, if you have one", "Segundo nombre, si lo tiene"),
        ),
        question(
            f"{p}other_names",
            "textarea",
            t("Other names you have used", "Otros nombres que haya usado"),
            help=t(
                "For example, a maiden name or a different spelling on an official document. "
                "Leave it empty if there are none.",
                "Por ejemplo, un apellido de soltera o una ortografía distinta en un documento "
                "oficial. Déjelo en blanco si no hay ninguno.",
            ),
        ),
        question(
            f"{p}date_of_birth",
            "date",
            t("Date of birth", "Fecha de nacimiento"),
            required=True,
            past=True,
        ),
        question(
            f"{p}city_of_birth", "text", t("City or town of birth", "Ciudad o pueblo de nacimiento")
        ),
        question(
            f"{p}country_of_birth",
            "country",
            t("Country of birth", "País de nacimiento"),
            required=True,
        ),
    ]
    if citizenship:
        questions.append(
            question(
                f"{p}country_of_citizenship",
                "country",
                t("Country of citizenship or nationality", "País de ciudadanía o nacionalidad"),
                required=True,
            )
        )
    questions.append(
        question(
            f"{p}a_number",
            "text",
            t(
                "A-number (Alien Registration Number)",
                "Número de registro de extranjero (A-Number)",
            ),
            required=a_number_required,
            format="a_number",
            sensitive=True,
            help=t(
                "It starts with an A and has 8 or 9 digits. You can find it on a green card, a work "
                "permit or USCIS letters. Leave it empty if you have never had one.",
                "Empieza con una A y tiene 8 o 9 dígitos. Aparece en la tarjeta de residente, el "
                "permiso de trabajo o las cartas de USCIS. Déjelo en blanco si nunca ha tenido uno.",
            ),
        )
    )
    if ssn:
        questions.append(
            question(
                f"{p}ssn",
                "text",
                t("US Social Security number", "Número de Seguro Social de EE. UU."),
                format="ssn",
                sensitive=True,
                help=t("Only if you have one.", "Solo si tiene uno."),
            )
        )
    questions += [
        question(f"{p}email", "email", t("Email address", "Correo electrónico"), required=True),
        question(
            f"{p}phone",
            "phone",
            t("Phone number", "Número de teléfono"),
            required=True,
            help=t(
                "Include the area code; add the country code if it is outside the US.",
                "Incluya el código de área; agregue el código de país si es fuera de EE. UU.",
            ),
        ),
    ]
    return questions


def address_history_group(key: str, *, years: int = 5) -> dict:
    return question(
        key,
        "group",
        t(
            f"Your other addresses in the last {years} years",
            f"Sus otras direcciones en los últimos {years} años",
        ),
        help=t(
            "Start with the most recent. Include addresses outside the United States.",
            "Empiece por la más reciente. Incluya direcciones fuera de Estados Unidos.",
        ),
        questions=[
            question("street", "text", t("Street and number", "Calle y número"), required=True),
            question("city", "text", t("City or town", "Ciudad o pueblo"), required=True),
            question("state_province", "text", t("State or province", "Estado o provincia")),
            question("country", "country", t("Country", "País"), required=True),
            question("from_date", "date", t("From", "Desde"), past=True),
            question("to_date", "date", t("To", "Hasta"), past=True),
        ],
    )


def address_questions(
    prefix: str = "", *, safe_mail: bool = False, history: bool = True, since: bool = True
) -> list[dict]:
    """Current address, where to send mail, and the addresses of the last five years."""
    p = prefix
    questions = [
        question(
            f"{p}current_address",
            "address",
            t("Where do you live now?", "¿Dónde vive actualmente?"),
            required=True,
        ),
    ]
    if since:
        questions.append(
            question(
                f"{p}address_since",
                "date",
                t("Since when have you lived there?", "¿Desde cuándo vive allí?"),
                past=True,
            )
        )
    if safe_mail:
        questions.append(
            question(
                f"{p}mailing_same",
                "yesno",
                t(
                    "Is it safe for us and for USCIS to send letters to this address?",
                    "¿Es seguro que nosotros y USCIS le enviemos cartas a esta dirección?",
                ),
                required=True,
                help=t(
                    "If someone at this address could read your mail and put you at risk, answer "
                    "No and give a safe address.",
                    "Si alguien en esta dirección podría leer su correo y ponerle en riesgo, "
                    "responda No y dé una dirección segura.",
                ),
            )
        )
        mailing_label = t("Safe mailing address", "Dirección segura para recibir correo")
    else:
        questions.append(
            question(
                f"{p}mailing_same",
                "yesno",
                t("Is this also your mailing address?", "¿Es también su dirección postal?"),
                required=True,
            )
        )
        mailing_label = t("Mailing address", "Dirección postal")
    questions.append(
        question(
            f"{p}mailing_address",
            "address",
            mailing_label,
            required=True,
            show_if=is_no(f"{p}mailing_same"),
        )
    )
    if history:
        questions.append(address_history_group(f"{p}address_history"))
    return questions


MARITAL_CHOICES = options(
    ("single", "Single, never married", "Soltero(a), nunca se ha casado"),
    ("married", "Married", "Casado(a)"),
    ("divorced", "Divorced", "Divorciado(a)"),
    ("widowed", "Widowed", "Viudo(a)"),
    ("annulled", "Marriage annulled", "Matrimonio anulado"),
)


def family_sections(
    *,
    audience: tuple[str, ...] = ("beneficiary",),
    spouse_intro: dict | None = None,
    spouse_extra: list[dict] | None = None,
) -> list[dict]:
    """Marital history, then the spouse (only if married), then children."""
    marital = section(
        "marital_history",
        t("Marital history", "Historial matrimonial"),
        [
            question(
                "marital_status",
                "choice",
                t("What is your marital status now?", "¿Cuál es su estado civil actual?"),
                required=True,
                choices=copy.deepcopy(MARITAL_CHOICES),
                help=t(
                    "If you are separated but not divorced, choose Married.",
                    "Si está separado(a) pero no divorciado(a), elija Casado(a).",
                ),
            ),
            question(
                "times_married",
                "choice",
                t(
                    "How many times have you been married, counting any current marriage?",
                    "¿Cuántas veces se ha casado, contando su matrimonio actual si lo tiene?",
                ),
                required=True,
                show_if={"question": "marital_status", "not_equals": "single"},
                choices=options(
                    ("once", "Once", "Una vez"),
                    ("twice", "Twice", "Dos veces"),
                    ("three_or_more", "Three times or more", "Tres veces o más"),
                ),
            ),
            question(
                "marriage_end_date",
                "date",
                t("When did your last marriage end?", "¿Cuándo terminó su último matrimonio?"),
                required=True,
                past=True,
                show_if={"question": "marital_status", "in": ["divorced", "widowed", "annulled"]},
            ),
        ],
        audience=audience,
    )
    spouse = section(
        "spouse",
        t("Your spouse", "Su cónyuge"),
        [
            question(
                "spouse_family_name",
                "text",
                t("Your spouse's family name", "Apellido(s) de su cónyuge"),
                required=True,
            ),
            question(
                "spouse_given_name",
                "text",
                t("Your spouse's given name", "Nombre(s) de su cónyuge"),
                required=True,
            ),
            question(
                "spouse_date_of_birth",
                "date",
                t("Your spouse's date of birth", "Fecha de nacimiento de su cónyuge"),
                required=True,
                past=True,
            ),
            question(
                "spouse_country_of_birth",
                "country",
                t("Your spouse's country of birth", "País de nacimiento de su cónyuge"),
            ),
            question(
                "marriage_date",
                "date",
                t("Date of your marriage", "Fecha de su matrimonio"),
                required=True,
                past=True,
            ),
            question(
                "marriage_place",
                "text",
                t("Where did you marry? (city and country)", "¿Dónde se casaron? (ciudad y país)"),
                required=True,
            ),
            question(
                "spouse_immigration_status",
                "choice",
                t("Your spouse's immigration status", "Situación migratoria de su cónyuge"),
                required=True,
                choices=options(
                    ("us_citizen", "US citizen", "Ciudadano(a) de EE. UU."),
                    ("lpr", "Permanent resident (green card)", "Residente permanente (green card)"),
                    ("other", "Other or none", "Otra o ninguna"),
                ),
            ),
            question(
                "spouse_a_number",
                "text",
                t("Your spouse's A-number, if any", "A-Number de su cónyuge, si lo tiene"),
                format="a_number",
                sensitive=True,
            ),
            *(spouse_extra or []),
            question(
                "spouse_lives_with_you",
                "yesno",
                t("Does your spouse live with you?", "¿Su cónyuge vive con usted?"),
                required=True,
            ),
            question(
                "spouse_address",
                "address",
                t("Your spouse's address", "Dirección de su cónyuge"),
                show_if=is_no("spouse_lives_with_you"),
            ),
        ],
        audience=audience,
        intro=spouse_intro
        or t(
            "Tell us about your current husband or wife.",
            "Cuéntenos sobre su esposo o esposa actual.",
        ),
        show_if=eq("marital_status", "married"),
    )
    children = section(
        "children_info",
        t("Children", "Hijos"),
        [
            question(
                "has_children",
                "yesno",
                t(
                    "Do you have any sons or daughters, of any age?",
                    "¿Tiene hijos o hijas, de cualquier edad?",
                ),
                required=True,
                help=t(
                    "Include adult children, stepchildren, adopted children and children who "
                    "have passed away.",
                    "Incluya hijos adultos, hijastros, hijos adoptivos e hijos que hayan "
                    "fallecido.",
                ),
            ),
            question(
                "children",
                "group",
                t("Your children", "Sus hijos"),
                required=True,
                show_if=is_yes("has_children"),
                questions=[
                    question(
                        "child_name", "text", t("Full name", "Nombre completo"), required=True
                    ),
                    question(
                        "child_date_of_birth",
                        "date",
                        t("Date of birth", "Fecha de nacimiento"),
                        required=True,
                        past=True,
                    ),
                    question(
                        "child_country_of_birth",
                        "country",
                        t("Country of birth", "País de nacimiento"),
                        required=True,
                    ),
                    question(
                        "child_relationship",
                        "choice",
                        t("Relationship", "Parentesco"),
                        choices=options(
                            ("biological", "Biological child", "Hijo(a) biológico(a)"),
                            ("step", "Stepchild", "Hijastro(a)"),
                            ("adopted", "Adopted child", "Hijo(a) adoptivo(a)"),
                        ),
                    ),
                    question(
                        "child_lives_with_you", "yesno", t("Lives with you", "Vive con usted")
                    ),
                ],
            ),
        ],
        audience=audience,
    )
    return [marital, spouse, children]


def yes_no_section(
    key: str,
    title: dict,
    items: list[tuple[str, str, str]],
    *,
    explain_key: str,
    intro: dict | None = None,
    audience: tuple[str, ...] = ("beneficiary",),
) -> dict:
    """Yes/no questions; a "please explain" box appears if any answer is yes."""
    questions = [question(key_, "yesno", t(en, es), required=True) for key_, en, es in items]
    questions.append(
        question(
            explain_key,
            "textarea",
            t(
                "You answered yes to at least one question. Please tell us what happened, when and "
                "where. Your attorney will review it with you.",
                "Respondió que sí al menos a una pregunta. Cuéntenos qué pasó, cuándo y dónde. Su "
                "abogado lo revisará con usted.",
            ),
            required=True,
            show_if={"any": [is_yes(k) for k, _en, _es in items]},
        )
    )
    return section(
        key,
        title,
        questions,
        audience=audience,
        intro=intro
        or t(
            "Answer honestly. A yes answer does not always mean a problem, and everything you tell "
            "us is confidential.",
            "Responda con la verdad. Un sí no siempre significa un problema, y todo lo que nos diga "
            "es confidencial.",
        ),
    )


ENTRY_STATUS = options(
    (
        "visitor",
        "Visitor (B-1/B-2 visa or visa waiver)",
        "Visitante (visa B-1/B-2 o exención de visa)",
    ),
    ("student", "Student (F-1 or M-1)", "Estudiante (F-1 o M-1)"),
    ("exchange", "Exchange visitor (J-1)", "Visitante de intercambio (J-1)"),
    ("worker", "Work visa (H, L, O, TN or other)", "Visa de trabajo (H, L, O, TN u otra)"),
    ("fiance", "Fiancé(e) visa (K-1)", "Visa de prometido(a) (K-1)"),
    ("immigrant", "Immigrant visa", "Visa de inmigrante"),
    ("parole", "Parole", "Permiso de permanencia temporal (parole)"),
    (
        "without_inspection",
        "I entered without being inspected by an immigration officer",
        "Entré sin ser inspeccionado(a) por un oficial de inmigración",
    ),
    ("other", "Other or not sure", "Otra o no estoy seguro(a)"),
)


def passport_questions(*, required: bool = False) -> list[dict]:
    return [
        question(
            "passport_number",
            "text",
            t("Passport number", "Número de pasaporte"),
            required=required,
            format="passport",
            sensitive=True,
            help=t(
                "Letters and digits only, without spaces.", "Solo letras y números, sin espacios."
            ),
        ),
        question(
            "passport_country",
            "country",
            t("Country that issued your passport", "País que emitió su pasaporte"),
            required=required,
        ),
        question(
            "passport_expiration",
            "date",
            t("Passport expiration date", "Fecha de vencimiento del pasaporte"),
        ),
    ]


def last_entry_questions(*, show_if: dict | None = None, required: bool = True) -> list[dict]:
    """How and when the person last came into the United States."""
    return [
        question(
            "date_of_last_entry",
            "date",
            t(
                "Date of your last arrival in the United States",
                "Fecha de su última llegada a Estados Unidos",
            ),
            required=required,
            past=True,
            show_if=show_if,
        ),
        question(
            "place_of_last_entry",
            "text",
            t(
                "Where did you enter? (city, airport or border crossing)",
                "¿Por dónde entró? (ciudad, aeropuerto o cruce fronterizo)",
            ),
            show_if=show_if,
        ),
        question(
            "entry_status",
            "choice",
            t("How did you enter that time?", "¿Cómo entró esa vez?"),
            required=required,
            choices=copy.deepcopy(ENTRY_STATUS),
            show_if=show_if,
        ),
        question(
            "i94_number",
            "text",
            t("I-94 record number, if you have one", "Número del registro I-94, si lo tiene"),
            show_if=show_if,
            help=t(
                "It is an 11-character number on your I-94 record. We can look it up with you.",
                "Es un número de 11 caracteres en su registro I-94. Podemos buscarlo con usted.",
            ),
        ),
    ]


def prior_applications_questions() -> list[dict]:
    return [
        question(
            "prior_applications",
            "yesno",
            t(
                "Have you ever applied for a visa, a green card or any other US immigration "
                "benefit, or has anyone applied for you?",
                "¿Alguna vez ha solicitado una visa, una green card u otro beneficio migratorio "
                "de EE. UU., o alguien lo ha solicitado por usted?",
            ),
            required=True,
        ),
        question(
            "prior_applications_details",
            "textarea",
            t(
                "What was applied for, when, and what happened?",
                "¿Qué se solicitó, cuándo y cuál fue el resultado?",
            ),
            show_if=is_yes("prior_applications"),
        ),
    ]


def education_section(*, audience: tuple[str, ...] = ("beneficiary",)) -> dict:
    return section(
        "education",
        t("Education", "Educación"),
        [
            question(
                "highest_degree",
                "choice",
                t("Highest degree you have completed", "Título más alto que ha completado"),
                required=True,
                choices=options(
                    ("bachelors", "Bachelor's degree", "Licenciatura (bachelor's)"),
                    ("masters", "Master's degree", "Maestría"),
                    ("doctorate", "Doctorate (PhD)", "Doctorado"),
                    (
                        "professional",
                        "Professional degree (such as law or medicine)",
                        "Título profesional (como Derecho o Medicina)",
                    ),
                    ("other", "Other", "Otro"),
                ),
            ),
            question(
                "field_of_study", "text", t("Field of study", "Área de estudio"), required=True
            ),
            question(
                "school_name",
                "text",
                t("University or school", "Universidad o escuela"),
                required=True,
            ),
            question(
                "degree_country",
                "country",
                t("Country where you studied", "País donde estudió"),
                required=True,
            ),
            question(
                "degree_date",
                "date",
                t("Date the degree was awarded", "Fecha en que recibió el título"),
                required=True,
                past=True,
            ),
        ],
        audience=audience,
    )


def employment_history_section(*, required: bool = False, years: int = 5) -> dict:
    return section(
        "employment_history",
        t("Work history", "Historial de trabajo"),
        [
            question(
                "jobs",
                "group",
                t(
                    f"Your jobs in the last {years} years, most recent first",
                    f"Sus trabajos en los últimos {years} años, empezando por el más reciente",
                ),
                required=required,
                help=t(
                    "Include self-employment. If you were not working or were studying for "
                    "a time, add that period too.",
                    "Incluya el trabajo por cuenta propia. Si hubo un tiempo en que no "
                    "trabajó o estudió, agregue ese periodo también.",
                ),
                questions=[
                    question(
                        "employer_name",
                        "text",
                        t("Employer or school", "Empleador o escuela"),
                        required=True,
                    ),
                    question("job_title", "text", t("Job title", "Puesto"), required=True),
                    question("city", "text", t("City", "Ciudad")),
                    question("country", "country", t("Country", "País")),
                    question("from_date", "date", t("From", "Desde"), past=True),
                    question(
                        "to_date",
                        "date",
                        t(
                            "To (leave empty if current)",
                            "Hasta (déjelo en blanco si es el actual)",
                        ),
                        past=True,
                    ),
                    question("duties", "textarea", t("Main duties", "Funciones principales")),
                ],
            ),
        ],
    )


def company_questions() -> list[dict]:
    """The employer and its HR contact, answered by the employer's HR person."""
    return [
        question(
            "company_name",
            "text",
            t("Company's legal name", "Nombre legal de la empresa"),
            required=True,
        ),
        question(
            "fein",
            "text",
            t(
                "Federal Employer Identification Number (FEIN)",
                "Número de Identificación Patronal Federal (FEIN)",
            ),
            required=True,
        ),
        question(
            "company_address",
            "address",
            t("Company's main office address", "Dirección de la oficina principal"),
            required=True,
        ),
        question(
            "employee_count",
            "text",
            t("Number of employees in the US", "Número de empleados en EE. UU."),
        ),
        question(
            "hr_contact_name",
            "text",
            t("HR contact name", "Nombre del contacto de recursos humanos"),
            required=True,
        ),
        question(
            "hr_contact_email",
            "email",
            t("HR contact email", "Correo del contacto de recursos humanos"),
            required=True,
        ),
        question(
            "hr_contact_phone",
            "phone",
            t("HR contact phone", "Teléfono del contacto de recursos humanos"),
            required=True,
        ),
    ]


def job_questions() -> list[dict]:
    return [
        question("job_title", "text", t("Job title", "Puesto"), required=True),
        question(
            "soc_code",
            "text",
            t("SOC code (occupation)", "Código SOC (ocupación)"),
            required=True,
            help=t(
                "The Standard Occupational Classification code, for example 15-1252 "
                "(Software Developers). If you are not sure, tell us the job and we will "
                "suggest one.",
                "El código de la Clasificación Estándar de Ocupaciones, por ejemplo 15-1252 "
                "(desarrolladores de software). Si no está seguro, indíquenos el puesto y le "
                "sugeriremos uno.",
            ),
        ),
        question(
            "wage_level",
            "choice",
            t("Prevailing wage level", "Nivel de salario prevaleciente"),
            required=True,
            choices=options(
                ("level_i", "Level I (entry)", "Nivel I (inicial)"),
                ("level_ii", "Level II (qualified)", "Nivel II (calificado)"),
                ("level_iii", "Level III (experienced)", "Nivel III (con experiencia)"),
                ("level_iv", "Level IV (fully competent)", "Nivel IV (plenamente competente)"),
                ("not_sure", "Not sure", "No estoy seguro(a)"),
            ),
        ),
        question(
            "annual_salary",
            "text",
            t("Offered annual salary (US dollars)", "Salario anual ofrecido (dólares de EE. UU.)"),
            required=True,
        ),
        question(
            "worksite_address",
            "address",
            t("Main worksite address", "Dirección del lugar de trabajo principal"),
            required=True,
        ),
        question(
            "job_duties",
            "textarea",
            t("Job duties", "Funciones del puesto"),
            required=True,
            help=t(
                "A short description of the daily work and the degree it requires.",
                "Una descripción breve del trabajo diario y del título que requiere.",
            ),
        ),
    ]


def work_immigration_section() -> dict:
    """Current status of a worker who may be inside or outside the United States."""
    return section(
        "immigration",
        t("Immigration status", "Situación migratoria"),
        [
            question(
                "in_us",
                "yesno",
                t("Are you in the United States now?", "¿Está en Estados Unidos actualmente?"),
                required=True,
            ),
            question(
                "current_status",
                "choice",
                t("Your current status", "Su estatus migratorio actual"),
                required=True,
                show_if=is_yes("in_us"),
                choices=options(
                    ("f1", "F-1 student (including OPT)", "Estudiante F-1 (incluido OPT)"),
                    ("h1b", "H-1B", "H-1B"),
                    ("h4", "H-4", "H-4"),
                    ("l1", "L-1", "L-1"),
                    ("tn", "TN", "TN"),
                    ("other", "Other", "Otro"),
                ),
            ),
            question(
                "status_expiration",
                "date",
                t("Your status expires on", "Su estatus vence el"),
                show_if=is_yes("in_us"),
            ),
            question(
                "i94_number",
                "text",
                t("I-94 record number", "Número del registro I-94"),
                show_if=is_yes("in_us"),
            ),
            question(
                "consulate_city",
                "text",
                t(
                    "US consulate where you would apply for the visa (city)",
                    "Consulado de EE. UU. donde solicitaría la visa (ciudad)",
                ),
                show_if=is_no("in_us"),
            ),
            *passport_questions(required=True),
            *prior_applications_questions(),
        ],
    )


# Shared documents ---------------------------------------------------------------------------


def passport_doc(
    *,
    audience: tuple[str, ...] = ("beneficiary",),
    why: dict | None = None,
    show_if: dict | None = None,
) -> dict:
    return doc(
        "passport",
        t("Passport (page with your photo)", "Pasaporte (página con su fotografía)"),
        why
        or t(
            "It proves your identity and nationality. Upload the photo page and any pages "
            "with US visas or entry stamps.",
            "Demuestra su identidad y nacionalidad. Suba la página con su fotografía y las "
            "páginas con visas o sellos de entrada de EE. UU.",
        ),
        audience=audience,
        formats=DOC_FORMATS,
        show_if=show_if,
        example="img/examples/passport.svg",
    )


def birth_certificate_doc(
    key: str = "birth_certificate",
    *,
    audience: tuple[str, ...] = ("beneficiary",),
    title: dict | None = None,
    why: dict | None = None,
    show_if: dict | None = None,
) -> dict:
    return doc(
        key,
        title or t("Birth certificate", "Acta de nacimiento"),
        why
        or t(
            "USCIS uses it to confirm your identity, date of birth and parents. If it is "
            "not in English, we will arrange a certified translation.",
            "USCIS la usa para confirmar su identidad, fecha de nacimiento y padres. Si no "
            "está en inglés, nos encargaremos de una traducción certificada.",
        ),
        audience=audience,
        translation=True,
        show_if=show_if,
    )


def photos_doc(
    key: str = "photos",
    *,
    audience: tuple[str, ...] = ("beneficiary",),
    show_if: dict | None = None,
    title: dict | None = None,
) -> dict:
    return doc(
        key,
        title or t("Two passport-style photos", "Dos fotografías tipo pasaporte"),
        t(
            "USCIS needs them for your file and your card. They must be 2 x 2 inches (5 x 5 cm), in "
            "color, with a white background, and taken in the last 30 days. Upload a picture of "
            "them; we will tell you when to bring the printed photos.",
            "USCIS las necesita para su expediente y su tarjeta. Deben medir 2 x 2 pulgadas "
            "(5 x 5 cm), ser a color, con fondo blanco y tomadas en los últimos 30 días. Suba una "
            "imagen de ellas; le diremos cuándo traer las fotografías impresas.",
        ),
        audience=audience,
        formats=PHOTO_FORMATS,
        due_days=21,
        show_if=show_if,
    )


def i94_doc(*, show_if: dict | None = None) -> dict:
    return doc(
        "i94",
        t("I-94 arrival/departure record", "Registro de entrada y salida I-94"),
        t(
            "It shows when and how you last entered the United States. You can download it from "
            "the CBP I-94 website; we can help you.",
            "Muestra cuándo y cómo entró por última vez a Estados Unidos. Puede descargarlo del "
            "sitio web I-94 de CBP; podemos ayudarle.",
        ),
        formats=PDF_OR_IMAGE,
        due_days=7,
        show_if=show_if,
    )


def prior_immigration_doc(*, show_if: dict | None = None) -> dict:
    return doc(
        "prior_immigration_documents",
        t("Prior immigration documents", "Documentos de inmigración anteriores"),
        t(
            "Copies of your visas, USCIS notices (approvals, denials, receipts), work permits and "
            "any other immigration papers. They let us check your history so that nothing "
            "contradicts it.",
            "Copias de sus visas, avisos de USCIS (aprobaciones, negaciones, recibos), permisos de "
            "trabajo y cualquier otro documento migratorio. Nos permiten revisar su historial para "
            "que nada lo contradiga.",
        ),
        due_days=21,
        show_if=show_if,
    )


def family_docs(*, audience: tuple[str, ...] = ("beneficiary",)) -> list[dict]:
    """Marriage, end of earlier marriages and children: shown according to the answers."""
    return [
        doc(
            "marriage_certificate",
            t("Marriage certificate", "Acta de matrimonio"),
            t(
                "USCIS needs proof of your current marriage.",
                "USCIS necesita prueba de su matrimonio actual.",
            ),
            audience=audience,
            translation=True,
            show_if=eq("marital_status", "married"),
        ),
        doc(
            "divorce_decree",
            t("Divorce decree", "Sentencia de divorcio"),
            t(
                "USCIS needs proof that your last marriage legally ended.",
                "USCIS necesita prueba de que su último matrimonio terminó legalmente.",
            ),
            audience=audience,
            translation=True,
            show_if=eq("marital_status", "divorced"),
        ),
        doc(
            "death_certificate",
            t(
                "Death certificate of your late spouse",
                "Acta de defunción de su cónyuge fallecido(a)",
            ),
            t(
                "USCIS needs proof of how your last marriage ended.",
                "USCIS necesita prueba de cómo terminó su último matrimonio.",
            ),
            audience=audience,
            translation=True,
            show_if=eq("marital_status", "widowed"),
        ),
        doc(
            "annulment_decree",
            t("Annulment decree", "Sentencia de anulación"),
            t(
                "USCIS needs proof that your marriage was annulled.",
                "USCIS necesita prueba de que su matrimonio fue anulado.",
            ),
            audience=audience,
            translation=True,
            show_if=eq("marital_status", "annulled"),
        ),
        doc(
            "prior_marriage_end_documents",
            t(
                "Proof that each earlier marriage ended",
                "Prueba de que terminó cada matrimonio anterior",
            ),
            t(
                "A divorce decree, annulment or death certificate for every earlier marriage. "
                "USCIS checks that your current marriage is valid.",
                "Una sentencia de divorcio, anulación o acta de defunción por cada matrimonio "
                "anterior. USCIS verifica que su matrimonio actual sea válido.",
            ),
            audience=audience,
            translation=True,
            show_if={
                "all": [
                    eq("marital_status", "married"),
                    {"question": "times_married", "in": ["twice", "three_or_more"]},
                ]
            },
        ),
        doc(
            "children_birth_certificates",
            t("Your children's birth certificates", "Actas de nacimiento de sus hijos"),
            t(
                "They show your relationship to each child. Include one for every child you "
                "listed.",
                "Muestran su parentesco con cada hijo. Incluya una por cada hijo que mencionó.",
            ),
            audience=audience,
            translation=True,
            show_if=is_yes("has_children"),
        ),
    ]


def court_records_doc(condition_key: str) -> dict:
    return doc(
        "court_records",
        t("Police and court records", "Registros policiales y judiciales"),
        t(
            "For every arrest, citation or charge: the final court decision (certified copy) and "
            "the police report if you have it. Your attorney needs them to advise you, even if the "
            "case was dismissed.",
            "Por cada arresto, citación o cargo: la decisión final del tribunal (copia "
            "certificada) y el reporte policial si lo tiene. Su abogado los necesita para "
            "asesorarle, aunque el caso haya sido desestimado.",
        ),
        translation=True,
        due_days=30,
        show_if=is_yes(condition_key),
    )


# Case types ---------------------------------------------------------------------------------


def _i130() -> dict:
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


def _i485() -> dict:
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


def _i129_h1b() -> dict:
    employer = ("employer_hr",)
    schema = questionnaire(
        section(
            "about_you",
            t("About you", "Sobre usted"),
            identity_questions(),
            intro=t(
                "You are the employee the company wants to hire.",
                "Usted es el empleado que la empresa quiere contratar.",
            ),
        ),
        section(
            "address",
            t("Your address", "Su dirección"),
            address_questions(history=False, since=False),
        ),
        work_immigration_section(),
        education_section(),
        employment_history_section(),
        section(
            "employer",
            t("The employer and the job", "El empleador y el puesto"),
            [
                *company_questions(),
                *job_questions(),
                question(
                    "petition_type",
                    "choice",
                    t("What kind of H-1B petition is this?", "¿Qué tipo de petición H-1B es?"),
                    required=True,
                    choices=options(
                        (
                            "new_cap",
                            "New employment selected in the H-1B lottery",
                            "Nuevo empleo seleccionado en la lotería H-1B",
                        ),
                        (
                            "cap_exempt",
                            "New employment with a cap-exempt employer",
                            "Nuevo empleo con un empleador exento del límite anual",
                        ),
                        ("change_of_employer", "Change of employer", "Cambio de empleador"),
                        (
                            "extension",
                            "Extension with the same employer",
                            "Extensión con el mismo empleador",
                        ),
                        (
                            "amendment",
                            "Amendment (changed job or worksite)",
                            "Enmienda (cambio de puesto o lugar de trabajo)",
                        ),
                    ),
                ),
                question(
                    "start_date",
                    "date",
                    t("Requested start date", "Fecha de inicio solicitada"),
                    required=True,
                ),
                question(
                    "full_time",
                    "yesno",
                    t(
                        "Is this a full-time job (35 hours or more a week)?",
                        "¿Es un trabajo de tiempo completo (35 horas o más por semana)?",
                    ),
                    required=True,
                ),
                question(
                    "hours_per_week",
                    "text",
                    t("Hours per week", "Horas por semana"),
                    required=True,
                    show_if=is_no("full_time"),
                ),
                question(
                    "multiple_worksites",
                    "yesno",
                    t(
                        "Will the employee also work at other places, including from home?",
                        "¿El empleado también trabajará en otros lugares, incluso desde casa?",
                    ),
                    required=True,
                ),
                question(
                    "additional_worksites",
                    "group",
                    t("Other worksites", "Otros lugares de trabajo"),
                    required=True,
                    show_if=is_yes("multiple_worksites"),
                    questions=[
                        question(
                            "site_street",
                            "text",
                            t("Street and number", "Calle y número"),
                            required=True,
                        ),
                        question("site_city", "text", t("City", "Ciudad"), required=True),
                        question("site_state", "text", t("State", "Estado"), required=True),
                        question("site_postal_code", "text", t("ZIP code", "Código postal")),
                    ],
                ),
            ],
            audience=employer,
            intro=t(
                "For the employer's HR contact: the company and the position offered.",
                "Para el contacto de recursos humanos del empleador: la empresa y el puesto "
                "ofrecido.",
            ),
        ),
    )
    checklist = [
        passport_doc(),
        doc(
            "degree_diploma",
            t("University diploma", "Título universitario"),
            t(
                "The H-1B requires a degree related to the job. Upload every degree you have.",
                "La H-1B requiere un título relacionado con el puesto. Suba todos sus títulos.",
            ),
            translation=True,
        ),
        doc(
            "transcripts",
            t("Academic transcripts", "Certificados de calificaciones"),
            t("They show the courses of your degree.", "Muestran las materias de su carrera."),
            translation=True,
        ),
        doc(
            "credential_evaluation",
            t("Foreign degree evaluation", "Evaluación de título extranjero"),
            t(
                "A degree from outside the US needs an evaluation showing its US equivalent. We can "
                "recommend an evaluator.",
                "Un título de fuera de EE. UU. necesita una evaluación que muestre su equivalente "
                "en EE. UU. Podemos recomendarle un evaluador.",
            ),
            due_days=30,
            show_if={"question": "degree_country", "not_equals": "US"},
        ),
        doc(
            "resume",
            t("Résumé (CV)", "Currículum vitae"),
            t("It helps us describe your experience.", "Nos ayuda a describir su experiencia."),
            formats=["pdf"],
        ),
        doc(
            "employment_letters",
            t("Letters from past employers", "Cartas de empleadores anteriores"),
            t(
                "Letters on company letterhead with your title, dates and duties show your "
                "experience.",
                "Cartas con membrete de la empresa que indiquen su puesto, fechas y funciones "
                "demuestran su experiencia.",
            ),
            translation=True,
            due_days=21,
        ),
        i94_doc(show_if=is_yes("in_us")),
        prior_immigration_doc(show_if=is_yes("in_us")),
        doc(
            "pay_stubs",
            t("Your three most recent pay stubs", "Sus tres talones de pago más recientes"),
            t(
                "They show that you kept your current status.",
                "Demuestran que ha mantenido su estatus actual.",
            ),
            due_days=7,
            show_if={
                "all": [is_yes("in_us"), {"question": "current_status", "in": ["h1b", "l1", "tn"]}]
            },
        ),
        doc(
            "lottery_selection_notice",
            t("H-1B registration selection notice", "Aviso de selección del registro H-1B"),
            t(
                "It shows that the employee was selected in the lottery and when the petition can "
                "be filed.",
                "Demuestra que el empleado fue seleccionado en la lotería y cuándo se puede "
                "presentar la petición.",
            ),
            audience=employer,
            formats=["pdf"],
            due_days=3,
            show_if=eq("petition_type", "new_cap"),
        ),
        doc(
            "job_offer_letter",
            t("Signed job offer letter", "Carta de oferta de empleo firmada"),
            t(
                "It describes the position, the salary and the start date.",
                "Describe el puesto, el salario y la fecha de inicio.",
            ),
            audience=employer,
            formats=["pdf"],
            due_days=7,
        ),
        doc(
            "worksite_itinerary",
            t("Itinerary of worksites", "Itinerario de lugares de trabajo"),
            t(
                "When the employee works at more than one place, USCIS asks where and when.",
                "Cuando el empleado trabaja en más de un lugar, USCIS pregunta dónde y cuándo.",
            ),
            audience=employer,
            formats=["pdf"],
            show_if=is_yes("multiple_worksites"),
        ),
    ]
    return {
        "code": "i129_h1b",
        "category": "employment",
        "name": t("H-1B Specialty Occupation Worker", "Trabajador H-1B en ocupación especializada"),
        "forms": ["I-129", "ETA-9035 (LCA)"],
        "stages": stages_with({"documents": ["lca"]}),
        "questionnaire": schema,
        "checklist": checklist,
        "task_rules": {
            "all_documents_accepted": rule_override("all_documents_accepted", due_days=5)
        },
    }


def _i140() -> dict:
    employer = ("employer_hr",)
    schema = questionnaire(
        section(
            "about_you",
            t("About you", "Sobre usted"),
            [
                *identity_questions(),
                question(
                    "foreign_address",
                    "address",
                    t(
                        "Address in your home country, if any",
                        "Dirección en su país de origen, si la tiene",
                    ),
                ),
            ],
        ),
        section(
            "address",
            t("Your address", "Su dirección"),
            address_questions(history=False, since=False),
        ),
        work_immigration_section(),
        education_section(),
        employment_history_section(required=True, years=10),
        section(
            "employer_petition",
            t("The employer and the job offer", "El empleador y la oferta de empleo"),
            [
                *company_questions(),
                question(
                    "gross_annual_income",
                    "text",
                    t(
                        "Company's gross annual income (US dollars)",
                        "Ingresos brutos anuales de la empresa (dólares de EE. UU.)",
                    ),
                    required=True,
                    help=t(
                        "USCIS checks that the employer can pay the offered wage.",
                        "USCIS verifica que el empleador pueda pagar el salario ofrecido.",
                    ),
                ),
                question(
                    "classification",
                    "choice",
                    t("Immigrant category requested", "Categoría de inmigrante solicitada"),
                    required=True,
                    choices=options(
                        (
                            "eb1_researcher",
                            "EB-1: outstanding professor or researcher",
                            "EB-1: profesor o investigador sobresaliente",
                        ),
                        (
                            "eb1_manager",
                            "EB-1: multinational manager or executive",
                            "EB-1: gerente o ejecutivo multinacional",
                        ),
                        (
                            "eb2",
                            "EB-2: advanced degree professional",
                            "EB-2: profesional con título avanzado",
                        ),
                        ("eb3_professional", "EB-3: professional", "EB-3: profesional"),
                        ("eb3_skilled", "EB-3: skilled worker", "EB-3: trabajador calificado"),
                    ),
                ),
                question(
                    "perm_certified",
                    "yesno",
                    t(
                        "Has the Department of Labor certified the PERM labor certification?",
                        "¿El Departamento de Trabajo aprobó la certificación laboral PERM?",
                    ),
                    required=True,
                ),
                question(
                    "perm_case_number",
                    "text",
                    t("PERM case number", "Número de caso PERM"),
                    required=True,
                    show_if=is_yes("perm_certified"),
                ),
                question(
                    "priority_date",
                    "date",
                    t(
                        "Priority date (PERM filing date)",
                        "Fecha de prioridad (presentación del PERM)",
                    ),
                    past=True,
                    show_if=is_yes("perm_certified"),
                ),
                *job_questions(),
            ],
            audience=employer,
            intro=t(
                "For the employer's HR contact: the company and the permanent job offered.",
                "Para el contacto de recursos humanos del empleador: la empresa y el puesto "
                "permanente ofrecido.",
            ),
        ),
    )
    checklist = [
        passport_doc(),
        birth_certificate_doc(),
        doc(
            "degree_diploma",
            t("University diplomas", "Títulos universitarios"),
            t(
                "They show that you have the degree the job requires.",
                "Demuestran que tiene el título que requiere el puesto.",
            ),
            translation=True,
        ),
        doc(
            "transcripts",
            t("Academic transcripts", "Certificados de calificaciones"),
            t("They show the courses of your degree.", "Muestran las materias de su carrera."),
            translation=True,
        ),
        doc(
            "credential_evaluation",
            t("Foreign degree evaluation", "Evaluación de título extranjero"),
            t(
                "A degree from outside the US needs an evaluation showing its US equivalent.",
                "Un título de fuera de EE. UU. necesita una evaluación que muestre su equivalente "
                "en EE. UU.",
            ),
            due_days=30,
            show_if={"question": "degree_country", "not_equals": "US"},
        ),
        doc(
            "employment_letters",
            t(
                "Experience letters from past employers",
                "Cartas de experiencia de empleadores anteriores",
            ),
            t(
                "Letters on company letterhead with your title, dates and duties prove the "
                "experience the job requires.",
                "Cartas con membrete de la empresa que indiquen su puesto, fechas y funciones "
                "prueban la experiencia que requiere el puesto.",
            ),
            translation=True,
            due_days=30,
        ),
        i94_doc(show_if=is_yes("in_us")),
        prior_immigration_doc(show_if=is_yes("in_us")),
        doc(
            "perm_labor_certification",
            t(
                "Certified PERM labor certification (ETA-9089)",
                "Certificación laboral PERM aprobada (ETA-9089)",
            ),
            t(
                "The certified form must be filed with the petition.",
                "El formulario aprobado debe presentarse con la petición.",
            ),
            audience=employer,
            formats=["pdf"],
            due_days=5,
            show_if=is_yes("perm_certified"),
        ),
        doc(
            "ability_to_pay",
            t(
                "Proof of the employer's ability to pay",
                "Prueba de la capacidad de pago del empleador",
            ),
            t(
                "Annual reports, federal tax returns or audited financial statements show that "
                "the company can pay the offered wage.",
                "Informes anuales, declaraciones de impuestos federales o estados financieros "
                "auditados demuestran que la empresa puede pagar el salario ofrecido.",
            ),
            audience=employer,
            formats=["pdf"],
            due_days=21,
        ),
    ]
    return {
        "code": "i140",
        "category": "employment",
        "name": t(
            "Immigrant Petition for Alien Worker",
            "Petición de inmigrante para trabajador extranjero",
        ),
        "forms": ["I-140"],
        "stages": stages_with(),
        "questionnaire": schema,
        "checklist": checklist,
        "task_rules": {},
    }


def _i589() -> dict:
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


def _i918() -> dict:
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


def _n400() -> dict:
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


def _i765_daca() -> dict:
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


CASE_TYPES = [
    _i130(),
    _i485(),
    _i129_h1b(),
    _i140(),
    _i589(),
    _i918(),
    _n400(),
    _i765_daca(),
]


def case_type(code: str) -> dict:
    """A fresh copy of one default case type."""
    for ct in CASE_TYPES:
        if ct["code"] == code:
            return copy.deepcopy(ct)
    raise KeyError(code)


def validate_all() -> None:
    """Check every default case type with the questionnaire engine; raise on any problem."""
    from matters.questionnaire import SchemaError, validate_checklist, validate_schema

    errors: list[str] = []
    seen: set[str] = set()
    for ct in CASE_TYPES:
        code = ct.get("code", "?")
        if code in seen:
            errors.append(f"{code}: code is used twice")
        seen.add(code)
        if ct.get("category") not in CATEGORIES:
            errors.append(f"{code}: unknown category {ct.get('category')!r}")
        for event, rule in (ct.get("task_rules") or {}).items():
            if event not in TASK_EVENTS or rule.get("role") not in TASK_ROLES:
                errors.append(f"{code}: bad task rule for {event!r}")
        try:
            validate_schema(ct["questionnaire"])
            validate_checklist(ct["checklist"], ct["questionnaire"])
        except SchemaError as exc:
            errors.extend(f"{code}: {e}" for e in exc.errors)
    if errors:
        raise SchemaError(errors)
