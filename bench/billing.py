"""Invoice PDFs and the Stripe webhook endpoint.

PDF: ``billing.pdf.render_invoice_pdf`` (queries, template in the client's language,
WeasyPrint) for a 10-line and a 200-line invoice, against WeasyPrint rendering the
same HTML string directly in the same process, interleaved, medians. Target: the
portal's render at most 1.3 times WeasyPrint's own time.

Webhook: ``/billing/stripe/webhook/`` through Django's test client with real
signatures (Stripe's scheme, verified by the stripe library), each a new
``payment_intent.payment_failed`` event on a real invoice (so the whole path runs:
verification, the event-id insert, dispatch, an audit event). Prints the median
handling time; no target.

    .venv/bin/python bench/billing.py
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import statistics
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import _benchdb  # noqa: E402

BENCH_DB = "portal_bench_billing"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))
WEBHOOK_ROUNDS = int(os.environ.get("BENCH_WEBHOOKS", "200"))
PDF_RATIO = 1.3
SECRET = "whsec_bench_" + "x" * 24

RUN = _benchdb.start(
    BENCH_DB, prefix="portal-bench-billing-", STRIPE_TEST_OPERATING_WEBHOOK_SECRET=SECRET
)
DB_LABEL = RUN.label

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from weasyprint import HTML  # noqa: E402

from billing import pdf, services  # noqa: E402
from billing.models import Account, LineKind  # noqa: E402
from matters import services as matter_services  # noqa: E402
from matters.models import CaseType  # noqa: E402
from portal.accounts.models import Role, User  # noqa: E402
from portal.accounts.services import ensure_role_groups, set_roles  # noqa: E402


def make_invoice(lines: int):
    ensure_role_groups()
    staff = User.objects.filter(email="bill@firm.test").first() or User.objects.create_user(
        "bill@firm.test", None, kind=User.Kind.STAFF, full_name="Bill Billing"
    )
    set_roles(user=staff, roles=[Role.BILLING], by=None)
    client = User.objects.filter(email="carla@client.test").first() or User.objects.create_user(
        "carla@client.test", None, kind=User.Kind.CLIENT, full_name="Carla Client"
    )
    matter = matter_services.create_matter(
        case_type=CaseType.objects.get(code="i130"),
        client_email=client.email,
        client_name=client.full_name,
        language="es",
        by=staff,
        invite=False,
    )
    matter_services.attach_contacts(client)
    invoice = services.create_invoice(
        matter=matter, client=client, by=staff, account=Account.OPERATING, language="es"
    )
    kinds = [LineKind.FEE, LineKind.HOURLY, LineKind.EXPENSE, LineKind.FILING_FEE]
    for i in range(lines):
        kind = kinds[i % 4]
        services.add_line(
            invoice=invoice,
            by=staff,
            kind=kind,
            description=f"Line {i + 1}: work on the case, documents and correspondence",
            quantity=Decimal("1.25") if kind == LineKind.HOURLY else Decimal(1),
            unit_amount=27500 + i,
            tax_rate=Decimal("8.875") if kind == LineKind.EXPENSE else Decimal(0),
        )
    return services.issue(invoice=invoice, by=staff)


def pdf_rounds(invoice) -> tuple[float, float]:
    html = pdf.invoice_html(invoice)
    base = pdf.STATIC.as_uri()
    portal_times, direct_times = [], []
    pdf.render_invoice_pdf(invoice)  # warm-up: fonts, templates
    HTML(string=html, base_url=base).write_pdf()
    for r in range(ROUNDS):
        order = ("portal", "direct") if r % 2 == 0 else ("direct", "portal")
        for which in order:
            t0 = time.perf_counter()
            if which == "portal":
                pdf.render_invoice_pdf(invoice)
                portal_times.append(time.perf_counter() - t0)
            else:
                HTML(string=html, base_url=base).write_pdf()
                direct_times.append(time.perf_counter() - t0)
    return statistics.median(portal_times), statistics.median(direct_times)


def sign(payload: bytes) -> str:
    t = int(time.time())
    mac = hmac.new(SECRET.encode(), f"{t}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def webhook_rounds(invoice) -> float:
    client = Client()
    times = []
    for _ in range(WEBHOOK_ROUNDS):
        event = {
            "id": f"evt_{uuid.uuid4().hex}",
            "object": "event",
            "type": "payment_intent.payment_failed",
            "created": int(time.time()),
            "livemode": False,
            "data": {
                "object": {
                    "id": f"pi_{uuid.uuid4().hex[:24]}",
                    "object": "payment_intent",
                    "amount": invoice.total,
                    "currency": "usd",
                    "metadata": {"invoice": str(invoice.uuid), "account": "operating"},
                    "last_payment_error": {"code": "card_declined"},
                }
            },
        }
        payload = json.dumps(event).encode()
        t0 = time.perf_counter()
        response = client.post(
            "/billing/stripe/webhook/",
            payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=sign(payload),
        )
        times.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.content
    return statistics.median(times[10:])


def main() -> int:
    call_command("migrate", verbosity=0)
    results = {}
    for n in (10, 200):
        invoice = make_invoice(n)
        results[n] = pdf_rounds(invoice)
    webhook = webhook_rounds(invoice)
    print(f"database: {DB_LABEL}; {ROUNDS} interleaved rounds, medians")
    print(f"{'':<34}{'portal s':>10}{'weasyprint s':>14}{'ratio':>8}")
    for n, (portal, direct) in results.items():
        print(
            f"{f'invoice PDF, {n} lines':<34}{portal:>10.3f}{direct:>14.3f}{portal / direct:>8.2f}"
        )
    print(f"webhook median handling time: {webhook * 1000:.1f} ms ({WEBHOOK_ROUNDS} events)")
    print()
    failed = False
    for n, (portal, direct) in results.items():
        ratio = portal / direct
        ok = ratio <= PDF_RATIO
        failed |= not ok
        print(
            f"target pdf_vs_weasyprint_{n}_lines {ratio:.2f} <= {PDF_RATIO} {'PASS' if ok else 'FAIL'}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    RUN.run(main)
