"""Invoices: drafting, numbering, immutability, payments and the ledger, disputes, reminders,
the client's pages and the PDF."""

from __future__ import annotations

import datetime as dt
import io
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from audit.models import Event
from billing import services
from billing.models import Invoice, LedgerEntry, LineKind, Payment, Reminder
from matters.models import Task
from tests.billing.conftest import three_lines
from tests.conftest import login_verified

pytestmark = pytest.mark.django_db


def test_issue_numbers_totals_and_freezes(issued, billing):
    assert issued.status == Invoice.Status.ISSUED and issued.number == 1
    assert issued.display_number == "INV-000001"
    # 1 x 1,500.00; 1.25 h x 275.00 less 10% (3,437.5 -> 3,438) plus 8.875% tax on 309.37
    # (27.4566 -> 27.46); the filing fee passed through as is.
    assert (issued.subtotal, issued.discount, issued.tax, issued.total) == (
        251875,
        3438,
        2746,
        251183,
    )
    assert issued.due_date == issued.issue_date + dt.timedelta(days=30)
    with pytest.raises(ValidationError):
        services.add_line(
            invoice=issued, by=billing, kind=LineKind.FEE, description="x", unit_amount=100
        )
    assert Event.objects.filter(kind="invoice.issued", subject_id=str(issued.uuid)).exists()
    assert mail.outbox and "INV-000001" in mail.outbox[-1].subject


def test_an_empty_or_zero_invoice_is_not_issued(draft, billing):
    with pytest.raises(ValidationError):
        services.issue(invoice=draft, by=billing)
    assert Invoice.objects.get(pk=draft.pk).number is None


def test_filing_fees_are_never_taxed_or_discounted(draft, billing):
    with pytest.raises(ValidationError):
        services.add_line(
            invoice=draft,
            by=billing,
            kind=LineKind.FILING_FEE,
            description="USCIS fee",
            unit_amount=67500,
            tax_rate=5,
        )


@pytest.mark.django_db(transaction=True)
def test_twenty_invoices_issued_at_once_get_twenty_consecutive_numbers(
    postgres, matter, client_user, billing
):
    drafts = []
    for _ in range(20):
        d = services.create_invoice(matter=matter, client=client_user, by=billing)
        services.add_line(
            invoice=d, by=billing, kind=LineKind.FEE, description="Fee", unit_amount=1000
        )
        drafts.append(d)
    barrier = threading.Barrier(20)
    errors = []

    def issue(d):
        try:
            barrier.wait()
            services.issue(invoice=d, by=billing)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(d,)) for d in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 21))


def test_payments_settle_the_invoice_and_split_the_ledger(issued, billing):
    services.record_payment(
        invoice=issued, amount=100000, method=Payment.Method.CHECK, reference="1001", by=billing
    )
    issued.refresh_from_db()
    assert issued.status == Invoice.Status.PARTIALLY_PAID and issued.balance == 151183
    services.record_payment(
        invoice=issued, amount=151183, method=Payment.Method.WIRE, reference="W-1", by=billing
    )
    issued.refresh_from_db()
    assert issued.status == Invoice.Status.PAID and issued.balance == 0
    entries = LedgerEntry.objects.filter(invoice=issued)
    assert sum(e.amount for e in entries) == issued.total
    # The USCIS fee (675.00 of 2,511.83) is never revenue.
    assert sum(e.amount for e in entries if not e.revenue) == 67500
    assert {e.account for e in entries} == {"operating"}


def test_void_and_credit(issued, billing):
    services.credit(invoice=issued, amount=1183, reason="Goodwill", by=billing)
    issued.refresh_from_db()
    assert issued.balance == 250000 and issued.status == Invoice.Status.PARTIALLY_PAID
    services.record_payment(invoice=issued, amount=1000, method=Payment.Method.CASH, by=billing)
    with pytest.raises(ValidationError):
        services.void(invoice=issued, reason="mistake", by=billing)  # money came in


def test_client_sees_the_invoice_in_spanish_and_downloads_the_pdf(client, client_user, issued):
    from pypdf import PdfReader

    client_user.preferred_language = "es"
    client_user.save()
    Invoice.objects.filter(pk=issued.pk).update(language="es")
    client.force_login(client_user)
    page = client.get(
        reverse("billing:client_invoice", args=[issued.uuid]), HTTP_ACCEPT_LANGUAGE="es"
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Factura INV-000001" in html and "$2,511.83" in html and "Emitida" in html
    response = client.get(reverse("billing:client_invoice_pdf", args=[issued.uuid]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "INV-000001" in text and "2,511.83" in text and "Factura" in text


def test_drafts_and_other_clients_invoices_are_404(
    client, client_user, other_client_user, issued, matter, billing
):
    draft = services.create_invoice(matter=matter, client=client_user, by=billing)
    client.force_login(client_user)
    assert client.get(reverse("billing:client_invoice", args=[draft.uuid])).status_code == 404
    client.force_login(other_client_user)
    assert client.get(reverse("billing:client_invoice", args=[issued.uuid])).status_code == 404
    assert client.get(reverse("billing:client_invoice_pdf", args=[issued.uuid])).status_code == 404


def test_a_dispute_opens_a_billing_task_and_pauses_reminders(client, client_user, issued):
    client.force_login(client_user)
    response = client.post(
        reverse("billing:client_invoice_dispute", args=[issued.uuid]),
        {"reason": "wrong_amount", "details": "The consultation was 1 hour", "line": ""},
    )
    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.status == Invoice.Status.DISPUTED
    assert Task.objects.filter(event="invoice_dispute", role="Billing").count() == 1
    sent = services.send_payment_reminders(today=issued.due_date + dt.timedelta(days=20))
    assert sent == 0 and not Reminder.objects.exists()


def test_reminders_are_sent_once_per_step_and_escalate_once(issued, settings):
    settings.INVOICE_REMINDER_DAYS = [-7, 0, 7, 14]
    settings.INVOICE_ESCALATE_AFTER = 2
    due = issued.due_date
    mail.outbox.clear()
    plan = [
        (due - dt.timedelta(days=8), 0),
        (due - dt.timedelta(days=7), 1),
        (due, 1),
        (due + dt.timedelta(days=7), 1),
        (due + dt.timedelta(days=14), 1),
    ]
    for day, expected in plan:
        assert services.send_payment_reminders(today=day) == expected
        assert services.send_payment_reminders(today=day) == 0  # a rerun sends nothing
    assert len(mail.outbox) == 4
    assert sorted(Reminder.objects.values_list("step", flat=True)) == [-7, 0, 7, 14]
    assert Task.objects.filter(event="invoice_overdue").count() == 1


def test_a_job_that_was_down_sends_only_the_latest_reminder(issued, settings):
    settings.INVOICE_REMINDER_DAYS = [-7, 0, 7]
    mail.outbox.clear()
    assert services.send_payment_reminders(today=issued.due_date + dt.timedelta(days=8)) == 1
    assert len(mail.outbox) == 1 and "overdue" in mail.outbox[0].subject


def test_paid_and_void_invoices_get_no_reminders(issued, billing, matter, client_user):
    services.record_payment(
        invoice=issued, amount=issued.total, method=Payment.Method.WIRE, reference="W-9", by=billing
    )
    other = services.create_invoice(matter=matter, client=client_user, by=billing)
    three_lines(other, billing)
    other = services.issue(invoice=other, by=billing)
    services.void(invoice=other, reason="duplicate", by=billing)
    assert services.send_payment_reminders(today=issued.due_date + dt.timedelta(days=30)) == 0


def test_staff_flow_through_the_pages(client, billing, matter, client_user):
    login_verified(client, billing)
    party = f"{matter.uuid}:{client_user.email}"
    response = client.post(
        reverse("billing:invoice_new"),
        {"party": party, "account": "operating", "terms_days": 15, "notes": ""},
    )
    assert response.status_code == 302
    invoice = Invoice.objects.get()
    act = lambda a, **d: client.post(reverse("billing:invoice_action", args=[invoice.uuid, a]), d)  # noqa: E731
    act("line", kind="fee", description="Preparation", quantity="1", unit="1,500.00")
    act("line", kind="hourly", description="Calls", quantity="0.5", unit="275", tax_rate="8.875")
    act("line", kind="fee", description="Bad", quantity="1", unit="12.345")  # refused
    assert invoice.lines.count() == 2
    act("issue")
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED and invoice.total == 150000 + 13750 + 1220
    act("payment", amount="500.00", method="check", reference="1001")
    invoice.refresh_from_db()
    assert invoice.paid == 50000
    page = client.get(reverse("billing:invoice", args=[invoice.uuid])).content.decode()
    assert "/pay/" in page  # the third-party link


def test_reminders_and_the_issue_email_speak_the_clients_language(
    matter, client_user, billing, settings, django_capture_on_commit_callbacks
):
    settings.INVOICE_REMINDER_DAYS = [0]
    invoice = services.create_invoice(matter=matter, client=client_user, by=billing, language="es")
    three_lines(invoice, billing)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invoice = services.issue(invoice=invoice, by=billing)
    assert mail.outbox[0].subject.endswith("factura INV-000001")
    assert services.send_payment_reminders(today=invoice.due_date) == 1
    assert "vence" in mail.outbox[1].subject and "$2,511.83" in mail.outbox[1].body
