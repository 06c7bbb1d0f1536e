"""Stages and task rules: the defaults, and the helpers a case type uses to vary them."""

from __future__ import annotations

import copy

from matters.defaults.builders import t

TASK_EVENTS = ("intake_submitted", "document_uploaded", "all_documents_accepted", "rfe_entered")
TASK_ROLES = ("Intake", "Paralegal", "Attorney")

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
