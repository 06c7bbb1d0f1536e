"""Every role's task list: its own tasks and its role's unassigned ones, nobody else's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from billing import services as billing_services
from billing.models import LineKind
from billing.services.common import billing_task
from matters import services
from matters.models import Task
from portal.accounts.models import Role, User
from tests.conftest import login_verified, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(matter, client_user, billing):
    services.attach_contacts(client_user)
    invoice = billing_services.create_invoice(matter=matter, client=client_user, by=billing)
    billing_services.add_line(
        invoice=invoice, by=billing, kind=LineKind.FEE, description="Fee", unit_amount=10000
    )
    return billing_services.issue(invoice=invoice, by=billing)


@pytest.fixture
def discrepancy(invoice):
    """The task a payment that differs from the amount asked opens "for Billing"."""
    return billing_task(
        invoice,
        key="payment_mismatch:test",
        message="billing.task.payment_mismatch",
        params={"amount": 9000, "difference": 1000},
    )


def listed(client, name: str) -> str:
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


def test_billing_has_a_task_list_with_the_discrepancy(client, matter, billing, discrepancy):
    assert discrepancy.role == Role.BILLING and discrepancy.assignee is None
    login_verified(client, billing)
    body = listed(client, "staff:my_tasks")
    assert discrepancy.title in body and "anyone in Billing" in body
    assert discrepancy.title in listed(client, "staff:due_this_week")
    # The workspace counts it and the menu leads there.
    home = listed(client, "staff:home")
    assert reverse("staff:my_tasks") in home
    # Billing still sees the matter's name, never its file.
    page = client.get(reverse("staff:matter", args=[matter.uuid])).content.decode()
    assert matter.title in page and "Document checklist" not in page


def test_billing_marks_its_task_done_from_its_list(client, billing, discrepancy):
    login_verified(client, billing)
    response = client.post(
        reverse("staff:task_done", args=[discrepancy.uuid]), {"next": reverse("staff:my_tasks")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("staff:my_tasks")
    discrepancy.refresh_from_db()
    assert discrepancy.status == Task.Status.DONE and discrepancy.completed_by == billing
    assert discrepancy.title not in listed(client, "staff:my_tasks")


def test_a_paralegals_lists_hold_their_work_and_not_billings(
    client, matter, paralegal, attorney, discrepancy
):
    mine = services.create_task(
        matter=matter, title="Call the client", assignee=paralegal, due_date=None, by=paralegal
    )
    team = services.create_task(
        matter=matter, title="Anyone: scan the file", assignee=None, due_date=None, by=paralegal
    )
    theirs = services.create_task(
        matter=matter, title="Review the petition", assignee=attorney, due_date=None, by=paralegal
    )
    role_task, _ = services.open_task(
        matter=matter,
        key="test:paralegal-role",
        message="matters.task.passport_expiring",
        params={"date": "2030-01-01"},
        role=Role.PARALEGAL,
        event="test",
    )
    # Nobody on the matter held the role when it opened: any paralegal of the matter takes it.
    Task.objects.filter(pk=role_task.pk).update(assignee=None)
    login_verified(client, paralegal)
    for name in ("staff:my_tasks", "staff:due_this_week"):
        body = listed(client, name)
        assert discrepancy.title not in body, name
        assert "Review the petition" not in body, name
    body = listed(client, "staff:my_tasks")
    assert mine.title in body and team.title in body and role_task.title in body
    # The matter page still shows the whole list, but Billing's task is Billing's to close.
    page = client.get(reverse("staff:matter", args=[matter.uuid])).content.decode()
    assert discrepancy.title in page
    assert reverse("staff:task_done", args=[discrepancy.uuid]) not in page
    assert reverse("staff:task_done", args=[theirs.uuid]) in page
    assert client.post(reverse("staff:task_done", args=[discrepancy.uuid])).status_code == 404
    discrepancy.refresh_from_db()
    assert discrepancy.status == Task.Status.OPEN


def test_attorney_and_intake_lists_and_the_home_counts(client, matter, attorney, paralegal):
    services.create_task(
        matter=matter,
        title="Sign the G-28",
        assignee=attorney,
        due_date=dt.date.today() - dt.timedelta(days=1),
        by=paralegal,
    )
    services.open_task(
        matter=matter,
        key="test:attorney-role",
        message="matters.task.passport_expiring",
        params={"date": "2030-01-01"},
        role=Role.ATTORNEY,
        event="test",
    )
    login_verified(client, attorney)
    body = listed(client, "staff:my_tasks")
    assert "Sign the G-28" in body and "Passport expires" in body
    home = listed(client, "staff:home")
    assert "<strong>2</strong> open tasks for me" in home
    # Intake on no matter has an empty list, not a 404.
    intake = make_user("ines@firm.test", kind=User.Kind.STAFF, roles=[Role.INTAKE], mfa=True)
    login_verified(client, intake)
    assert "Nothing here" in listed(client, "staff:my_tasks")


def test_another_billing_clerk_and_admin_see_billings_unassigned_task(client, discrepancy):
    second = make_user("beth@firm.test", kind=User.Kind.STAFF, roles=[Role.BILLING], mfa=True)
    login_verified(client, second)
    assert discrepancy.title in listed(client, "staff:my_tasks")
    admin = make_user("root@firm.test", kind=User.Kind.STAFF, roles=[Role.ADMIN], mfa=True)
    login_verified(client, admin)
    assert discrepancy.title not in listed(client, "staff:my_tasks")
