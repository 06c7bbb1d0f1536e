"""Intake answers: sealed where sensitive, filled from confirmed document fields."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from audit import record
from matters import questionnaire as qn
from matters.models import (
    Matter,
)
from matters.services.common import today
from portal.accounts.crypto import open_sealed, seal
from portal.accounts.models import User

# Answers ---------------------------------------------------------------------------------------


def answers_purpose(matter: Matter) -> str:
    return f"matters.answers:{matter.uuid}"


def read_answers(matter: Matter) -> dict[str, Any]:
    """All answers, sensitive ones opened; only for those the policy lets see the case file."""
    answers = dict(matter.answers)
    if matter.sealed_answers:
        answers.update(
            json.loads(open_sealed(matter.sealed_answers, purpose=answers_purpose(matter)))
        )
    return answers


def write_answers(matter: Matter, answers: dict[str, Any]) -> None:
    sensitive = qn.sensitive_keys(matter.questionnaire)
    plain = {k: v for k, v in answers.items() if k not in sensitive}
    secret = {k: v for k, v in answers.items() if k in sensitive}
    matter.answers = plain
    matter.sealed_answers = (
        seal(json.dumps(secret).encode(), purpose=answers_purpose(matter)) if secret else ""
    )


# Filling answers from a document ----------------------------------------------------------------


def fill_answers(*, matter: Matter, values: dict[str, str], by: User, source: str) -> list[str]:
    """Set intake answers from confirmed document fields; returns the keys that changed.

    Only questions the matter's questionnaire has are filled, each value checked as
    the client's own answer would be. One audit event names the keys and the source
    document, never the values.
    """
    questions = {q["key"]: q for q in qn.iter_questions(matter.questionnaire)}
    day = today()
    cleaned, errors = {}, {}
    for key, raw in values.items():
        q = questions.get(key)
        if q is None or raw in (None, ""):
            continue
        value, error = qn.clean_value(q, str(raw), day)
        if error:
            errors[key] = error
        else:
            cleaned[key] = value
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Matter.objects.select_for_update().get(pk=matter.pk)
        answers = read_answers(locked)
        changed = [k for k, v in cleaned.items() if answers.get(k) != v]
        if not changed:
            return []
        answers.update({k: cleaned[k] for k in changed})
        write_answers(locked, answers)
        locked.save(update_fields=["answers", "sealed_answers", "updated_at"])
        record(
            "matter.answers_filled",
            actor=by,
            subject=locked,
            data={"keys": sorted(changed), "source": source},
        )
    return changed
