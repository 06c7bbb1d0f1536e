"""Billing records checks by hand and the client, on a phone in Spanish, sees the result
(issue 13.4, 13.14, 13.16).

Billing (desktop) records check 1042, goes back and submits it again: refused, naming the
check on record. Then a check for more than the balance: asked whether the difference is a
credit or a refund; a credit is chosen. That check was typed wrong, so Billing reverses it
with a reason: the balance comes back. The client (Spanish, 390 px, no online payment
configured) sees the balance on the home page and the invoice, "Vencida", and how to pay by
transfer, check or phone; the totals fit 320 to 390 px without sideways scrolling.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from billing import services
from billing.models import Invoice, LedgerEntry, LineKind, Overpayment, Payment
from matters import services as matter_services
from matters.models import CaseType
from portal.accounts.models import Role, User
from tests.billing.conftest import three_lines
from tests.browser.test_family_case import (
    DESKTOP,
    assert_accessible,
    assert_fits_phone,
    restore_default_case_types,
    sign_in,
    submit,
)
from tests.browser.test_upload import staff_sign_in
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser

NO_STRIPE = {
    "operating": {"secret_key": "", "webhook_secret": ""},
    "trust": {"secret_key": "", "webhook_secret": ""},
}
PHONE_WIDTHS = (320, 360, 390)


def offline_firm(settings) -> None:
    settings.STRIPE_ACCOUNTS = NO_STRIPE
    settings.PAYMENT_BANK_OPERATING = "First Demo Bank\nRouting 011000015\nAccount 12345678"
    settings.PAYMENT_CHECK_PAYEE_OPERATING = "Demo Immigration Law PLLC"
    settings.PAYMENT_ADDRESS = "PO Box 42\nSpringfield, ST 00000"
    settings.PAYMENT_PHONE = "+1 555 010 0199"


def spanish_client_with_matter(billing: User) -> tuple[User, object]:
    client = make_user("maria@client.test", full_name="María Cliente", preferred_language="es")
    matter = matter_services.create_matter(
        case_type=CaseType.objects.get(code="i130"),
        client_email=client.email,
        client_name="María Cliente",
        language="es",
        by=billing,
        invite=False,
    )
    matter_services.attach_contacts(client)
    return client, matter


def payment_form(page):
    return page.locator("#payment-form")


def record_check(page, amount: str, number: str) -> None:
    form = payment_form(page)
    form.locator("input[name=amount]").fill(amount)
    form.locator("select[name=method]").select_option("check")
    form.locator("input[name=reference]").fill(number)
    submit(page, form.get_by_role("button", name="Record payment"))


def assert_totals_fit(page, where: str) -> None:
    """At each phone width: no sideways scrolling, neither of the page nor of the lines
    table, and the balance is inside the screen."""
    for width in PHONE_WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        assert_fits_phone(page, f"{where} at {width}px")
        wrap = page.evaluate(
            "(() => { const w = document.querySelector('.invoice-wrap');"
            " return [w.scrollWidth, w.clientWidth]; })()"
        )
        assert wrap[0] <= wrap[1], f"{where} at {width}px: the lines scroll sideways {wrap}"
        box = page.locator("#balance-due").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (where, width, box)
        expect(page.locator("#balance-due")).to_be_visible()


def test_billing_records_checks_and_the_client_sees_the_balance(
    live_server, browser, axe_source, settings
):
    base = live_server.url
    restore_default_case_types()
    offline_firm(settings)
    billing = make_user(
        "bruno@firm.test",
        kind=User.Kind.STAFF,
        roles=[Role.BILLING],
        mfa=True,
        full_name="Bruno Billing",
    )
    client, matter = spanish_client_with_matter(billing)
    invoice = services.create_invoice(matter=matter, client=client, by=billing)
    services.add_line(
        invoice=invoice,
        by=billing,
        kind=LineKind.FEE,
        description="I-130 petition preparation",
        description_es="Preparación de la petición I-130",
        unit_amount=81000,
    )
    services.add_line(
        invoice=invoice,
        by=billing,
        kind=LineKind.FILING_FEE,
        description="USCIS filing fee, I-130",
        description_es="Tasa de presentación de USCIS, I-130",
        unit_amount=67500,
    )
    # Issued 45 days ago on 30-day terms: overdue.
    invoice = services.issue(
        invoice=invoice, by=billing, today=timezone.localdate() - dt.timedelta(days=45)
    )
    url = f"{base}/staff/invoices/{invoice.uuid}/"

    # 1. Billing records check 1042, goes back and sends it again ----------------------------
    staff_ctx = browser.new_context(viewport=DESKTOP, locale="en-US")
    staff_ctx.set_default_timeout(15_000)
    staff = staff_ctx.new_page()
    staff_sign_in(staff, base, billing.email)
    staff.goto(url)
    expect(staff.locator("#balance-due")).to_have_text("$1,485.00")
    record_check(staff, "500.00", "1042")
    expect(staff.locator(".messages")).to_contain_text("Payment recorded.")
    expect(staff.locator("#balance-due")).to_have_text("$985.00")
    staff.go_back()
    staff.wait_for_load_state("load")
    record_check(staff, "500.00", "Check #1042")
    expect(staff.locator(".messages")).to_contain_text(
        "Check 1042 is already recorded on this invoice: $500.00 received on"
    )
    expect(staff.locator(".messages")).to_contain_text("Nothing was recorded again.")
    expect(staff.locator("#balance-due")).to_have_text("$985.00")
    assert Payment.objects.count() == 1

    # 2. A check for more than the balance: credit or refund? ------------------------------
    record_check(staff, "1,500.00", "1043")
    expect(staff.locator(".messages")).to_contain_text(
        "$1,500.00 is $515.00 more than the balance of $985.00."
    )
    choice = staff.locator("fieldset.overpayment-choice")
    expect(choice).to_be_visible()
    expect(payment_form(staff).locator("input[name=amount]")).to_have_value("1,500.00")
    assert Payment.objects.count() == 1
    assert_accessible(staff, axe_source, "the payment form asking about an overpayment")
    choice.get_by_label("Keep it as a credit for the client").check()
    submit(staff, payment_form(staff).get_by_role("button", name="Record payment"))
    expect(staff.locator(".messages")).to_contain_text("Payment recorded.")
    expect(staff.locator("#invoice-status")).to_have_text("Paid")
    expect(staff.locator("#balance-due")).to_have_text("$0.00")
    expect(staff.locator("main")).to_contain_text(
        "$515.00 paid beyond this invoice is kept as a credit."
    )
    overpaid = Payment.objects.get(reference="1043")

    # 3. That check was typed wrong: reverse it, with the reason -----------------------------
    item = staff.locator(f"#payment-{overpaid.pk}")
    item.locator("summary", has_text="Reverse this payment").click()
    item.get_by_label("Why is it reversed?").fill("Amount typed wrong: the check is for $985.00")
    submit(staff, item.get_by_role("button", name="Reverse payment"))
    expect(staff.locator(".messages")).to_contain_text("Payment reversed")
    expect(staff.locator("#balance-due")).to_have_text("$985.00")
    expect(staff.locator("#invoice-status")).to_have_text("Partially paid")
    expect(staff.locator(f"#payment-{overpaid.pk}")).to_contain_text(
        "by Bruno Billing: Amount typed wrong: the check is for $985.00"
    )
    expect(staff.locator("main")).not_to_contain_text("kept as a credit.")
    invoice.refresh_from_db()
    assert invoice.balance == 98500 and invoice.status == Invoice.Status.PARTIALLY_PAID
    assert Overpayment.objects.get().status == Overpayment.Status.CANCELLED
    assert sum(LedgerEntry.objects.values_list("amount", flat=True)) == 50000
    staff_ctx.close()

    # 4. The client, in Spanish on a phone --------------------------------------------------
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, locale="es-US")
    ctx.set_default_timeout(15_000)
    page = ctx.new_page()
    sign_in(page, base, client.email, PASSWORD)
    unpaid = page.locator("section.unpaid-invoices")
    expect(unpaid.locator("h2")).to_have_text("Facturas por pagar")
    expect(unpaid).to_contain_text(invoice.display_number)
    expect(unpaid).to_contain_text("$985.00 a pagar antes del")
    expect(unpaid.locator(".badge.bad")).to_have_text("Vencida")
    assert_fits_phone(page, "the client's home")
    submit(page, unpaid.get_by_role("link", name=invoice.display_number))
    expect(page.locator("h1")).to_have_text(f"Factura {invoice.display_number}")
    expect(page.locator("#invoice-status")).to_have_text("Pagada en parte")
    expect(page.locator("#invoice-overdue")).to_have_text("Vencida")
    expect(page.locator("#balance-due")).to_have_text("$985.00")
    expect(page.locator("table.invoice-lines")).to_contain_text("Preparación de la petición I-130")
    how = page.locator("#how-to-pay")
    expect(how.locator("h2")).to_have_text("Cómo pagar")
    expect(how).to_contain_text(f"Indique el número de factura {invoice.display_number}")
    expect(how).to_contain_text("Account 12345678")
    expect(how).to_contain_text("Extienda el cheque a nombre de Demo Immigration Law PLLC")
    expect(how).to_contain_text("Llámenos al +1 555 010 0199.")
    main_text = page.locator("main").inner_text()
    assert not re.search(r"tarjeta|stripe|en línea", main_text, re.I), main_text
    expect(page.get_by_role("button", name=re.compile("^Pagar"))).to_have_count(0)
    assert_accessible(page, axe_source, "the client's overdue invoice in Spanish")
    assert_totals_fit(page, "the client's invoice")
    ctx.close()


def test_invoice_totals_fit_a_phone_without_sideways_scrolling(live_server, browser, settings):
    """A long invoice (discounts, taxes, payments, a credit) at 320, 360 and 390 px, in
    English and in Spanish: the totals are readable without scrolling sideways."""
    base = live_server.url
    restore_default_case_types()
    offline_firm(settings)
    billing = make_user("bruno@firm.test", kind=User.Kind.STAFF, roles=[Role.BILLING], mfa=True)
    client, matter = spanish_client_with_matter(billing)
    invoice = services.create_invoice(matter=matter, client=client, by=billing)
    three_lines(invoice, billing)
    invoice = services.issue(invoice=invoice, by=billing)
    services.credit(invoice=invoice, amount=1183, reason="Goodwill", by=billing)
    services.record_payment(
        invoice=invoice, amount=100000, method="check", reference="1001", by=billing
    )
    for language, locale in (("es", "es-US"), ("en", "en-US")):
        client.preferred_language = language
        client.save(update_fields=["preferred_language"])
        ctx = browser.new_context(viewport={"width": 390, "height": 844}, locale=locale)
        ctx.set_default_timeout(15_000)
        page = ctx.new_page()
        sign_in(page, base, client.email, PASSWORD)
        page.goto(f"{base}/invoices/{invoice.uuid}/")
        expect(page.locator("#balance-due")).to_have_text("$1,500.00")
        assert_totals_fit(page, f"the client's invoice ({language})")
        ctx.close()
