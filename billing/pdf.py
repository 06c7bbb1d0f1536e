"""Invoice PDFs with WeasyPrint, in the client's language, from the same data as the page.

Only local resources: fonts installed on the system (DejaVu), the firm's logo from
static files; a URL fetcher that refuses anything else, so a template can never
make the server fetch from the network.

WeasyPrint is imported where a PDF is made: importing it loads Pango, an optional system
library (without it the portal runs and offers no PDFs), so it cannot load with the views.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from billing.instructions import lines as instruction_lines
from billing.instructions import payment_instructions
from billing.services.invoices import totals_of

STATIC = Path(settings.BASE_DIR) / "static"


def _fetcher(url: str, *args, **kwargs):
    from weasyprint import default_url_fetcher  # noqa: PLC0415 - loads Pango, which is optional

    if url.startswith("file://") and Path(url[7:]).resolve().is_relative_to(STATIC.resolve()):
        return default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"refused to fetch {url[:80]}")


def invoice_context(invoice) -> dict:
    """What the invoice's page and its PDF both show (the same data, by construction)."""
    lines = list(invoice.lines.all())
    logo = STATIC / settings.FIRM_LOGO if settings.FIRM_LOGO else None
    payments = list(invoice.payments.all())
    return {
        "invoice": invoice,
        "lines": lines,
        # The totals list the payments that stand; a reversed one is in the staff's list only.
        "payments": [p for p in payments if p.reversed_at is None],
        "all_payments": payments,
        "overpayments": list(invoice.overpayments.all()),
        "credits": list(invoice.credit_notes.all()),
        "instalments": list(invoice.instalments.all()),
        "taxes": list(totals_of(lines).taxes),
        "how_to_pay": payment_instructions(invoice),
        "firm_name": settings.FIRM_NAME,
        "firm_address": instruction_lines(settings.FIRM_ADDRESS),
        "logo": logo.as_uri() if logo and logo.exists() else "",
    }


def invoice_html(invoice) -> str:
    with translation.override(invoice.language):
        return render_to_string("billing/invoice_pdf.html", invoice_context(invoice))


def render_invoice_pdf(invoice) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 - loads Pango, which is optional (README)

    html = invoice_html(invoice)
    return HTML(string=html, base_url=STATIC.as_uri(), url_fetcher=_fetcher).write_pdf()
