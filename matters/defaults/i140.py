"""The default case type I-140, immigrant petition for an alien worker."""

from __future__ import annotations

from matters.defaults.builders import doc, is_yes, options, question, questionnaire, section, t
from matters.defaults.shared import (
    address_questions,
    birth_certificate_doc,
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
from matters.defaults.workflow import stages_with


def build() -> dict:
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
