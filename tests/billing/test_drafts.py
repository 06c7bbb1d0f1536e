"""Drafts (issue 13.9): a draft's lines can be changed until it is issued, and a retainer can be
drafted and issued for a matter whose client has not accepted the invitation yet."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from audit.models import Event
from billing import services
from billing.access import client_invoices
from billing.models import Account, Invoice, LineKind
from matters import services as matter_services
from matters.models import CaseType
from portal.accounts import services as account_services
from tests.billing.conftest import three_lines
from tests.conftest import ensure_case_types, login_verified

pytestmark = pytest.mark.django_db


# Changing a draft's lines ------------------------------------------------------------------


def test_a_draft_line_can_be_changed_and_the_totals_follow(draft, billing):
    three_lines(draft, billing)
    line = draft.lines.get(kind=LineKind.HOURLY)
    services.update_line(
        line=line,
        by=billing,
        kind=LineKind.HOURLY,
        description="Consultation (two calls)",
        description_es="Consulta (dos llamadas)",
        quantity=Decimal("2"),
        unit_amount=25000,
        discount_percent=Decimal(0),
        discount_amount=5000,
        tax_rate=Decimal(0),
    )
    line.refresh_from_db()
    draft.refresh_from_db()
    assert (line.subtotal, line.discount, line.tax, line.total) == (50000, 5000, 0, 45000)
    assert line.description_es == "Consulta (dos llamadas)"
    assert draft.total == 150000 + 45000 + 67500
    event = Event.objects.get(kind="invoice.line_changed")
    assert event.data["changed"]["quantity"] == {"from": "1.25", "to": "2"}
    assert event.data["changed"]["unit_amount"] == {"from": "27500", "to": "25000"}
    assert "tax_rate" in event.data["changed"] and "kind" not in event.data["changed"]


def test_an_issued_invoice_line_cannot_be_changed(issued, billing):
    line = issued.lines.first()
    with translation.override("en"), pytest.raises(ValidationError, match="cannot be changed"):
        services.update_line(line=line, by=billing, kind=line.kind, description="x", unit_amount=1)
    line.refresh_from_db()
    assert line.unit_amount == 150000


def test_a_bad_change_changes_nothing(draft, billing):
    three_lines(draft, billing)
    line = draft.lines.get(kind=LineKind.FILING_FEE)
    with pytest.raises(ValidationError):
        services.update_line(
            line=line,
            by=billing,
            kind=LineKind.FILING_FEE,
            description="USCIS fee",
            unit_amount=67500,
            tax_rate=Decimal(5),
        )
    with pytest.raises(ValidationError):
        services.update_line(
            line=line, by=billing, kind=LineKind.FEE, description=" ", unit_amount=67500
        )
    line.refresh_from_db()
    assert line.tax_rate == 0 and line.description == "USCIS filing fee, I-130"


def test_the_staff_page_edits_a_draft_line(client, draft, billing):
    three_lines(draft, billing)
    line = draft.lines.get(kind=LineKind.FEE)
    login_verified(client, billing)
    page = client.get(reverse("billing:invoice", args=[draft.uuid])).content.decode()
    assert f'id="edit-line-{line.pk}"' in page and 'value="1,500.00"' in page
    response = client.post(
        reverse("billing:invoice_action", args=[draft.uuid, "edit-line"]),
        {
            "line": line.pk,
            "kind": "fee",
            "description": "I-130 petition preparation",
            "description_es": "Preparación de la petición I-130",
            "quantity": "1",
            "unit": "1,350.00",
            "discount_percent": "",
            "discount": "",
            "tax_rate": "",
        },
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.unit_amount == 135000 and line.description_es.startswith("Preparación")
    # Another invoice's line through this invoice's URL: not found, nothing changed.
    other = services.create_invoice(matter=draft.matter, client=draft.client, by=billing)
    stranger = services.add_line(
        invoice=other, by=billing, kind="fee", description="Other", unit_amount=100
    )
    response = client.post(
        reverse("billing:invoice_action", args=[draft.uuid, "edit-line"]),
        {"line": stranger.pk, "kind": "fee", "description": "Hacked", "quantity": "1", "unit": "1"},
    )
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.description == "Other"


# A retainer before the client has an account -------------------------------------------------


@pytest.fixture
def invited_matter(db, paralegal, django_capture_on_commit_callbacks):
    ensure_case_types()
    with django_capture_on_commit_callbacks(execute=True):
        matter = matter_services.create_matter(
            case_type=CaseType.objects.get(code="i130"),
            client_email="Nora.New@client.test",
            client_name="Nora Nueva",
            language="es",
            by=paralegal,
        )
    return matter


def test_a_retainer_is_billed_before_the_invitation_is_accepted(
    client, invited_matter, billing, django_capture_on_commit_callbacks
):
    invite = mail.outbox[-1]
    contact = invited_matter.contacts.get()
    assert contact.user is None
    login_verified(client, billing)
    form = client.get(reverse("billing:invoice_new")).content.decode()
    party = f"{invited_matter.uuid}:{contact.email}"
    assert party in form and "no account yet" in form
    response = client.post(
        reverse("billing:invoice_new"),
        {"party": party, "account": "trust", "terms_days": 7, "notes": "", "notes_es": ""},
    )
    assert response.status_code == 302
    invoice = Invoice.objects.get()
    assert invoice.client is None and invoice.bill_to_email == contact.email
    assert invoice.language == "es"  # the invitation's language
    services.add_line(
        invoice=invoice,
        by=billing,
        kind=LineKind.RETAINER,
        description="Retainer deposit",
        description_es="Anticipo",
        unit_amount=150000,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invoice = services.issue(invoice=invoice, by=billing)
    assert invoice.account == Account.TRUST and invoice.number
    # The email goes to the invited address, in Spanish, with a link that needs no sign-in.
    sent = mail.outbox[-1]
    assert sent.to == [contact.email] and "factura" in sent.subject
    link = re.search(r"https?://\S+/pay/\S+/", sent.body).group(0)
    page = client.get(link[link.index("/pay/") :])
    assert page.status_code == 200 and invoice.display_number in page.content.decode()
    page = client.get(reverse("billing:invoice", args=[invoice.uuid])).content.decode()
    assert "no account yet" in page and "Nora Nueva" in page

    # The client accepts the invitation: the invoice is theirs, on their pages.
    token = re.search(r"/invite/[a-z]+/([^/\s]+)/", invite.body).group(1)
    user = account_services.accept_invitation(
        token=token, full_name="Nora Nueva", password="un caballo verde 2026"
    )
    invoice.refresh_from_db()
    assert invoice.client == user
    assert list(client_invoices(user)) == [invoice]
    assert Event.objects.filter(kind="invoice.addressee_attached").count() == 1
    client.force_login(user)
    page = client.get(reverse("billing:client_invoice", args=[invoice.uuid]))
    assert page.status_code == 200 and "Anticipo" in page.content.decode()


def test_an_invoice_for_someone_not_on_the_matter_is_refused(matter, other_client_user, billing):
    with pytest.raises(ValidationError):
        services.create_invoice(matter=matter, client=other_client_user, by=billing)
