"""The Stripe webhook: real signatures (Stripe's scheme, checked by the stripe library),
each event once, any order, concurrent twins, refunds and bank disputes."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from audit.models import Event
from billing.models import CheckoutSession, Invoice, LedgerEntry, Payment, StripeEvent
from matters.models import Task

pytestmark = pytest.mark.django_db

OPERATING_SECRET = "whsec_operating_test_secret_0123456789"
TRUST_SECRET = "whsec_trust_test_secret_0123456789abcd"


@pytest.fixture(autouse=True)
def stripe_accounts(settings):
    settings.STRIPE_ACCOUNTS = {
        "operating": {"secret_key": "sk_test_operating", "webhook_secret": OPERATING_SECRET},
        "trust": {"secret_key": "sk_test_trust", "webhook_secret": TRUST_SECRET},
    }


def signature(payload: bytes, secret: str, at: int | None = None) -> str:
    t = int(time.time()) if at is None else at
    mac = hmac.new(secret.encode(), f"{t}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def event(kind: str, obj: dict, event_id: str | None = None) -> dict:
    return {
        "id": event_id or f"evt_{uuid.uuid4().hex}",
        "object": "event",
        "api_version": "2025-09-30.clover",
        "created": int(time.time()),
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": kind,
        "data": {"object": obj},
    }


def post(evt: dict, *, secret: str = OPERATING_SECRET, at: int | None = None, client=None):
    payload = json.dumps(evt).encode()
    return (client or Client()).post(
        reverse("billing:stripe_webhook"),
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature(payload, secret, at),
    )


def session_completed(invoice, checkout_id="cs_test_1", intent="pi_1", amount=None):
    return {
        "id": checkout_id,
        "object": "checkout.session",
        "amount_total": invoice.total if amount is None else amount,
        "currency": "usd",
        "payment_status": "paid",
        "status": "complete",
        "payment_intent": intent,
        "client_reference_id": str(invoice.uuid),
        "metadata": {"invoice": str(invoice.uuid), "account": invoice.account},
    }


def intent_succeeded(invoice, intent="pi_1", amount=None):
    return {
        "id": intent,
        "object": "payment_intent",
        "amount": invoice.total if amount is None else amount,
        "amount_received": invoice.total if amount is None else amount,
        "currency": "usd",
        "status": "succeeded",
        "latest_charge": "ch_1",
        "metadata": {"invoice": str(invoice.uuid), "account": invoice.account},
    }


@pytest.fixture
def checkout(issued):
    return CheckoutSession.objects.create(
        invoice=issued,
        session_id="cs_test_1",
        account="operating",
        amount=issued.total,
        url="http://127.0.0.1/c/pay/cs_test_1",
        idempotency_key="k",
    )


def nothing_changed(invoice):
    invoice.refresh_from_db()
    return (
        invoice.status == Invoice.Status.ISSUED
        and not Payment.objects.exists()
        and not LedgerEntry.objects.exists()
    )


def test_a_good_event_marks_the_invoice_paid(issued, checkout):
    response = post(event("checkout.session.completed", session_completed(issued)))
    assert response.status_code == 200 and response.content == b"recorded"
    issued.refresh_from_db()
    assert issued.status == Invoice.Status.PAID and issued.balance == 0
    payment = Payment.objects.get()
    assert payment.checkout == checkout and payment.payment_intent == "pi_1"
    checkout.refresh_from_db()
    assert checkout.completed_at is not None


def test_a_bad_signature_is_400_and_changes_nothing(issued, checkout):
    response = post(
        event("checkout.session.completed", session_completed(issued)), secret="whsec_wrong"
    )
    assert response.status_code == 400
    assert nothing_changed(issued) and not StripeEvent.objects.exists()
    tampered = json.dumps(event("checkout.session.completed", session_completed(issued))).encode()
    sig = signature(tampered, OPERATING_SECRET)
    response = Client().post(
        reverse("billing:stripe_webhook"),
        tampered.replace(b'"paid"', b'"paid" '),
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sig,
    )
    assert response.status_code == 400 and nothing_changed(issued)


def test_a_stale_timestamp_is_400(issued, checkout):
    old = int(time.time()) - 600  # outside the 300 s tolerance
    response = post(event("checkout.session.completed", session_completed(issued)), at=old)
    assert response.status_code == 400 and nothing_changed(issued)


def test_a_replayed_event_id_is_processed_once(issued, checkout):
    evt = event("checkout.session.completed", session_completed(issued), event_id="evt_same")
    assert post(evt).content == b"recorded"
    assert post(evt).content == b"duplicate"
    assert Payment.objects.count() == 1 and StripeEvent.objects.count() == 1
    issued.refresh_from_db()
    assert issued.paid == issued.total


def test_intent_before_session_records_one_payment(issued, checkout):
    assert post(event("payment_intent.succeeded", intent_succeeded(issued))).content == b"recorded"
    assert post(event("checkout.session.completed", session_completed(issued))).content == (
        b"already recorded"
    )
    payment = Payment.objects.get()
    assert payment.checkout == checkout  # linked when the session event came
    issued.refresh_from_db()
    assert issued.status == Invoice.Status.PAID and issued.paid == issued.total


@pytest.mark.django_db(transaction=True)
def test_the_same_event_twice_at_once_records_one_payment(postgres, issued, checkout):
    evt = event("checkout.session.completed", session_completed(issued), event_id="evt_twin")
    barrier = threading.Barrier(2)
    results = []

    def deliver():
        try:
            barrier.wait()
            results.append(post(evt).content)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [b"duplicate", b"recorded"]
    assert Payment.objects.count() == 1 and StripeEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_session_and_intent_at_once_record_one_payment(postgres, issued, checkout):
    barrier = threading.Barrier(2)
    results = []

    def deliver(evt):
        try:
            barrier.wait()
            results.append(post(evt).content)
        finally:
            connection.close()

    events = [
        event("checkout.session.completed", session_completed(issued)),
        event("payment_intent.succeeded", intent_succeeded(issued)),
    ]
    threads = [threading.Thread(target=deliver, args=(e,)) for e in events]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [b"already recorded", b"recorded"]
    assert Payment.objects.count() == 1
    issued.refresh_from_db()
    assert issued.paid == issued.total


def test_an_amount_other_than_asked_is_flagged(issued, checkout):
    post(event("checkout.session.completed", session_completed(issued, amount=issued.total - 500)))
    payment = Payment.objects.get()
    assert payment.mismatch == -500
    assert Task.objects.filter(event="payment_mismatch").count() == 1
    issued.refresh_from_db()
    assert issued.status == Invoice.Status.PARTIALLY_PAID and issued.balance == 500


def test_an_event_of_the_other_account_moves_no_money(issued, checkout):
    response = post(
        event("checkout.session.completed", session_completed(issued)), secret=TRUST_SECRET
    )
    assert response.status_code == 200 and response.content == b"needs attention: other_account"
    assert nothing_changed(issued)
    stored = StripeEvent.objects.get()
    assert (stored.status, stored.reason) == ("needs_attention", "other_account")


def test_refunds_and_bank_disputes(issued, checkout):
    post(event("checkout.session.completed", session_completed(issued)))
    charge = {
        "id": "ch_1",
        "object": "charge",
        "amount": issued.total,
        "amount_refunded": 1000,
        "payment_intent": "pi_1",
        "refunded": False,
        "currency": "usd",
    }
    refund = event("charge.refunded", charge)
    assert post(refund).content == b"refund recorded"
    assert post(event("charge.refunded", charge)).content == b"refund already recorded"
    issued.refresh_from_db()
    assert issued.paid == issued.total - 1000 and issued.status == Invoice.Status.PARTIALLY_PAID
    assert sum(LedgerEntry.objects.values_list("amount", flat=True)) == issued.total - 1000

    dispute = {
        "id": "dp_1",
        "object": "dispute",
        "amount": issued.total - 1000,
        "charge": "ch_1",
        "payment_intent": "pi_1",
        "reason": "fraudulent",
        "status": "needs_response",
        "currency": "usd",
    }
    assert post(event("charge.dispute.created", dispute)).content == b"dispute recorded"
    assert post(event("charge.dispute.created", dispute)).content == b"dispute already recorded"
    issued.refresh_from_db()
    assert issued.status == Invoice.Status.DISPUTED and issued.paid == 0
    assert Task.objects.filter(event="bank_dispute").count() == 1
    assert sum(LedgerEntry.objects.values_list("amount", flat=True)) == 0


def test_a_failed_payment_is_noted(issued):
    obj = intent_succeeded(issued)
    obj.update(status="requires_payment_method", last_payment_error={"code": "card_declined"})
    assert post(event("payment_intent.payment_failed", obj)).content == b"failure noted"
    assert Event.objects.filter(
        kind="invoice.payment_failed", data__decline="card_declined"
    ).exists()
    assert nothing_changed(issued)


def test_unhandled_events_are_acknowledged(issued):
    assert (
        post(event("customer.created", {"id": "cus_1", "object": "customer"})).content == b"ignored"
    )


def test_refunding_a_card_payment_beyond_the_balance_settles_the_refund_owed(issued, checkout):
    """Two card payments of the whole invoice (two tabs): the second is all excess. Refunding
    it gives back the excess only; the invoice stays paid and the refund owed is settled."""
    from billing import services
    from billing.models import Overpayment

    post(event("checkout.session.completed", session_completed(issued)))
    second = services.record_payment(
        invoice=issued, amount=issued.total, method=Payment.Method.CARD, payment_intent="pi_2"
    )
    assert second.excess == issued.total
    charge = {
        "id": "ch_2",
        "object": "charge",
        "amount": issued.total,
        "amount_refunded": issued.total,
        "payment_intent": "pi_2",
        "refunded": True,
        "currency": "usd",
    }
    assert post(event("charge.refunded", charge)).content == b"refund recorded"
    issued.refresh_from_db()
    assert issued.status == Invoice.Status.PAID and issued.paid == issued.total
    assert Overpayment.objects.get().status == Overpayment.Status.SETTLED
    assert sum(LedgerEntry.objects.values_list("amount", flat=True)) == issued.total
