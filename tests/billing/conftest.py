from decimal import Decimal

import pytest

from billing import services
from billing.models import LineKind
from matters import services as matter_services
from matters.models import CaseType


@pytest.fixture
def matter(db, client_user, paralegal):
    from tests.conftest import ensure_case_types

    ensure_case_types()
    m = matter_services.create_matter(
        case_type=CaseType.objects.get(code="i130"),
        client_email=client_user.email,
        client_name="Alice Client",
        language="en",
        by=paralegal,
        invite=False,
    )
    matter_services.attach_contacts(client_user)
    return m


def three_lines(invoice, by):
    services.add_line(
        invoice=invoice,
        by=by,
        kind=LineKind.FEE,
        description="I-130 petition preparation",
        unit_amount=150000,
    )
    services.add_line(
        invoice=invoice,
        by=by,
        kind=LineKind.HOURLY,
        description="Consultation",
        quantity=Decimal("1.25"),
        unit_amount=27500,
        discount_percent=Decimal(10),
        tax_rate=Decimal("8.875"),
    )
    services.add_line(
        invoice=invoice,
        by=by,
        kind=LineKind.FILING_FEE,
        description="USCIS filing fee, I-130",
        unit_amount=67500,
    )


@pytest.fixture
def draft(matter, client_user, billing):
    return services.create_invoice(matter=matter, client=client_user, by=billing)


@pytest.fixture
def issued(draft, billing, django_capture_on_commit_callbacks):
    three_lines(draft, billing)
    with django_capture_on_commit_callbacks(execute=True):
        return services.issue(invoice=draft, by=billing)
