"""A local fake of the Stripe API for tests: Checkout Sessions, their pay page, webhook events.

Standard library only. One ``ThreadingHTTPServer`` in a daemon thread, bound to 127.0.0.1 on a
random free port between 20000 and 32000, all state in memory. It speaks Stripe's wire format
(form-encoded requests with bracket nesting, JSON objects shaped like Stripe's, Stripe's error
bodies and HTTP statuses, ``Idempotency-Key`` and ``Stripe-Account`` headers), so the portal keeps
its real code path: the official ``stripe`` library (16.x) with its real HTTP client, and
``stripe.Webhook.construct_event`` with real signature verification.

Using it
--------
::

    with FakeStripe() as fake:
        client = stripe.StripeClient(
            FakeStripe.api_key,
            base_addresses={"api": fake.base_url},
            max_network_retries=0,
        )
        session = client.v1.checkout.sessions.create(
            params={
                "mode": "payment",
                "success_url": "http://testserver/paid?session={CHECKOUT_SESSION_ID}",
                "cancel_url": "http://testserver/invoice/1",
                "line_items": [
                    {
                        "quantity": 1,
                        "price_data": {
                            "currency": "usd",
                            "unit_amount": 1500,
                            "product_data": {"name": "Invoice INV-1"},
                        },
                    }
                ],
                "metadata": {"invoice": "1"},
                "payment_intent_data": {"metadata": {"invoice": "1"}},
            },
            options={"idempotency_key": "checkout-1-1500"},
        )
        client.v1.checkout.sessions.retrieve(session.id)
        client.v1.checkout.sessions.retrieve(session.id, params={"expand": ["payment_intent"]})
        client.v1.checkout.sessions.expire(session.id)
        client.v1.payment_intents.retrieve("pi_...")

        fake.complete(session.id)  # the client paid on Checkout
        event = fake.event("checkout.session.completed", fake.sessions[session.id])
        payload, signature = fake.signed(event)  # body bytes and the Stripe-Signature value
        stripe.Webhook.construct_event(payload, signature, FakeStripe.webhook_secret, tolerance=300)

That is the exact configuration that works with stripe 16.1 (``StripeClient(api_key, *,
stripe_account=None, stripe_version=None, base_addresses=None, max_network_retries=None,
http_client=None, ...)``; ``base_addresses`` takes the keys "api", "connect", "files" and
"meter_events", and only "api" is needed here). Every service call takes ``params=`` (a dict)
and ``options=`` (a dict: ``idempotency_key``, ``stripe_account``, ``api_key``,
``stripe_version``, ``max_network_retries``, ``headers``). The library puts an
``Idempotency-Key`` on every POST by itself (a random one) when none is given.

Two Stripe accounts, as the portal's settings have them: ``operating`` (``FakeStripe.api_key``,
``FakeStripe.webhook_secret``) and ``trust`` (``FakeStripe.trust_api_key``,
``FakeStripe.trust_webhook_secret``). Each key sees only its own objects (another account's id
is a 404, as on Stripe), idempotency keys are per account, and ``fake.settings_overrides()``
gives ``STRIPE_API_BASE`` and ``STRIPE_ACCOUNTS`` for Django's ``settings`` fixture.

Wire details the portal can rely on
-----------------------------------
* Errors are Stripe's ``{"error": {"type", "message", "code"?, "param"?, "doc_url"?,
  "request_log_url"}}`` (``code`` and ``param`` only when they apply, as on Stripe), with the
  status Stripe uses, so the library raises its own exceptions: 400 ``invalid_request_error``
  (``stripe.InvalidRequestError``: ``parameter_missing``, ``parameter_unknown``,
  ``parameter_invalid_integer``, ``url_invalid``, ``email_invalid``, ``amount_too_small``...),
  404 ``resource_missing`` (``stripe.InvalidRequestError``), 400 ``idempotency_error``
  (``stripe.IdempotencyError``), 401 for a missing, unknown or publishable key
  (``stripe.AuthenticationError``; the body's type is ``invalid_request_error``, as Stripe
  sends it).
* Unknown parameters are rejected, with the parameter lists of the API version stripe 16.1 pins
  (``2026-10-28.endive``). In that version ``payment_method_types`` is no longer a parameter
  (it is ``allowed_payment_method_types``) and ``ui_mode`` defaults to ``hosted_page``.
* Idempotency: the same key with the same parameters replays the first response (header
  ``Idempotent-Replayed: true``); other parameters or another endpoint is an
  ``idempotency_error``. Failed requests do not use up their key.
* ``Stripe-Account`` is recorded and scopes objects (and idempotency keys) like Connect does.
* ``GET {url}`` is the hosted page "Fake Stripe Checkout" (amount, a Pay button, a Cancel link
  to ``cancel_url``); its form POSTs back, completes the session like :meth:`complete` and
  answers 303 to ``success_url`` with ``{CHECKOUT_SESSION_ID}`` replaced.
* ``fake.webhook_urls = {"operating": url}`` makes every completion (page or ``complete()``)
  POST a signed ``checkout.session.completed`` to that URL, synchronously, before the redirect.
* Sessions expire at ``expires_at`` (set ``fake.clock`` to move time).

Differences from Stripe, on purpose: only ``mode=payment`` on a hosted page; prices come from
``price_data`` or from :meth:`FakeStripe.add_price`; idempotent requests run one at a time (a
concurrent twin with the same key waits and gets the replay, not a 409); idempotency keys do
not expire after 24 hours. :meth:`payment_intent`, :meth:`charge` and :meth:`dispute` return
snapshots for webhook events and leave what the API returns alone (except that a failed
attempt on an open session creates its PaymentIntent, as Checkout does).

Tests of the fake: tests/billing/test_fake_stripe.py (no database).
"""

from __future__ import annotations

import base64
import contextlib
import copy
import errno
import hashlib
import hmac
import html
import json
import random
import re
import secrets
import socket
import string
import threading
import time
import urllib.error
import urllib.request
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

# The API version stripe-python 16.1 pins (stripe._api_version._ApiVersion.CURRENT). Events
# carry it; responses echo the request's Stripe-Version header, or this.
API_VERSION = "2026-10-28.endive"

HOST = "127.0.0.1"
PORT_RANGE = (20000, 32000)

# Top-level parameters of POST /v1/checkout/sessions (stripe 16.1's SessionCreateParams);
# anything else is "Received unknown parameter", as on Stripe.
SESSION_CREATE_PARAMS = frozenset(
    {
        "adaptive_pricing",
        "after_expiration",
        "allow_promotion_codes",
        "allowed_payment_method_types",
        "automatic_tax",
        "billing_address_collection",
        "branding_settings",
        "cancel_url",
        "client_reference_id",
        "consent_collection",
        "currency",
        "custom_fields",
        "custom_text",
        "customer",
        "customer_account",
        "customer_creation",
        "customer_email",
        "customer_update",
        "discounts",
        "excluded_payment_method_types",
        "expand",
        "expires_at",
        "integration_identifier",
        "invoice_creation",
        "line_items",
        "locale",
        "managed_payments",
        "metadata",
        "mode",
        "name_collection",
        "optional_items",
        "origin_context",
        "payment_intent_data",
        "payment_method_collection",
        "payment_method_configuration",
        "payment_method_data",
        "payment_method_options",
        "permissions",
        "phone_number_collection",
        "redirect_on_completion",
        "return_url",
        "saved_payment_method_options",
        "setup_intent_data",
        "shipping_address_collection",
        "shipping_options",
        "submit_type",
        "subscription_data",
        "success_url",
        "tax_id_collection",
        "ui_mode",
        "wallet_options",
    }
)
LINE_ITEM_PARAMS = frozenset(
    {"adjustable_quantity", "metadata", "price", "price_data", "quantity", "tax_rates"}
)
PRICE_DATA_PARAMS = frozenset(
    {
        "currency",
        "product",
        "product_data",
        "recurring",
        "tax_behavior",
        "unit_amount",
        "unit_amount_decimal",
    }
)
PRODUCT_DATA_PARAMS = frozenset(
    {"description", "images", "metadata", "name", "tax_code", "tax_details", "unit_label"}
)
PAYMENT_INTENT_DATA_PARAMS = frozenset(
    {
        "application_fee_amount",
        "capture_method",
        "description",
        "metadata",
        "on_behalf_of",
        "receipt_email",
        "setup_future_usage",
        "shipping",
        "statement_descriptor",
        "statement_descriptor_suffix",
        "transfer_data",
        "transfer_group",
    }
)
LOCALES = frozenset(
    [
        "auto",
        "bg",
        "cs",
        "da",
        "de",
        "el",
        "en",
        "en-GB",
        "es",
        "es-419",
        "et",
        "fi",
        "fil",
        "fr",
        "fr-CA",
        "hi-IN",
        "hr",
        "hu",
        "id",
        "it",
        "ja",
        "ko",
        "lt",
        "lv",
        "ms",
        "mt",
        "nb",
        "nl",
        "pl",
        "pt",
        "pt-BR",
        "ro",
        "ru",
        "sk",
        "sl",
        "sv",
        "th",
        "tr",
        "vi",
        "zh",
        "zh-HK",
        "zh-TW",
    ]
)
ZERO_DECIMAL = frozenset(
    [
        "bif",
        "clp",
        "djf",
        "gnf",
        "jpy",
        "kmf",
        "krw",
        "mga",
        "pyg",
        "rwf",
        "ugx",
        "vnd",
        "vuv",
        "xaf",
        "xof",
        "xpf",
    ]
)
# Stripe's minimum charge amounts, in the currency's smallest unit.
MINIMUM_AMOUNT = {
    "usd": 50,
    "eur": 50,
    "gbp": 30,
    "cad": 50,
    "aud": 50,
    "nzd": 50,
    "chf": 50,
    "sgd": 50,
    "brl": 50,
    "inr": 50,
    "hkd": 400,
    "mxn": 1000,
    "jpy": 50,
    "dkk": 250,
    "nok": 300,
    "sek": 300,
    "pln": 200,
    "czk": 1500,
    "huf": 17500,
    "ron": 200,
    "bgn": 100,
    "aed": 200,
    "myr": 200,
    "thb": 1000,
}
MAXIMUM_AMOUNT = 99_999_999
SYMBOLS = {"usd": "$", "eur": "€", "gbp": "£", "jpy": "¥"}
# Query keys whose children are always a hash, even when they look like indexes.
HASH_ONLY = frozenset({"metadata"})

_ALNUM = string.ascii_letters + string.digits


def _rand(n: int) -> str:
    return "".join(secrets.choice(_ALNUM) for _ in range(n))


def sign(payload: bytes | str, secret: str, timestamp: int | None = None) -> str:
    """The Stripe-Signature header value for a webhook body: ``t=<unix>,v1=<hex HMAC-SHA256>``.

    The HMAC key is the whole signing secret (``whsec_...``) and the message is
    ``f"{t}.{payload}"``, exactly as Stripe signs and as ``stripe.Webhook`` verifies.
    """
    if isinstance(payload, (bytes, bytearray)):
        payload = bytes(payload).decode("utf-8")
    t = int(time.time()) if timestamp is None else int(timestamp)
    mac = hmac.new(secret.encode("utf-8"), f"{t}.{payload}".encode(), hashlib.sha256)
    return f"t={t},v1={mac.hexdigest()}"


class StripeError(Exception):
    """An API error, sent as Stripe's ``{"error": {...}}`` body with its HTTP status."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.code = code
        self.param = param

    def body(self, request_id: str) -> dict:
        error: dict[str, Any] = {}
        if self.code:
            error["code"] = self.code
            error["doc_url"] = f"https://stripe.com/docs/error-codes/{self.code.replace('_', '-')}"
        error["message"] = self.message
        if self.param:
            error["param"] = self.param
        error["request_log_url"] = (
            f"https://dashboard.stripe.com/test/logs/{request_id}?t={int(time.time())}"
        )
        error["type"] = self.type
        return {"error": error}


def _missing(param: str) -> StripeError:
    return StripeError(
        400, f"Missing required param: {param}.", code="parameter_missing", param=param
    )


def _unknown(param: str) -> StripeError:
    return StripeError(
        400, f"Received unknown parameter: {param}", code="parameter_unknown", param=param
    )


def _invalid(param: str, message: str, code: str | None = None) -> StripeError:
    return StripeError(400, message, code=code, param=param)


def _reject_unknown(params: dict, allowed: frozenset, prefix: str = "") -> None:
    for key in params:
        if key not in allowed:
            raise _unknown(f"{prefix}[{key}]" if prefix else key)


def _nest(pairs: list[tuple[str, str]]) -> dict:
    """Decode Stripe's bracket syntax: ``a[b][0][c]=1`` -> ``{"a": {"b": [{"c": "1"}]}}``."""
    root: dict = {}
    for key, value in pairs:
        match = re.fullmatch(r"([^\[\]]+)((?:\[[^\[\]]*\])*)", key)
        if not match:
            raise _invalid(key, f"Invalid parameter name: {key}")
        parts = [match.group(1), *re.findall(r"\[([^\[\]]*)\]", match.group(2))]
        node = root
        for depth, part in enumerate(parts):
            if part == "":  # "a[]=x": append
                part = str(len(node))
            if depth == len(parts) - 1:
                if isinstance(node.get(part), dict):
                    raise _invalid(key, f"Invalid hash: {key} is also given as a hash")
                node[part] = value
            else:
                child = node.setdefault(part, {})
                if not isinstance(child, dict):
                    raise _invalid(key, f"Invalid hash: {key} is also given as a string")
                node = child
    return {key: _listify(value, key) for key, value in root.items()}


def _listify(node: Any, name: str = "") -> Any:
    if not isinstance(node, dict):
        return node
    if name not in HASH_ONLY and node and all(k.isdigit() for k in node):
        return [_listify(node[k], name) for k in sorted(node, key=int)]
    return {k: _listify(v, "" if name in HASH_ONLY else k) for k, v in node.items()}


def _canon(header: str) -> str:
    return "-".join(part.capitalize() for part in header.split("-"))


def _str(value: Any, param: str) -> str:
    if not isinstance(value, str):
        raise _invalid(param, f"Invalid string: {value!r}")
    return value


def _int(value: Any, param: str, *, minimum: int | None = 0) -> int:
    if not isinstance(value, str) or not re.fullmatch(r"-?\d+", value):
        raise _invalid(param, f"Invalid integer: {value}", "parameter_invalid_integer")
    number = int(value)
    if minimum is not None and number < minimum:
        raise _invalid(
            param,
            f"This value must be greater than or equal to {minimum}.",
            "parameter_invalid_integer",
        )
    return number


def _bool(value: Any, param: str) -> bool:
    if value not in ("true", "false"):
        raise _invalid(param, f"Invalid boolean: {value}")
    return value == "true"


def _enum(value: Any, param: str, choices) -> str:
    if value not in choices:
        raise _invalid(param, f"Invalid {param}: must be one of {', '.join(sorted(choices))}")
    return value


def _url(value: Any, param: str) -> str:
    value = _str(value, param)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(value) > 5000:
        raise _invalid(param, "Not a valid URL", "url_invalid")
    return value


def _metadata(value: Any, param: str) -> dict[str, str]:
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise _invalid(param, f"Invalid hash: {param} must be a hash of strings")
    if len(value) > 50:
        raise _invalid(param, "Metadata can have up to 50 keys.")
    result = {}
    for key, item in value.items():
        if len(key) > 40:
            raise _invalid(
                f"{param}[{key}]",
                f"Metadata keys can have up to 40 characters, but you passed in a key that "
                f"is {len(key)} characters long.",
            )
        if not isinstance(item, str):
            raise _invalid(f"{param}[{key}]", f"Invalid string: {item!r}")
        if len(item) > 500:
            raise _invalid(
                f"{param}[{key}]",
                f"Metadata values can have up to 500 characters, but you passed in a value "
                f"that is {len(item)} characters long.",
            )
        if item != "":
            result[key] = item
    return result


def _money(amount: int, currency: str) -> str:
    number = f"{amount:,}" if currency in ZERO_DECIMAL else f"{amount // 100:,}.{amount % 100:02d}"
    return f"{SYMBOLS.get(currency, '')}{number} {currency.upper()}"


class _Response:
    def __init__(self, status: int, body: bytes, headers: dict[str, str] | None = None):
        self.status = status
        self.body = body
        self.headers = headers or {}


def _json_response(status: int, obj: Any, headers: dict[str, str] | None = None) -> _Response:
    body = (json.dumps(obj, indent=2) + "\n").encode()
    return _Response(status, body, {"Content-Type": "application/json", **(headers or {})})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False


def bind_loopback(handler: type[BaseHTTPRequestHandler]) -> ThreadingHTTPServer:
    """A ThreadingHTTPServer bound to 127.0.0.1 on a random free port in PORT_RANGE (not
    started: run its ``serve_forever`` in a thread). Also for a test's own webhook receiver."""
    rng = random.SystemRandom()
    for _ in range(200):
        try:
            return _Server((HOST, rng.randint(*PORT_RANGE)), handler)
        except OSError as exc:
            if exc.errno not in (errno.EADDRINUSE, errno.EACCES):
                raise
    raise RuntimeError(f"no free port in {PORT_RANGE} on {HOST}")


class _Handler(BaseHTTPRequestHandler):
    fake: FakeStripe
    protocol_version = "HTTP/1.1"
    timeout = 30  # an idle keep-alive connection is dropped after this

    def setup(self):
        super().setup()
        self.fake._connections.add(self.connection)

    def finish(self):
        try:
            super().finish()
        finally:
            self.fake._connections.discard(self.connection)

    def version_string(self) -> str:
        return "nginx"

    def log_message(self, format, *args):  # quiet
        pass

    def _dispatch(self):
        self.fake._serve(self)

    do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _dispatch


class FakeStripe:
    """A fake Stripe API on 127.0.0.1. ``with FakeStripe() as fake:``, or ``start()``/``stop()``.

    State, all in memory and readable by tests: ``sessions`` (Checkout Session objects by id,
    live), ``payment_intents``, ``charges``, ``disputes``, ``prices`` (by id), ``requests``
    (every request: method, path, query, params nested, headers, body, status, account),
    ``deliveries`` (webhooks this fake posted, see ``webhook_urls``).
    """

    api_key = "sk_test_fake_operating_51Fake4eC39HqLyjWDarjtT1zdp7dc"
    webhook_secret = "whsec_fake_operating_5d0c2a8f9b1e4d6c8a7f3e2b1c0d9e8f"
    publishable_key = "pk_test_fake_operating_51Fake4eC39HqLyjWDarjtT1zdp7dc"
    trust_api_key = "sk_test_fake_trust_51FakeTr8uSt2kQ9mZx7wVbN3cLp0aRe"
    trust_webhook_secret = "whsec_fake_trust_7e1f3a5c9d2b4e6f8a0c1d3e5f7a9b2c"
    trust_publishable_key = "pk_test_fake_trust_51FakeTr8uSt2kQ9mZx7wVbN3cLp0aRe"

    ACCOUNTS = {
        "operating": {
            "id": "acct_1FakeOperating0000",
            "secret_key": api_key,
            "webhook_secret": webhook_secret,
            "publishable_key": publishable_key,
        },
        "trust": {
            "id": "acct_1FakeTrust000000000",
            "secret_key": trust_api_key,
            "webhook_secret": trust_webhook_secret,
            "publishable_key": trust_publishable_key,
        },
    }

    def __init__(self, *, webhook_urls: dict[str, str] | None = None):
        self.sessions: dict[str, dict] = {}
        self.payment_intents: dict[str, dict] = {}
        self.charges: dict[str, dict] = {}
        self.disputes: dict[str, dict] = {}
        self.prices: dict[str, dict] = {}
        self.requests: list[dict] = []
        self.deliveries: list[dict] = []
        # Account label ("operating", "trust") -> URL: completing a session (complete() or the
        # pay page) then POSTs a signed checkout.session.completed there, before returning.
        self.webhook_urls: dict[str, str] = dict(webhook_urls or {})
        self.clock = time.time  # replaceable, e.g. to age sessions past expires_at
        self._owners: dict[str, tuple[str, str | None]] = {}  # object id -> (label, Stripe-Account)
        self._extra: dict[str, dict] = {}  # session id -> line items, payment_intent_data
        self._idempotency: dict[tuple, dict] = {}
        self._keys = {a["secret_key"]: label for label, a in self.ACCOUNTS.items()}
        self._publishable = {a["publishable_key"] for a in self.ACCOUNTS.values()}
        self._lock = threading.RLock()
        self._connections: set[socket.socket] = set()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle -------------------------------------------------------------------------

    def start(self) -> FakeStripe:
        if self._server is not None:
            return self
        server = bind_loopback(type("FakeStripeHandler", (_Handler,), {"fake": self}))
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"FakeStripe:{server.server_address[1]}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        for conn in list(self._connections):
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeStripe:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def server_address(self) -> tuple[str, int]:
        if self._server is None:
            raise RuntimeError("FakeStripe is not started")
        return self._server.server_address[:2]

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def base_url(self) -> str:
        host, port = self.server_address
        return f"http://{host}:{port}"

    def settings_overrides(self) -> dict:
        """Django settings that point the portal at this fake (for the ``settings`` fixture)."""
        return {
            "STRIPE_API_BASE": self.base_url,
            "STRIPE_ACCOUNTS": {
                label: {"secret_key": a["secret_key"], "webhook_secret": a["webhook_secret"]}
                for label, a in self.ACCOUNTS.items()
            },
        }

    # --- test helpers ------------------------------------------------------------------------

    def now(self) -> int:
        return int(self.clock())

    def account_of(self, object_id: str) -> dict:
        """Which account owns an object: ``{"account": "operating", "id": "acct_...",
        "stripe_account": <the Stripe-Account header it was created with, or None>}``."""
        label, stripe_account = self._owners[object_id]
        return {
            "account": label,
            "id": self.ACCOUNTS[label]["id"],
            "stripe_account": stripe_account,
        }

    def add_price(
        self,
        unit_amount: int,
        *,
        currency: str = "usd",
        product_name: str = "Legal services",
        account: str = "operating",
        stripe_account: str | None = None,
    ) -> dict:
        """A Price object usable as ``line_items[i][price]`` by that account."""
        price = self._price_object(
            currency, unit_amount, str(unit_amount), "prod_" + _rand(14), active=True
        )
        price["nickname"] = product_name
        with self._lock:
            self.prices[price["id"]] = price
            self._owners[price["id"]] = (account, stripe_account)
        return copy.deepcopy(price)

    def complete(self, session_id: str, *, amount: int | None = None) -> dict:
        """Mark the session paid as Checkout does; returns a snapshot of the session.

        Status becomes ``complete``, payment_status ``paid``, ``payment_intent`` a new (or the
        session's pending) ``pi_...`` with a succeeded charge ``ch_...``, ``url`` None. The amount
        received is ``amount_total``, or ``amount`` when given (a payment that does not match the
        invoice): then ``amount_total`` is that amount, the PaymentIntent's and the charge's too,
        and ``total_details`` holds the difference to ``amount_subtotal``. If ``webhook_urls``
        has the session's account, a signed ``checkout.session.completed`` is delivered first.
        """
        with self._lock:
            session = self._complete(session_id, amount)
        self._auto_deliver(session_id, session)
        return session

    def event(
        self,
        type: str,
        obj: dict,
        *,
        event_id: str | None = None,
        created: int | None = None,
        account: str | None = None,
        previous_attributes: dict | None = None,
    ) -> dict:
        """A Stripe Event object, exactly as Stripe posts it to a webhook endpoint.

        ``account`` (an ``acct_...``) is set only for Connect events; ``previous_attributes``
        goes into ``data`` for ``*.updated`` events.
        """
        data: dict[str, Any] = {"object": copy.deepcopy(dict(obj))}
        if previous_attributes is not None:
            data["previous_attributes"] = copy.deepcopy(previous_attributes)
        event: dict[str, Any] = {
            "id": event_id or "evt_1" + _rand(23),
            "object": "event",
        }
        if account is not None:
            event["account"] = account
        event.update(
            {
                "api_version": API_VERSION,
                "created": self.now() if created is None else int(created),
                "data": data,
                "livemode": False,
                "pending_webhooks": 1,
                "request": {"id": None, "idempotency_key": None},
                "type": type,
            }
        )
        return event

    def signed(
        self, event: dict, *, secret: str | None = None, timestamp: int | None = None
    ) -> tuple[bytes, str]:
        """The body Stripe would post for ``event`` and its Stripe-Signature header value."""
        payload = json.dumps(event, indent=2).encode()
        return payload, sign(payload, secret or self.webhook_secret, timestamp)

    def deliver(
        self,
        event: dict,
        url: str,
        *,
        secret: str | None = None,
        timestamp: int | None = None,
    ) -> dict:
        """POST ``event`` to ``url`` as Stripe does (signed JSON); returns and records the result."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise ValueError(f"not an http(s) URL: {url}")
        payload, signature = self.signed(event, secret=secret, timestamp=timestamp)
        request = urllib.request.Request(  # noqa: S310 (http and https only, checked above)
            url,
            data=payload,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
                "Cache-Control": "no-cache",
                "Accept": "*/*; q=0.5, application/xml",
                "Stripe-Signature": signature,
            },
        )
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        result: dict[str, Any] = {"url": url, "event": event, "status": None, "body": None}
        try:
            with opener.open(request, timeout=30) as response:
                result["status"], result["body"] = response.status, response.read()
        except urllib.error.HTTPError as exc:
            result["status"], result["body"] = exc.code, exc.read()
        except OSError as exc:
            result["error"] = repr(exc)
        with self._lock:
            self.deliveries.append(result)
        return result

    def payment_intent(self, session_id: str, *, status: str = "succeeded") -> dict:
        """The session's PaymentIntent as a snapshot with ``status``.

        ``succeeded`` needs a completed session. Any other status (``requires_payment_method``
        for payment_intent.payment_failed, ``processing``, ``canceled``) works on an open session
        too: its PaymentIntent is then created (once) and the session points to it, as when a
        card is declined on Checkout. Stored objects are not changed otherwise.
        """
        with self._lock:
            session = self._get_session(session_id)
            if session["payment_intent"] is None:
                if status == "succeeded":
                    raise ValueError(f"{session_id} is not paid: complete() it first")
                self._new_payment_intent(
                    session, session["amount_total"], "requires_payment_method"
                )
            intent = copy.deepcopy(self.payment_intents[session["payment_intent"]])
        intent["status"] = status
        if status != "succeeded":
            intent["amount_received"] = 0
        if status == "requires_payment_method":
            intent["last_payment_error"] = {
                "charge": intent["latest_charge"],
                "code": "card_declined",
                "decline_code": "generic_decline",
                "doc_url": "https://stripe.com/docs/error-codes/card-declined",
                "message": "Your card was declined.",
                "payment_method": {"id": intent["payment_method"], "object": "payment_method"},
                "type": "card_error",
            }
        elif status == "canceled":
            intent["canceled_at"] = self.now()
            intent["cancellation_reason"] = "abandoned"
        return intent

    def charge(self, session_id: str, *, refunded_amount: int = 0) -> dict:
        """The charge of a completed session, as a snapshot with ``amount_refunded``."""
        with self._lock:
            charge = copy.deepcopy(self.charges[self._paid_intent(session_id)["latest_charge"]])
        charge["amount_refunded"] = refunded_amount
        charge["refunded"] = refunded_amount >= charge["amount"]
        return charge

    def dispute(
        self, session_id: str, *, reason: str = "fraudulent", status: str = "needs_response"
    ) -> dict:
        """A Dispute of a completed session's charge (one id per charge, as on Stripe)."""
        with self._lock:
            intent = self._paid_intent(session_id)
            charge = self.charges[intent["latest_charge"]]
            dispute = self.disputes.get(charge["id"])
            if dispute is None:
                now = self.now()
                dispute = {
                    "id": "dp_1" + _rand(23),
                    "object": "dispute",
                    "amount": charge["amount"],
                    "balance_transactions": [],
                    "charge": charge["id"],
                    "created": now,
                    "currency": charge["currency"],
                    "enhanced_eligibility_types": [],
                    "evidence": dict.fromkeys(
                        [
                            "access_activity_log",
                            "billing_address",
                            "cancellation_policy",
                            "cancellation_policy_disclosure",
                            "cancellation_rebuttal",
                            "customer_communication",
                            "customer_email_address",
                            "customer_name",
                            "customer_purchase_ip",
                            "customer_signature",
                            "duplicate_charge_documentation",
                            "duplicate_charge_explanation",
                            "duplicate_charge_id",
                            "product_description",
                            "receipt",
                            "refund_policy",
                            "refund_policy_disclosure",
                            "refund_refusal_explanation",
                            "service_date",
                            "service_documentation",
                            "shipping_address",
                            "shipping_carrier",
                            "shipping_date",
                            "shipping_documentation",
                            "shipping_tracking_number",
                            "uncategorized_file",
                            "uncategorized_text",
                        ]
                    ),
                    "evidence_details": {
                        "due_by": now + 7 * 86400,
                        "enhanced_eligibility": {},
                        "has_evidence": False,
                        "past_due": False,
                        "submission_count": 0,
                    },
                    "is_charge_refundable": False,
                    "livemode": False,
                    "metadata": {},
                    "network_reason_code": "10.4",
                    "payment_intent": intent["id"],
                    "payment_method_details": {
                        "card": {"brand": "visa", "network_reason_code": "10.4"},
                        "type": "card",
                    },
                    "reason": reason,
                    "status": status,
                }
                self.disputes[charge["id"]] = dispute
                self._owners[dispute["id"]] = self._owners[session_id]
            dispute = copy.deepcopy(dispute)
        dispute["reason"], dispute["status"] = reason, status
        return dispute

    # --- state -------------------------------------------------------------------------------

    def _get_session(self, session_id: str) -> dict:
        session = self.sessions.get(session_id)
        if session is None:
            raise KeyError(f"no such checkout session: {session_id}")
        self._maybe_expire(session)
        return session

    def _paid_intent(self, session_id: str) -> dict:
        session = self._get_session(session_id)
        if session["payment_status"] != "paid":
            raise ValueError(f"{session_id} is not paid: complete() it first")
        return self.payment_intents[session["payment_intent"]]

    def _maybe_expire(self, session: dict) -> None:
        if session["status"] == "open" and self.now() >= session["expires_at"]:
            session["status"] = "expired"
            session["url"] = None

    def _new_payment_intent(self, session: dict, amount: int, status: str) -> dict:
        now = self.now()
        data = self._extra[session["id"]]["payment_intent_data"]
        intent_id = "pi_3" + _rand(23)
        intent = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": amount,
            "amount_capturable": 0,
            "amount_details": {"tip": {}},
            "amount_received": amount if status == "succeeded" else 0,
            "application": None,
            "application_fee_amount": None,
            "automatic_payment_methods": None,
            "canceled_at": None,
            "cancellation_reason": None,
            "capture_method": "automatic_async",
            "client_secret": f"{intent_id}_secret_{_rand(25)}",
            "confirmation_method": "automatic",
            "created": now,
            "currency": session["currency"],
            "customer": None,
            "description": data.get("description"),
            "last_payment_error": None,
            "latest_charge": None,
            "livemode": False,
            "metadata": dict(data.get("metadata", {})),
            "next_action": None,
            "on_behalf_of": None,
            "payment_method": "pm_1" + _rand(23),
            "payment_method_configuration_details": None,
            "payment_method_options": {
                "card": {
                    "installments": None,
                    "mandate_options": None,
                    "network": None,
                    "request_three_d_secure": "automatic",
                }
            },
            "payment_method_types": ["card"],
            "processing": None,
            "receipt_email": data.get("receipt_email"),
            "review": None,
            "setup_future_usage": None,
            "shipping": None,
            "source": None,
            "statement_descriptor": data.get("statement_descriptor"),
            "statement_descriptor_suffix": data.get("statement_descriptor_suffix"),
            "status": status,
            "transfer_data": None,
            "transfer_group": None,
        }
        self.payment_intents[intent_id] = intent
        self._owners[intent_id] = self._owners[session["id"]]
        session["payment_intent"] = intent_id
        self._new_charge(session, intent, paid=status == "succeeded")
        return intent

    def _new_charge(self, session: dict, intent: dict, *, paid: bool) -> dict:
        data = self._extra[session["id"]]["payment_intent_data"]
        charge_id = "ch_3" + _rand(23)
        amount = intent["amount"]
        charge = {
            "id": charge_id,
            "object": "charge",
            "amount": amount,
            "amount_captured": amount if paid else 0,
            "amount_refunded": 0,
            "application": None,
            "application_fee": None,
            "application_fee_amount": None,
            "balance_transaction": "txn_3" + _rand(23) if paid else None,
            "billing_details": {
                "address": {
                    "city": None,
                    "country": "US",
                    "line1": None,
                    "line2": None,
                    "postal_code": "10001",
                    "state": None,
                },
                "email": session["customer_email"] or "jenny.rosen@example.com",
                "name": "Jenny Rosen",
                "phone": None,
                "tax_id": None,
            },
            "calculated_statement_descriptor": "FAKE STRIPE",
            "captured": paid,
            "created": self.now(),
            "currency": intent["currency"],
            "customer": None,
            "description": data.get("description"),
            "disputed": False,
            "failure_balance_transaction": None,
            "failure_code": None if paid else "card_declined",
            "failure_message": None if paid else "Your card was declined.",
            "fraud_details": {},
            "livemode": False,
            "metadata": dict(intent["metadata"]),
            "on_behalf_of": None,
            "outcome": {
                "advice_code": None,
                "network_advice_code": None,
                "network_decline_code": None,
                "network_status": "approved_by_network" if paid else "declined_by_network",
                "reason": None if paid else "generic_decline",
                "risk_level": "normal",
                "risk_score": 32,
                "seller_message": "Payment complete."
                if paid
                else "The bank did not return any further details with this decline.",
                "type": "authorized" if paid else "issuer_declined",
            },
            "paid": paid,
            "payment_intent": intent["id"],
            "payment_method": intent["payment_method"],
            "payment_method_details": {
                "card": {
                    "brand": "visa",
                    "country": "US",
                    "exp_month": 12,
                    "exp_year": 2034,
                    "funding": "credit",
                    "last4": "4242",
                    "network": "visa",
                },
                "type": "card",
            },
            "radar_options": {},
            "receipt_email": data.get("receipt_email"),
            "receipt_number": None,
            "receipt_url": f"https://pay.stripe.com/receipts/payment/{_rand(40)}" if paid else None,
            "refunded": False,
            "review": None,
            "shipping": None,
            "source": None,
            "source_transfer": None,
            "statement_descriptor": data.get("statement_descriptor"),
            "statement_descriptor_suffix": data.get("statement_descriptor_suffix"),
            "status": "succeeded" if paid else "failed",
            "transfer_data": None,
            "transfer_group": None,
        }
        self.charges[charge_id] = charge
        self._owners[charge_id] = self._owners[session["id"]]
        intent["latest_charge"] = charge_id
        return charge

    def _complete(self, session_id: str, amount: int | None) -> dict:
        session = self._get_session(session_id)
        if session["status"] != "open":
            raise ValueError(f"{session_id} is {session['status']}, not open")
        if amount is None:
            amount = session["amount_total"]
        if session["payment_intent"] is None:
            self._new_payment_intent(session, amount, "succeeded")
        else:  # an earlier attempt was declined: the same PaymentIntent now succeeds
            intent = self.payment_intents[session["payment_intent"]]
            intent.update(amount=amount, amount_received=amount, status="succeeded")
            self._new_charge(session, intent, paid=True)
        subtotal = session["amount_subtotal"]
        session.update(
            status="complete",
            payment_status="paid",
            url=None,
            amount_total=amount,
            total_details={
                "amount_discount": max(subtotal - amount, 0),
                "amount_shipping": 0,
                "amount_tax": max(amount - subtotal, 0),
            },
            customer_details={
                "address": {
                    "city": None,
                    "country": "US",
                    "line1": None,
                    "line2": None,
                    "postal_code": "10001",
                    "state": None,
                },
                "business_name": None,
                "email": session["customer_email"] or "jenny.rosen@example.com",
                "individual_name": None,
                "name": "Jenny Rosen",
                "phone": None,
                "tax_exempt": "none",
                "tax_ids": [],
            },
        )
        return copy.deepcopy(session)

    def _auto_deliver(self, session_id: str, session: dict) -> None:
        label = self._owners[session_id][0]
        url = self.webhook_urls.get(label)
        if url:
            event = self.event("checkout.session.completed", session)
            self.deliver(event, url, secret=self.ACCOUNTS[label]["webhook_secret"])

    def _price_object(
        self, currency: str, unit_amount: int | None, decimal: str, product: str, *, active: bool
    ) -> dict:
        return {
            "id": "price_1" + _rand(23),
            "object": "price",
            "active": active,
            "billing_scheme": "per_unit",
            "created": self.now(),
            "currency": currency,
            "custom_unit_amount": None,
            "livemode": False,
            "lookup_key": None,
            "metadata": {},
            "nickname": None,
            "product": product,
            "recurring": None,
            "tax_behavior": "unspecified",
            "tiers_mode": None,
            "transform_quantity": None,
            "type": "one_time",
            "unit_amount": unit_amount,
            "unit_amount_decimal": decimal,
        }

    # --- HTTP --------------------------------------------------------------------------------

    def _serve(self, h: _Handler) -> None:
        split = urlsplit(h.path)
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length > 0 else b""
        headers = {_canon(k): v for k, v in h.headers.items()}
        request_id = "req_" + _rand(14)
        record: dict[str, Any] = {
            "method": h.command,
            "path": split.path,
            "query": split.query,
            "params": {},
            "headers": headers,
            "body": body.decode("utf-8", "replace"),
            "status": None,
            "account": None,
            "request_id": request_id,
        }
        with self._lock:
            self.requests.append(record)
        try:
            if split.path.startswith("/c/pay/"):
                response = self._pay_page(h.command, split.path[len("/c/pay/") :], record)
            else:
                response = self._api(h.command, split, body, headers, record)
        except StripeError as exc:
            response = _json_response(exc.status, exc.body(request_id))
        except Exception as exc:  # a bug in the fake: a 500 in Stripe's shape, and loud
            response = _json_response(
                500,
                StripeError(500, f"FakeStripe crashed: {exc!r}", type="api_error").body(request_id),
            )
        if split.path.startswith("/v1/"):
            response.headers.setdefault("Request-Id", request_id)
            response.headers.setdefault(
                "Stripe-Version", headers.get("Stripe-Version", API_VERSION)
            )
            response.headers.setdefault("Cache-Control", "no-cache, no-store")
        record["status"] = response.status
        h.send_response(response.status)
        for name, value in response.headers.items():
            h.send_header(name, value)
        h.send_header("Content-Length", str(len(response.body)))
        h.end_headers()
        h.wfile.write(response.body)

    def _api(self, method: str, split, body: bytes, headers: dict, record: dict) -> _Response:
        path = split.path
        if not path.startswith("/v1/"):
            raise self._unrecognized(method, path)
        label = self._authenticate(headers)  # the key first, as Stripe does
        record["account"] = label
        scope = (label, headers.get("Stripe-Account") or None)
        pairs = parse_qsl(split.query, keep_blank_values=True)
        if method == "POST" and body:
            content_type = headers.get("Content-Type", "").split(";")[0].strip().lower()
            if content_type != "application/x-www-form-urlencoded":
                raise StripeError(
                    400,
                    "Invalid request: this API takes application/x-www-form-urlencoded "
                    f"bodies, not {content_type or 'an unlabelled body'}.",
                )
            pairs += parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        params = _nest(pairs)
        record["params"] = params

        parts = path.strip("/").split("/")[1:]  # without "v1"
        if method == "POST" and parts == ["checkout", "sessions"]:
            return self._idempotent(record, method, path, params, scope, self._create_session)
        if method == "GET" and parts == ["checkout", "sessions"]:
            return self._list_sessions(params, scope)
        if len(parts) == 3 and parts[:2] == ["checkout", "sessions"] and method == "GET":
            return self._retrieve_session(parts[2], params, scope)
        if len(parts) == 4 and parts[:2] == ["checkout", "sessions"]:
            if method == "POST" and parts[3] == "expire":
                return self._idempotent(
                    record,
                    method,
                    path,
                    params,
                    scope,
                    lambda p, s: self._expire_session(parts[2], p, s),
                )
            if method == "GET" and parts[3] == "line_items":
                return self._session_line_items(parts[2], params, scope)
        if len(parts) == 2 and parts[0] == "payment_intents" and method == "GET":
            return self._retrieve_payment_intent(parts[1], params, scope)
        if len(parts) == 2 and parts[0] == "charges" and method == "GET":
            return self._retrieve_charge(parts[1], params, scope)
        raise self._unrecognized(method, path)

    @staticmethod
    def _unrecognized(method: str, path: str) -> StripeError:
        return StripeError(
            404,
            f"Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs "
            "or we can help at https://support.stripe.com/.",
        )

    def _authenticate(self, headers: dict) -> str:
        auth = headers.get("Authorization", "")
        if not auth:
            raise StripeError(
                401,
                "You did not provide an API key. You need to provide your API key in the "
                "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
                "YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, "
                "or we can help at https://support.stripe.com/.",
            )
        scheme, _, credential = auth.partition(" ")
        key = credential.strip()
        if scheme.lower() == "basic":
            try:
                key = base64.b64decode(key).decode().partition(":")[0]
            except ValueError:
                key = ""
        elif scheme.lower() != "bearer":
            key = ""
        if key in self._publishable:
            raise StripeError(
                401,
                "This API call cannot be made with a publishable API key. Please use a secret "
                "API key. You can find a list of your API keys at "
                "https://dashboard.stripe.com/account/apikeys.",
            )
        label = self._keys.get(key)
        if label is None:
            prefix = re.match(r"(?:[a-z]+_(?:test|live)_)?", key).group(0)
            masked = prefix + "*" * max(len(key) - len(prefix) - 4, 0) + key[-4:]
            raise StripeError(401, f"Invalid API Key provided: {masked}")
        return label

    def _idempotent(self, record, method, path, params, scope, handler) -> _Response:
        key = record["headers"].get("Idempotency-Key")
        if key is None:
            return handler(params, scope)
        if len(key) > 255:
            raise _invalid(
                "Idempotency-Key", "Idempotency-Key header must be at most 255 characters long."
            )
        with self._lock:
            saved = self._idempotency.get((*scope, key))
            if saved is not None:
                if (saved["method"], saved["path"]) != (method, path):
                    raise StripeError(
                        400,
                        "Keys for idempotent requests can only be used for the same endpoint "
                        f"they were first used for ({saved['method']} {saved['path']}). Try "
                        f"using a key other than '{key}' if you meant to execute a different "
                        "request.",
                        type="idempotency_error",
                    )
                if saved["params"] != params:
                    raise StripeError(
                        400,
                        "Keys for idempotent requests can only be used with the same parameters "
                        f"they were first used with. Try using a key other than '{key}' if you "
                        "meant to execute a different request.",
                        type="idempotency_error",
                    )
                return _Response(
                    saved["status"],
                    saved["body"],
                    {
                        "Content-Type": "application/json",
                        "Idempotency-Key": key,
                        "Idempotent-Replayed": "true",
                        "Original-Request": saved["request_id"],
                    },
                )
            response = handler(params, scope)
            request_id = record["request_id"]
            response.headers["Idempotency-Key"] = key
            self._idempotency[(*scope, key)] = {
                "method": method,
                "path": path,
                "params": copy.deepcopy(params),
                "status": response.status,
                "body": response.body,
                "request_id": request_id,
            }
            return response

    def _owned(self, store: dict, object_id: str, scope, kind: str, param: str) -> dict:
        obj = store.get(object_id)
        if obj is None or self._owners.get(object_id) != scope:
            raise StripeError(
                404, f"No such {kind}: '{object_id}'", code="resource_missing", param=param
            )
        return obj

    def _expand(self, params: dict, allowed: set[str]) -> set[str]:
        expand = params.get("expand", [])
        if isinstance(expand, str):
            expand = [expand]
        if not isinstance(expand, list):
            raise _invalid("expand", "Invalid array")
        for item in expand:
            if item not in allowed:
                raise _invalid("expand", f"This property cannot be expanded ({item}).")
        return set(expand)

    def _session_view(self, session: dict, expand: set[str]) -> dict:
        view = copy.deepcopy(session)
        if "payment_intent" in expand and view["payment_intent"]:
            view["payment_intent"] = copy.deepcopy(self.payment_intents[view["payment_intent"]])
        if "line_items" in expand:
            view["line_items"] = self._line_items_list(session)
        return view

    def _line_items_list(self, session: dict) -> dict:
        return {
            "object": "list",
            "data": copy.deepcopy(self._extra[session["id"]]["line_items"]),
            "has_more": False,
            "url": f"/v1/checkout/sessions/{session['id']}/line_items",
        }

    # --- endpoints ---------------------------------------------------------------------------

    def _create_session(self, params: dict, scope) -> _Response:
        _reject_unknown(params, SESSION_CREATE_PARAMS)
        expand = self._expand(params, {"payment_intent", "line_items"})
        if params.get("mode") in (None, ""):
            raise _missing("mode")
        mode = _enum(params["mode"], "mode", {"payment", "setup", "subscription"})
        if mode != "payment":
            raise _invalid("mode", "FakeStripe supports only mode=payment.")
        ui_mode = params.get("ui_mode") or "hosted_page"
        if ui_mode not in ("hosted_page", "hosted"):
            raise _invalid("ui_mode", "FakeStripe supports only ui_mode=hosted_page.")
        if params.get("success_url") in (None, ""):
            raise _missing("success_url")
        success_url = _url(params["success_url"], "success_url")
        cancel_url = params.get("cancel_url") or None
        if cancel_url is not None:
            cancel_url = _url(cancel_url, "cancel_url")
        line_items = params.get("line_items")
        if line_items in (None, "", []):
            raise _missing("line_items")
        if not isinstance(line_items, list):
            raise _invalid("line_items", "Invalid array")
        items = [self._line_item(i, item, scope) for i, item in enumerate(line_items)]
        currencies = {item["currency"] for item in items}
        if len(currencies) > 1:
            raise _invalid(
                "line_items",
                "All line items must have the same currency, but got: "
                + ", ".join(sorted(currencies)),
            )
        currency = currencies.pop()
        subtotal = sum(item["amount_subtotal"] for item in items)
        minimum = MINIMUM_AMOUNT.get(currency, 1)
        if subtotal < minimum:
            raise StripeError(
                400,
                "The Checkout Session's total amount due must add up to at least "
                f"{_money(minimum, currency)}",
                code="amount_too_small",
            )
        if subtotal > MAXIMUM_AMOUNT:
            raise StripeError(
                400,
                "The Checkout Session's total amount due must be no more than "
                f"{_money(MAXIMUM_AMOUNT, currency)}",
                code="amount_too_large",
            )
        metadata = _metadata(params.get("metadata"), "metadata")
        intent_data = params.get("payment_intent_data") or {}
        if not isinstance(intent_data, dict):
            raise _invalid("payment_intent_data", "Invalid hash")
        _reject_unknown(intent_data, PAYMENT_INTENT_DATA_PARAMS, "payment_intent_data")
        intent_data = {k: v for k, v in intent_data.items() if v != ""}
        intent_data["metadata"] = _metadata(
            intent_data.get("metadata"), "payment_intent_data[metadata]"
        )
        reference = params.get("client_reference_id") or None
        if reference is not None and len(_str(reference, "client_reference_id")) > 200:
            raise _invalid(
                "client_reference_id", "client_reference_id must be at most 200 characters."
            )
        email = params.get("customer_email") or None
        if email is not None and not re.fullmatch(
            r"[^@\s]+@[^@\s]+\.[^@\s]+", _str(email, "customer_email")
        ):
            raise _invalid("customer_email", f"Invalid email address: {email}", "email_invalid")
        locale = params.get("locale") or None
        if locale is not None:
            _enum(locale, "locale", LOCALES)
        now = self.now()
        expires_at = now + 86400
        if params.get("expires_at") not in (None, ""):
            expires_at = _int(params["expires_at"], "expires_at")
            if expires_at - now < 1800 or expires_at - now > 86400:
                raise _invalid(
                    "expires_at",
                    "The `expires_at` timestamp must be at least 30 minutes and less than 24 "
                    "hours from Checkout Session creation.",
                )
        submit_type = params.get("submit_type") or None
        if submit_type is not None:
            _enum(submit_type, "submit_type", {"auto", "book", "donate", "pay", "subscribe"})
        billing = params.get("billing_address_collection") or None
        if billing is not None:
            _enum(billing, "billing_address_collection", {"auto", "required"})
        promotion = params.get("allow_promotion_codes")
        if promotion not in (None, ""):
            promotion = _bool(promotion, "allow_promotion_codes")
        else:
            promotion = None
        allowed_types = params.get("allowed_payment_method_types") or None
        if allowed_types is not None and not isinstance(allowed_types, list):
            raise _invalid("allowed_payment_method_types", "Invalid array")

        session_id = "cs_test_a1" + _rand(56)
        session = {
            "id": session_id,
            "object": "checkout.session",
            "adaptive_pricing": {"enabled": False},
            "after_expiration": None,
            "allow_promotion_codes": promotion,
            "allowed_payment_method_types": allowed_types,
            "amount_subtotal": subtotal,
            "amount_total": subtotal,
            "automatic_tax": {
                "enabled": False,
                "liability": None,
                "provider": None,
                "status": None,
            },
            "billing_address_collection": billing,
            "cancel_url": cancel_url,
            "client_reference_id": reference,
            "client_secret": None,
            "collected_information": None,
            "consent": None,
            "consent_collection": None,
            "created": now,
            "currency": currency,
            "currency_conversion": None,
            "custom_fields": [],
            "custom_text": {
                "after_submit": None,
                "shipping_address": None,
                "submit": None,
                "terms_of_service_acceptance": None,
            },
            "customer": params.get("customer") or None,
            "customer_creation": "if_required",
            "customer_details": {
                "address": None,
                "business_name": None,
                "email": email,
                "individual_name": None,
                "name": None,
                "phone": None,
                "tax_exempt": "none",
                "tax_ids": None,
            }
            if email
            else None,
            "customer_email": email,
            "discounts": [],
            "expires_at": expires_at,
            "invoice": None,
            "invoice_creation": {
                "enabled": False,
                "invoice_data": {
                    "account_tax_ids": None,
                    "custom_fields": None,
                    "description": None,
                    "footer": None,
                    "issuer": None,
                    "metadata": {},
                    "rendering_options": None,
                },
            },
            "livemode": False,
            "locale": locale,
            "metadata": metadata,
            "mode": mode,
            "origin_context": None,
            "payment_intent": None,
            "payment_link": None,
            "payment_method_collection": "if_required",
            "payment_method_configuration_details": None,
            "payment_method_options": {"card": {"request_three_d_secure": "automatic"}},
            "payment_method_types": allowed_types or ["card"],
            "payment_status": "unpaid",
            "permissions": None,
            "phone_number_collection": {"enabled": False},
            "recovered_from": None,
            "saved_payment_method_options": None,
            "setup_intent": None,
            "shipping_address_collection": None,
            "shipping_cost": None,
            "shipping_options": [],
            "status": "open",
            "submit_type": submit_type,
            "subscription": None,
            "success_url": success_url,
            "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
            "ui_mode": ui_mode,
            "url": f"{self.base_url}/c/pay/{session_id}",
            "wallet_options": None,
        }
        with self._lock:
            self.sessions[session_id] = session
            self._owners[session_id] = scope
            self._extra[session_id] = {"line_items": items, "payment_intent_data": intent_data}
            view = self._session_view(session, expand)
        return _json_response(200, view)

    def _line_item(self, index: int, item: Any, scope) -> dict:
        p = f"line_items[{index}]"
        if not isinstance(item, dict):
            raise _invalid(p, "Invalid hash")
        _reject_unknown(item, LINE_ITEM_PARAMS, p)
        price_id, data = item.get("price") or None, item.get("price_data") or None
        if price_id and data:
            raise _invalid(p, "You may only specify one of these parameters: price, price_data.")
        if price_id:
            price = copy.deepcopy(self._owned(self.prices, price_id, scope, "price", f"{p}[price]"))
            description = price.get("nickname") or "Item"
            price["nickname"] = None
        elif data:
            price, description = self._price_from_data(data, f"{p}[price_data]")
        else:
            raise StripeError(
                400,
                "You must specify either `price` or `price_data` for each line item.",
                code="parameter_missing",
                param=f"{p}[price_data]",
            )
        if item.get("quantity") in (None, ""):
            raise _missing(f"{p}[quantity]")
        quantity = _int(item["quantity"], f"{p}[quantity]", minimum=1)
        if quantity > 999_999:
            raise _invalid(f"{p}[quantity]", "Quantity must be at most 999999.")
        amount = int(
            (Decimal(price["unit_amount_decimal"]) * quantity).to_integral_value(ROUND_HALF_UP)
        )
        return {
            "id": "li_1" + _rand(23),
            "object": "item",
            "adjustable_quantity": None,
            "amount_discount": 0,
            "amount_subtotal": amount,
            "amount_tax": 0,
            "amount_total": amount,
            "currency": price["currency"],
            "description": description,
            "metadata": _metadata(item.get("metadata"), f"{p}[metadata]"),
            "price": price,
            "quantity": quantity,
        }

    def _price_from_data(self, data: Any, p: str) -> tuple[dict, str]:
        if not isinstance(data, dict):
            raise _invalid(p, "Invalid hash")
        _reject_unknown(data, PRICE_DATA_PARAMS, p)
        if data.get("currency") in (None, ""):
            raise _missing(f"{p}[currency]")
        currency = _str(data["currency"], f"{p}[currency]").lower()
        if not re.fullmatch(r"[a-z]{3}", currency):
            raise _invalid(f"{p}[currency]", f"Invalid currency: {data['currency']}")
        if data.get("recurring"):
            raise _invalid(
                f"{p}[recurring]",
                "You specified `payment` mode but passed a recurring price. Either switch to "
                "`subscription` mode or use only one-time prices.",
            )
        product_data = data.get("product_data") or None
        if data.get("product"):
            raise StripeError(
                400,
                f"No such product: '{data['product']}'",
                code="resource_missing",
                param=f"{p}[product]",
            )
        if product_data is None:
            raise StripeError(
                400,
                "You must specify either `product` or `product_data` when creating a price.",
                code="parameter_missing",
                param=f"{p}[product_data]",
            )
        if not isinstance(product_data, dict):
            raise _invalid(f"{p}[product_data]", "Invalid hash")
        _reject_unknown(product_data, PRODUCT_DATA_PARAMS, f"{p}[product_data]")
        if product_data.get("name") in (None, ""):
            raise _missing(f"{p}[product_data][name]")
        name = _str(product_data["name"], f"{p}[product_data][name]")
        unit, decimal = data.get("unit_amount"), data.get("unit_amount_decimal")
        if unit not in (None, "") and decimal not in (None, ""):
            raise _invalid(
                p, "You may only specify one of these parameters: unit_amount, unit_amount_decimal."
            )
        if unit not in (None, ""):
            unit_amount = _int(unit, f"{p}[unit_amount]")
            decimal = str(unit_amount)
        elif decimal not in (None, ""):
            try:
                value = Decimal(_str(decimal, f"{p}[unit_amount_decimal]"))
            except InvalidOperation:
                value = Decimal(-1)
            if not value.is_finite() or value < 0 or value.as_tuple().exponent < -12:
                raise _invalid(f"{p}[unit_amount_decimal]", f"Invalid decimal: {decimal}")
            unit_amount = int(value) if value == value.to_integral_value() else None
        else:
            raise _missing(f"{p}[unit_amount]")
        tax_behavior = data.get("tax_behavior") or "unspecified"
        _enum(tax_behavior, f"{p}[tax_behavior]", {"exclusive", "inclusive", "unspecified"})
        price = self._price_object(
            currency, unit_amount, decimal, "prod_" + _rand(14), active=False
        )
        price["tax_behavior"] = tax_behavior
        return price, name

    def _retrieve_session(self, session_id: str, params: dict, scope) -> _Response:
        _reject_unknown(params, frozenset({"expand"}))
        expand = self._expand(params, {"payment_intent", "line_items"})
        with self._lock:
            session = self._owned(self.sessions, session_id, scope, "checkout.session", "session")
            self._maybe_expire(session)
            return _json_response(200, self._session_view(session, expand))

    def _session_line_items(self, session_id: str, params: dict, scope) -> _Response:
        _reject_unknown(params, frozenset({"expand", "limit", "starting_after", "ending_before"}))
        with self._lock:
            session = self._owned(self.sessions, session_id, scope, "checkout.session", "session")
            return _json_response(200, self._line_items_list(session))

    def _list_sessions(self, params: dict, scope) -> _Response:
        _reject_unknown(
            params,
            frozenset({"expand", "limit", "payment_intent", "starting_after", "status"}),
        )
        limit = _int(params.get("limit", "10"), "limit", minimum=1)
        if limit > 100:
            raise _invalid("limit", "This value must be less than or equal to 100.")
        with self._lock:
            found = []
            for session in reversed(self.sessions.values()):  # newest first
                self._maybe_expire(session)
                if self._owners[session["id"]] != scope:
                    continue
                if params.get("status") and session["status"] != params["status"]:
                    continue
                if params.get("payment_intent") and (
                    session["payment_intent"] != params["payment_intent"]
                ):
                    continue
                found.append(session)
            after = params.get("starting_after")
            if after:
                ids = [s["id"] for s in found]
                found = found[ids.index(after) + 1 :] if after in ids else []
            return _json_response(
                200,
                {
                    "object": "list",
                    "data": copy.deepcopy(found[:limit]),
                    "has_more": len(found) > limit,
                    "url": "/v1/checkout/sessions",
                },
            )

    def _expire_session(self, session_id: str, params: dict, scope) -> _Response:
        _reject_unknown(params, frozenset({"expand"}))
        expand = self._expand(params, {"payment_intent", "line_items"})
        with self._lock:
            session = self._owned(self.sessions, session_id, scope, "checkout.session", "session")
            self._maybe_expire(session)
            if session["status"] != "open":
                raise StripeError(
                    400,
                    'Only Checkout Sessions with a status in ["open"] can be expired. This '
                    f'Checkout Session has a status of "{session["status"]}".',
                )
            session["status"] = "expired"
            session["url"] = None
            return _json_response(200, self._session_view(session, expand))

    def _retrieve_payment_intent(self, intent_id: str, params: dict, scope) -> _Response:
        _reject_unknown(params, frozenset({"expand", "client_secret"}))
        expand = self._expand(params, {"latest_charge"})
        with self._lock:
            intent = copy.deepcopy(
                self._owned(self.payment_intents, intent_id, scope, "payment_intent", "intent")
            )
            if "latest_charge" in expand and intent["latest_charge"]:
                intent["latest_charge"] = copy.deepcopy(self.charges[intent["latest_charge"]])
            return _json_response(200, intent)

    def _retrieve_charge(self, charge_id: str, params: dict, scope) -> _Response:
        _reject_unknown(params, frozenset({"expand"}))
        self._expand(params, set())
        with self._lock:
            charge = self._owned(self.charges, charge_id, scope, "charge", "charge")
            return _json_response(200, copy.deepcopy(charge))

    # --- the hosted page -----------------------------------------------------------------------

    def _pay_page(self, method: str, session_id: str, record: dict) -> _Response:
        paid_now = False
        with self._lock:
            session = self.sessions.get(session_id)
            if session is None:
                return self._html(
                    404, "Something went wrong", "<p>This page could not be found.</p>"
                )
            self._maybe_expire(session)
            if method == "POST" and session["status"] == "open":
                self._complete(session_id, None)
                paid_now = True
            session = copy.deepcopy(session)
            items = copy.deepcopy(self._extra[session_id]["line_items"])
        if paid_now:  # outside the lock: the webhook handler may call back into this fake
            self._auto_deliver(session_id, session)
        if method == "POST":
            if session["status"] == "complete":
                location = session["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id)
                return _Response(303, b"", {"Location": location})
        elif method != "GET":
            return self._html(405, "Method not allowed", "")
        if session["status"] == "expired":
            return self._html(
                410,
                "Fake Stripe Checkout",
                "<p id='status'>This Checkout Session is no longer active.</p>",
            )
        amount = _money(session["amount_total"], session["currency"])
        rows = "".join(
            f"<li>{html.escape(item['description'] or '')} x {item['quantity']}: "
            f"{html.escape(_money(item['amount_total'], item['currency']))}</li>"
            for item in items
        )
        if session["status"] == "complete":
            action = "<p id='status'>Paid.</p>"
        else:
            action = (
                f"<form method='post' action='/c/pay/{html.escape(session_id)}'>"
                "<button type='submit' id='pay'>Pay</button></form>"
            )
        cancel = (
            f"<p><a id='cancel' href='{html.escape(session['cancel_url'])}'>Cancel</a></p>"
            if session["cancel_url"]
            else ""
        )
        email = session["customer_email"] or ""
        content = (
            "<p>Test mode: no real payment.</p>"
            f"<ul id='items'>{rows}</ul>"
            f"<p>Total: <strong id='amount' data-amount='{session['amount_total']}' "
            f"data-currency='{html.escape(session['currency'])}'>{html.escape(amount)}</strong></p>"
            f"<p id='email'>{html.escape(email)}</p>{action}{cancel}"
        )
        return self._html(200, "Fake Stripe Checkout", content)

    @staticmethod
    def _html(status: int, title: str, content: str) -> _Response:
        page = (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title></head>"
            f"<body><main><h1>{html.escape(title)}</h1>{content}</main></body></html>"
        )
        return _Response(status, page.encode(), {"Content-Type": "text/html; charset=utf-8"})
