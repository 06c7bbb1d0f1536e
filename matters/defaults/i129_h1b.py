"""The default case type I-129, H-1B specialty occupation."""

from __future__ import annotations

from matters.defaults.builders import (
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
    company_questions,
    education_section,
    employment_history_section,
    i94_doc,
    identity_questions,
    job_questions,
    passport_doc,
    prior_immigration_doc,
    work_immigration_section,
)
from matters.defaults.workflow import rule_override, stages_with


def build() -> dict:
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
