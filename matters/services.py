"""Business operations on matters: opening, intake, the checklist, tasks, dates, RFEs."""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import messages, record
from matters import questionnaire as qn
from matters.models import (
    CaseType,
    ContactRole,
    DocumentRequest,
    Matter,
    MatterContact,
    ReceiptNumber,
    Rfe,
    Task,
    validate_receipt_number,
)
from portal.accounts.crypto import open_sealed, seal
from portal.accounts.models import Role, User
from portal.accounts.services import invite_client

RFE_DEFAULT_DAYS = 84 + 3  # 12 weeks to respond, plus 3 days for mailing

# Text of requests the portal adds itself; stored in each language a request row holds.
TRANSLATION_TITLE = gettext_lazy("Certified English translation")
CERTIFICATE_TITLE = gettext_lazy("Translator's certificate")
TRANSLATION_WHY = gettext_lazy(
    "USCIS requires a full English translation of every document in another language, with "
    "the translator's signed statement that they are competent and the translation is "
    "complete and accurate."
)
RFE_WHY = gettext_lazy(
    "USCIS asked for this in a Request for Evidence. We must answer by the deadline."
)


def per_language(render: Callable[[str], str]) -> dict[str, str]:
    """``render(lang)`` under each language a request row stores (its ``_en``/``_es``)."""
    out = {}
    for lang in ("en", "es"):
        with translation.override(lang):
            out[lang] = render(lang)
    return out


def _today() -> dt.date:
    return timezone.localdate()


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


# Opening a matter ------------------------------------------------------------------------------


def create_matter(
    *,
    case_type: CaseType,
    client_email: str,
    client_name: str,
    language: str,
    by: User,
    role: str = ContactRole.BENEFICIARY,
    attorney: User | None = None,
    staff: list[User] | tuple = (),
    title: str = "",
    invite: bool = True,
) -> Matter:
    """Open a matter with its checklist, and invite its client in the same step."""
    email = User.objects.normalize_email(client_email)
    with transaction.atomic():
        matter = Matter.objects.create(
            title=title or f"{client_name} - {case_type.forms or case_type.name_en}",
            case_type=case_type,
            questionnaire_version=case_type.current_version(),
            stage=case_type.stages[0]["key"],
            responsible_attorney=attorney,
            form_numbers=case_type.forms,
        )
        matter.staff.add(*{u for u in [by, *staff] if u.is_firm_staff})
        existing = User.objects.filter(email__iexact=email, kind=User.Kind.CLIENT).first()
        MatterContact.objects.create(
            matter=matter, user=existing, email=email, name=client_name, role=role
        )
        sync_requests(matter, by=by)
        record(
            "matter.created",
            actor=by,
            subject=matter,
            data={"case_type": case_type.code, "reference": matter.reference},
        )
        if invite and existing is None:
            invite_client(email=email, full_name=client_name, language=language, by=by)
    return matter


def attach_contacts(user: User) -> int:
    """When an invited client opens their account, their matters become theirs."""
    return MatterContact.objects.filter(user__isnull=True, email__iexact=user.email).update(
        user=user
    )


# The checklist ----------------------------------------------------------------------------------


def _request_from_item(matter: Matter, item: dict, position: int, source: str) -> DocumentRequest:
    return DocumentRequest(
        matter=matter,
        key=item["key"],
        title_en=item["title"]["en"],
        title_es=item["title"]["es"],
        why_en=item["why"]["en"],
        why_es=item["why"]["es"],
        formats=item.get("formats", ["pdf", "jpg", "png"]),
        example=item.get("example", ""),
        audience=item.get("audience", ["beneficiary"])[0],
        due_date=_today() + dt.timedelta(days=item.get("due_days", 14)),
        translation_possible=item.get("translation_possible", False),
        source=source,
        position=position,
    )


def sync_requests(matter: Matter, *, by: User | None, answers: dict | None = None) -> None:
    """Make the checklist match the case type and the answers given so far.

    Items whose condition holds are requested; conditional items that no longer
    apply are withdrawn when nothing was sent for them yet, and come back if the
    answer changes again.
    """
    answers = read_answers(matter) if answers is None else answers
    existing = {
        r.key: r
        for r in matter.requests.filter(parent__isnull=True, source__in=["checklist", "intake"])
    }
    new = []
    for position, item in enumerate(matter.case_type.checklist):
        wanted = qn.evaluate(item.get("show_if"), answers)
        current = existing.get(item["key"])
        source = (
            DocumentRequest.Source.INTAKE
            if item.get("show_if")
            else DocumentRequest.Source.CHECKLIST
        )
        if wanted and current is None:
            new.append(_request_from_item(matter, item, position, source))
        elif wanted and current is not None and current.status == DocumentRequest.Status.WITHDRAWN:
            current.status = DocumentRequest.Status.REQUESTED
            current.save(update_fields=["status", "updated_at"])
            record("request.reopened", actor=by, subject=current, data={"key": current.key})
        elif (
            not wanted
            and current is not None
            and current.status == DocumentRequest.Status.REQUESTED
        ):
            current.status = DocumentRequest.Status.WITHDRAWN
            current.save(update_fields=["status", "updated_at"])
            record("request.withdrawn", actor=by, subject=current, data={"key": current.key})
    if new:
        DocumentRequest.objects.bulk_create(new)
        for r in new:
            record("request.created", actor=by, subject=r, data={"key": r.key, "source": r.source})
    refresh_figures(matter)


def mark_foreign_language(*, request: DocumentRequest, by: User) -> None:
    """A document not in English needs its certified translation and the translator's certificate."""
    if not request.translation_possible or request.in_foreign_language:
        return
    with transaction.atomic():
        request.in_foreign_language = True
        request.save(update_fields=["in_foreign_language", "updated_at"])
        for link, label in (
            (DocumentRequest.Link.TRANSLATION, TRANSLATION_TITLE),
            (DocumentRequest.Link.CERTIFICATE, CERTIFICATE_TITLE),
        ):
            # per_language calls it at once, so it sees this pass's label (binding it as a
            # default argument instead leaves mypy unable to infer the lambda's type).
            titles = per_language(
                lambda lang: f"{label}: {getattr(request, f'title_{lang}')}"  # noqa: B023
            )
            why = per_language(lambda lang: str(TRANSLATION_WHY))
            DocumentRequest.objects.create(
                matter=request.matter,
                parent=request,
                link=link,
                key=f"{request.key}_{link}",
                title_en=titles["en"][:200],
                title_es=titles["es"][:200],
                why_en=why["en"],
                why_es=why["es"],
                formats=["pdf", "jpg", "png"],
                audience=request.audience,
                due_date=request.due_date,
                source=request.source,
                position=request.position,
            )
        record("request.needs_translation", actor=by, subject=request)
        refresh_figures(request.matter_id)


def set_complete(request: DocumentRequest, linked: list[DocumentRequest] | None = None) -> bool:
    """A document counts only with its translation and certificate when it is not in English."""
    if request.status != DocumentRequest.Status.ACCEPTED:
        return False
    if not request.in_foreign_language:
        return True
    linked = list(request.linked.all()) if linked is None else linked
    kinds = {r.link for r in linked if r.status == DocumentRequest.Status.ACCEPTED}
    return {DocumentRequest.Link.TRANSLATION, DocumentRequest.Link.CERTIFICATE} <= kinds


def mark_uploaded(*, request: DocumentRequest, by: User | None) -> None:
    """``request`` is current (the caller locked or just saved it): its times_requested
    names the round of review this upload starts."""
    with transaction.atomic():
        request.status = DocumentRequest.Status.UPLOADED
        request.save(update_fields=["status", "updated_at"])
        record("request.uploaded", actor=by, subject=request)
        n = request.times_requested
        run_rule(request.matter, "document_uploaded", key=f"uploaded:{request.uuid}:{n}")
        refresh_figures(request.matter_id)


def accept_request(*, request: DocumentRequest, by: User) -> None:
    with transaction.atomic():
        request.status = DocumentRequest.Status.ACCEPTED
        request.rejection_reason = ""
        request.save(update_fields=["status", "rejection_reason", "updated_at"])
        record("request.accepted", actor=by, subject=request)
        _close_review_task(request, by)
        if checklist_complete(request.matter):
            run_rule(request.matter, "all_documents_accepted", key="all_documents_accepted")
        refresh_figures(request.matter_id)


def reject_request(*, request: DocumentRequest, reason: str, by: User) -> None:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Write a reason the client can act on.")})
    with transaction.atomic():
        request.status = DocumentRequest.Status.REJECTED
        request.rejection_reason = reason[:2000]
        request.times_requested += 1
        # A new round: reminders count again from today.
        request.requested_at = timezone.now()
        request.reminder_steps = []
        request.save(
            update_fields=[
                "status",
                "rejection_reason",
                "times_requested",
                "requested_at",
                "reminder_steps",
                "updated_at",
            ]
        )
        record("request.rejected", actor=by, subject=request, data={"reason": reason[:500]})
        _close_review_task(request, by)
        refresh_figures(request.matter_id)


def _close_review_task(request: DocumentRequest, by: User) -> None:
    Task.objects.filter(
        matter=request.matter,
        dedupe_key__startswith=f"uploaded:{request.uuid}:",
        status=Task.Status.OPEN,
    ).update(status=Task.Status.DONE, completed_at=timezone.now(), completed_by=by)


def checklist_complete(matter: Matter) -> bool:
    requests = list(matter.requests.exclude(status=DocumentRequest.Status.WITHDRAWN))
    tops = [r for r in requests if r.parent_id is None]
    if not tops:
        return False
    by_parent: dict[int, list] = {}
    for r in requests:
        if r.parent_id:
            by_parent.setdefault(r.parent_id, []).append(r)
    return all(set_complete(r, by_parent.get(r.pk, [])) for r in tops)


# The list's figures -----------------------------------------------------------------------------

OPEN_STATUSES = (DocumentRequest.Status.REQUESTED, DocumentRequest.Status.REJECTED)


def _figure_subqueries():
    open_requests = DocumentRequest.objects.filter(matter=OuterRef("pk"), status__in=OPEN_STATUSES)
    return {
        "open_requests": Coalesce(
            Subquery(open_requests.order_by().values("matter").annotate(n=Count("*")).values("n")),
            0,
        ),
        "next_request_due": Subquery(
            open_requests.filter(due_date__isnull=False).order_by("due_date").values("due_date")[:1]
        ),
        "next_task_due": Subquery(
            Task.objects.filter(
                matter=OuterRef("pk"), status=Task.Status.OPEN, due_date__isnull=False
            )
            .order_by("due_date")
            .values("due_date")[:1]
        ),
    }


def refresh_figures(matter: Matter | int) -> None:
    """Recount one matter's missing documents and next due dates (one UPDATE)."""
    pk = matter.pk if isinstance(matter, Matter) else matter
    # update() leaves updated_at alone: recounting is not a change to the matter.
    Matter.objects.filter(pk=pk).update(**_figure_subqueries())


def refresh_all_figures() -> int:
    """Recount every matter, after bulk loads or edits made outside the services."""
    return Matter.objects.update(**_figure_subqueries())


# Tasks ----------------------------------------------------------------------------------------------


def assignee_for(matter: Matter, role: str) -> User | None:
    """Who on the matter holds ``role``: its responsible attorney for Attorney work, else the
    first active assigned staff member with the role. None leaves the task to the role."""
    if role == Role.ATTORNEY and matter.responsible_attorney_id:
        return matter.responsible_attorney
    return matter.staff.filter(groups__name=role, is_active=True).order_by("pk").first()


def open_task(
    *,
    matter: Matter,
    key: str,
    message: str,
    params: dict[str, Any] | None = None,
    role: str,
    event: str,
    due_date: dt.date | None = None,
    by: User | None = None,
    data: dict[str, Any] | None = None,
) -> tuple[Task, bool]:
    """Open one task per ``key`` on the matter for whoever holds ``role`` on it.

    The public way for any app to put work on a matter's task list. ``message`` is a key
    registered with ``audit.messages`` (the title is rendered in the reader's language);
    ``key`` makes the call idempotent: the same event seen twice (a replayed webhook, a rerun
    job) returns the existing task. Returns the task and whether it was created. The caller
    recounts the matter's figures once its whole operation is done.
    """
    existing = Task.objects.filter(matter=matter, dedupe_key=key).first()
    if existing is not None:
        return existing, False
    task, created = Task.objects.get_or_create(
        matter=matter,
        dedupe_key=key,
        defaults={
            "title_key": message,
            "title_params": params or {},
            "role": role,
            "assignee": assignee_for(matter, role),
            "due_date": due_date or _today() + dt.timedelta(days=2),
            "event": event,
        },
    )
    if created:
        record(
            "task.created",
            actor=by,
            subject=task,
            data={"event": event, "matter": str(matter.uuid), **(data or {})},
        )
    return task, created


def run_rule(matter: Matter, event: str, *, key: str, due: dt.date | None = None) -> Task | None:
    """Make the task the case type's rule says this event calls for, once per key.

    The caller recounts the matter's figures once its whole operation is done.
    """
    rule = matter.case_type.rule(event)
    if not rule:
        return None
    task, _created = open_task(
        matter=matter,
        key=key,
        message=messages.TEXT,
        params={"text": rule["title"]},
        role=rule["role"],
        event=event,
        due_date=due or _today() + dt.timedelta(days=rule.get("due_days", 2)),
    )
    return task


def create_task(*, matter: Matter, title: str, assignee: User | None, due_date, by: User) -> Task:
    task = Task.objects.create(
        matter=matter,
        title_key=messages.TEXT,
        title_params={"text": title},
        assignee=assignee,
        due_date=due_date,
    )
    record("task.created", actor=by, subject=task, data={"matter": str(matter.uuid)})
    refresh_figures(matter)
    return task


def complete_task(*, task: Task, by: User) -> None:
    updated = Task.objects.filter(pk=task.pk, status=Task.Status.OPEN).update(
        status=Task.Status.DONE, completed_at=timezone.now(), completed_by=by
    )
    if updated:
        record("task.completed", actor=by, subject=task)
        refresh_figures(task.matter_id)


# Stage, dates, receipts, RFEs ----------------------------------------------------------------------


def change_stage(*, matter: Matter, stage: str, by: User) -> None:
    keys = [s["key"] for s in matter.case_type.stages]
    if stage not in keys:
        raise ValidationError({"stage": _("This case type has no such stage.")})
    if stage == matter.stage:
        return
    before = matter.stage
    matter.stage = stage
    matter.save(update_fields=["stage", "updated_at"])
    record("matter.stage_changed", actor=by, subject=matter, data={"from": before, "to": stage})


def close_matter(*, matter: Matter, by: User) -> None:
    """Closed matters start their retention clocks (the date counts, not the stage)."""
    updated = Matter.objects.filter(pk=matter.pk, status=Matter.Status.OPEN).update(
        status=Matter.Status.CLOSED, closed_at=timezone.now()
    )
    if updated:
        record("matter.closed", actor=by, subject=matter)


def reopen_matter(*, matter: Matter, by: User) -> None:
    updated = Matter.objects.filter(pk=matter.pk, status=Matter.Status.CLOSED).update(
        status=Matter.Status.OPEN, closed_at=None
    )
    if updated:
        record("matter.reopened", actor=by, subject=matter)


DETAIL_FIELDS = (
    "priority_date",
    "filing_date",
    "biometrics_date",
    "interview_date",
    "target_filing_date",
    "form_numbers",
    "notes",
)


def update_details(*, matter: Matter, by: User, **fields) -> None:
    changed = {k: v for k, v in fields.items() if k in DETAIL_FIELDS and getattr(matter, k) != v}
    if not changed:
        return
    for k, v in changed.items():
        setattr(matter, k, v)
    matter.save(update_fields=[*changed, "updated_at"])
    record(
        "matter.details_changed",
        actor=by,
        subject=matter,
        data={
            k: (v.isoformat() if hasattr(v, "isoformat") else v) or None
            for k, v in changed.items()
            if k != "notes"
        },
    )


def add_receipt(*, matter: Matter, number: str, form: str, received_on, by: User) -> ReceiptNumber:
    number = (number or "").strip().upper().replace(" ", "").replace("-", "")
    validate_receipt_number(number)
    if ReceiptNumber.objects.filter(number=number).exists():
        raise ValidationError({"number": _("This receipt number is already on a matter.")})
    receipt = ReceiptNumber.objects.create(
        matter=matter, number=number, form=form.strip()[:20], received_on=received_on
    )
    record("matter.receipt_added", actor=by, subject=matter, data={"number": number, "form": form})
    return receipt


def add_rfe(
    *,
    matter: Matter,
    notice_date: dt.date,
    due_date: dt.date | None,
    items: list[str],
    notes: str,
    by: User,
) -> Rfe:
    """An RFE with its deadline (87 days from the notice when none is given) and its requests."""
    due_date = due_date or notice_date + dt.timedelta(days=RFE_DEFAULT_DAYS)
    with transaction.atomic():
        rfe = Rfe.objects.create(
            matter=matter, notice_date=notice_date, due_date=due_date, notes=notes
        )
        why = per_language(lambda lang: str(RFE_WHY))
        for i, title in enumerate(t.strip() for t in items if t.strip()):
            DocumentRequest.objects.create(
                matter=matter,
                rfe=rfe,
                key=f"rfe_{rfe.pk}_{i}",
                title_en=title[:200],
                title_es=title[:200],
                why_en=why["en"],
                why_es=why["es"],
                formats=["pdf", "jpg", "png"],
                due_date=min(due_date - dt.timedelta(days=21), _today() + dt.timedelta(days=14))
                if due_date - dt.timedelta(days=21) > _today()
                else due_date,
                source=DocumentRequest.Source.RFE,
                position=1000 + i,
            )
        run_rule(matter, "rfe_entered", key=f"rfe:{rfe.uuid}", due=due_date - dt.timedelta(days=14))
        record(
            "matter.rfe_entered",
            actor=by,
            subject=matter,
            data={"notice_date": notice_date.isoformat(), "due_date": due_date.isoformat()},
        )
    refresh_figures(matter)
    return rfe


# Filling answers from a document ----------------------------------------------------------------


def fill_answers(*, matter: Matter, values: dict[str, str], by: User, source: str) -> list[str]:
    """Set intake answers from confirmed document fields; returns the keys that changed.

    Only questions the matter's questionnaire has are filled, each value checked as
    the client's own answer would be. One audit event names the keys and the source
    document, never the values.
    """
    questions = {q["key"]: q for q in qn.iter_questions(matter.questionnaire)}
    today = _today()
    cleaned, errors = {}, {}
    for key, raw in values.items():
        q = questions.get(key)
        if q is None or raw in (None, ""):
            continue
        value, error = qn.clean_value(q, str(raw), today)
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


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it has none (31 Aug + 6)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def flag_expiring_passport(
    *, matter: Matter, expires: dt.date, reference: dt.date, by: User, source: str
) -> Task | None:
    """A task when a passport expires within six months of ``reference`` (or has expired)."""
    today = _today()
    if expires > add_months(reference, 6) and expires > today:
        return None
    task, _created = open_task(
        matter=matter,
        key=f"passport_expiry:{source}",
        message="matters.task.passport_expiring",
        params={"date": expires.isoformat()},
        role=Role.PARALEGAL,
        event="passport_expiring",
        due_date=min(today + dt.timedelta(days=7), max(expires, today)),
        by=by,
        data={"reference": reference.isoformat()},
    )
    return task
