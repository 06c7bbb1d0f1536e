"""Invoices: drafts and their lines, totals, payment plans, issuing (and its email), voiding
and credit notes.

Every change of an invoice's state is an audit event. Money is integers in minor units; line
arithmetic and rounding live in ``billing.amounts``.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import record
from billing import amounts
from billing.models import (
    Account,
    CreditNote,
    Instalment,
    Invoice,
    InvoiceLine,
    InvoiceSeries,
    LineKind,
    LineTemplate,
)
from billing.services.common import settle_status
from billing.services.stripe import online_payment_available, pay_link_token
from matters.models import MatterContact
from portal.accounts.models import Invitation
from portal.accounts.notifications import notify

log = logging.getLogger(__name__)

SERIES = "invoices"


def _money(invoice: Invoice, minor: int) -> str:
    return amounts.format_amount(minor, invoice.currency, invoice.language)


# Drafts ------------------------------------------------------------------------------------------


def create_invoice(
    *,
    matter,
    by,
    client=None,
    contact: MatterContact | None = None,
    account: str = Account.OPERATING,
    language: str | None = None,
    terms_days: int | None = None,
    notes: str = "",
    notes_es: str = "",
) -> Invoice:
    """A draft for one of the matter's contacts: ``client`` (an account) or ``contact``, who
    may not have accepted the invitation yet; the invoice then addresses their email and
    becomes theirs when the account is opened (``attach_invoices``)."""
    if contact is None:
        contact = matter.contacts.filter(user=client).first() if client is not None else None
    if contact is None or contact.matter_id != matter.pk:
        raise ValidationError({"client": _("The client must be a contact on this matter.")})
    client = contact.user
    if language is None:
        language = client.preferred_language if client is not None else _invited_language(contact)
    invoice = Invoice.objects.create(
        matter=matter,
        client=client,
        bill_to_name=contact.name,
        bill_to_email=contact.email,
        account=account,
        language=language or "en",
        terms_days=settings.INVOICE_TERMS_DAYS if terms_days is None else terms_days,
        notes=(notes or "").strip(),
        notes_es=(notes_es or "").strip(),
        created_by=by,
    )
    record(
        "invoice.created",
        actor=by,
        subject=invoice,
        data={"matter": str(matter.uuid), "has_account": client is not None},
    )
    return invoice


def _invited_language(contact: MatterContact) -> str:
    invitation = (
        Invitation.objects.filter(email__iexact=contact.email).order_by("-created_at").first()
    )
    return invitation.language if invitation is not None else settings.LANGUAGE_CODE[:2]


def attach_invoices(user) -> int:
    """When an invited client opens their account, the invoices addressed to their email on
    their matters become theirs (called from the accounts core's account-opened hook)."""
    invoices = list(
        Invoice.objects.filter(
            client__isnull=True,
            bill_to_email__iexact=user.email,
            matter__contacts__email__iexact=user.email,
        ).distinct()
    )
    for invoice in invoices:
        Invoice.objects.filter(pk=invoice.pk, client__isnull=True).update(client=user)
        record("invoice.addressee_attached", actor=user, subject=invoice)
    return len(invoices)


def _draft(invoice: Invoice) -> Invoice:
    locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if locked.status != Invoice.Status.DRAFT:
        raise ValidationError(
            _("An issued invoice cannot be changed; use a credit note or void it.")
        )
    return locked


def _line_figures(
    *,
    kind: str,
    description: str,
    description_es: str,
    unit_amount: int,
    quantity: Decimal,
    discount_percent: Decimal,
    discount_amount: int,
    tax_rate: Decimal,
) -> tuple[dict, amounts.LineTotals]:
    """The line's checked values and figures; nothing is written."""
    description = (description or "").strip()[:300]
    description_es = (description_es or "").strip()[:300]
    if not (description or description_es):
        raise ValidationError({"description": _("Describe the line for the client.")})
    if kind not in LineKind.values:
        raise ValidationError({"kind": _("Choose a kind of line from the list.")})
    if kind == LineKind.FILING_FEE and (tax_rate or discount_percent or discount_amount):
        raise ValidationError(_("A USCIS filing fee is passed through as is: no tax, no discount."))
    try:
        figures = amounts.line_totals(
            amounts.Line(
                quantity=Decimal(quantity),
                unit_amount=unit_amount,
                discount_percent=Decimal(discount_percent),
                discount_amount=discount_amount,
                tax_rate=Decimal(tax_rate),
            )
        )
    except amounts.AmountError as exc:
        raise ValidationError(
            _("This line's amounts are not valid: %(why)s") % {"why": exc}
        ) from exc
    values = {
        "kind": kind,
        "description": description,
        "description_es": description_es,
        "quantity": quantity,
        "unit_amount": unit_amount,
        "discount_percent": discount_percent,
        "discount_amount": discount_amount,
        "tax_rate": tax_rate,
        "subtotal": figures.subtotal,
        "discount": figures.discount,
        "tax": figures.tax,
        "total": figures.total,
    }
    return values, figures


def add_line(
    *,
    invoice: Invoice,
    by,
    kind: str,
    description: str,
    unit_amount: int,
    description_es: str = "",
    quantity: Decimal = Decimal(1),
    discount_percent: Decimal = Decimal(0),
    discount_amount: int = 0,
    tax_rate: Decimal = Decimal(0),
) -> InvoiceLine:
    values, _figures = _line_figures(
        kind=kind,
        description=description,
        description_es=description_es,
        unit_amount=unit_amount,
        quantity=quantity,
        discount_percent=discount_percent,
        discount_amount=discount_amount,
        tax_rate=tax_rate,
    )
    with transaction.atomic():
        locked = _draft(invoice)
        line = InvoiceLine.objects.create(
            invoice=locked, position=locked.lines.count() + 1, **values
        )
        _refresh_draft_totals(locked)
        record(
            "invoice.line_added", actor=by, subject=locked, data={"kind": kind, "total": line.total}
        )
    return line


def update_line(
    *,
    line: InvoiceLine,
    by,
    kind: str,
    description: str,
    unit_amount: int,
    description_es: str = "",
    quantity: Decimal = Decimal(1),
    discount_percent: Decimal = Decimal(0),
    discount_amount: int = 0,
    tax_rate: Decimal = Decimal(0),
) -> InvoiceLine:
    """Change a line of a draft (quantity, price, texts, discount, tax); an issued invoice is
    frozen. The totals are recomputed and the change is audited field by field."""
    values, _figures = _line_figures(
        kind=kind,
        description=description,
        description_es=description_es,
        unit_amount=unit_amount,
        quantity=quantity,
        discount_percent=discount_percent,
        discount_amount=discount_amount,
        tax_rate=tax_rate,
    )
    with transaction.atomic():
        locked = _draft(line.invoice)
        current = InvoiceLine.objects.select_for_update().filter(pk=line.pk, invoice=locked).first()
        if current is None:
            raise ValidationError(_("This line is no longer on the invoice."))
        changed = {
            name: {"from": str(getattr(current, name)), "to": str(value)}
            for name, value in values.items()
            if name in EDITABLE_LINE_FIELDS and getattr(current, name) != value
        }
        for name, value in values.items():
            setattr(current, name, value)
        current.save()
        _refresh_draft_totals(locked)
        if changed:
            record(
                "invoice.line_changed",
                actor=by,
                subject=locked,
                data={"position": current.position, "changed": changed, "total": current.total},
            )
    return current


# Money fields are recorded in minor units; texts by value (they are the client's to read).
EDITABLE_LINE_FIELDS = (
    "kind",
    "description",
    "description_es",
    "quantity",
    "unit_amount",
    "discount_percent",
    "discount_amount",
    "tax_rate",
)


def add_template_line(*, invoice: Invoice, template: LineTemplate, by, quantity=Decimal(1)):
    return add_line(
        invoice=invoice,
        by=by,
        kind=template.kind,
        description=template.name_en,
        description_es=template.name_es,
        unit_amount=template.unit_amount,
        quantity=quantity,
        tax_rate=template.tax_rate,
    )


def remove_line(*, line: InvoiceLine, by) -> None:
    with transaction.atomic():
        locked = _draft(line.invoice)
        InvoiceLine.objects.filter(pk=line.pk).delete()
        _refresh_draft_totals(locked)
        record("invoice.line_removed", actor=by, subject=locked)


def totals_of(lines) -> amounts.Totals:
    """The totals (and per-rate taxes) of invoice lines already read."""
    return amounts.totals(
        amounts.Line(
            quantity=line.quantity,
            unit_amount=line.unit_amount,
            discount_percent=line.discount_percent,
            discount_amount=line.discount_amount,
            tax_rate=line.tax_rate,
        )
        for line in lines
    )


def _refresh_draft_totals(invoice: Invoice) -> None:
    t = totals_of(invoice.lines.all())
    Invoice.objects.filter(pk=invoice.pk).update(
        subtotal=t.subtotal, discount=t.discount, tax=t.tax, total=t.total
    )


def set_instalments(*, invoice: Invoice, count: int, first_due: dt.date, every_days: int, by):
    """A payment plan: ``count`` instalments that add up to the total to the cent."""
    if not 1 <= count <= 24:
        raise ValidationError(_("A payment plan has between 1 and 24 instalments."))
    with transaction.atomic():
        locked = _draft(invoice)
        Instalment.objects.filter(invoice=locked).delete()
        if count == 1:
            return []
        parts = amounts.allocate(locked.total, count)
        made = [
            Instalment.objects.create(
                invoice=locked,
                position=i + 1,
                amount=part,
                due_date=first_due + dt.timedelta(days=every_days * i),
            )
            for i, part in enumerate(parts)
        ]
        record("invoice.plan_set", actor=by, subject=locked, data={"instalments": count})
    return made


# Issuing, voiding, crediting ---------------------------------------------------------------------


def issue(*, invoice: Invoice, by, today: dt.date | None = None) -> Invoice:
    """Number and freeze a draft. Numbers come from one locked row: gapless, even when many
    invoices are issued at once (a rolled-back issue gives its number back)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _draft(invoice)
        lines = list(locked.lines.all())
        if not lines:
            raise ValidationError(_("Add at least one line before issuing the invoice."))
        t = totals_of(lines)
        if t.total <= 0:
            raise ValidationError(_("The invoice's total must be more than zero."))
        plan = list(locked.instalments.all())
        if plan and sum(i.amount for i in plan) != t.total:
            parts = amounts.allocate(t.total, len(plan))
            for inst, part in zip(plan, parts, strict=True):
                Instalment.objects.filter(pk=inst.pk).update(amount=part)
        series, _created = InvoiceSeries.objects.get_or_create(name=SERIES)
        series = InvoiceSeries.objects.select_for_update().get(pk=series.pk)
        series.last_number += 1
        series.save(update_fields=["last_number"])
        locked.number = series.last_number
        locked.status = Invoice.Status.ISSUED
        locked.issue_date = today
        locked.due_date = today + dt.timedelta(days=locked.terms_days)
        if plan:
            locked.due_date = plan[-1].due_date
        locked.subtotal, locked.discount, locked.tax, locked.total = (
            t.subtotal,
            t.discount,
            t.tax,
            t.total,
        )
        locked.issued_at = timezone.now()
        locked.save()
        record(
            "invoice.issued",
            actor=by,
            subject=locked,
            data={
                "number": locked.display_number,
                "total": locked.total,
                "account": locked.account,
            },
        )
        transaction.on_commit(lambda: _notify_issued(locked.pk))
    return locked


def _notify_issued(invoice_id: int) -> None:
    invoice = Invoice.objects.select_related("client", "matter").get(pk=invoice_id)
    try:
        notify(
            template="invoice_issued",
            user=invoice.client,
            email=None if invoice.client_id else invoice.bill_to_email,
            language=invoice.language,
            context=mail_context(invoice),
        )
    except Exception:
        log.exception("invoice %s: the issue email failed", invoice.uuid)


def mail_context(invoice: Invoice) -> dict:
    """What the issue email and the reminders say. A client without an account yet gets the
    signed pay link, which needs no sign-in; card payment is mentioned only if it exists."""
    if invoice.client_id is not None:
        url = reverse("billing:client_invoice", args=[invoice.uuid])
    else:
        url = reverse("billing:pay_link", args=[pay_link_token(invoice)])
    return {
        "number": invoice.display_number,
        "total": _money(invoice, invoice.total),
        "balance": _money(invoice, invoice.balance),
        "due": invoice.due_date,
        "url": settings.SITE_URL.rstrip("/") + url,
        "online": online_payment_available(invoice.account),
        "has_account": invoice.client_id is not None,
    }


def void(*, invoice: Invoice, reason: str, by) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the invoice is voided.")})
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if locked.status in (Invoice.Status.VOID, Invoice.Status.PAID):
            raise ValidationError(_("This invoice cannot be voided."))
        if locked.paid:
            raise ValidationError(
                _("Payments were received on this invoice: refund them or issue a credit note.")
            )
        locked.status = Invoice.Status.VOID
        locked.void_reason = reason
        locked.save(update_fields=["status", "void_reason"])
        record("invoice.voided", actor=by, subject=locked, data={"reason": reason[:200]})


def credit(*, invoice: Invoice, amount: int, reason: str, by) -> CreditNote:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the credit is given.")})
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if not (locked.is_open or locked.status == Invoice.Status.DISPUTED):
            raise ValidationError(_("Only an open invoice can be credited."))
        if not 0 < amount <= locked.balance:
            raise ValidationError(
                {"amount": _("The credit must be more than zero and at most the balance.")}
            )
        note = CreditNote.objects.create(
            invoice=locked, amount=amount, reason=reason, created_by=by
        )
        locked.credited += amount
        settle_status(locked)
        locked.save(update_fields=["credited", "status"])
        record("invoice.credited", actor=by, subject=locked, data={"amount": amount})
    return note
