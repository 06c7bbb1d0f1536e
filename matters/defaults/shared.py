"""Questions, sections and documents that several case types share (about you, addresses,
marital history, spouse, children, background questions, common documents), written
once. Every builder returns new dicts, so changing one case type never changes another."""

from __future__ import annotations

import copy

from matters.defaults.builders import (
    DOC_FORMATS,
    PDF_OR_IMAGE,
    PHOTO_FORMATS,
    doc,
    eq,
    is_no,
    is_yes,
    options,
    question,
    section,
    t,
)

# Questions ---------------------------------------------------------------------------------


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


# Documents ---------------------------------------------------------------------------------


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
