"""How a client pays an invoice without a card: the firm's bank details for the invoice's
account, where to mail a check and to whom it is payable, a phone number and a note in each
language (settings ``PAYMENT_*``, README). Shown on the invoice page, the pay-link page and the PDF; when Stripe
is not configured they are the way to pay, never a dead end."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings

from billing.models import Account, Invoice
from billing.services import online_payment_available


def lines(text: str) -> list[str]:
    """A setting's lines: a real newline or a written ``\\n`` (environment files) separates them."""
    return [part.strip() for part in re.split(r"\\n|\n", text or "") if part.strip()]


@dataclass(frozen=True)
class PaymentInstructions:
    online: bool  # a card payment through Stripe Checkout is possible
    reference: str  # the invoice number to quote
    bank: list[str]
    payee: str
    address: list[str]
    phone: str
    support_email: str
    # Anything else, in each language ("Zelle: pay@firm.example"); read with billing.texts.
    note: str = ""
    note_es: str = ""

    @property
    def offline(self) -> bool:
        """At least one way to pay that is not a card."""
        return bool(self.bank or self.address or self.phone or self.note or self.note_es)


def payment_instructions(invoice: Invoice) -> PaymentInstructions:
    trust = invoice.account == Account.TRUST
    return PaymentInstructions(
        online=online_payment_available(invoice.account),
        reference=invoice.display_number,
        bank=lines(settings.PAYMENT_BANK_TRUST if trust else settings.PAYMENT_BANK_OPERATING),
        payee=(
            settings.PAYMENT_CHECK_PAYEE_TRUST if trust else settings.PAYMENT_CHECK_PAYEE_OPERATING
        ),
        address=lines(settings.PAYMENT_ADDRESS),
        phone=settings.PAYMENT_PHONE.strip(),
        support_email=settings.SUPPORT_EMAIL,
        note="\n".join(lines(settings.PAYMENT_NOTE)),
        note_es="\n".join(lines(settings.PAYMENT_NOTE_ES)),
    )
