"""Signed Stripe events the portal cannot apply: stored, kept for a person, answered 200.

Every event type the portal handles is posted with each reason it may have to refuse it (a void
invoice, another currency, a negative amount, a reference that is not an invoice id, an unknown
invoice, the wrong mode), built by the local Stripe fake from a real Checkout session and signed
as Stripe signs. None may answer 5xx (Stripe would retry it for days and the money would be
recorded nowhere); each leaves exactly one stored event and at most one Billing task, also when
Stripe delivers it again. Forged, malformed and future-dated requests answer 400 and store
nothing.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import time
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from audit.models import Event
from billing import services
from billing.models import CheckoutSession, Invoice, Payment, StripeEvent
from matters.models import Task
from portal.accounts.models import Role
from tests.billing.fake_stripe import FakeStripe

pytestmark = pytest.mark.django_db

HANDLED = (
    "checkout.session.completed",
    "payment_intent.succeeded",
    "payment_intent.payment_failed",
    "charge.refunded",
    "charge.dispute.created",
)
REASONS = (
    "void_invoice",
    "currency",
    "negative_amount",
    "bad_reference",
    "unknown_invoice",
    "wrong_mode",
)

# What each (event type, reason) must end as: the stored reason, or None when the event can
# still be applied (a declined card on a void invoice is only noted, for example).
EXPECTED = {
    ("checkout.session.completed", "void_invoice"): "void_invoice",
    ("checkout.session.completed", "currency"): "currency",
    ("checkout.session.completed", "negative_amount"): "amount",
    ("checkout.session.completed", "bad_reference"): "bad_reference",
    ("checkout.session.completed", "unknown_invoice"): "unknown_invoice",
    ("checkout.session.completed", "wrong_mode"): "wrong_mode",
    ("payment_intent.succeeded", "void_invoice"): "void_invoice",
    ("payment_intent.succeeded", "currency"): "currency",
    ("payment_intent.succeeded", "negative_amount"): "amount",
    ("payment_intent.succeeded", "bad_reference"): "bad_reference",
    ("payment_intent.succeeded", "unknown_invoice"): "unknown_invoice",
    ("payment_intent.succeeded", "wrong_mode"): "wrong_mode",
    ("payment_intent.payment_failed", "void_invoice"): None,
    ("payment_intent.payment_failed", "currency"): None,
    ("payment_intent.payment_failed", "negative_amount"): None,
    ("payment_intent.payment_failed", "bad_reference"): "bad_reference",
    ("payment_intent.payment_failed", "unknown_invoice"): "unknown_invoice",
    ("payment_intent.payment_failed", "wrong_mode"): "wrong_mode",
    # Refunds and bank disputes name a payment, not an invoice: a payment that is not on
    # record (void invoice, bad or unknown reference) is what they can be refused for.
    ("charge.refunded", "void_invoice"): "unknown_payment",
    ("charge.refunded", "currency"): "currency",
    ("charge.refunded", "negative_amount"): "amount",
    ("charge.refunded", "bad_reference"): "unknown_payment",
    ("charge.refunded", "unknown_invoice"): "unknown_payment",
    ("charge.refunded", "wrong_mode"): "wrong_mode",
    ("charge.dispute.created", "void_invoice"): "unknown_payment",
    ("charge.dispute.created", "currency"): "currency",
    ("charge.dispute.created", "negative_amount"): "amount",
    ("charge.dispute.created", "bad_reference"): "unknown_payment",
    ("charge.dispute.created", "unknown_invoice"): "unknown_payment",
    ("charge.dispute.created", "wrong_mode"): "wrong_mode",
}
# A Billing task needs a matter: only a refusal whose invoice is known opens one.
INVOICE_KNOWN = {"void_invoice", "currency", "amount", "wrong_mode"}


@pytest.fixture
def fake(settings):
    with FakeStripe() as server:
        for name, value in server.settings_overrides().items():
            setattr(settings, name, value)
        yield server


@pytest.fixture
def paid_session(client, client_user, issued, fake):
    """A Checkout session the client paid on Stripe (the portal has not heard of it yet)."""
    client.force_login(client_user)
    client.post(reverse("billing:client_invoice_pay", args=[issued.uuid]))
    checkout = CheckoutSession.objects.get()
    return fake.complete(checkout.session_id)


def post(body: bytes, signature: str):
    return Client().post(
        reverse("billing:stripe_webhook"),
        body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature,
    )


def deliver(fake, evt: dict):
    return post(*fake.signed(evt))


def stripe_object(fake, kind: str, session: dict, issued: Invoice, *, paid: bool = True) -> dict:
    """The event's object as Stripe sends it for this session (``paid``: the portal recorded
    the payment a refund or a dispute is about)."""
    if kind == "checkout.session.completed":
        return copy.deepcopy(session)
    if kind == "payment_intent.succeeded":
        return fake.payment_intent(session["id"])
    if kind == "payment_intent.payment_failed":
        return fake.payment_intent(session["id"], status="requires_payment_method")
    # A refund or a bank dispute is about a payment the portal recorded earlier.
    if paid:
        services.record_payment(
            invoice=issued,
            amount=session["amount_total"],
            method=Payment.Method.CARD,
            payment_intent=session["payment_intent"],
            currency=session["currency"],
        )
    if kind == "charge.refunded":
        return fake.charge(session["id"], refunded_amount=1000)
    return fake.dispute(session["id"])


def refuse(kind: str, reason: str, evt: dict, issued: Invoice, billing) -> None:
    """Make the event (or the portal's state) such that the event cannot be applied."""
    obj = evt["data"]["object"]
    reference = "42 OR 1=1" if reason == "bad_reference" else str(uuid.uuid4())
    if reason == "void_invoice":
        # Nothing was paid on a void invoice: a charge names a payment not on record.
        services.void(invoice=issued, reason="Issued in error", by=billing)
    elif reason == "currency":
        obj["currency"] = "eur"
    elif reason == "negative_amount":
        for name in ("amount_total", "amount", "amount_received", "amount_refunded"):
            if name in obj:
                obj[name] = -obj[name] if obj[name] else -100
    elif reason in ("bad_reference", "unknown_invoice"):
        if kind.startswith("charge."):
            obj["payment_intent"] = reference
        else:
            obj["id"] = f"{obj['id']}_elsewhere"  # a Checkout session the portal never made
            obj["metadata"] = {"invoice": reference}
            obj["client_reference_id"] = reference
    elif reason == "wrong_mode":
        evt["livemode"] = True


def billing_tasks():
    return Task.objects.filter(role=Role.BILLING, event="stripe_event")


@pytest.mark.parametrize("reason", REASONS)
@pytest.mark.parametrize("kind", HANDLED)
def test_a_refused_event_is_kept_for_a_person_and_answered_200(
    kind, reason, fake, paid_session, issued, billing
):
    paid = not (kind.startswith("charge.") and reason == "void_invoice")
    evt = fake.event(kind, stripe_object(fake, kind, paid_session, issued, paid=paid))
    refuse(kind, reason, evt, issued, billing)
    money_before = Payment.objects.count()

    response = deliver(fake, evt)

    assert response.status_code == 200, response.content
    stored = StripeEvent.objects.get()
    assert stored.event_id == evt["id"] and stored.type == kind
    assert stored.payload["id"] == evt["id"]  # the event as Stripe sent it, for a person
    expected = EXPECTED[(kind, reason)]
    if expected is None:
        assert stored.status == StripeEvent.Status.APPLIED
        assert not billing_tasks().exists()
    else:
        assert (stored.status, stored.reason) == (StripeEvent.Status.NEEDS_ATTENTION, expected)
        assert Payment.objects.count() == money_before  # no money moved
        assert Event.objects.filter(
            kind="stripe.needs_attention", data__event=evt["id"], data__reason=expected
        ).exists()
        assert billing_tasks().count() == (1 if expected in INVOICE_KNOWN else 0)
        if expected in INVOICE_KNOWN:
            task = billing_tasks().get()
            assert task.matter == issued.matter
            assert evt["id"] in task.title and issued.display_number in task.title

    # Stripe delivers it again (it does when unsure): still one event, still at most one task.
    again = deliver(fake, evt)
    assert again.status_code == 200 and again.content == b"duplicate"
    assert StripeEvent.objects.count() == 1 and billing_tasks().count() <= 1


def test_the_task_names_the_reason_in_the_readers_language(fake, paid_session, issued):
    evt = fake.event("checkout.session.completed", paid_session)
    evt["data"]["object"]["currency"] = "eur"
    assert deliver(fake, evt).status_code == 200
    task = billing_tasks().get()
    assert "another currency" in task.title
    with translation.override("es"):
        assert "otra moneda" in task.title


@pytest.mark.parametrize(
    "body",
    [
        b"not json at all",
        b"[]",
        b'"evt_1"',
        json.dumps({"object": "event", "type": "payment_intent.succeeded"}).encode(),
        json.dumps({"id": 42, "object": "event", "type": "charge.refunded"}).encode(),
        json.dumps({"id": "", "object": "event", "type": "charge.refunded"}).encode(),
        json.dumps({"id": "evt_1", "object": "event", "data": {"object": {}}}).encode(),
        json.dumps({"id": "evt_1", "object": "event", "type": "x", "data": []}).encode(),
        json.dumps(
            {"id": "evt_1", "object": "event", "type": "x", "data": {"object": "ch_1"}}
        ).encode(),
        b"\xff\xfe{}",
    ],
    ids=[
        "not-json",
        "a-list",
        "a-string",
        "no-id",
        "numeric-id",
        "empty-id",
        "no-type",
        "data-not-object",
        "object-not-object",
        "not-utf8",
    ],
)
def test_a_malformed_signed_payload_is_400_and_stores_nothing(body, fake):
    at = int(time.time())
    mac = hmac.new(FakeStripe.webhook_secret.encode(), b"%d." % at + body, hashlib.sha256)
    response = post(body, f"t={at},v1={mac.hexdigest()}")
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_a_signature_from_the_future_is_refused_by_the_portal(fake, paid_session):
    evt = fake.event("checkout.session.completed", paid_session)
    now = fake.now()
    body, signature = fake.signed(evt, timestamp=now + 600)
    assert post(body, signature).status_code == 400
    assert not StripeEvent.objects.exists() and not Payment.objects.exists()
    # A clock a minute fast is within the tolerance, as Stripe's own check allows.
    body, signature = fake.signed(evt, timestamp=now + 60)
    assert post(body, signature).status_code == 200
    assert Payment.objects.count() == 1


def test_applied_and_ignored_events_are_stored_with_their_status(fake, paid_session, issued):
    assert deliver(fake, fake.event("checkout.session.completed", paid_session)).content == (
        b"recorded"
    )
    assert deliver(fake, fake.event("customer.created", {"id": "cus_1"})).content == b"ignored"
    statuses = dict(StripeEvent.objects.values_list("type", "status"))
    assert statuses == {
        "checkout.session.completed": StripeEvent.Status.APPLIED,
        "customer.created": StripeEvent.Status.IGNORED,
    }
    assert StripeEvent.objects.get(type="checkout.session.completed").invoice == issued
