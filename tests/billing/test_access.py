"""billing.access: the invoice querysets every billing view loads through."""

from __future__ import annotations

import pytest

from billing import services
from billing.access import billable_invoices, client_invoices

pytestmark = pytest.mark.django_db


@pytest.fixture
def both(issued, matter, client_user, billing):
    """An issued invoice and a draft on the same matter, for the same client."""
    draft = services.create_invoice(matter=matter, client=client_user, by=billing)
    return issued, draft


def test_billing_and_admin_see_every_invoice_drafts_included(both, billing, admin_user):
    issued, draft = both
    assert set(billable_invoices(billing)) == {issued, draft}
    assert set(billable_invoices(admin_user)) == {issued, draft}


def test_other_staff_and_clients_bill_nothing(both, paralegal, intake_user, client_user):
    for user in (paralegal, intake_user, client_user):
        assert not billable_invoices(user).exists()


def test_a_client_sees_only_their_own_issued_invoices(
    both, client_user, other_client_user, billing
):
    issued, _draft = both
    assert list(client_invoices(client_user)) == [issued]
    assert not client_invoices(other_client_user).exists()
    assert not client_invoices(billing).exists()  # staff are not clients, even Billing


def test_a_disabled_client_sees_none(both, client_user):
    client_user.is_active = False
    client_user.save(update_fields=["is_active"])
    assert not client_invoices(client_user).exists()
