"""Opening a matter, its stage, dates, receipts and RFEs, closing and reopening."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import record
from matters.models import (
    CaseType,
    ContactRole,
    DocumentRequest,
    Matter,
    MatterContact,
    ReceiptNumber,
    Rfe,
    validate_receipt_number,
)
from matters.services.checklist import RFE_WHY, per_language, sync_requests
from matters.services.common import today
from matters.services.figures import refresh_figures
from matters.services.tasks import run_rule
from portal.accounts.models import User
from portal.accounts.services import invite_client

RFE_DEFAULT_DAYS = 84 + 3  # 12 weeks to respond, plus 3 days for mailing


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
)


def _plain(value):
    return (value.isoformat() if hasattr(value, "isoformat") else value) or None


def update_details(*, matter: Matter, by: User, **fields) -> None:
    """Change the matter's dates and form numbers; the event keeps each one's before and
    after, which the matter's history shows."""
    changed = {k: v for k, v in fields.items() if k in DETAIL_FIELDS and getattr(matter, k) != v}
    if not changed:
        return
    before = {k: getattr(matter, k) for k in changed}
    for k, v in changed.items():
        setattr(matter, k, v)
    matter.save(update_fields=[*changed, "updated_at"])
    record(
        "matter.details_changed",
        actor=by,
        subject=matter,
        data={
            **{k: _plain(v) for k, v in changed.items()},
            "changes": {k: [_plain(before[k]), _plain(v)] for k, v in changed.items()},
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
    items: list[str] | list[dict[str, str]],
    notes: str,
    by: User,
) -> Rfe:
    """An RFE with its deadline (87 days from the notice when none is given) and its requests.

    Each item is its title: a string (as staff wrote it, taken as English) or
    ``{"en": ..., "es": ...}`` with either language possibly empty; the client reads the
    missing one in the other language, marked as such (``matters.bilingual``).
    """
    due_date = due_date or notice_date + dt.timedelta(days=RFE_DEFAULT_DAYS)
    with transaction.atomic():
        rfe = Rfe.objects.create(
            matter=matter, notice_date=notice_date, due_date=due_date, notes=notes
        )
        why = per_language(lambda lang: str(RFE_WHY))
        titles = [t if isinstance(t, dict) else {"en": t, "es": ""} for t in items]
        titles = [
            {lang: (t.get(lang) or "").strip() for lang in ("en", "es")}
            for t in titles
            if (t.get("en") or "").strip() or (t.get("es") or "").strip()
        ]
        for i, title in enumerate(titles):
            DocumentRequest.objects.create(
                matter=matter,
                rfe=rfe,
                key=f"rfe_{rfe.pk}_{i}",
                title_en=title["en"][:200],
                title_es=title["es"][:200],
                why_en=why["en"],
                why_es=why["es"],
                formats=["pdf", "jpg", "png"],
                due_date=min(due_date - dt.timedelta(days=21), today() + dt.timedelta(days=14))
                if due_date - dt.timedelta(days=21) > today()
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
