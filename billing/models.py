"""Invoices, their lines and payments; money is integers in minor units, never floats.

An invoice is for one matter and one paying client, and for one account: earned
fees (operating) or a retainer or filing-fee deposit (trust). A draft can change;
issuing gives it the next number of the firm's gapless series and freezes it.
After that only payments, a credit note or voiding change what is owed.
"""

from __future__ import annotations

import re
import unicodedata
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from billing.stripe_reasons import StripeReason

# Words people put before a check or wire number: "Check #1042", "cheque n.º 1042", "ref 88".
_REFERENCE_NOISE = frozenset(
    [
        "check",
        "cheque",
        "chk",
        "ck",
        "no",
        "n",
        "o",
        "nr",
        "num",
        "number",
        "numero",
        "ref",
        "reference",
        "referencia",
        "wire",
        "transfer",
        "transferencia",
        "confirmation",
    ]
)


def payment_reference_key(reference: str) -> str:
    """The comparable form of a payment reference: "Check #1042", "1042" and "no. 1042" agree.

    Case, accents' width forms, punctuation and leading words such as "check" or "ref" do
    not count; what remains is the letters and digits of the number itself.
    """
    text = unicodedata.normalize("NFKC", reference or "").casefold()
    tokens = [t for t in re.split(r"[\W_]+", text) if t]
    while len(tokens) > 1 and tokens[0] in _REFERENCE_NOISE:
        tokens.pop(0)
    return "".join(tokens)[:100]


class Account(models.TextChoices):
    OPERATING = "operating", _("Operating account (earned fees)")
    TRUST = "trust", _("Trust account (retainers and filing-fee deposits)")


class LineKind(models.TextChoices):
    FEE = "fee", _("Flat fee")
    HOURLY = "hourly", _("Hourly work")
    FILING_FEE = "filing_fee", _("USCIS filing fee (passed through)")
    EXPENSE = "expense", _("Expense")
    RETAINER = "retainer", _("Retainer deposit")


class LineTemplate(models.Model):
    """A line staff can add with one choice (Admin-editable): "I-130 preparation"."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_es = models.CharField(_("name (Spanish)"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=LineKind.choices)
    unit_amount = models.BigIntegerField(_("amount (cents)"))
    tax_rate = models.DecimalField(_("tax rate (%)"), max_digits=6, decimal_places=3, default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "name_en"]
        verbose_name = _("line template")
        verbose_name_plural = _("line templates")

    def __str__(self) -> str:
        return self.name_en


class InvoiceSeries(models.Model):
    """The firm's gapless number series: the row is locked while a number is taken."""

    name = models.CharField(max_length=20, unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.last_number}"


class Invoice(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")
        PARTIALLY_PAID = "partially_paid", _("Partially paid")
        PAID = "paid", _("Paid")
        VOID = "void", _("Void")
        DISPUTED = "disputed", _("Disputed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    matter = models.ForeignKey(
        "matters.Matter",
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("matter"),
    )
    # Empty until the addressee opens their account: a retainer can be billed to a matter's
    # contact who has not accepted the invitation yet (billing.services.attach_invoices).
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoices",
        verbose_name=_("client"),
    )
    # Whom the invoice addresses, as it was when drafted (the matter contact's name and email).
    bill_to_name = models.CharField(_("bill to"), max_length=200, blank=True)
    bill_to_email = models.EmailField(_("bill to (email)"), blank=True)
    number = models.PositiveIntegerField(_("number"), unique=True, null=True, blank=True)
    account = models.CharField(
        _("account"), max_length=10, choices=Account.choices, default=Account.OPERATING
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    terms_days = models.PositiveSmallIntegerField(_("payment terms (days)"), default=30)
    issue_date = models.DateField(_("issued on"), null=True, blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True, db_index=True)
    notes = models.TextField(_("notes for the client (English)"), blank=True)
    notes_es = models.TextField(_("notes for the client (Spanish)"), blank=True)
    # Figures frozen at issue (minor units), and what has come in since.
    subtotal = models.BigIntegerField(default=0)
    discount = models.BigIntegerField(default=0)
    tax = models.BigIntegerField(default=0)
    total = models.BigIntegerField(default=0)
    credited = models.BigIntegerField(default=0)
    paid = models.BigIntegerField(default=0)
    status_before_dispute = models.CharField(max_length=16, blank=True)
    void_reason = models.TextField(_("why it was voided"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    issued_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.CheckConstraint(condition=models.Q(paid__gte=0), name="invoice_paid_positive"),
            # "Balance due -$4,515.00" cannot be stored: money beyond the balance is an
            # Overpayment, held apart.
            models.CheckConstraint(
                condition=models.Q(paid__lte=models.F("total") - models.F("credited")),
                name="invoice_not_overpaid",
            ),
        ]

    def __str__(self) -> str:
        return self.display_number or str(_("Draft invoice"))

    @property
    def display_number(self) -> str:
        return f"{settings.INVOICE_PREFIX}{self.number:06d}" if self.number else ""

    @property
    def balance(self) -> int:
        """What is still owed; never below zero, because money beyond it is held apart
        (``Overpayment``) rather than applied."""
        return self.total - self.credited - self.paid

    @property
    def addressee(self) -> str:
        client = self.client
        if client is not None:
            return client.full_name or client.email
        return self.bill_to_name or self.bill_to_email

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.ISSUED, self.Status.PARTIALLY_PAID)

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=LineKind.choices)
    # What the client reads, in each language; at least one is given (billing.texts).
    description = models.CharField(_("description (English)"), max_length=300, blank=True)
    description_es = models.CharField(_("description (Spanish)"), max_length=300, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=7, decimal_places=2, default=1)
    unit_amount = models.BigIntegerField(_("unit price (cents)"))
    discount_percent = models.DecimalField(
        _("discount (%)"), max_digits=5, decimal_places=2, default=0
    )
    discount_amount = models.BigIntegerField(_("discount (cents)"), default=0)
    tax_rate = models.DecimalField(_("tax rate (%)"), max_digits=6, decimal_places=3, default=0)
    # Computed by billing.amounts when the line is saved through the services.
    subtotal = models.BigIntegerField(default=0)
    discount = models.BigIntegerField(default=0)
    tax = models.BigIntegerField(default=0)
    total = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.description or self.description_es

    @property
    def pass_through(self) -> bool:
        """USCIS fees: collected for the government, never the firm's revenue."""
        return self.kind == LineKind.FILING_FEE


class Instalment(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="instalments")
    position = models.PositiveSmallIntegerField()
    amount = models.BigIntegerField(_("amount"))
    due_date = models.DateField(_("due"))

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="instalment_position")
        ]

    def __str__(self) -> str:
        return f"{self.invoice} #{self.position}"


class CreditNote(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="credit_notes")
    amount = models.BigIntegerField(_("amount"))
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.invoice}: -{self.amount}"


class CheckoutSession(models.Model):
    """A Stripe Checkout Session the portal created: its id, never anything about a card."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="checkouts")
    instalment = models.ForeignKey(Instalment, on_delete=models.PROTECT, null=True, blank=True)
    session_id = models.CharField(max_length=255, unique=True)
    account = models.CharField(max_length=10, choices=Account.choices)
    amount = models.BigIntegerField()
    url = models.URLField(max_length=1000)
    idempotency_key = models.CharField(max_length=100)
    third_party = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.session_id


class Payment(models.Model):
    class Method(models.TextChoices):
        CARD = "card", _("Online (Stripe)")
        CHECK = "check", _("Check")
        WIRE = "wire", _("Wire transfer")
        CASH = "cash", _("Cash")

    class Status(models.TextChoices):
        SUCCEEDED = "succeeded", _("Received")
        REFUNDED = "refunded", _("Refunded")
        PARTIALLY_REFUNDED = "partially_refunded", _("Partly refunded")
        DISPUTED = "disputed", _("Disputed with the bank")
        REVERSED = "reversed", _("Reversed")

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    account = models.CharField(max_length=10, choices=Account.choices)
    method = models.CharField(_("method"), max_length=8, choices=Method.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUCCEEDED
    )
    amount = models.BigIntegerField(_("amount"))
    refunded = models.BigIntegerField(default=0)
    currency = models.CharField(max_length=3, default="USD")
    # Stripe's ids, unique so that a payment is recorded once whichever event comes first.
    payment_intent = models.CharField(max_length=255, unique=True, null=True, blank=True)
    checkout = models.ForeignKey(
        CheckoutSession, on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    # The reference as a key ("Check #1042", "1042", "no. 1042" are one check), unique per
    # invoice among payments that stand: a re-sent form cannot record the same check twice.
    reference_key = models.CharField(max_length=100, blank=True)
    # Part of ``amount`` beyond the invoice's balance, held as an Overpayment (not applied).
    excess = models.BigIntegerField(default=0)
    # Reconciliation: an amount that does not match what was asked is flagged, never hidden.
    mismatch = models.BigIntegerField(default=0)  # received - expected
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reversed_at = models.DateTimeField(_("reversed"), null=True, blank=True)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reversal_reason = models.TextField(_("why it was reversed"), blank=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "reference_key"],
                condition=~models.Q(reference_key="") & models.Q(reversed_at__isnull=True),
                name="payment_reference_once_per_invoice",
            ),
            models.CheckConstraint(
                condition=models.Q(excess__gte=0) & models.Q(excess__lte=models.F("amount")),
                name="payment_excess_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invoice}: {self.amount}"

    @property
    def applied(self) -> int:
        """What this payment took off the invoice's balance."""
        return self.amount - self.excess

    @property
    def is_manual(self) -> bool:
        return self.method != self.Method.CARD


class Overpayment(models.Model):
    """Money received beyond an invoice's balance, by the bookkeeper's explicit choice: a
    credit the client keeps, or a refund the firm owes. Never a negative balance."""

    class Handling(models.TextChoices):
        CREDIT = "credit", _("Kept as a credit for the client")
        REFUND = "refund", _("To be refunded to the client")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SETTLED = "settled", _("Settled")
        CANCELLED = "cancelled", _("Cancelled (payment reversed)")

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="overpayment")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="overpayments")
    amount = models.BigIntegerField(_("amount"))
    handling = models.CharField(_("what happens to it"), max_length=10, choices=Handling.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="overpayment_positive")
        ]

    def __str__(self) -> str:
        return f"{self.invoice}: +{self.amount} ({self.handling})"


class LedgerEntry(models.Model):
    """Money in and out, per account; pass-through filing fees are never revenue."""

    account = models.CharField(max_length=10, choices=Account.choices, db_index=True)
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="ledger")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="ledger")
    amount = models.BigIntegerField()  # positive in, negative out (refunds, disputes)
    revenue = models.BooleanField()
    memo = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    # A reversed payment is never deleted: each of its entries gets a mirror entry.
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversal"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.account} {self.amount}"


class StripeEvent(models.Model):
    """Each verified webhook event once: the unique id makes a replay or a concurrent twin a
    no-op. An event the portal cannot apply is kept too, as work for a person, with its reason
    and the event as Stripe sent it, so the money it reports is never lost."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        IGNORED = "ignored", _("Nothing to do")
        NEEDS_ATTENTION = "needs_attention", _("Needs attention")

    Reason = StripeReason

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    account = models.CharField(max_length=10, choices=Account.choices)
    object_id = models.CharField(max_length=255, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.APPLIED, db_index=True
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    livemode = models.BooleanField(default=False)
    invoice = models.ForeignKey(
        Invoice, on_delete=models.SET_NULL, null=True, blank=True, related_name="stripe_events"
    )
    payload = models.JSONField(_("event as Stripe sent it"), default=dict, blank=True)

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class Dispute(models.Model):
    class Reason(models.TextChoices):
        NOT_RECEIVED = "not_received", _("I did not receive this service")
        WRONG_AMOUNT = "wrong_amount", _("The amount is wrong")
        DUPLICATE = "duplicate", _("I was charged twice")
        ALREADY_PAID = "already_paid", _("I already paid this")
        NOT_AGREED = "not_agreed", _("I did not agree to this charge")
        OTHER = "other", _("Another reason")

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="disputes")
    line = models.ForeignKey(InvoiceLine, on_delete=models.SET_NULL, null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    details = models.TextField(_("details"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.invoice}: {self.reason}"


class Reminder(models.Model):
    """A payment reminder sent: one per invoice and step, so a rerun sends nothing twice."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="reminders")
    step = models.SmallIntegerField()  # days relative to the due date
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["invoice", "step"], name="reminder_once_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.invoice} {self.step:+d}"
