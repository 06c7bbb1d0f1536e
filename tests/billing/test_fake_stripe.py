"""The fake Stripe API, driven by the real ``stripe`` library (16.x) and its real HTTP client.

No database: plain functions. Run alone with
``.venv/bin/python -m pytest -q tests/billing/test_fake_stripe.py -p no:logging`` (pytest-django
stays loaded but no test asks for the database), or without Django at all with
``-p no:django --noconftest`` (tests/conftest.py imports Django models).
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlencode

import pytest
import stripe
from stripe.checkout import Session
from stripe.params.checkout._session_create_params import (
    SessionCreateParams,
    SessionCreateParamsLineItem,
    SessionCreateParamsLineItemPriceData,
    SessionCreateParamsLineItemPriceDataProductData,
    SessionCreateParamsPaymentIntentData,
)

from tests.billing import fake_stripe
from tests.billing.fake_stripe import FakeStripe, bind_loopback, sign

SUCCESS = "http://testserver/billing/paid/?session={CHECKOUT_SESSION_ID}"
CANCEL = "http://testserver/billing/invoices/7/"


@pytest.fixture
def fake():
    with FakeStripe() as running:
        yield running


def make_client(
    fake: FakeStripe, api_key: str = FakeStripe.api_key, **kwargs
) -> stripe.StripeClient:
    """Exactly how the portal configures the library against the fake."""
    return stripe.StripeClient(
        api_key, base_addresses={"api": fake.base_url}, max_network_retries=0, **kwargs
    )


@pytest.fixture
def client(fake):
    return make_client(fake)


def checkout_params(**overrides) -> dict:
    params = {
        "mode": "payment",
        "success_url": SUCCESS,
        "cancel_url": CANCEL,
        "client_reference_id": "invoice-7",
        "customer_email": "alice@client.test",
        "locale": "es",
        "line_items": [
            {
                "quantity": 2,
                "price_data": {
                    "currency": "usd",
                    "unit_amount": 1500,
                    "product_data": {"name": "Consultation"},
                },
            },
            {
                "quantity": 1,
                "price_data": {
                    "currency": "usd",
                    "unit_amount": 250,
                    "product_data": {"name": "Filing fee", "description": "USCIS"},
                },
            },
        ],
        "metadata": {"invoice": "7", "account": "operating"},
        "payment_intent_data": {"metadata": {"invoice": "7", "checkout": "1"}},
    }
    params.update(overrides)
    return {k: v for k, v in params.items() if v is not None}


def create(client, key: str | None = "checkout-7-1", **overrides) -> Session:
    options = {"idempotency_key": key} if key else {}
    return client.v1.checkout.sessions.create(params=checkout_params(**overrides), options=options)


def raw(fake, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    """One HTTP request without any redirect following: (status, headers, body)."""
    host, port = fake.server_address
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def fields(cls) -> set[str]:
    return {k for k in cls.__annotations__ if not k[0].isupper()}


# --- Checkout Sessions -------------------------------------------------------------------


def test_create_returns_a_checkout_session_shaped_like_stripes(fake, client):
    before = int(time.time())
    session = create(client)

    assert isinstance(session, Session)
    assert session.object == "checkout.session"
    assert session.id.startswith("cs_test_") and len(session.id) == 66
    assert session.url == f"{fake.base_url}/c/pay/{session.id}"
    assert session.amount_total == session.amount_subtotal == 2 * 1500 + 250
    assert session.currency == "usd"
    assert session.status == "open"
    assert session.payment_status == "unpaid"
    assert session.payment_intent is None
    assert session.metadata.to_dict() == {"invoice": "7", "account": "operating"}
    assert session.client_reference_id == "invoice-7"
    assert session.customer_email == "alice@client.test"
    assert session.mode == "payment"
    assert session.locale == "es"
    assert session.success_url == SUCCESS
    assert session.cancel_url == CANCEL
    assert session.livemode is False
    assert before <= session.created <= int(time.time())
    assert session.expires_at == session.created + 24 * 3600
    # Every field the fake sends is a field of Stripe's Checkout Session.
    stored = fake.sessions[session.id]
    assert set(stored) <= fields(Session)
    assert stored["amount_total"] == 3250


def test_requests_are_recorded_with_nested_params_and_headers(fake, client):
    create(client, key="rec-1")

    request = fake.requests[-1]
    assert request["method"] == "POST"
    assert request["path"] == "/v1/checkout/sessions"
    assert request["status"] == 200
    assert request["account"] == "operating"
    assert request["headers"]["Idempotency-Key"] == "rec-1"
    assert request["headers"]["Authorization"] == f"Bearer {FakeStripe.api_key}"
    assert request["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    assert "Stripe-Account" not in request["headers"]
    params = request["params"]
    assert params["line_items"][0] == {
        "quantity": "2",
        "price_data": {
            "currency": "usd",
            "unit_amount": "1500",
            "product_data": {"name": "Consultation"},
        },
    }
    assert params["metadata"] == {"invoice": "7", "account": "operating"}
    assert params["payment_intent_data"] == {"metadata": {"invoice": "7", "checkout": "1"}}


def test_the_library_sends_an_idempotency_key_on_every_post_by_itself(fake, client):
    create(client, key=None)
    assert fake.requests[-1]["headers"]["Idempotency-Key"]


def test_wire_format_with_brackets(fake):
    body = urlencode(
        [
            ("mode", "payment"),
            ("success_url", SUCCESS),
            ("line_items[0][price_data][currency]", "usd"),
            ("line_items[0][price_data][product_data][name]", "Invoice INV-7"),
            ("line_items[0][price_data][unit_amount]", "1500"),
            ("line_items[0][quantity]", "1"),
            ("metadata[invoice]", "7"),
            ("metadata[0]", "a metadata key that looks like an index"),
            ("payment_intent_data[metadata][invoice]", "7"),
            ("expand[]", "line_items"),
        ]
    ).encode()
    status, headers, payload = raw(
        fake,
        "POST",
        "/v1/checkout/sessions",
        body,
        {
            "Authorization": f"Bearer {FakeStripe.api_key}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Idempotency-Key": "raw-1",
        },
    )
    assert status == 200
    assert headers["Content-Type"] == "application/json"
    assert headers["Request-Id"].startswith("req_")
    assert headers["Idempotency-Key"] == "raw-1"
    session = json.loads(payload)
    assert session["object"] == "checkout.session"
    assert session["amount_total"] == 1500
    assert session["metadata"] == {"invoice": "7", "0": "a metadata key that looks like an index"}
    items = session["line_items"]
    assert items["object"] == "list"
    assert items["data"][0]["description"] == "Invoice INV-7"
    assert items["data"][0]["price"]["unit_amount"] == 1500
    assert set(items["data"][0]) <= fields(stripe.LineItem)
    assert set(items["data"][0]["price"]) <= fields(stripe.Price)


def test_retrieve(fake, client):
    session = create(client)
    again = client.v1.checkout.sessions.retrieve(session.id)
    assert again.id == session.id
    assert again.amount_total == 3250
    assert fake.requests[-1]["method"] == "GET"
    assert fake.requests[-1]["path"] == f"/v1/checkout/sessions/{session.id}"


def test_list_sessions(fake, client):
    first = create(client, key="list-1")
    second = create(client, key="list-2")
    listed = client.v1.checkout.sessions.list(params={"limit": 10})
    assert [s.id for s in listed.data] == [second.id, first.id]
    fake.complete(first.id)
    intent = fake.sessions[first.id]["payment_intent"]
    found = client.v1.checkout.sessions.list(params={"payment_intent": intent})
    assert [s.id for s in found.data] == [first.id]


def test_idempotent_replay_returns_the_same_session(fake, client):
    first = create(client, key="checkout-7-3250")
    second = create(client, key="checkout-7-3250")

    assert second.id == first.id
    assert len(fake.sessions) == 1
    assert second.last_response.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.last_response.headers


def test_idempotency_key_with_other_parameters_is_an_idempotency_error(fake, client):
    create(client, key="checkout-7")
    with pytest.raises(stripe.IdempotencyError) as caught:
        create(client, key="checkout-7", metadata={"invoice": "8"})
    assert caught.value.http_status == 400
    assert "same parameters" in caught.value.user_message
    assert caught.value.json_body["error"]["type"] == "idempotency_error"
    assert len(fake.sessions) == 1


def test_idempotency_key_on_another_endpoint_is_an_idempotency_error(client):
    session = create(client, key="shared")
    with pytest.raises(stripe.IdempotencyError):
        client.v1.checkout.sessions.expire(session.id, options={"idempotency_key": "shared"})


def test_idempotency_keys_are_per_account(fake, client):
    trust = make_client(fake, FakeStripe.trust_api_key)
    operating_session = create(client, key="same-key")
    trust_session = create(trust, key="same-key")
    assert trust_session.id != operating_session.id
    assert fake.account_of(trust_session.id)["account"] == "trust"
    assert fake.account_of(operating_session.id)["account"] == "operating"


def test_a_failed_request_does_not_use_up_its_idempotency_key(fake, client):
    with pytest.raises(stripe.InvalidRequestError):
        create(client, key="retry-me", mode=None)
    assert create(client, key="retry-me").status == "open"


def test_bad_api_key_is_an_authentication_error(fake):
    with pytest.raises(stripe.AuthenticationError) as caught:
        create(make_client(fake, "sk_test_wrong_0000000000001234"))
    assert caught.value.http_status == 401
    assert "Invalid API Key provided: sk_test_" in caught.value.user_message
    assert caught.value.user_message.endswith("1234")
    assert "wrong" not in caught.value.user_message
    with pytest.raises(stripe.AuthenticationError):
        create(make_client(fake, FakeStripe.publishable_key))
    assert fake.sessions == {}


def test_missing_api_key_is_401(fake):
    status, _, payload = raw(fake, "GET", "/v1/checkout/sessions/cs_test_x")
    assert status == 401
    assert json.loads(payload)["error"]["message"].startswith("You did not provide an API key")


def without_item_field(field: str) -> list:
    items = checkout_params()["line_items"][:1]
    items[0] = {**items[0]}
    items[0].pop(field)
    return items


def with_price_data(**changes) -> list:
    price_data = {"currency": "usd", "unit_amount": 1500, "product_data": {"name": "Fee"}}
    price_data.update(changes)
    return [{"quantity": 1, "price_data": {k: v for k, v in price_data.items() if v is not None}}]


@pytest.mark.parametrize(
    ("overrides", "param", "code"),
    [
        ({"mode": None}, "mode", "parameter_missing"),
        ({"success_url": None}, "success_url", "parameter_missing"),
        ({"line_items": None}, "line_items", "parameter_missing"),
        (
            {"line_items": without_item_field("quantity")},
            "line_items[0][quantity]",
            "parameter_missing",
        ),
        (
            {"line_items": without_item_field("price_data")},
            "line_items[0][price_data]",
            "parameter_missing",
        ),
        (
            {"line_items": with_price_data(currency=None)},
            "line_items[0][price_data][currency]",
            "parameter_missing",
        ),
        (
            {"line_items": with_price_data(unit_amount=None)},
            "line_items[0][price_data][unit_amount]",
            "parameter_missing",
        ),
        (
            {"line_items": with_price_data(unit_amount="15.00")},
            "line_items[0][price_data][unit_amount]",
            "parameter_invalid_integer",
        ),
        (
            {"line_items": with_price_data(unit_amount=-5)},
            "line_items[0][price_data][unit_amount]",
            "parameter_invalid_integer",
        ),
        (
            {"line_items": with_price_data(product_data={})},
            "line_items[0][price_data][product_data]",
            "parameter_missing",
        ),
        ({"line_items": with_price_data(unit_amount=10)}, None, "amount_too_small"),
        (
            {"line_items": with_price_data(colour="red")},
            "line_items[0][price_data][colour]",
            "parameter_unknown",
        ),
        ({"invoice": "7"}, "invoice", "parameter_unknown"),
        ({"success_url": "/billing/paid/"}, "success_url", "url_invalid"),
        ({"customer_email": "not-an-email"}, "customer_email", "email_invalid"),
        ({"mode": "donation"}, "mode", None),
        ({"locale": "xx"}, "locale", None),
        ({"expires_at": int(time.time()) + 60}, "expires_at", None),
        ({"metadata": {"invoice": "x" * 501}}, "metadata[invoice]", None),
    ],
)
def test_invalid_requests_are_invalid_request_errors(fake, client, overrides, param, code):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        create(client, key=None, **overrides)
    error = caught.value
    assert error.http_status == 400
    assert error.param == param
    assert error.code == code
    assert error.json_body["error"]["type"] == "invalid_request_error"
    assert error.json_body["error"]["message"]
    assert fake.sessions == {}


def test_unknown_session_id_is_resource_missing(client):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.retrieve("cs_test_nothing_here")
    assert caught.value.http_status == 404
    assert caught.value.code == "resource_missing"
    assert caught.value.user_message == "No such checkout.session: 'cs_test_nothing_here'"
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.payment_intents.retrieve("pi_nothing")
    assert caught.value.http_status == 404
    assert caught.value.code == "resource_missing"


def test_expire(fake, client):
    session = create(client)
    expired = client.v1.checkout.sessions.expire(session.id)
    assert expired.status == "expired"
    assert expired.url is None
    assert fake.sessions[session.id]["status"] == "expired"
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.expire(session.id)
    assert caught.value.http_status == 400
    with pytest.raises(ValueError):
        fake.complete(session.id)
    status, _, page = raw(fake, "GET", f"/c/pay/{session.id}")
    assert status == 410
    assert b"no longer active" in page


def test_a_session_expires_at_expires_at(fake, client):
    now = int(time.time())
    session = create(client, expires_at=now + 1800)
    assert session.expires_at == now + 1800
    fake.clock = lambda: now + 1801
    assert client.v1.checkout.sessions.retrieve(session.id).status == "expired"


def test_stripe_account_header_is_recorded_and_scopes_the_session(fake, client):
    session = client.v1.checkout.sessions.create(
        params=checkout_params(),
        options={"stripe_account": "acct_1Connected", "idempotency_key": "connect-1"},
    )
    assert fake.requests[-1]["headers"]["Stripe-Account"] == "acct_1Connected"
    assert fake.account_of(session.id) == {
        "account": "operating",
        "id": FakeStripe.ACCOUNTS["operating"]["id"],
        "stripe_account": "acct_1Connected",
    }
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.checkout.sessions.retrieve(session.id)
    connected = make_client(fake, stripe_account="acct_1Connected")
    assert connected.v1.checkout.sessions.retrieve(session.id).id == session.id


def test_another_accounts_key_does_not_see_the_session(fake, client):
    session = create(client)
    trust = make_client(fake, FakeStripe.trust_api_key)
    with pytest.raises(stripe.InvalidRequestError) as caught:
        trust.v1.checkout.sessions.retrieve(session.id)
    assert caught.value.http_status == 404


# --- Payment -----------------------------------------------------------------------------


def test_complete_marks_the_session_paid_with_a_payment_intent(fake, client):
    session = create(client)
    completed = fake.complete(session.id)

    assert completed["status"] == "complete"
    assert completed["payment_status"] == "paid"
    assert completed["payment_intent"].startswith("pi_")
    assert completed["amount_total"] == 3250
    assert completed["url"] is None
    assert completed["customer_details"]["email"] == "alice@client.test"

    again = client.v1.checkout.sessions.retrieve(session.id, params={"expand": ["payment_intent"]})
    intent = again.payment_intent
    assert isinstance(intent, stripe.PaymentIntent)
    assert intent.id == completed["payment_intent"]
    assert intent.status == "succeeded"
    assert intent.amount == intent.amount_received == 3250
    assert intent.currency == "usd"
    assert intent.metadata.to_dict() == {"invoice": "7", "checkout": "1"}
    assert intent.latest_charge.startswith("ch_")

    fetched = client.v1.payment_intents.retrieve(completed["payment_intent"])
    assert fetched.id == intent.id
    assert set(fake.payment_intents[intent.id]) <= fields(stripe.PaymentIntent)

    with pytest.raises(ValueError):
        fake.complete(session.id)


def test_complete_with_another_amount(fake, client):
    session = create(client)
    completed = fake.complete(session.id, amount=3000)
    assert completed["amount_total"] == 3000
    assert completed["amount_subtotal"] == 3250
    assert completed["total_details"]["amount_discount"] == 250
    intent = fake.payment_intent(session.id)
    assert intent["amount_received"] == intent["amount"] == 3000


def test_builders_for_webhook_objects(fake, client):
    session = create(client)
    with pytest.raises(ValueError):
        fake.charge(session.id)
    fake.complete(session.id)

    intent = fake.payment_intent(session.id)
    assert intent["object"] == "payment_intent"
    assert intent["status"] == "succeeded"
    assert intent["metadata"] == {"invoice": "7", "checkout": "1"}
    assert set(intent) <= fields(stripe.PaymentIntent)

    charge = fake.charge(session.id, refunded_amount=1000)
    assert charge["id"] == intent["latest_charge"]
    assert charge["object"] == "charge"
    assert charge["amount"] == 3250
    assert charge["amount_refunded"] == 1000
    assert charge["refunded"] is False
    assert charge["payment_intent"] == intent["id"]
    assert charge["currency"] == "usd"
    assert charge["metadata"] == {"invoice": "7", "checkout": "1"}
    assert fake.charge(session.id, refunded_amount=3250)["refunded"] is True
    assert set(charge) <= fields(stripe.Charge)

    dispute = fake.dispute(session.id)
    assert dispute["id"].startswith("dp_")
    assert dispute["object"] == "dispute"
    assert dispute["amount"] == 3250
    assert dispute["charge"] == charge["id"]
    assert dispute["payment_intent"] == intent["id"]
    assert dispute["reason"] == "fraudulent"
    assert dispute["status"] == "needs_response"
    assert dispute["currency"] == "usd"
    assert set(dispute) <= fields(stripe.Dispute)
    closed = fake.dispute(session.id, reason="general", status="lost")
    assert closed["id"] == dispute["id"]
    assert (closed["reason"], closed["status"]) == ("general", "lost")

    # Snapshots: the API still shows the stored objects.
    assert client.v1.payment_intents.retrieve(intent["id"]).status == "succeeded"


def test_a_declined_attempt_then_payment_keeps_the_payment_intent(fake, client):
    session = create(client)
    failed = fake.payment_intent(session.id, status="requires_payment_method")
    assert failed["amount_received"] == 0
    assert failed["last_payment_error"]["code"] == "card_declined"
    assert fake.sessions[session.id]["status"] == "open"
    completed = fake.complete(session.id)
    assert completed["payment_intent"] == failed["id"]
    assert fake.payment_intent(session.id)["latest_charge"] != failed["latest_charge"]


# --- The hosted page ---------------------------------------------------------------------


def test_pay_page_pays_and_redirects_to_the_success_url(fake, client):
    session = create(client)
    status, headers, page = raw(fake, "GET", f"/c/pay/{session.id}")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    html = page.decode()
    assert "Fake Stripe Checkout" in html
    assert "$32.50 USD" in html
    assert f"action='/c/pay/{session.id}'" in html
    assert CANCEL in html

    status, headers, _ = raw(fake, "POST", f"/c/pay/{session.id}", b"")
    assert status == 303
    assert headers["Location"] == f"http://testserver/billing/paid/?session={session.id}"
    stored = fake.sessions[session.id]
    assert stored["status"] == "complete"
    assert stored["payment_status"] == "paid"
    assert stored["payment_intent"].startswith("pi_")
    assert fake.payment_intents[stored["payment_intent"]]["amount_received"] == 3250

    # Paying twice (a double click) pays once and lands on the same page.
    status, headers, _ = raw(fake, "POST", f"/c/pay/{session.id}", b"")
    assert status == 303
    assert fake.sessions[session.id]["payment_intent"] == stored["payment_intent"]
    assert len(fake.payment_intents) == 1


def test_pay_page_of_unknown_session_is_404(fake):
    status, _, _ = raw(fake, "GET", "/c/pay/cs_test_unknown")
    assert status == 404


def test_paying_delivers_a_signed_webhook_when_asked(fake, client):
    received = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):
            payload = self.rfile.read(int(self.headers["Content-Length"]))
            event = stripe.Webhook.construct_event(
                payload, self.headers["Stripe-Signature"], FakeStripe.webhook_secret, tolerance=300
            )
            received.append((event, self.headers["User-Agent"]))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = bind_loopback(Receiver)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        host, port = server.server_address[:2]
        fake.webhook_urls["operating"] = f"http://{host}:{port}/billing/stripe/webhook/operating/"
        session = create(client)
        status, _, _ = raw(fake, "POST", f"/c/pay/{session.id}", b"")
    finally:
        server.shutdown()
        server.server_close()
    assert status == 303
    [(event, agent)] = received
    assert event.type == "checkout.session.completed"
    assert event.data.object.id == session.id
    assert event.data.object.payment_status == "paid"
    assert agent.startswith("Stripe/1.0")
    assert fake.deliveries[-1]["status"] == 200


# --- Webhooks ----------------------------------------------------------------------------


def test_event_is_shaped_like_stripes(fake, client):
    session = create(client)
    completed = fake.complete(session.id)
    event = fake.event(
        "checkout.session.completed", completed, event_id="evt_1", created=1700000000
    )
    assert event == {
        "id": "evt_1",
        "object": "event",
        "api_version": fake_stripe.API_VERSION,
        "created": 1700000000,
        "data": {"object": completed},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": "checkout.session.completed",
    }
    assert fake.event("charge.refunded", fake.charge(session.id))["id"].startswith("evt_")
    assert set(event) <= fields(stripe.Event)


def test_construct_event_accepts_a_fresh_signature(fake, client):
    session = create(client)
    event = fake.event("checkout.session.completed", fake.complete(session.id))
    payload = json.dumps(event).encode()
    secret = FakeStripe.webhook_secret

    parsed = stripe.Webhook.construct_event(payload, sign(payload, secret), secret, tolerance=300)

    assert isinstance(parsed, stripe.Event)
    assert parsed.id == event["id"]
    assert parsed.type == "checkout.session.completed"
    assert isinstance(parsed.data.object, Session)
    assert parsed.data.object.payment_intent == fake.sessions[session.id]["payment_intent"]
    assert parsed.data.object.metadata["invoice"] == "7"
    # And the helper that returns the body and header together.
    body, header = fake.signed(event)
    assert stripe.Webhook.construct_event(body, header, secret, tolerance=300).id == event["id"]
    assert header.startswith("t=") and ",v1=" in header


@pytest.mark.parametrize("case", ["wrong secret", "tampered payload", "stale timestamp"])
def test_construct_event_rejects_bad_signatures(fake, case):
    event = fake.event("charge.refunded", {"id": "ch_1", "object": "charge"})
    payload = json.dumps(event).encode()
    secret = FakeStripe.webhook_secret
    header = sign(payload, secret)
    if case == "wrong secret":
        header = sign(payload, FakeStripe.trust_webhook_secret)
    elif case == "tampered payload":
        payload = payload.replace(b"charge.refunded", b"charge.succeeded")
    else:
        header = sign(payload, secret, timestamp=int(time.time()) - 600)
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(payload, header, secret, tolerance=300)


# --- The server itself -------------------------------------------------------------------


def test_unknown_routes_are_404_in_stripes_error_shape(fake):
    auth = {"Authorization": f"Bearer {FakeStripe.api_key}"}
    for method, path in [
        ("GET", "/v1/customers"),
        ("DELETE", "/v1/checkout/sessions/cs_test_x"),
        ("GET", "/"),
    ]:
        status, headers, payload = raw(fake, method, path, headers=auth)
        assert status == 404, path
        assert headers["Content-Type"] == "application/json"
        error = json.loads(payload)["error"]
        assert error["type"] == "invalid_request_error"
        assert error["message"].startswith(f"Unrecognized request URL ({method}: {path})")


def test_listens_on_127_0_0_1_only_on_a_port_below_32768(fake):
    host, port = fake.server_address
    assert host == "127.0.0.1"
    assert 20000 <= port <= 32000 < 32768
    assert fake.base_url == f"http://127.0.0.1:{port}"
    # Linux routes all of 127/8 to loopback: a socket bound to 127.0.0.1 alone refuses 127.0.0.2.
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.2", port), 2):
        pass


def test_stop_closes_the_port():
    with FakeStripe() as running:
        port = running.port
        client = make_client(running)
        create(client)
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), 2):
        pass
    with pytest.raises(stripe.APIConnectionError):
        create(client)


def test_settings_overrides(fake):
    overrides = fake.settings_overrides()
    assert overrides["STRIPE_API_BASE"] == fake.base_url
    assert overrides["STRIPE_ACCOUNTS"]["trust"] == {
        "secret_key": FakeStripe.trust_api_key,
        "webhook_secret": FakeStripe.trust_webhook_secret,
    }


def test_parameter_lists_match_the_installed_stripe_library():
    options = {
        "api_key",
        "content_type",
        "headers",
        "idempotency_key",
        "max_network_retries",
        "stripe_account",
        "stripe_context",
        "stripe_version",
    }
    assert set(SessionCreateParams.__annotations__) - options == fake_stripe.SESSION_CREATE_PARAMS
    assert set(SessionCreateParamsLineItem.__annotations__) == fake_stripe.LINE_ITEM_PARAMS
    assert (
        set(SessionCreateParamsLineItemPriceData.__annotations__) == fake_stripe.PRICE_DATA_PARAMS
    )
    assert (
        set(SessionCreateParamsLineItemPriceDataProductData.__annotations__)
        == fake_stripe.PRODUCT_DATA_PARAMS
    )
    assert (
        set(SessionCreateParamsPaymentIntentData.__annotations__)
        == fake_stripe.PAYMENT_INTENT_DATA_PARAMS
    )
    assert stripe.api_version == fake_stripe.API_VERSION
