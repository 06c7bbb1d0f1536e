"""Money received: payments, how an invoice settles, the ledger, what is due now, and disputes
opened by the client."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
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
    Overpayment,
    Payment,
    payment_reference_key,
)
from billing.services.common import billing_task, settle_status

# A check has a number and a transfer a reference; cash has neither.
REFERENCE_REQUIRED = (Payment.Method.CHECK, Payment.Method.WIRE)

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


class DuplicatePayment(ValidationError):
    """This reference is already on record for the invoice (a re-sent form, a check entered
    twice). ``existing`` is the payment on record."""

    def __init__(self, message: str, *, existing: Payment) -> None:
        super().__init__(message, code="duplicate")
        self.existing = existing


class OverpaymentChoiceNeeded(ValidationError):
    """More than the balance was received and nobody said what to do with the difference."""

    def __init__(self, message: str, *, excess: int) -> None:
        super().__init__(message, code="overpayment")
        self.excess = excess


OVERPAYMENT_CHOICES = (Overpayment.Handling.CREDIT, Overpayment.Handling.REFUND)


def _money(invoice: Invoice, minor: int) -> str:
    return amounts.format_amount(minor, invoice.currency, get_language() or invoice.language)


def _duplicate_message(invoice: Invoice, existing: Payment) -> str:
    return _(
        "%(method)s %(reference)s is already recorded on this invoice: %(amount)s received "
        "on %(date)s. Nothing was recorded again."
    ) % {
        "method": existing.get_method_display(),
        "reference": existing.reference,
        "amount": _money(invoice, existing.amount),
        "date": date_format(timezone.localtime(existing.received_at), "SHORT_DATE_FORMAT"),
    }


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
    overpayment: str = "",
) -> Payment | None:
    """Record money received once; None when this Stripe payment is already on record.

    Manual payments (check, wire, cash) are refused on paid, void and draft invoices and
    when their reference is already on record for the invoice (``DuplicatePayment``). More
    than the balance needs ``overpayment``, "credit" or "refund", saying what happens to the
    difference (else ``OverpaymentChoiceNeeded``); only the balance is applied, the rest is
    held as an ``Overpayment``. A card payment already taken by Stripe is always recorded:
    money beyond the balance becomes a refund owed and a Billing task. The invoice row is
    locked first, so two posts at once cannot together pay more than the balance.
    """
    if not isinstance(amount, int) or amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    manual = method != Payment.Method.CARD
    reference = (reference or "").strip()[:100]
    key = payment_reference_key(reference) if manual else ""
    if manual and method in REFERENCE_REQUIRED and not key:
        raise ValidationError(
            {"reference": _("Enter the check number or the transfer's reference.")}
        )
    if overpayment and overpayment not in OVERPAYMENT_CHOICES:
        raise ValidationError({"overpayment": _("Choose a credit or a refund.")})
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if locked.status in (Invoice.Status.DRAFT, Invoice.Status.VOID):
            raise ValidationError(_("Payments go on issued invoices only."))
        if currency and currency.upper() != locked.currency:
            raise ValidationError(_("The payment's currency is not the invoice's."))
        if payment_intent and Payment.objects.filter(payment_intent=payment_intent).exists():
            return None
        if manual:
            existing = (
                Payment.objects.filter(invoice=locked, reference_key=key, reversed_at__isnull=True)
                .order_by("received_at")
                .first()
                if key
                else None
            )
            if existing is not None:
                raise DuplicatePayment(_duplicate_message(locked, existing), existing=existing)
            if locked.status == Invoice.Status.PAID or locked.balance <= 0:
                raise ValidationError(
                    _("This invoice is paid in full: there is nothing left to pay on it.")
                )
        excess = max(0, amount - max(0, locked.balance))
        handling = overpayment
        if excess and manual and not handling:
            raise OverpaymentChoiceNeeded(
                _(
                    "%(amount)s is %(excess)s more than the balance of %(balance)s. Choose "
                    "whether the difference stays as a credit for the client or is refunded."
                )
                % {
                    "amount": _money(locked, amount),
                    "excess": _money(locked, excess),
                    "balance": _money(locked, locked.balance),
                },
                excess=excess,
            )
        if excess and not manual:
            handling = Overpayment.Handling.REFUND  # taken by Stripe: nobody chose to keep it
        asked = locked.balance if expected is None else expected
        mismatch = amount - asked if not manual else 0
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    invoice=locked,
                    account=locked.account,
                    method=method,
                    amount=amount,
                    excess=excess,
                    currency=locked.currency,
                    payment_intent=payment_intent,
                    checkout=checkout,
                    reference=reference,
                    reference_key=key,
                    mismatch=mismatch,
                    recorded_by=by if getattr(by, "pk", None) else None,
                )
        except IntegrityError:
            if not manual:
                return None  # the twin event recorded it a moment ago
            # The invoice lock serialises posts, so this is a safety net: the same check,
            # recorded a moment ago; anything else is a real error.
            existing = Payment.objects.filter(
                invoice=locked, reference_key=key, reversed_at__isnull=True
            ).first()
            if existing is None or not key:
                raise
            raise DuplicatePayment(
                _duplicate_message(locked, existing), existing=existing
            ) from None
        locked.paid += amount - excess
        settle_status(locked)
        locked.save(update_fields=["paid", "status"])
        memo = f"payment {method} {reference or payment_intent or ''}"
        post_to_ledger(locked, payment, amount - excess, memo)
        if excess:
            Overpayment.objects.create(
                payment=payment,
                invoice=locked,
                amount=excess,
                handling=handling,
                created_by=payment.recorded_by,
            )
            LedgerEntry.objects.create(
                account=locked.account,
                invoice=locked,
                payment=payment,
                amount=excess,
                revenue=False,  # the client's money until it is used or refunded
                memo=f"{memo} overpayment ({handling})"[:200],
            )
        record(
            "invoice.payment_recorded",
            actor=by if getattr(by, "pk", None) else None,
            subject=locked,
            data={
                "amount": amount,
                "method": method,
                "reference": reference,
                "excess": excess,
                "overpayment": handling if excess else "",
                "mismatch": mismatch,
                "status": locked.status,
            },
        )
        if mismatch or (excess and not manual):
            billing_task(
                locked,
                key=f"payment_mismatch:{payment.pk}",
                message="billing.task.payment_mismatch",
                params={"amount": amount, "difference": mismatch or excess},
            )
        elif excess and handling == Overpayment.Handling.REFUND:
            billing_task(
                locked,
                key=f"refund_owed:{payment.pk}",
                message="billing.task.refund_owed",
                params={"amount": excess},
            )
        if checkout is not None:
            CheckoutSession.objects.filter(pk=checkout.pk, completed_at__isnull=True).update(
                completed_at=timezone.now()
            )
    return payment


def reverse_payment(*, payment: Payment, reason: str, by) -> Payment:
    """Undo a manual payment recorded in error or returned by the bank (a bounced check).

    Nothing is deleted: the payment is marked reversed with who, when and why; each of its
    ledger entries gets a mirror entry, so the ledger balances; its overpayment, if any, is
    cancelled; the invoice's paid amount and status are recomputed. Card payments are
    refunded through Stripe instead.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the payment is reversed.")})
    with transaction.atomic():
        # Invoice first, then payment: the order record_payment and the webhooks lock in.
        invoice = Invoice.objects.select_for_update().get(pk=payment.invoice_id)
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if not locked.is_manual:
            raise ValidationError(_("A card payment is refunded in Stripe, not reversed here."))
        if locked.reversed_at is not None:
            raise ValidationError(_("This payment was already reversed."))
        if locked.status != Payment.Status.SUCCEEDED:
            raise ValidationError(_("Only a payment that stands can be reversed."))
        over = Overpayment.objects.select_for_update().filter(payment=locked).first()
        if over is not None and over.status == Overpayment.Status.SETTLED:
            raise ValidationError(
                _("The overpayment of this payment was already used or refunded.")
            )
        now = timezone.now()
        locked.status = Payment.Status.REVERSED
        locked.reversed_at = now
        locked.reversed_by = by
        locked.reversal_reason = reason[:2000]
        locked.save(update_fields=["status", "reversed_at", "reversed_by", "reversal_reason"])
        if over is not None:
            Overpayment.objects.filter(pk=over.pk).update(status=Overpayment.Status.CANCELLED)
        for entry in LedgerEntry.objects.filter(
            payment=locked, reverses__isnull=True, reversal__isnull=True
        ):
            LedgerEntry.objects.create(
                account=entry.account,
                invoice=invoice,
                payment=locked,
                amount=-entry.amount,
                revenue=entry.revenue,
                memo=f"reversal: {entry.memo}"[:200],
                reverses=entry,
            )
        invoice.paid -= locked.applied
        settle_status(invoice)
        invoice.save(update_fields=["paid", "status"])
        record(
            "invoice.payment_reversed",
            actor=by,
            subject=invoice,
            data={
                "amount": locked.amount,
                "method": locked.method,
                "reference": locked.reference,
                "reason": reason[:200],
                "status": invoice.status,
            },
        )
    return locked


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
