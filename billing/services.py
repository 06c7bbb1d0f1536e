"""Billing operations: drafting, issuing, payments, Stripe Checkout and webhooks, reminders.

Every change of an invoice's state is an audit event. Money is integers in minor
units; line arithmetic and rounding live in ``billing.amounts``.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import record
from billing import amounts
from billing.models import (
    Account,
    CheckoutSession,
    CreditNote,
    Dispute,
    Instalment,
    Invoice,
    InvoiceLine,
    InvoiceSeries,
    LedgerEntry,
    LineKind,
    LineTemplate,
    Payment,
    Reminder,
    StripeEvent,
)
from matters.models import Task
from matters.services import open_task
from portal.accounts.models import Role

log = logging.getLogger(__name__)

SERIES = "invoices"
PAY_LINK_SALT = "billing.pay-link"


def _today() -> dt.date:
    return timezone.localdate()


def _money(invoice: Invoice, minor: int) -> str:
    return amounts.format_amount(minor, invoice.currency, invoice.language)


# Drafts ------------------------------------------------------------------------------------------


def create_invoice(
    *,
    matter,
    client,
    by,
    account: str = Account.OPERATING,
    language: str | None = None,
    terms_days: int | None = None,
    notes: str = "",
) -> Invoice:
    if not matter.contacts.filter(user=client).exists():
        raise ValidationError({"client": _("The client must be a contact on this matter.")})
    invoice = Invoice.objects.create(
        matter=matter,
        client=client,
        account=account,
        language=language or client.preferred_language or "en",
        terms_days=settings.INVOICE_TERMS_DAYS if terms_days is None else terms_days,
        notes=notes,
        created_by=by,
    )
    record("invoice.created", actor=by, subject=invoice, data={"matter": str(matter.uuid)})
    return invoice


def _draft(invoice: Invoice) -> Invoice:
    locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if locked.status != Invoice.Status.DRAFT:
        raise ValidationError(
            _("An issued invoice cannot be changed; use a credit note or void it.")
        )
    return locked


def add_line(
    *,
    invoice: Invoice,
    by,
    kind: str,
    description: str,
    unit_amount: int,
    quantity: Decimal = Decimal(1),
    discount_percent: Decimal = Decimal(0),
    discount_amount: int = 0,
    tax_rate: Decimal = Decimal(0),
) -> InvoiceLine:
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": _("Describe the line for the client.")})
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
    with transaction.atomic():
        locked = _draft(invoice)
        line = InvoiceLine.objects.create(
            invoice=locked,
            position=locked.lines.count() + 1,
            kind=kind,
            description=description[:300],
            quantity=quantity,
            unit_amount=unit_amount,
            discount_percent=discount_percent,
            discount_amount=discount_amount,
            tax_rate=tax_rate,
            subtotal=figures.subtotal,
            discount=figures.discount,
            tax=figures.tax,
            total=figures.total,
        )
        _refresh_draft_totals(locked)
        record(
            "invoice.line_added", actor=by, subject=locked, data={"kind": kind, "total": line.total}
        )
    return line


def add_template_line(*, invoice: Invoice, template: LineTemplate, by, quantity=Decimal(1)):
    name = template.name_es if invoice.language == "es" else template.name_en
    return add_line(
        invoice=invoice,
        by=by,
        kind=template.kind,
        description=name,
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
    today = today or _today()
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
    from portal.accounts.notifications import notify

    invoice = Invoice.objects.select_related("client", "matter").get(pk=invoice_id)
    try:
        notify(
            template="invoice_issued",
            user=invoice.client,
            language=invoice.language,
            context=_mail_context(invoice),
        )
    except Exception:
        log.exception("invoice %s: the issue email failed", invoice.uuid)


def _mail_context(invoice: Invoice) -> dict:
    from django.urls import reverse

    return {
        "number": invoice.display_number,
        "total": _money(invoice, invoice.total),
        "balance": _money(invoice, invoice.balance),
        "due": invoice.due_date,
        "url": settings.SITE_URL.rstrip("/")
        + reverse("billing:client_invoice", args=[invoice.uuid]),
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
        _settle_status(locked)
        locked.save(update_fields=["credited", "status"])
        record("invoice.credited", actor=by, subject=locked, data={"amount": amount})
    return note


def _settle_status(invoice: Invoice) -> None:
    """Status from the money, for an invoice that is neither void nor under dispute."""
    if invoice.status in (Invoice.Status.VOID, Invoice.Status.DRAFT, Invoice.Status.DISPUTED):
        return
    if invoice.balance <= 0:
        invoice.status = Invoice.Status.PAID
    elif invoice.paid > 0 or invoice.credited > 0:
        invoice.status = Invoice.Status.PARTIALLY_PAID
    else:
        invoice.status = Invoice.Status.ISSUED


# Payments ----------------------------------------------------------------------------------------


def _ledger(invoice: Invoice, payment: Payment, amount: int, memo: str) -> None:
    """Split money between revenue and pass-through filing fees, in proportion to the lines."""
    lines = list(invoice.lines.all())
    fees = sum(line.total for line in lines if not line.pass_through)
    passed = sum(line.total for line in lines if line.pass_through)
    sign = 1 if amount >= 0 else -1
    revenue_part, pass_part = (
        amounts.allocate_weighted(abs(amount), [fees, passed])
        if (fees + passed)
        else (abs(amount), 0)
    )
    for part, revenue in ((revenue_part, invoice.account == Account.OPERATING), (pass_part, False)):
        if part:
            LedgerEntry.objects.create(
                account=invoice.account,
                invoice=invoice,
                payment=payment,
                amount=sign * part,
                revenue=revenue,
                memo=memo[:200],
            )


def record_payment(
    *,
    invoice: Invoice,
    amount: int,
    method: str,
    by=None,
    reference: str = "",
    payment_intent: str | None = None,
    checkout: CheckoutSession | None = None,
    expected: int | None = None,
    currency: str | None = None,
) -> Payment | None:
    """Record money received once; None when this Stripe payment is already on record.

    An amount other than what was asked (``expected``, or the balance) is kept and
    flagged: an overpayment or a short payment opens a Billing task, never silently.
    """
    if amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if locked.status in (Invoice.Status.DRAFT, Invoice.Status.VOID):
            raise ValidationError(_("Payments go on issued invoices only."))
        if currency and currency.upper() != locked.currency:
            raise ValidationError(_("The payment's currency is not the invoice's."))
        if payment_intent and Payment.objects.filter(payment_intent=payment_intent).exists():
            return None
        asked = locked.balance if expected is None else expected
        mismatch = (
            amount - asked if method == Payment.Method.CARD else max(0, amount - locked.balance)
        )
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    invoice=locked,
                    account=locked.account,
                    method=method,
                    amount=amount,
                    currency=locked.currency,
                    payment_intent=payment_intent,
                    checkout=checkout,
                    reference=reference[:100],
                    mismatch=mismatch,
                    recorded_by=by if getattr(by, "pk", None) else None,
                )
        except IntegrityError:
            return None  # the twin event recorded it a moment ago
        locked.paid += amount
        _settle_status(locked)
        locked.save(update_fields=["paid", "status"])
        _ledger(locked, payment, amount, f"payment {method} {reference or payment_intent or ''}")
        record(
            "invoice.payment_recorded",
            actor=by if getattr(by, "pk", None) else None,
            subject=locked,
            data={
                "amount": amount,
                "method": method,
                "mismatch": mismatch,
                "status": locked.status,
            },
        )
        if mismatch:
            _billing_task(
                locked,
                key=f"payment_mismatch:{payment.pk}",
                message="billing.task.payment_mismatch",
                params={"amount": amount, "difference": mismatch},
            )
        if checkout is not None:
            CheckoutSession.objects.filter(pk=checkout.pk, completed_at__isnull=True).update(
                completed_at=timezone.now()
            )
    return payment


def _billing_task(invoice: Invoice, *, key: str, message: str, params: dict | None = None) -> Task:
    """A task for Billing on the invoice's matter, once per ``key``. The title is rendered in
    the reader's language from the invoice's number, currency and the amounts in ``params``."""
    task, _created = open_task(
        matter=invoice.matter,
        key=key,
        message=message,
        params={
            "invoice": invoice.display_number,
            "currency": invoice.currency,
            **(params or {}),
        },
        role=Role.BILLING,
        event=key.split(":", 1)[0],
        data={"invoice": str(invoice.uuid)},
    )
    return task


# Disputes by the client ------------------------------------------------------------------------


def open_dispute(
    *, invoice: Invoice, reason: str, details: str, by, line: InvoiceLine | None = None
):
    if reason not in Dispute.Reason.values:
        raise ValidationError({"reason": _("Choose a reason from the list.")})
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if not locked.is_open:
            raise ValidationError(_("Only an unpaid invoice can be disputed here."))
        dispute = Dispute.objects.create(
            invoice=locked, line=line, reason=reason, details=(details or "")[:2000], opened_by=by
        )
        locked.status_before_dispute = locked.status
        locked.status = Invoice.Status.DISPUTED  # reminders pause while it is
        locked.save(update_fields=["status", "status_before_dispute"])
        record("invoice.disputed", actor=by, subject=locked, data={"reason": reason})
        _billing_task(
            locked, key=f"invoice_dispute:{dispute.pk}", message="billing.task.client_dispute"
        )
    return dispute


def resolve_dispute(*, dispute: Dispute, resolution: str, by) -> None:
    resolution = (resolution or "").strip()
    if not resolution:
        raise ValidationError({"resolution": _("Write what was decided.")})
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=dispute.invoice_id)
        Dispute.objects.filter(pk=dispute.pk).update(
            resolution=resolution, resolved_at=timezone.now()
        )
        if (
            locked.status == Invoice.Status.DISPUTED
            and not locked.disputes.filter(resolved_at__isnull=True).exclude(pk=dispute.pk).exists()
        ):
            locked.status = locked.status_before_dispute or Invoice.Status.ISSUED
            _settle_status(locked)
            locked.save(update_fields=["status"])
        record("invoice.dispute_resolved", actor=by, subject=locked)


# Stripe Checkout ---------------------------------------------------------------------------------


class PaymentsUnavailable(Exception):
    """No Stripe key for the invoice's account: online payment is not configured."""


def online_payment_available(account: str) -> bool:
    return bool(settings.STRIPE_ACCOUNTS.get(account, {}).get("secret_key"))


def stripe_client(account: str):
    import stripe

    key = settings.STRIPE_ACCOUNTS.get(account, {}).get("secret_key")
    if not key:
        raise PaymentsUnavailable(account)
    options = {"max_network_retries": 2}
    if settings.STRIPE_API_BASE:
        options["base_addresses"] = {"api": settings.STRIPE_API_BASE}
    return stripe.StripeClient(key, **options)


def amount_due_now(invoice: Invoice) -> tuple[int, Instalment | None]:
    """The balance, or with a payment plan the next instalment not yet covered."""
    plan = list(invoice.instalments.all())
    if not plan:
        return invoice.balance, None
    covered = invoice.paid + invoice.credited
    for inst in plan:
        if covered >= inst.amount:
            covered -= inst.amount
            continue
        return min(inst.amount - covered, invoice.balance), inst
    return invoice.balance, None


def start_checkout(
    *, invoice: Invoice, by=None, third_party: bool = False, return_base: str
) -> str:
    """The URL of a Stripe Checkout page for what is due now. Same state, same session:
    the idempotency key is built from what is paid for, so a double click or a retry
    never creates a second charge."""
    if not online_payment_available(invoice.account):
        raise PaymentsUnavailable(invoice.account)
    amount, instalment = amount_due_now(invoice)
    if not invoice.is_open or amount <= 0:
        raise ValidationError(_("There is nothing to pay on this invoice."))
    key = f"checkout:{invoice.uuid}:{invoice.paid}:{invoice.credited}:{amount}:{int(third_party)}"
    existing = CheckoutSession.objects.filter(
        invoice=invoice, idempotency_key=key, completed_at__isnull=True
    ).first()
    if existing is not None:
        return existing.url
    client = stripe_client(invoice.account)
    label = _("Invoice %(number)s") % {"number": invoice.display_number}
    if instalment is not None:
        label += " · " + _("instalment %(n)s") % {"n": instalment.position}
    metadata = {"invoice": str(invoice.uuid), "account": invoice.account}
    session = client.v1.checkout.sessions.create(
        params={
            "mode": "payment",
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": invoice.currency.lower(),
                        "unit_amount": amount,
                        "product_data": {"name": label},
                    },
                }
            ],
            "client_reference_id": str(invoice.uuid),
            "customer_email": None if third_party else invoice.client.email,
            "locale": invoice.language if invoice.language in ("en", "es") else "auto",
            "metadata": metadata,
            "payment_intent_data": {"metadata": metadata},
            "success_url": f"{return_base}?paid=1&session={{CHECKOUT_SESSION_ID}}",
            "cancel_url": f"{return_base}?cancelled=1",
        },
        options={"idempotency_key": key},
    )
    CheckoutSession.objects.get_or_create(
        session_id=session.id,
        defaults={
            "invoice": invoice,
            "instalment": instalment,
            "account": invoice.account,
            "amount": amount,
            "url": session.url,
            "idempotency_key": key,
            "third_party": third_party,
        },
    )
    record(
        "invoice.checkout_started",
        actor=by,
        subject=invoice,
        data={"amount": amount, "third_party": third_party},
    )
    return session.url


def pay_link_token(invoice: Invoice) -> str:
    return signing.dumps({"i": str(invoice.uuid)}, salt=PAY_LINK_SALT, compress=True)


def invoice_from_pay_link(token: str) -> Invoice | None:
    try:
        data = signing.loads(token, salt=PAY_LINK_SALT, max_age=settings.PAY_LINK_DAYS * 86400)
    except signing.BadSignature:
        return None
    return Invoice.objects.filter(uuid=data.get("i")).exclude(status=Invoice.Status.DRAFT).first()


# Webhooks ----------------------------------------------------------------------------------------


class BadWebhook(Exception):
    """Not a genuine, fresh Stripe event: answered 400, nothing changes."""


def verify_event(payload: bytes, signature: str) -> tuple[dict, str]:
    """The event and the account whose signing secret verified it (Stripe's own check)."""
    import stripe

    for account, conf in settings.STRIPE_ACCOUNTS.items():
        secret = conf.get("webhook_secret")
        if not secret:
            continue
        try:
            event = stripe.Webhook.construct_event(
                payload, signature, secret, tolerance=settings.STRIPE_WEBHOOK_TOLERANCE
            )
        except stripe.SignatureVerificationError:
            continue
        except ValueError as exc:
            raise BadWebhook("the payload is not JSON") from exc
        return event.to_dict() if hasattr(event, "to_dict") else dict(event), account
    raise BadWebhook("no configured signing secret verifies this signature")


HANDLED = (
    "checkout.session.completed",
    "payment_intent.succeeded",
    "payment_intent.payment_failed",
    "charge.refunded",
    "charge.dispute.created",
)


def handle_event(payload: bytes, signature: str) -> str:
    """Process a webhook once. Returns what happened, for the log and the response."""
    event, account = verify_event(payload, signature)
    obj = (event.get("data") or {}).get("object") or {}
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = StripeEvent.objects.create(
                    event_id=event["id"],
                    type=event.get("type", "")[:100],
                    account=account,
                    object_id=str(obj.get("id", ""))[:255],
                )
        except IntegrityError:
            return "duplicate"
        outcome = (
            _dispatch(event.get("type", ""), obj, account)
            if event.get("type") in HANDLED
            else "ignored"
        )
        StripeEvent.objects.filter(pk=row.pk).update(outcome=outcome[:200])
    return outcome


def _invoice_of(obj: dict, account: str) -> Invoice | None:
    ref = (obj.get("metadata") or {}).get("invoice") or obj.get("client_reference_id")
    if not ref:
        return None
    invoice = Invoice.objects.filter(uuid=ref).first()
    if invoice is None or invoice.account != account:
        return None  # an event from one account can never move money on the other's invoice
    return invoice


def _dispatch(kind: str, obj: dict, account: str) -> str:
    if kind == "checkout.session.completed":
        checkout = CheckoutSession.objects.filter(session_id=obj.get("id"), account=account).first()
        invoice = checkout.invoice if checkout else _invoice_of(obj, account)
        if invoice is None:
            return "unknown invoice"
        if obj.get("payment_status") != "paid":
            return "not paid yet"
        intent = obj.get("payment_intent")
        intent_id = intent.get("id") if isinstance(intent, dict) else intent
        payment = record_payment(
            invoice=invoice,
            amount=int(obj.get("amount_total") or 0),
            method=Payment.Method.CARD,
            payment_intent=intent_id,
            checkout=checkout,
            expected=checkout.amount if checkout else None,
            currency=obj.get("currency"),
        )
        if payment is None and checkout is not None:
            Payment.objects.filter(payment_intent=intent_id, checkout__isnull=True).update(
                checkout=checkout
            )
            CheckoutSession.objects.filter(pk=checkout.pk, completed_at__isnull=True).update(
                completed_at=timezone.now()
            )
        return "recorded" if payment else "already recorded"
    if kind == "payment_intent.succeeded":
        invoice = _invoice_of(obj, account)
        if invoice is None:
            return "unknown invoice"
        payment = record_payment(
            invoice=invoice,
            amount=int(obj.get("amount_received") or obj.get("amount") or 0),
            method=Payment.Method.CARD,
            payment_intent=obj.get("id"),
            expected=_expected_for_intent(invoice),
            currency=obj.get("currency"),
        )
        return "recorded" if payment else "already recorded"
    if kind == "payment_intent.payment_failed":
        invoice = _invoice_of(obj, account)
        if invoice is None:
            return "unknown invoice"
        error = (obj.get("last_payment_error") or {}).get("code") or ""
        record("invoice.payment_failed", subject=invoice, data={"decline": str(error)[:60]})
        return "failure noted"
    if kind == "charge.refunded":
        return _refunded(obj)
    if kind == "charge.dispute.created":
        return _bank_dispute(obj)
    return "ignored"


def _expected_for_intent(invoice: Invoice) -> int | None:
    open_checkout = (
        invoice.checkouts.filter(completed_at__isnull=True).order_by("-created_at").first()
    )
    return open_checkout.amount if open_checkout else None


def _payment_of_charge(obj: dict) -> Payment | None:
    intent = obj.get("payment_intent")
    intent_id = intent.get("id") if isinstance(intent, dict) else intent
    return (
        Payment.objects.filter(payment_intent=intent_id).select_related("invoice").first()
        if intent_id
        else None
    )


def _refunded(charge: dict) -> str:
    payment = _payment_of_charge(charge)
    if payment is None:
        return "unknown payment"
    total_refunded = int(charge.get("amount_refunded") or 0)
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        delta = min(total_refunded, locked.amount) - locked.refunded
        if delta <= 0:
            return "refund already recorded"
        invoice = Invoice.objects.select_for_update().get(pk=locked.invoice_id)
        locked.refunded += delta
        locked.status = (
            Payment.Status.REFUNDED
            if locked.refunded >= locked.amount
            else Payment.Status.PARTIALLY_REFUNDED
        )
        locked.save(update_fields=["refunded", "status"])
        invoice.paid -= delta
        _settle_status(invoice)
        invoice.save(update_fields=["paid", "status"])
        _ledger(invoice, locked, -delta, f"refund {charge.get('id', '')}")
        record("invoice.refunded", subject=invoice, data={"amount": delta})
    return "refund recorded"


def _bank_dispute(dispute: dict) -> str:
    payment = _payment_of_charge(dispute)
    if payment is None:
        return "unknown payment"
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.status == Payment.Status.DISPUTED:
            return "dispute already recorded"
        invoice = Invoice.objects.select_for_update().get(pk=locked.invoice_id)
        amount = min(int(dispute.get("amount") or locked.amount), locked.amount - locked.refunded)
        locked.status = Payment.Status.DISPUTED
        locked.save(update_fields=["status"])
        # The bank holds the money until the dispute is decided.
        invoice.paid -= amount
        if invoice.status != Invoice.Status.DISPUTED:
            invoice.status_before_dispute = invoice.status
        invoice.status = Invoice.Status.DISPUTED
        invoice.save(update_fields=["paid", "status", "status_before_dispute"])
        _ledger(invoice, locked, -amount, f"bank dispute {dispute.get('id', '')}")
        record(
            "invoice.bank_dispute",
            subject=invoice,
            data={"amount": amount, "reason": str(dispute.get("reason", ""))[:60]},
        )
        _billing_task(
            invoice,
            key=f"bank_dispute:{dispute.get('id', locked.pk)}",
            message="billing.task.bank_dispute",
        )
    return "dispute recorded"


# Reminders ---------------------------------------------------------------------------------------


def send_payment_reminders(*, today: dt.date | None = None) -> int:
    """Before, on and after the due date, once per step, never for paid, void or disputed
    invoices; after INVOICE_ESCALATE_AFTER overdue reminders, a Billing task."""
    from portal.accounts.notifications import notify

    today = today or _today()
    steps = sorted(settings.INVOICE_REMINDER_DAYS)
    sent = 0
    invoices = Invoice.objects.filter(
        status__in=(Invoice.Status.ISSUED, Invoice.Status.PARTIALLY_PAID), due_date__isnull=False
    ).select_related("client", "matter")
    for invoice in invoices.iterator(chunk_size=200):
        days = (today - invoice.due_date).days
        due_steps = [s for s in steps if s <= days]
        if not due_steps:
            continue
        done = set(invoice.reminders.values_list("step", flat=True))
        step = due_steps[-1]  # only the latest: a job that was down does not send a backlog
        if step in done:
            continue
        with transaction.atomic():
            for s in due_steps:
                Reminder.objects.get_or_create(invoice=invoice, step=s)
            # Still open? (paid or disputed since the query ran: nothing to send)
            if not Invoice.objects.filter(
                pk=invoice.pk, status__in=(Invoice.Status.ISSUED, Invoice.Status.PARTIALLY_PAID)
            ).exists():
                continue
            notify(
                template="invoice_reminder",
                user=invoice.client,
                language=invoice.language,
                context={**_mail_context(invoice), "overdue_days": max(0, days), "step": step},
            )
            record("invoice.reminder_sent", subject=invoice, data={"step": step})
            sent += 1
            overdue = invoice.reminders.filter(step__gt=0).count()
            if overdue >= settings.INVOICE_ESCALATE_AFTER:
                _billing_task(
                    invoice,
                    key=f"invoice_overdue:{invoice.uuid}",
                    message="billing.task.overdue",
                    params={"reminders": overdue},
                )
    return sent
