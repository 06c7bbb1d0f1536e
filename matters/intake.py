"""Intake operations: saving a section, submitting, and staff review of later changes."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from audit import record
from matters import questionnaire as qn
from matters.models import AnswerChange, Matter
from matters.services import (
    read_answers,
    refresh_figures,
    run_rule,
    sync_requests,
    write_answers,
)
from portal.accounts.crypto import open_sealed, seal
from portal.accounts.models import User


class IntakeError(Exception):
    pass


def _section(matter: Matter, key: str) -> dict:
    for section in matter.questionnaire["sections"]:
        if section["key"] == key:
            return section
    raise IntakeError("unknown section")


def change_purpose(matter: Matter) -> str:
    return f"matters.answer-change:{matter.uuid}"


def change_purpose_of(change: AnswerChange) -> str:
    """The purpose an answer change was sealed for (key rotation reads it by row)."""
    return change_purpose(change.matter)


def save_section(
    *, matter: Matter, section_key: str, data, by: User, role: str | None, draft: bool = False
) -> qn.SectionResult:
    """Validate and store one section. A draft (autosave) keeps what is valid so far.

    Nothing is written when a full save has errors; a draft writes only the
    fields that passed, so a phone that loses signal keeps what was typed.
    """
    section = _section(matter, section_key)
    with transaction.atomic():
        locked = Matter.objects.select_for_update().get(pk=matter.pk)
        answers = read_answers(locked)
        if not qn.section_visible(section, answers, role):
            raise IntakeError("section not available")
        result = qn.clean_section(
            section, data, answers, timezone.localdate(), enforce_required=not draft
        )
        if result.errors and not draft:
            return result
        fresh = {
            k: v
            for k, v in result.answers.items()
            if not any(e == k or e.startswith(f"{k}-") for e in result.errors)
        }
        merged = qn.prune_hidden(locked.questionnaire, {**answers, **fresh})
        changed = {k for k in set(answers) | set(merged) if answers.get(k) != merged.get(k)}
        if not changed:
            return result
        if locked.intake_status == Matter.Intake.SUBMITTED:
            for key in sorted(changed):
                values = {"before": answers.get(key), "after": merged.get(key)}
                AnswerChange.objects.create(
                    matter=locked,
                    question=key,
                    sealed_values=seal(json.dumps(values).encode(), purpose=change_purpose(locked)),
                    changed_by=by,
                )
        else:
            locked.intake_status = Matter.Intake.IN_PROGRESS
        write_answers(locked, merged)
        locked.save(update_fields=["answers", "sealed_answers", "intake_status", "updated_at"])
        sync_requests(locked, by=by, answers=merged)
        record(
            "intake.saved",
            actor=by,
            subject=locked,
            data={"section": section_key, "questions": sorted(changed), "draft": draft},
        )
    matter.refresh_from_db()
    return result


def missing_sections(matter: Matter, role: str | None) -> list[dict]:
    answers = read_answers(matter)
    return [
        s
        for s in qn.visible_sections(matter.questionnaire, answers, role)
        if not qn.section_complete(s, answers)
    ]


def submit_intake(*, matter: Matter, by: User, role: str | None) -> list[dict]:
    """Submit when every visible section is complete; returns the sections still missing."""
    missing = missing_sections(matter, role)
    if missing:
        return missing
    with transaction.atomic():
        claimed = (
            Matter.objects.filter(pk=matter.pk)
            .exclude(intake_status=Matter.Intake.SUBMITTED)
            .update(intake_status=Matter.Intake.SUBMITTED, intake_submitted_at=timezone.now())
        )
        if claimed:
            record("intake.submitted", actor=by, subject=matter)
            run_rule(matter, "intake_submitted", key="intake_submitted")
            refresh_figures(matter)
            stages = [s["key"] for s in matter.case_type.stages]
            if matter.stage == stages[0] and len(stages) > 1:
                Matter.objects.filter(pk=matter.pk).update(stage=stages[1])
                record(
                    "matter.stage_changed",
                    actor=by,
                    subject=matter,
                    data={"from": stages[0], "to": stages[1]},
                )
    matter.refresh_from_db()
    return []


@dataclass
class Change:
    id: int
    question: str
    label: str
    before: object
    after: object
    changed_by: str
    changed_at: object


def pending_changes(matter: Matter) -> list[Change]:
    labels = {q["key"]: qn.text(q["label"]) for q in qn.iter_questions(matter.questionnaire)}
    out = []
    for c in matter.answer_changes.filter(confirmed_at__isnull=True).select_related("changed_by"):
        values = json.loads(open_sealed(c.sealed_values, purpose=change_purpose(matter)))
        out.append(
            Change(
                c.pk,
                c.question,
                labels.get(c.question, c.question),
                values["before"],
                values["after"],
                str(c.changed_by or ""),
                c.changed_at,
            )
        )
    return out


def confirm_changes(*, matter: Matter, by: User) -> int:
    n = matter.answer_changes.filter(confirmed_at__isnull=True).update(
        confirmed_at=timezone.now(), confirmed_by=by
    )
    if n:
        record("intake.changes_confirmed", actor=by, subject=matter, data={"count": n})
    return n
