"""Stripe: the client per account, Checkout sessions, signed pay links, and webhooks
(verification, one row per event id, payments, refunds and bank disputes)."""

from __future__ import annotations

from typing import Any

import stripe
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import record
from billing.models import CheckoutSession, Invoice, Payment, StripeEvent
from billing.services.common import billing_task, settle_status
from billing.services.payments import amount_due_now, post_to_ledger, record_payment

PAY_LINK_SALT = "billing.pay-link"


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
    """Not a genuine, fresh Stripe event: answered 400, nothing changes."""


def verify_event(payload: bytes, signature: str) -> tuple[dict, str]:
    """The event and the account whose signing secret verified it (Stripe's own check)."""
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
        settle_status(invoice)
        invoice.save(update_fields=["paid", "status"])
        post_to_ledger(invoice, locked, -delta, f"refund {charge.get('id', '')}")
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
    return "dispute recorded"
