"""Stripe: the client per account, Checkout sessions, signed pay links, and webhooks
(verification, one row per event id, payments, refunds and bank disputes)."""

from __future__ import annotations

import json
import logging
import time
import uuid
from typing import Any

import stripe
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import record
from billing.models import (
    CheckoutSession,
    Invoice,
    LedgerEntry,
    Overpayment,
    Payment,
    StripeEvent,
)
from billing.services.common import billing_task, settle_status
from billing.services.payments import amount_due_now, post_to_ledger, record_payment

PAY_LINK_SALT = "billing.pay-link"

log = logging.getLogger(__name__)


# Stripe Checkout ---------------------------------------------------------------------------------


class PaymentsUnavailable(Exception):
    """No Stripe key for the invoice's account: online payment is not configured."""


def online_payment_available(account: str) -> bool:
    return bool(settings.STRIPE_ACCOUNTS.get(account, {}).get("secret_key"))


def stripe_client(account: str):
    key = settings.STRIPE_ACCOUNTS.get(account, {}).get("secret_key")
    if not key:
        raise PaymentsUnavailable(account)
    options: dict[str, Any] = {"max_network_retries": 2}
    if settings.STRIPE_API_BASE:
        options["base_addresses"] = {"api": settings.STRIPE_API_BASE}
    return stripe.StripeClient(key, **options)


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
            "customer_email": None
            if third_party or invoice.client is None
            else invoice.client.email,
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
    """Not a genuine, fresh, well-formed Stripe event: answered 400, nothing stored."""


class Refused(Exception):
    """A verified event the portal cannot apply: kept as needing attention, answered 200.

    Stripe retries anything but a 2xx for days; a refusal would come back every time and
    the money it reports would be recorded nowhere, so the event goes to a person instead.
    """

    def __init__(self, reason: str, invoice: Invoice | None = None, detail: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.invoice = invoice
        self.detail = detail


Reason = StripeEvent.Reason


def signed_at(signature: str) -> int | None:
    """The timestamp Stripe's library checks: the header's first ``t=`` element."""
    for item in signature.split(","):
        key, _sep, value = item.partition("=")
        if key.strip() == "t":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def verify_event(payload: bytes, signature: str) -> tuple[dict, str]:
    """The event and the account whose signing secret verified it.

    Stripe's check refuses only timestamps older than the tolerance; one from the future
    passes it, so a signature captured with a skewed clock (or made ahead of time) is
    refused here too. The body must then be an event object with an id and a type.
    """
    at = signed_at(signature)
    if at is None:
        raise BadWebhook("the signature header has no timestamp")
    if at > time.time() + settings.STRIPE_WEBHOOK_TOLERANCE:
        raise BadWebhook("the signature's timestamp is in the future")
    for account, conf in settings.STRIPE_ACCOUNTS.items():
        secret = conf.get("webhook_secret")
        if not secret:
            continue
        try:
            stripe.WebhookSignature.verify_header(
                payload.decode("utf-8"),
                signature,
                secret,
                tolerance=settings.STRIPE_WEBHOOK_TOLERANCE,
            )
        except stripe.SignatureVerificationError:
            continue
        except UnicodeDecodeError as exc:
            raise BadWebhook("the payload is not UTF-8") from exc
        return _parse_event(payload), account
    raise BadWebhook("no configured signing secret verifies this signature")


def _parse_event(payload: bytes) -> dict:
    try:
        event = json.loads(payload)
    except ValueError as exc:
        raise BadWebhook("the payload is not JSON") from exc
    if not isinstance(event, dict):
        raise BadWebhook("the payload is not an event object")
    event_id, kind = event.get("id"), event.get("type")
    if not isinstance(event_id, str) or not event_id.strip() or len(event_id) > 255:
        raise BadWebhook("the event has no id")
    if not isinstance(kind, str) or not kind:
        raise BadWebhook("the event has no type")
    data = event.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("object", {}), dict):
        raise BadWebhook("the event's data is not an object")
    return event


HANDLED = (
    "checkout.session.completed",
    "payment_intent.succeeded",
    "payment_intent.payment_failed",
    "charge.refunded",
    "charge.dispute.created",
)


def handle_event(payload: bytes, signature: str) -> str:
    """Process a webhook once. Returns what happened, for the log and the response.

    Every verified event is stored, whatever becomes of it: applied, nothing to do, or
    needing attention (its reason kept, a Billing task opened when the invoice is known).
    Only a forged, stale or malformed request raises (:class:`BadWebhook`, answered 400).
    """
    event, account = verify_event(payload, signature)
    kind = event["type"]
    obj = (event.get("data") or {}).get("object") or {}
    livemode = event.get("livemode") is True
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = StripeEvent.objects.create(
                    event_id=event["id"],
                    type=kind[:100],
                    account=account,
                    object_id=str(obj.get("id", ""))[:255],
                    livemode=livemode,
                    payload=event,
                )
        except IntegrityError:
            return "duplicate"
        if kind not in HANDLED:
            StripeEvent.objects.filter(pk=row.pk).update(
                status=StripeEvent.Status.IGNORED, outcome="ignored"
            )
            return "ignored"
        try:
            # A savepoint: a refusal half-way through leaves the stored event alone.
            with transaction.atomic():
                if livemode != settings.STRIPE_LIVE_MODE:
                    raise Refused(Reason.WRONG_MODE, _invoice_named(kind, obj, account))
                outcome, invoice = _dispatch(kind, obj, account)
        except Refused as refusal:
            return _needs_attention(row, refusal)
        StripeEvent.objects.filter(pk=row.pk).update(
            status=StripeEvent.Status.APPLIED, outcome=outcome[:200], invoice=invoice
        )
    return outcome


def _needs_attention(row: StripeEvent, refusal: Refused) -> str:
    """Keep the event for a person: its reason, an audit event, one Billing task."""
    invoice = refusal.invoice
    StripeEvent.objects.filter(pk=row.pk).update(
        status=StripeEvent.Status.NEEDS_ATTENTION,
        reason=refusal.reason,
        outcome=f"needs attention: {refusal.reason}",
        invoice=invoice,
    )
    record(
        "stripe.needs_attention",
        subject=invoice,
        data={
            "event": row.event_id,
            "type": row.type,
            "account": row.account,
            "reason": refusal.reason,
            "detail": refusal.detail[:200],
        },
    )
    if invoice is not None:
        billing_task(
            invoice,
            key=f"stripe_event:{row.event_id}"[:120],
            message="billing.task.stripe_event",
            params={"reason": refusal.reason, "event": row.event_id, "type": row.type},
        )
    log.warning("stripe event %s (%s) needs attention: %s", row.event_id, row.type, refusal.reason)
    return f"needs attention: {refusal.reason}"


def _reference(obj: dict) -> object:
    return (obj.get("metadata") or {}).get("invoice") or obj.get("client_reference_id")


def _invoice_of(obj: dict, account: str) -> Invoice:
    """The invoice an event names, or :class:`Refused` saying why there is none."""
    ref = _reference(obj)
    if not ref:
        raise Refused(Reason.NO_REFERENCE)
    try:
        invoice_uuid = uuid.UUID(str(ref))
    except ValueError:
        raise Refused(Reason.BAD_REFERENCE, detail=str(ref)[:80]) from None
    invoice = Invoice.objects.filter(uuid=invoice_uuid).first()
    if invoice is None:
        raise Refused(Reason.UNKNOWN_INVOICE, detail=str(invoice_uuid))
    if invoice.account != account:
        # An event from one account can never move money on the other's invoice.
        raise Refused(Reason.OTHER_ACCOUNT, invoice)
    return invoice


def _invoice_named(kind: str, obj: dict, account: str) -> Invoice | None:
    """The invoice an event is about, if any can be told, for a person to look at."""
    try:
        if kind.startswith("charge."):
            return _payment_of_charge(obj, account).invoice
        checkout = CheckoutSession.objects.filter(
            session_id=str(obj.get("id", "")), account=account
        ).first()
        return checkout.invoice if checkout else _invoice_of(obj, account)
    except Refused as refusal:
        return refusal.invoice


def _amount(obj: dict, *names: str, invoice: Invoice | None = None) -> int:
    """A positive amount in minor units from the first of ``names`` that is set."""
    for name in names:
        value = obj.get(name)
        if value is None or value == 0:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            break
        return value
    raise Refused(Reason.AMOUNT, invoice, detail=str([obj.get(n) for n in names])[:80])


def _can_take_payment(invoice: Invoice, currency: object) -> None:
    """What :func:`record_payment` would refuse, named; it checks again under its lock."""
    if invoice.status == Invoice.Status.VOID:
        raise Refused(Reason.VOID_INVOICE, invoice)
    if invoice.status == Invoice.Status.DRAFT:
        raise Refused(Reason.DRAFT_INVOICE, invoice)
    if not isinstance(currency, str) or currency.upper() != invoice.currency:
        raise Refused(Reason.CURRENCY, invoice, detail=str(currency)[:10])


def _record_card_payment(invoice: Invoice, **kwargs) -> Payment | None:
    try:
        return record_payment(invoice=invoice, method=Payment.Method.CARD, **kwargs)
    except ValidationError as exc:
        # The invoice changed between the check above and record_payment's lock.
        raise Refused(Reason.REFUSED, invoice, detail="; ".join(exc.messages)) from exc


def _dispatch(kind: str, obj: dict, account: str) -> tuple[str, Invoice | None]:
    if kind == "checkout.session.completed":
        checkout = CheckoutSession.objects.filter(
            session_id=str(obj.get("id", "")), account=account
        ).first()
        invoice = checkout.invoice if checkout else _invoice_of(obj, account)
        if obj.get("payment_status") != "paid":
            return "not paid yet", invoice
        amount = _amount(obj, "amount_total", invoice=invoice)
        _can_take_payment(invoice, obj.get("currency"))
        intent = obj.get("payment_intent")
        intent_id = intent.get("id") if isinstance(intent, dict) else intent
        payment = _record_card_payment(
            invoice,
            amount=amount,
            payment_intent=str(intent_id) if intent_id else None,
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
        return ("recorded" if payment else "already recorded"), invoice
    if kind == "payment_intent.succeeded":
        invoice = _invoice_of(obj, account)
        amount = _amount(obj, "amount_received", "amount", invoice=invoice)
        _can_take_payment(invoice, obj.get("currency"))
        payment = _record_card_payment(
            invoice,
            amount=amount,
            payment_intent=str(obj.get("id") or "") or None,
            expected=_expected_for_intent(invoice),
            currency=obj.get("currency"),
        )
        return ("recorded" if payment else "already recorded"), invoice
    if kind == "payment_intent.payment_failed":
        invoice = _invoice_of(obj, account)
        error = (obj.get("last_payment_error") or {}).get("code") or ""
        record("invoice.payment_failed", subject=invoice, data={"decline": str(error)[:60]})
        return "failure noted", invoice
    if kind == "charge.refunded":
        return _refunded(obj, account)
    if kind == "charge.dispute.created":
        return _bank_dispute(obj, account)
    return "ignored", None


def _expected_for_intent(invoice: Invoice) -> int | None:
    open_checkout = (
        invoice.checkouts.filter(completed_at__isnull=True).order_by("-created_at").first()
    )
    return open_checkout.amount if open_checkout else None


def _payment_of_charge(obj: dict, account: str) -> Payment:
    """The card payment a charge or a dispute is about, or :class:`Refused`."""
    intent = obj.get("payment_intent")
    intent_id = intent.get("id") if isinstance(intent, dict) else intent
    payment = (
        Payment.objects.filter(payment_intent=str(intent_id)).select_related("invoice").first()
        if intent_id
        else None
    )
    if payment is None:
        raise Refused(Reason.UNKNOWN_PAYMENT, detail=str(intent_id or "")[:80])
    if payment.account != account:
        raise Refused(Reason.OTHER_ACCOUNT, payment.invoice)
    currency = obj.get("currency")
    if not isinstance(currency, str) or currency.upper() != payment.currency:
        raise Refused(Reason.CURRENCY, payment.invoice, detail=str(currency)[:10])
    return payment


def _refunded(charge: dict, account: str) -> tuple[str, Invoice | None]:
    payment = _payment_of_charge(charge, account)
    total_refunded = _amount(charge, "amount_refunded", invoice=payment.invoice)
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        delta = min(total_refunded, locked.amount) - locked.refunded
        if delta <= 0:
            return "refund already recorded", payment.invoice
        invoice = Invoice.objects.select_for_update().get(pk=locked.invoice_id)
        # A refund gives back money received beyond the balance first (the refund owed),
        # then money that paid the invoice, which reopens it.
        excess_part = min(locked.refunded + delta, locked.excess) - min(
            locked.refunded, locked.excess
        )
        applied_part = delta - excess_part
        locked.refunded += delta
        locked.status = (
            Payment.Status.REFUNDED
            if locked.refunded >= locked.amount
            else Payment.Status.PARTIALLY_REFUNDED
        )
        locked.save(update_fields=["refunded", "status"])
        if applied_part:
            invoice.paid -= applied_part
            settle_status(invoice)
            invoice.save(update_fields=["paid", "status"])
            post_to_ledger(invoice, locked, -applied_part, f"refund {charge.get('id', '')}")
        if excess_part:
            LedgerEntry.objects.create(
                account=invoice.account,
                invoice=invoice,
                payment=locked,
                amount=-excess_part,
                revenue=False,
                memo=f"refund {charge.get('id', '')} of the overpayment"[:200],
            )
            if locked.refunded >= locked.excess:
                Overpayment.objects.filter(payment=locked, status=Overpayment.Status.OPEN).update(
                    status=Overpayment.Status.SETTLED
                )
        record(
            "invoice.refunded",
            subject=invoice,
            data={"amount": delta, "of_overpayment": excess_part},
        )
    return "refund recorded", invoice


def _bank_dispute(dispute: dict, account: str) -> tuple[str, Invoice | None]:
    payment = _payment_of_charge(dispute, account)
    disputed = _amount(dispute, "amount", invoice=payment.invoice)
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.status == Payment.Status.DISPUTED:
            return "dispute already recorded", payment.invoice
        invoice = Invoice.objects.select_for_update().get(pk=locked.invoice_id)
        amount = min(disputed, locked.amount - locked.refunded)
        locked.status = Payment.Status.DISPUTED
        locked.save(update_fields=["status"])
        # The bank holds the money until the dispute is decided.
        invoice.paid -= amount
        if invoice.status != Invoice.Status.DISPUTED:
            invoice.status_before_dispute = invoice.status
        invoice.status = Invoice.Status.DISPUTED
        invoice.save(update_fields=["paid", "status", "status_before_dispute"])
        post_to_ledger(invoice, locked, -amount, f"bank dispute {dispute.get('id', '')}")
        record(
            "invoice.bank_dispute",
            subject=invoice,
            data={"amount": amount, "reason": str(dispute.get("reason", ""))[:60]},
        )
        billing_task(
            invoice,
            key=f"bank_dispute:{dispute.get('id', locked.pk)}",
            message="billing.task.bank_dispute",
        )
    return "dispute recorded", invoice
