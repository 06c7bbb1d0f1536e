"""What the client reads about an invoice (issue 13.14, 13.15): how to pay when there is no
online payment (and no word of cards then), "Overdue" on the page and the PDF, unpaid invoices
on the home page, and an invoice entirely in the client's language, one number format a page,
with staff-written texts in both languages falling back visibly."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from pypdf import PdfReader

from billing import amounts, pdf, services
from billing.models import Account, Invoice, LineKind, Payment
from tests.billing.conftest import three_lines

pytestmark = pytest.mark.django_db

NO_STRIPE = {
    "operating": {"secret_key": "", "webhook_secret": ""},
    "trust": {"secret_key": "", "webhook_secret": ""},
}
# Words that promise a card or online payment, in both languages.
CARD_WORDS = re.compile(r"\b(card|cards|stripe|online|tarjeta|tarjetas|en línea)\b", re.I)


@pytest.fixture
def offline(settings):
    settings.STRIPE_ACCOUNTS = NO_STRIPE
    settings.PAYMENT_BANK_OPERATING = "First Demo Bank\\nRouting 011000015\\nAccount 12345678"
    settings.PAYMENT_BANK_TRUST = "First Demo Bank, IOLTA\\nRouting 011000015\\nAccount 87654321"
    settings.PAYMENT_CHECK_PAYEE_OPERATING = "Demo Immigration Law PLLC"
    settings.PAYMENT_CHECK_PAYEE_TRUST = "Demo Immigration Law PLLC IOLTA Trust Account"
    settings.PAYMENT_ADDRESS = "PO Box 42\nSpringfield, ST 00000"
    settings.PAYMENT_PHONE = "+1 555 010 0199"
    return settings


def visible_text(html: str) -> str:
    """The page's text as a reader sees it: no tags, no class names, no scripts."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def pdf_text(invoice) -> str:
    data = pdf.render_invoice_pdf(invoice)
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def spanish_invoice(matter, client_user, billing, *, today=None, **kw):
    client_user.preferred_language = "es"
    client_user.save(update_fields=["preferred_language"])
    invoice = services.create_invoice(matter=matter, client=client_user, by=billing, **kw)
    three_lines(invoice, billing)
    return services.issue(invoice=invoice, by=billing, today=today)


# Paying without Stripe -----------------------------------------------------------------------


def test_without_stripe_the_invoice_page_says_how_to_pay(client, client_user, issued, offline):
    client.force_login(client_user)
    html = client.get(reverse("billing:client_invoice", args=[issued.uuid])).content.decode()
    text = visible_text(html)
    assert "How to pay" in text
    assert "Please quote the invoice number INV-000001 with your payment." in text
    assert "First Demo Bank Routing 011000015 Account 12345678" in text
    assert "Make the check payable to Demo Immigration Law PLLC and mail it to:" in text
    assert "PO Box 42 Springfield, ST 00000" in text and "Call us at +1 555 010 0199." in text
    assert not CARD_WORDS.search(text), CARD_WORDS.search(text)
    assert "/pay/" not in html  # no Pay button
    # Pressing a stale Pay button lands on the instructions, not on a dead end.
    response = client.post(reverse("billing:client_invoice_pay", args=[issued.uuid]))
    assert response.status_code == 302 and response.url.endswith("#how-to-pay")


def test_a_trust_invoice_gives_the_trust_accounts_details(
    client, matter, client_user, billing, offline
):
    invoice = services.create_invoice(
        matter=matter, client=client_user, by=billing, account=Account.TRUST
    )
    services.add_line(
        invoice=invoice, by=billing, kind=LineKind.RETAINER, description="Retainer", unit_amount=1
    )
    invoice = services.issue(invoice=invoice, by=billing)
    client.force_login(client_user)
    text = visible_text(
        client.get(reverse("billing:client_invoice", args=[invoice.uuid])).content.decode()
    )
    assert "Account 87654321" in text and "Account 12345678" not in text
    assert "payable to Demo Immigration Law PLLC IOLTA Trust Account" in text


def test_without_stripe_no_email_or_pdf_mentions_cards(
    matter, client_user, billing, offline, django_capture_on_commit_callbacks
):
    offline.INVOICE_REMINDER_DAYS = [0]
    invoice = services.create_invoice(matter=matter, client=client_user, by=billing)
    three_lines(invoice, billing)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invoice = services.issue(invoice=invoice, by=billing)
    services.send_payment_reminders(today=invoice.due_date)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        bodies = [message.body] + [body for body, _type in message.alternatives]
        for body in bodies:
            assert not CARD_WORDS.search(visible_text(body)), body
    assert "how to pay" in mail.outbox[0].body and "how to pay" in mail.outbox[1].body
    text = pdf_text(invoice)
    assert not CARD_WORDS.search(text), text
    assert "How to pay" in text and "Account 12345678" in text


def test_with_stripe_the_pay_button_and_the_other_ways(client, client_user, issued, settings):
    settings.STRIPE_ACCOUNTS = {**NO_STRIPE, "operating": {"secret_key": "sk_test_x"}}
    client.force_login(client_user)
    html = client.get(reverse("billing:client_invoice", args=[issued.uuid])).content.decode()
    assert "Pay $2,511.83" in html and "Other ways to pay" in html
    assert "Pay online from your client portal" not in pdf_text(issued)
    assert "You can pay online from your client portal." in pdf_text(issued)


def test_the_pay_link_without_stripe_gives_the_instructions(client, issued, offline):
    url = reverse("billing:pay_link", args=[services.pay_link_token(issued)])
    text = visible_text(client.get(url).content.decode())
    assert "How to pay" in text and "Account 12345678" in text
    assert not CARD_WORDS.search(text)


# Overdue -------------------------------------------------------------------------------------


def test_an_overdue_invoice_says_so_on_the_page_and_the_pdf(
    client, matter, client_user, billing, offline
):
    invoice = spanish_invoice(
        matter, client_user, billing, today=dt.date.today() - dt.timedelta(days=45)
    )
    assert invoice.is_overdue
    client.force_login(client_user)
    html = client.get(
        reverse("billing:client_invoice", args=[invoice.uuid]), HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert re.search(r'id="invoice-overdue">Vencida<', html)
    assert "Vencida" in pdf_text(invoice)
    Invoice.objects.filter(pk=invoice.pk).update(language="en")
    invoice.refresh_from_db()
    assert "Overdue" in pdf_text(invoice)


def test_an_invoice_not_yet_due_is_not_overdue(client, client_user, issued):
    client.force_login(client_user)
    html = client.get(reverse("billing:client_invoice", args=[issued.uuid])).content.decode()
    assert 'id="invoice-overdue"' not in html and "Overdue" not in pdf_text(issued)


# The client's home -------------------------------------------------------------------------


def test_the_home_page_lists_unpaid_invoices_with_amount_and_due_date(
    client, matter, client_user, other_client_user, billing, issued
):
    paid = services.create_invoice(matter=matter, client=client_user, by=billing)
    services.add_line(invoice=paid, by=billing, kind="fee", description="Paid", unit_amount=5000)
    paid = services.issue(invoice=paid, by=billing)
    services.record_payment(
        invoice=paid, amount=5000, method=Payment.Method.CASH, by=billing, reference=""
    )
    services.record_payment(
        invoice=issued, amount=1183, method=Payment.Method.CHECK, by=billing, reference="77"
    )
    client.force_login(client_user)
    html = client.get(reverse("home")).content.decode()
    section = html[html.index('id="unpaid-heading"') :]
    text = visible_text(section)
    assert "Invoices to pay" in visible_text(html)
    with translation.override("en"):
        due = date_format(issued.due_date, "SHORT_DATE_FORMAT")
    assert f"$2,500.00 due by {due}" in text
    assert reverse("billing:client_invoice", args=[issued.uuid]) in section
    assert paid.display_number not in text
    client.force_login(other_client_user)
    assert "Invoices to pay" not in client.get(reverse("home")).content.decode()


# Language -------------------------------------------------------------------------------------


ENGLISH_LABELS = (
    "Invoice",
    "Issued",
    "Due",
    "Status",
    "Bill to",
    "Matter",
    "Description",
    "Discounts",
    "Balance due",
    "Payment terms",
    "How to pay",
    "By check",
    "Bank transfer",
    "Operating account",
    "paid to the government",
    "quote the invoice number",
)


def test_the_pdf_is_entirely_in_spanish(matter, client_user, billing, offline):
    invoice = spanish_invoice(
        matter, client_user, billing, today=dt.date(2026, 1, 5), notes="Thank you"
    )
    text = pdf_text(invoice)
    for label in ENGLISH_LABELS:
        assert label not in text, label
    assert "Factura INV-000001" in text and "Emitida: 5 de enero de 2026" in text
    assert "4 de febrero de 2026" in text and "Saldo pendiente" in text
    assert "January" not in text and "February" not in text
    # Dollars are written $1,234.56 in both languages; quantities and rates alike.
    assert "$275.00" in text and " 1.25 " in text and "8.875%" in text
    assert not re.search(r"\b\d+,\d{1,2}\b(?!\d)", text.replace("$2,5", "")), text
    # Texts staff wrote only in English are shown, marked as English.
    flat = " ".join(text.split())
    assert "Consultation (en inglés)" in flat and "Thank you (en inglés)" in flat


def test_lines_written_in_both_languages_read_in_the_clients(
    client, matter, client_user, billing, offline
):
    client_user.preferred_language = "es"
    client_user.save(update_fields=["preferred_language"])
    invoice = services.create_invoice(
        matter=matter,
        client=client_user,
        by=billing,
        notes="Thank you for your trust.",
        notes_es="Gracias por su confianza.",
    )
    services.add_line(
        invoice=invoice,
        by=billing,
        kind=LineKind.FEE,
        description="I-130 petition preparation",
        description_es="Preparación de la petición I-130",
        unit_amount=150000,
    )
    services.add_line(
        invoice=invoice,
        by=billing,
        kind=LineKind.EXPENSE,
        description="",
        description_es="Traducciones certificadas",
        unit_amount=2500,
    )
    invoice = services.issue(invoice=invoice, by=billing)
    text = pdf_text(invoice)
    assert "Preparación de la petición I-130" in text and "I-130 petition preparation" not in text
    assert "Gracias por su confianza." in text and "Thank you" not in text
    assert "(en inglés)" not in text
    client.force_login(client_user)
    html = client.get(
        reverse("billing:client_invoice", args=[invoice.uuid]), HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert "Preparación de la petición I-130" in html
    # An English reader of a Spanish-only line gets it marked, with its language for screen
    # readers.
    client_user.preferred_language = "en"
    client_user.save(update_fields=["preferred_language"])
    with translation.override("en"):
        html = client.get(
            reverse("billing:client_invoice", args=[invoice.uuid]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert '<span lang="es">Traducciones certificadas</span>' in html
    assert "(in Spanish)" in html


def test_numbers_follow_the_money_of_the_page():
    assert amounts.format_number(Decimal("1.25"), "USD", "es") == "1.25"
    assert amounts.format_number(Decimal("8.875"), "USD", "es") == "8.875"
    assert amounts.format_number(Decimal("1.25"), "EUR", "es") == "1,25"
    assert amounts.format_number(Decimal("1234.50"), "EUR", "es") == "1.234,5"
    assert amounts.format_number(Decimal("1234.50"), "EUR", "en") == "1,234.5"
    assert amounts.format_number(Decimal("10.000"), "USD", "en") == "10"
    assert amounts.format_amount(125, "EUR", "es") == "1,25 €"
    with pytest.raises(amounts.AmountError):
        amounts.format_number(1.25, "USD", "en")  # type: ignore[arg-type]


def test_a_euro_invoice_in_spanish_has_one_number_format(client, matter, client_user, billing):
    client_user.preferred_language = "es"
    client_user.save(update_fields=["preferred_language"])
    invoice = services.create_invoice(matter=matter, client=client_user, by=billing)
    Invoice.objects.filter(pk=invoice.pk).update(currency="EUR")
    invoice.refresh_from_db()
    services.add_line(
        invoice=invoice,
        by=billing,
        kind=LineKind.HOURLY,
        description="Consulta",
        quantity=Decimal("2.5"),
        unit_amount=27500,
        tax_rate=Decimal("8.875"),
    )
    invoice = services.issue(invoice=invoice, by=billing)
    text = pdf_text(invoice)
    assert "275,00 €" in text and " 2,5 " in text and "8,875%" in text
    assert "2.5 " not in text and "8.875" not in text


def test_the_firms_own_payment_note_is_read_in_the_clients_language(
    client, client_user, issued, offline
):
    offline.PAYMENT_NOTE = "Zelle: pay@firm.example"
    offline.PAYMENT_NOTE_ES = "Zelle: pagos@firm.example"
    client_user.preferred_language = "es"
    client_user.save(update_fields=["preferred_language"])
    client.force_login(client_user)
    url = reverse("billing:client_invoice", args=[issued.uuid])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "pagos@firm.example" in html and "pay@firm.example" not in html
    offline.PAYMENT_NOTE_ES = ""
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<div class="client-text" lang="en"><p>Zelle: pay@firm.example</p>' in html
    assert "(en inglés)" in html
