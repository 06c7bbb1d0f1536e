"""Legal holds and the audit trail take the references people type: matter numbers, receipt
numbers in any spacing or case, invoice numbers and client emails; unknown ones get a message."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import LegalHold
from billing import services as billing_services
from billing.models import LineKind
from matters import references
from matters import services as matter_services
from matters.models import CaseType
from tests.conftest import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def receipt(matter, paralegal):
    return matter_services.add_receipt(
        matter=matter, number="WAC1901234567", form="I-130", received_on=None, by=paralegal
    )


@pytest.fixture
def invoice(matter, client_user, billing):
    matter_services.attach_contacts(client_user)
    invoice = billing_services.create_invoice(matter=matter, client=client_user, by=billing)
    billing_services.add_line(
        invoice=invoice, by=billing, kind=LineKind.FEE, description="Fee", unit_amount=100
    )
    return billing_services.issue(invoice=invoice, by=billing)


def place(web, **data) -> tuple[list[LegalHold], list[str]]:
    response = web.post(reverse("audit:hold_place"), {"reason": "Subpoena", **data})
    assert response.status_code == 302
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    holds = list(LegalHold.objects.filter(released_at__isnull=True))
    LegalHold.objects.all().delete()
    return holds, texts


def test_holds_take_matter_receipt_invoice_numbers_and_emails(
    client, admin_user, matter, receipt, invoice, client_user
):
    login_verified(client, admin_user)
    number = invoice.display_number
    for typed in (
        matter.reference,  # M-00012
        matter.reference.lower().replace("-", " "),
        str(matter.pk),
        str(matter.uuid),
        "wac-19-012-34567",
        " WAC 1901234567 ",
        number,
        number.lower().replace("-", ""),
        client_user.email.upper(),
    ):
        holds, texts = place(client, matter=typed)
        assert [h.matter_id for h in holds] == [matter.pk], (typed, texts)
    holds, texts = place(client, client=client_user.email.upper())
    assert [h.client_id for h in holds] == [client_user.pk], texts
    # A matter reference in the client field names its one client.
    holds, texts = place(client, client=matter.reference)
    assert [h.client_id for h in holds] == [client_user.pk], texts


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("M-99999", "No matter has the reference “M-99999”."),
        ("WAC 0000000000", "No matter has the reference “WAC 0000000000”."),
        ("INV-999999", "No matter has the reference “INV-999999”."),
        ("M-999999999999999999999", "is not a reference we know"),
        ("the Garcia case", "is not a reference we know. Use a matter number (M-00012)"),
    ],
)
def test_unknown_references_get_a_clear_message_and_no_hold(
    client, admin_user, matter, typed, message
):
    login_verified(client, admin_user)
    holds, texts = place(client, matter=typed)
    assert holds == []
    assert any(message in t for t in texts), texts
    assert "Give a matter or a client" not in " ".join(texts)


def test_unknown_client_and_both_or_neither(client, admin_user, matter, client_user):
    login_verified(client, admin_user)
    holds, texts = place(client, client="nobody@client.test")
    assert holds == [] and any("No client account has the address" in t for t in texts)
    holds, texts = place(client)
    assert holds == [] and any("Give a matter or a client" in t for t in texts)
    holds, texts = place(client, matter=matter.reference, client=client_user.email)
    assert holds == [] and any("one of the two" in t for t in texts)


def test_an_email_with_several_matters_asks_for_the_number(
    admin_user, matter, client_user, paralegal
):
    second = matter_services.create_matter(
        case_type=CaseType.objects.get(code="i130"),
        client_email=client_user.email,
        client_name="Alice Client",
        language="en",
        by=paralegal,
        invite=False,
    )
    with pytest.raises(ValidationError) as exc:
        references.resolve_matter(client_user.email)
    assert matter.reference in exc.value.messages[0] and second.reference in exc.value.messages[0]


def test_trail_filter_takes_a_matter_number_and_explains_an_unknown_one(
    client, admin_user, matter, receipt
):
    login_verified(client, admin_user)
    page = client.get(reverse("audit:trail"), {"matter": matter.reference}).content.decode()
    assert "matter.created" in page and "Enter a valid UUID" not in page
    page = client.get(reverse("audit:trail"), {"matter": "wac1901234567"}).content.decode()
    assert "matter.receipt_added" in page
    page = client.get(reverse("audit:trail"), {"matter": "M-424242"}).content.decode()
    assert "No matter has the reference “M-424242”." in page
    assert "matter.created" not in page
