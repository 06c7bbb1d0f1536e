"""Manual payments (issue 13.4): no payment on a paid or void invoice, one check once per
invoice, an overpayment only by an explicit choice (a credit or a refund owed, never a negative
balance), reversal with a reason (audited, the ledger balanced), and no overpaying by two
posts at once."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from audit.models import Event
from billing import services
from billing.models import (
    Invoice,
    LedgerEntry,
    LineKind,
    Overpayment,
    Payment,
    payment_reference_key,
)
from matters.models import Task
from tests.conftest import login_verified

pytestmark = pytest.mark.django_db

CHECK = Payment.Method.CHECK


def small_invoice(matter, client_user, billing, amount=148500):
    """A $1,485.00 invoice, as in the issue's report."""
    invoice = services.create_invoice(matter=matter, client=client_user, by=billing)
    services.add_line(
        invoice=invoice, by=billing, kind=LineKind.FEE, description="Fee", unit_amount=amount
    )
    return services.issue(invoice=invoice, by=billing)


def pay(invoice, amount, reference="", method=CHECK, by=None, **kw):
    return services.record_payment(
        invoice=invoice, amount=amount, method=method, reference=reference, by=by, **kw
    )


def ledger_total(**filters) -> int:
    return sum(e.amount for e in LedgerEntry.objects.filter(**filters))


# Paid and void invoices ----------------------------------------------------------------------


def test_no_payment_on_a_paid_invoice(issued, billing):
    pay(issued, issued.total, "1042", by=billing)
    issued.refresh_from_db()
    assert issued.status == Invoice.Status.PAID
    with pytest.raises(ValidationError, match="paid in full"):
        pay(issued, 100, method=Payment.Method.CASH, by=billing)
    issued.refresh_from_db()
    assert issued.paid == issued.total and Payment.objects.count() == 1


def test_no_payment_on_a_void_invoice(issued, billing):
    services.void(invoice=issued, reason="Issued twice", by=billing)
    with pytest.raises(ValidationError):
        pay(issued, 100, "7", by=billing)
    assert not Payment.objects.exists()


def test_a_check_or_a_wire_needs_its_reference(issued, billing):
    for method in (Payment.Method.CHECK, Payment.Method.WIRE):
        with pytest.raises(ValidationError) as error:
            pay(issued, 100, "  ", method=method, by=billing)
        assert "reference" in error.value.message_dict
    assert pay(issued, 100, method=Payment.Method.CASH, by=billing) is not None


# One check, once ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "again", ["1042", "Check #1042", "check 1042", "CHK-1042", "no. 1042", "cheque n.º 1042"]
)
def test_the_same_check_is_refused_on_the_same_invoice(issued, billing, again):
    first = pay(issued, 50000, "1042", by=billing)
    with pytest.raises(services.DuplicatePayment) as error:
        pay(issued, 50000, again, by=billing)
    assert error.value.existing == first
    assert "1042 is already recorded on this invoice" in error.value.messages[0]
    issued.refresh_from_db()
    assert issued.paid == 50000 and Payment.objects.count() == 1
    assert ledger_total(invoice=issued) == 50000


def test_the_same_check_number_may_pay_another_invoice(issued, matter, client_user, billing):
    other = small_invoice(matter, client_user, billing)
    pay(issued, 50000, "1042", by=billing)
    assert pay(other, 50000, "1042", by=billing) is not None


def test_reference_keys_ignore_words_and_punctuation():
    assert payment_reference_key("Check #1042") == payment_reference_key("1042") == "1042"
    assert payment_reference_key("Ref: AB-12") == "ab12"
    assert payment_reference_key("") == ""


def test_the_database_refuses_a_second_standing_payment_with_the_same_key(issued, billing):
    first = pay(issued, 1000, "55", by=billing)
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            invoice=issued,
            account=issued.account,
            method=CHECK,
            amount=1000,
            reference="55",
            reference_key=first.reference_key,
        )


# Overpayment --------------------------------------------------------------------------------


def test_more_than_the_balance_needs_a_choice_and_writes_nothing(matter, client_user, billing):
    invoice = small_invoice(matter, client_user, billing)
    with pytest.raises(services.OverpaymentChoiceNeeded) as error:
        pay(invoice, 500000, "1042", by=billing)
    assert error.value.excess == 500000 - 148500
    assert "$3,515.00 more than the balance of $1,485.00" in error.value.messages[0]
    invoice.refresh_from_db()
    assert invoice.paid == 0 and invoice.status == Invoice.Status.ISSUED
    assert not Payment.objects.exists() and not LedgerEntry.objects.exists()


def test_an_overpayment_kept_as_credit(matter, client_user, billing):
    invoice = small_invoice(matter, client_user, billing)
    payment = pay(invoice, 500000, "1042", by=billing, overpayment="credit")
    invoice.refresh_from_db()
    assert invoice.balance == 0 and invoice.paid == 148500
    assert invoice.status == Invoice.Status.PAID
    assert (payment.amount, payment.excess, payment.applied) == (500000, 351500, 148500)
    over = Overpayment.objects.get()
    assert (over.amount, over.handling, over.status) == (351500, "credit", "open")
    # All the money is on the ledger; the excess is the client's, never revenue.
    assert ledger_total(payment=payment) == 500000
    assert ledger_total(payment=payment, revenue=True) == 148500
    event = Event.objects.filter(kind="invoice.payment_recorded").last()
    assert event.data["excess"] == 351500 and event.data["overpayment"] == "credit"
    assert not Task.objects.filter(role="Billing").exists()


def test_an_overpayment_to_refund_opens_a_billing_task(matter, client_user, billing):
    invoice = small_invoice(matter, client_user, billing)
    pay(invoice, 150000, "1043", by=billing, overpayment="refund")
    assert Overpayment.objects.get().handling == "refund"
    task = Task.objects.get(role="Billing", event="refund_owed")
    assert "$15.00" in task.title and invoice.display_number in task.title


def test_a_card_payment_beyond_the_balance_becomes_a_refund_owed(matter, client_user, billing):
    """Stripe already took the money (two tabs, or the client and a sponsor): it is recorded,
    the balance stops at zero and Billing is told to refund the difference."""
    invoice = small_invoice(matter, client_user, billing)
    pay(invoice, 148500, method=Payment.Method.CARD, payment_intent="pi_1")
    second = pay(invoice, 148500, method=Payment.Method.CARD, payment_intent="pi_2")
    invoice.refresh_from_db()
    assert invoice.balance == 0 and second.excess == 148500
    assert Overpayment.objects.get().handling == "refund"
    assert Task.objects.filter(role="Billing", event="payment_mismatch").count() == 1


def test_a_negative_balance_cannot_be_stored(issued):
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.filter(pk=issued.pk).update(paid=issued.total + 1)


# Reversal -----------------------------------------------------------------------------------


def test_reversing_a_payment_restores_the_balance_and_balances_the_ledger(issued, billing):
    first = pay(issued, 100000, "1001", by=billing)
    pay(issued, issued.total - 100000, "1002", by=billing)
    issued.refresh_from_db()
    assert issued.status == Invoice.Status.PAID
    services.reverse_payment(payment=first, reason="Check 1001 bounced", by=billing)
    issued.refresh_from_db()
    first.refresh_from_db()
    assert issued.status == Invoice.Status.PARTIALLY_PAID and issued.balance == 100000
    assert first.status == Payment.Status.REVERSED and first.reversed_by == billing
    assert first.reversal_reason == "Check 1001 bounced"
    # Nothing deleted: each entry of the payment has its mirror.
    entries = list(LedgerEntry.objects.filter(payment=first))
    assert sum(e.amount for e in entries) == 0 and len(entries) == 4
    assert all(e.reverses.amount == -e.amount for e in entries if e.reverses)
    assert ledger_total(invoice=issued) == issued.paid
    event = Event.objects.get(kind="invoice.payment_reversed")
    assert event.actor_id == billing.pk and event.data["reason"] == "Check 1001 bounced"


def test_a_reversed_check_may_be_recorded_again(issued, billing):
    first = pay(issued, 100000, "1001", by=billing)
    services.reverse_payment(payment=first, reason="Wrong amount typed", by=billing)
    assert pay(issued, 10000, "1001", by=billing).amount == 10000


def test_reversal_needs_a_reason_and_happens_once(issued, billing):
    payment = pay(issued, 1000, "9", by=billing)
    with pytest.raises(ValidationError):
        services.reverse_payment(payment=payment, reason="  ", by=billing)
    services.reverse_payment(payment=payment, reason="Duplicate", by=billing)
    with pytest.raises(ValidationError, match="already reversed"):
        services.reverse_payment(payment=payment, reason="Again", by=billing)
    issued.refresh_from_db()
    assert issued.paid == 0 and issued.status == Invoice.Status.ISSUED


def test_a_card_payment_is_not_reversed_here(issued):
    payment = pay(issued, 1000, method=Payment.Method.CARD, payment_intent="pi_x")
    with pytest.raises(ValidationError, match="Stripe"):
        services.reverse_payment(payment=payment, reason="x", by=None)


def test_reversing_an_overpaid_payment_cancels_its_credit(matter, client_user, billing):
    invoice = small_invoice(matter, client_user, billing)
    payment = pay(invoice, 500000, "1042", by=billing, overpayment="credit")
    services.reverse_payment(payment=payment, reason="Meant for another invoice", by=billing)
    invoice.refresh_from_db()
    assert invoice.balance == 148500 and invoice.status == Invoice.Status.ISSUED
    assert Overpayment.objects.get().status == Overpayment.Status.CANCELLED
    assert ledger_total(payment=payment) == 0


# Two posts at once ----------------------------------------------------------------------------


def _race(n, work):
    barrier = threading.Barrier(n)
    outcomes = []

    def run(i):
        try:
            barrier.wait()
            work(i)
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True)
def test_two_posts_at_once_cannot_together_overpay(postgres, matter, client_user, billing):
    invoice = small_invoice(matter, client_user, billing)
    outcomes = _race(2, lambda i: pay(invoice, 100000, f"20{i}", by=billing))
    assert outcomes == ["OverpaymentChoiceNeeded", "ok"]
    invoice.refresh_from_db()
    assert invoice.paid == 100000 and invoice.balance == 48500


@pytest.mark.django_db(transaction=True)
def test_the_same_check_posted_twice_at_once_is_recorded_once(
    postgres, matter, client_user, billing
):
    invoice = small_invoice(matter, client_user, billing)
    outcomes = _race(2, lambda i: pay(invoice, 10000, "1042", by=billing))
    assert outcomes == ["DuplicatePayment", "ok"]
    assert Payment.objects.count() == 1


# Through the staff page ---------------------------------------------------------------------


def test_the_staff_page_asks_about_an_overpayment_and_names_a_repeat(
    client, matter, client_user, billing
):
    invoice = small_invoice(matter, client_user, billing)
    login_verified(client, billing)
    url = reverse("billing:invoice_action", args=[invoice.uuid, "payment"])
    form = {"amount": "5,000.00", "method": "check", "reference": "1042"}
    asked = client.post(url, form)
    html = asked.content.decode()
    assert asked.status_code == 400
    assert "$3,515.00 more than the balance of $1,485.00" in html
    assert 'name="overpayment" value="credit"' in html and 'value="5,000.00"' in html
    assert not Payment.objects.exists()
    done = client.post(url, {**form, "overpayment": "credit"})
    assert done.status_code == 302
    page = client.get(reverse("billing:invoice", args=[invoice.uuid])).content.decode()
    assert '<td class="num" id="balance-due">$0.00</td>' in page and "-$" not in page
    assert "$3,515.00 paid beyond this invoice is kept as a credit." in page
    again = client.post(url, {**form, "overpayment": "credit"})
    assert again.status_code == 400
    assert "Check 1042 is already recorded on this invoice" in again.content.decode()
    assert Payment.objects.count() == 1


def test_the_staff_page_reverses_a_payment(client, issued, billing):
    payment = pay(issued, 100000, "1001", by=billing)
    login_verified(client, billing)
    url = reverse("billing:invoice_action", args=[issued.uuid, "reverse"])
    client.post(url, {"payment": payment.pk, "reason": ""})
    assert Payment.objects.get().reversed_at is None
    client.post(url, {"payment": payment.pk, "reason": "Check bounced"})
    page = client.get(reverse("billing:invoice", args=[issued.uuid])).content.decode()
    assert "Reversed on" in page and "Check bounced" in page
    issued.refresh_from_db()
    assert issued.paid == 0
