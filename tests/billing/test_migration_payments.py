"""The migration that adds the payment safeguards repairs what the old code let through
(a check recorded twice, "Balance due -$4,515.00") before adding the constraints that forbid
it, so it applies to a real firm's database."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("billing", "0003_archived")]
AFTER = [("billing", "0005_payment_constraints")]


@pytest.mark.django_db(transaction=True)
def test_old_overpayments_and_duplicate_checks_are_repaired(postgres, matter, client_user, billing):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Invoice = old.get_model("billing", "Invoice")
    Payment = old.get_model("billing", "Payment")
    LedgerEntry = old.get_model("billing", "LedgerEntry")
    invoice = Invoice.objects.create(
        matter_id=matter.pk,
        client_id=client_user.pk,
        number=1,
        language="en",
        status="paid",
        total=148500,
        subtotal=148500,
        paid=148500 + 500000,
        created_by_id=billing.pk,
    )
    first = Payment.objects.create(
        invoice=invoice, account="operating", method="check", amount=148500, reference="1042"
    )
    second = Payment.objects.create(
        invoice=invoice,
        account="operating",
        method="check",
        amount=500000,
        reference="Check #1042",
    )
    for payment in (first, second):
        LedgerEntry.objects.create(
            account="operating",
            invoice=invoice,
            payment=payment,
            amount=payment.amount,
            revenue=True,
            memo="payment",
        )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Invoice = new.get_model("billing", "Invoice")
    Payment = new.get_model("billing", "Payment")
    Overpayment = new.get_model("billing", "Overpayment")
    LedgerEntry = new.get_model("billing", "LedgerEntry")

    invoice = Invoice.objects.get(pk=invoice.pk)
    assert invoice.paid == 148500 and invoice.total - invoice.credited - invoice.paid == 0
    assert invoice.bill_to_email == client_user.email
    # The later entry of check 1042 keeps its row (for Billing to reverse) but not the key.
    keys = dict(Payment.objects.values_list("pk", "reference_key"))
    assert keys == {first.pk: "1042", second.pk: ""}
    over = Overpayment.objects.get()
    assert (over.payment_id, over.amount, over.handling) == (second.pk, 500000, "refund")
    assert Payment.objects.get(pk=second.pk).excess == 500000
    # The money stays on the ledger; the excess is no longer revenue.
    entries = LedgerEntry.objects.filter(invoice_id=invoice.pk)
    assert sum(e.amount for e in entries) == 648500
    assert sum(e.amount for e in entries if e.revenue) == 148500

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
