"""Billing issues an invoice; the client reads it in Spanish, downloads the PDF and pays.

Billing staff sign in (password and authenticator), draft an invoice with three lines
(a template fee, hourly work with tax, a USCIS filing fee) and issue it. The client,
on a phone in Spanish, opens it, downloads the PDF (its text holds the number and the
total), presses Pay and lands on the Checkout page of a local fake of Stripe. Paying
there makes the fake deliver a signed checkout.session.completed webhook to the portal
and send the browser back, where the invoice shows as paid.
"""

from __future__ import annotations

import copy
import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from billing.models import Invoice, LineTemplate, Payment
from matters import services as matter_services
from matters.models import CaseType
from portal.accounts.models import Role, User
from tests.billing.fake_stripe import FakeStripe
from tests.browser.test_family_case import (
    assert_accessible,
    path_of,
    restore_default_case_types,
    sign_in,
    submit,
)
from tests.browser.test_upload import staff_sign_in
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}


def test_invoice_issued_read_in_spanish_downloaded_and_paid(
    live_server, browser, axe_source, settings
):
    base = live_server.url
    restore_default_case_types()
    billing = make_user("bruno@firm.test", kind=User.Kind.STAFF, roles=[Role.BILLING], mfa=True)
    client = make_user("maria@client.test", full_name="María Cliente", preferred_language="es")
    matter_services.create_matter(
        case_type=CaseType.objects.get(code="i130"),
        client_email=client.email,
        client_name="María Cliente",
        language="es",
        by=billing,
        invite=False,
    )
    matter_services.attach_contacts(client)
    LineTemplate.objects.update_or_create(
        code="i130-prep",
        defaults={
            "name_en": "I-130 petition preparation",
            "name_es": "Preparación de la petición I-130",
            "kind": "fee",
            "unit_amount": 150000,
            "active": True,
        },
    )

    with FakeStripe() as fake:
        for name, value in fake.settings_overrides().items():
            setattr(settings, name, value)
        settings.SITE_URL = base
        policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
        policy["DIRECTIVES"]["form-action"] = [*policy["DIRECTIVES"]["form-action"], fake.base_url]
        settings.CONTENT_SECURITY_POLICY = policy
        fake.webhook_urls = {"operating": f"{base}/billing/stripe/webhook/"}

        # 1. Billing drafts and issues the invoice --------------------------------------------
        staff_ctx = browser.new_context(viewport=DESKTOP, locale="en-US")
        staff_ctx.set_default_timeout(15_000)
        staff = staff_ctx.new_page()
        staff_sign_in(staff, base, billing.email)
        staff.goto(f"{base}/staff/invoices/new/")
        staff.select_option("select[name=party]", index=0)
        staff.select_option("select[name=account]", "operating")
        submit(staff, staff.get_by_role("button", name="Create draft"))
        assert re.fullmatch(r"/staff/invoices/[0-9a-f-]{36}/", path_of(staff)), staff.url
        add = staff.locator("form[action$='/line/']")
        add.locator("select[name=template]").select_option(label="I-130 petition preparation")
        submit(staff, add.get_by_role("button", name="Add line"))
        add = staff.locator("form[action$='/line/']")
        add.locator("select[name=kind]").select_option("hourly")
        add.locator("input[name=description]").fill("Consultation")
        add.locator("input[name=quantity]").fill("1.25")
        add.locator("input[name=unit]").fill("275.00")
        add.locator("input[name=tax_rate]").fill("8.875")
        submit(staff, add.get_by_role("button", name="Add line"))
        add = staff.locator("form[action$='/line/']")
        add.locator("select[name=kind]").select_option("filing_fee")
        add.locator("input[name=description]").fill("USCIS filing fee, I-130")
        add.locator("input[name=quantity]").fill("1")
        add.locator("input[name=unit]").fill("675.00")
        submit(staff, add.get_by_role("button", name="Add line"))
        expect(staff.locator("table.invoice-lines tbody tr")).to_have_count(3)
        assert_accessible(staff, axe_source, "the staff invoice page")
        submit(staff, staff.get_by_role("button", name="Issue and send to the client"))
        expect(staff.locator("h1")).to_have_text("INV-000001")
        invoice = Invoice.objects.get()
        assert invoice.status == Invoice.Status.ISSUED
        # 1,500.00 + 1.25 h x 275.00 (343.75) + 8.875% tax (30.51) + 675.00
        assert invoice.total == 150000 + 34375 + 3051 + 67500
        staff_ctx.close()

        # 2. The client reads it in Spanish on a phone and downloads the PDF ------------------
        ctx = browser.new_context(
            viewport={"width": 390, "height": 844}, locale="es-US", accept_downloads=True
        )
        ctx.set_default_timeout(15_000)
        page = ctx.new_page()
        sign_in(page, base, client.email, PASSWORD)
        page.goto(f"{base}/invoices/")
        submit(page, page.get_by_role("link", name="INV-000001"))
        expect(page.locator("h1")).to_have_text("Factura INV-000001")
        expect(page.locator("#invoice-status")).to_have_text("Emitida")
        expect(page.locator("tr.total td")).to_have_text("$2,549.26")
        assert_accessible(page, axe_source, "the client's invoice page")
        with page.expect_download() as download:
            page.get_by_role("link", name="Descargar PDF").click()
        pdf = download.value.path().read_bytes()
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        assert "INV-000001" in text and "$2,549.26" in text and "Factura" in text

        # 3. Pay: to Checkout (the fake), pay there, come back paid ----------------------------
        submit(page, page.get_by_role("button", name="Pagar $2,549.26"))
        assert page.url.startswith(f"{fake.base_url}/c/pay/"), page.url
        expect(page.get_by_text("$2,549.26").first).to_be_visible()
        submit(page, page.locator("#pay"))
        assert path_of(page) == f"/invoices/{invoice.uuid}/", page.url
        expect(page.locator("#invoice-status")).to_have_text("Pagada")
        invoice.refresh_from_db()
        assert invoice.status == Invoice.Status.PAID and invoice.balance == 0
        assert Payment.objects.get().method == Payment.Method.CARD
        assert len(fake.deliveries) == 1
        ctx.close()
