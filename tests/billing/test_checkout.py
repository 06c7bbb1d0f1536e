"""Paying through Stripe Checkout, against a local fake of Stripe's API on 127.0.0.1.

The portal's real code path runs: the stripe library's client and HTTP stack, the
idempotency key, the signed webhook. Only Stripe itself is replaced (no internet).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from billing import services
from billing.models import CheckoutSession, Invoice, Payment
from tests.billing.fake_stripe import FakeStripe

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake(settings):
    with FakeStripe() as server:
        for name, value in server.settings_overrides().items():
            setattr(settings, name, value)
        yield server


def creates(fake):
    return [
        r for r in fake.requests if r["method"] == "POST" and r["path"] == "/v1/checkout/sessions"
    ]


def test_pay_redirects_to_checkout_once_per_state(client, client_user, issued, fake):
    client.force_login(client_user)
    url = reverse("billing:client_invoice_pay", args=[issued.uuid])
    first = client.post(url)
    assert first.status_code == 302 and first["Location"].startswith(fake.base_url + "/c/pay/")
    second = client.post(url)  # a double click
    assert second["Location"] == first["Location"]
    assert len(creates(fake)) == 1 and CheckoutSession.objects.count() == 1
    request = creates(fake)[0]
    assert request["headers"].get("Idempotency-Key", "").startswith("checkout:")
    params = request["params"]
    assert params["line_items"][0]["price_data"]["unit_amount"] == str(issued.total)
    assert params["metadata"]["invoice"] == str(issued.uuid)
    assert params["customer_email"] == client_user.email
    session = fake.sessions[CheckoutSession.objects.get().session_id]
    assert session["amount_total"] == issued.total


def test_a_paid_checkout_marks_the_invoice_paid_through_the_webhook(
    client, client_user, issued, fake
):
    client.force_login(client_user)
    location = client.post(reverse("billing:client_invoice_pay", args=[issued.uuid]))["Location"]
    session_id = location.rsplit("/", 1)[-1]
    session = fake.complete(session_id)
    evt = fake.event("checkout.session.completed", session)
    body, signature = fake.signed(evt)
    response = Client().post(
        reverse("billing:stripe_webhook"),
        body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature,
    )
    assert response.status_code == 200, response.content
    issued.refresh_from_db()
    assert issued.status == Invoice.Status.PAID
    payment = Payment.objects.get()
    assert payment.payment_intent == session["payment_intent"] and payment.mismatch == 0
    page = client.get(reverse("billing:client_invoice", args=[issued.uuid]) + "?paid=1")
    assert "Paid" in page.content.decode()


def test_a_payment_plan_asks_for_the_next_instalment(client, client_user, matter, billing, fake):
    from tests.billing.conftest import three_lines

    invoice = services.create_invoice(matter=matter, client=client_user, by=billing)
    three_lines(invoice, billing)
    services.set_instalments(
        invoice=invoice, count=3, first_due=dt.date(2027, 1, 1), every_days=30, by=billing
    )
    invoice = services.issue(invoice=invoice, by=billing)
    amounts = list(invoice.instalments.values_list("amount", flat=True))
    assert sum(amounts) == invoice.total and max(amounts) - min(amounts) <= 1
    client.force_login(client_user)
    client.post(reverse("billing:client_invoice_pay", args=[invoice.uuid]))
    assert CheckoutSession.objects.get().amount == amounts[0]


def test_a_third_party_pays_with_the_signed_link(issued, fake):
    token = services.pay_link_token(issued)
    anon = Client()
    page = anon.get(reverse("billing:pay_link", args=[token]))
    assert page.status_code == 200 and issued.display_number in page.content.decode()
    response = anon.post(reverse("billing:pay_link", args=[token]))
    assert response.status_code == 302 and response["Location"].startswith(fake.base_url)
    assert CheckoutSession.objects.get().third_party is True
    assert "customer_email" not in creates(fake)[0]["params"]
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert anon.get(reverse("billing:pay_link", args=[tampered])).status_code == 410


def test_stripe_unreachable_leaves_nothing_half_done(client, client_user, issued, settings):
    with FakeStripe() as server:
        for name, value in server.settings_overrides().items():
            setattr(settings, name, value)
    # The server is gone: its port answers nothing.
    client.force_login(client_user)
    response = client.post(reverse("billing:client_invoice_pay", args=[issued.uuid]), follow=True)
    assert "could not be opened" in response.content.decode()
    assert not CheckoutSession.objects.exists()


def test_no_card_data_is_stored(client, client_user, issued, fake):
    client.force_login(client_user)
    client.post(reverse("billing:client_invoice_pay", args=[issued.uuid]))
    row = CheckoutSession.objects.values().get()
    assert set(row) == {
        "id",
        "invoice_id",
        "instalment_id",
        "session_id",
        "account",
        "amount",
        "url",
        "idempotency_key",
        "third_party",
        "created_at",
        "completed_at",
    }
    assert "card" not in json.dumps(row, default=str).lower()
