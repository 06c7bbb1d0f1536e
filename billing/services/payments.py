"""Money received: payments, how an invoice settles, the ledger, what is due now, and disputes
opened by the client."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import record
from billing import amounts
from billing.models import (
    Account,
    CheckoutSession,
    Dispute,
    Instalment,
    Invoice,
    InvoiceLine,
    LedgerEntry,
    Payment,
)
from billing.services.common import billing_task, settle_status

# Payments ----------------------------------------------------------------------------------------


def post_to_ledger(invoice: Invoice, payment: Payment, amount: int, memo: str) -> None:
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
        settle_status(locked)
        locked.save(update_fields=["paid", "status"])
        post_to_ledger(
            locked, payment, amount, f"payment {method} {reference or payment_intent or ''}"
        )
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
            billing_task(
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
        billing_task(
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
            settle_status(locked)
            locked.save(update_fields=["status"])
        record("invoice.dispute_resolved", actor=by, subject=locked)


# Due now -----------------------------------------------------------------------------------------


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
