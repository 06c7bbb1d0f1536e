"""Demo invoices for `seed_demo`: issued, partly paid, paid and overdue."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from billing import services
from billing.models import Account, Invoice, LineKind, LineTemplate, Payment
from matters.models import Matter
from portal.accounts.models import User


def seed_invoices(*, client: User, billing: User) -> int:
    if Invoice.objects.filter(client=client).exists():
        return 0
    matters = list(Matter.objects.filter(contacts__user=client).order_by("created_at"))
    if not matters:
        return 0
    today = timezone.localdate()
    templates = {t.code: t for t in LineTemplate.objects.all()}

    def invoice(matter, lines, *, issued_days_ago, terms=30, account=Account.OPERATING):
        inv = services.create_invoice(
            matter=matter, client=client, by=billing, account=account, terms_days=terms
        )
        for line in lines:
            if isinstance(line, str):
                services.add_template_line(invoice=inv, template=templates[line], by=billing)
            else:
                services.add_line(invoice=inv, by=billing, **line)
        return services.issue(
            invoice=inv, by=billing, today=today - dt.timedelta(days=issued_days_ago)
        )

    first = matters[0]
    last = matters[-1]
    # Issued, not yet due.
    invoice(first, ["i130-prep", "uscis-i130"], issued_days_ago=3)
    # Partly paid by check.
    partly = invoice(
        first,
        [
            {
                "kind": LineKind.HOURLY,
                "description": "Consultation and document review",
                "description_es": "Consulta y revisión de documentos",
                "quantity": Decimal("2.50"),
                "unit_amount": 27500,
            },
            {
                "kind": LineKind.EXPENSE,
                "description": "Certified translations (3 pages)",
                "description_es": "Traducciones certificadas (3 páginas)",
                "quantity": Decimal(3),
                "unit_amount": 2500,
                "tax_rate": Decimal("8.875"),
            },
        ],
        issued_days_ago=10,
    )
    services.record_payment(
        invoice=partly, amount=30000, method=Payment.Method.CHECK, reference="1042", by=billing
    )
    # Paid in full by wire: the retainer, to the trust account.
    paid = invoice(
        last,
        [
            {
                "kind": LineKind.RETAINER,
                "description": "Retainer deposit",
                "description_es": "Anticipo de honorarios",
                "unit_amount": 150000,
            }
        ],
        issued_days_ago=45,
        account=Account.TRUST,
    )
    services.record_payment(
        invoice=paid, amount=paid.total, method=Payment.Method.WIRE, reference="WIRE-88", by=billing
    )
    # Overdue.
    invoice(last, ["h1b-prep"], issued_days_ago=50, terms=15)
    return 4
