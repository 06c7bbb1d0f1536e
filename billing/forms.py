"""Forms for Billing staff and clients; amounts are typed as text and parsed by ``billing.amounts``."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from billing import amounts, texts
from billing.models import (
    Account,
    Dispute,
    InvoiceLine,
    LineKind,
    LineTemplate,
    Overpayment,
    Payment,
)
from matters.access import visible_matters
from matters.models import MatterContact


def _money_field(label, required=True):
    return forms.CharField(label=label, required=required, max_length=20)


class NewInvoiceForm(forms.Form):
    party = forms.ChoiceField(label=gettext_lazy("Matter and client"))
    account = forms.ChoiceField(label=gettext_lazy("Account"), choices=Account.choices)
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the invoice"),
        required=False,
        help_text=gettext_lazy("Empty: the client's own language."),
    )
    terms_days = forms.IntegerField(
        label=gettext_lazy("Payment terms (days)"), min_value=0, max_value=365, initial=30
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes for the client (English)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notes_es = forms.CharField(
        label=gettext_lazy("Notes for the client (Spanish)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "es"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Every contact of a matter, with or without an account: a retainer can be billed
        # before the client has accepted the invitation.
        contacts = (
            MatterContact.objects.filter(matter__in=visible_matters(user))
            .select_related("matter", "user")
            .order_by("matter__created_at", "pk")
        )
        self.fields["party"].choices = [(self._key(c), self._label(c)) for c in contacts]
        self.fields["language"].choices = [("", "—"), *settings.LANGUAGES]
        self.contacts = {self._key(c): c for c in contacts}

    @staticmethod
    def _key(contact: MatterContact) -> str:
        return f"{contact.matter.uuid}:{contact.email}"

    @staticmethod
    def _label(contact: MatterContact) -> str:
        label = (
            f"{contact.matter.reference} {contact.matter.title} — {contact.name} "
            f"({contact.get_role_display()})"
        )
        if contact.user_id is None:
            label += " · " + str(_("invited, no account yet"))
        return label


class LineFields(forms.Form):
    """What a line is made of; amounts are typed as text and parsed by ``billing.amounts``."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=LineKind.choices, required=False)
    description = forms.CharField(
        label=gettext_lazy("Description (English)"), max_length=300, required=False
    )
    description_es = forms.CharField(
        label=gettext_lazy("Description (Spanish)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"lang": "es"}),
        help_text=gettext_lazy(
            "Give one or both; a client whose language is missing sees the other, marked."
        ),
    )
    quantity = forms.DecimalField(
        label=gettext_lazy("Quantity or hours"),
        min_value=Decimal("0.01"),
        max_digits=7,
        decimal_places=2,
        initial=1,
    )
    unit = _money_field(gettext_lazy("Unit price or hourly rate"), required=False)
    discount_percent = forms.DecimalField(
        label=gettext_lazy("Discount (%)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        required=False,
    )
    discount = _money_field(gettext_lazy("Discount (amount)"), required=False)
    tax_rate = forms.DecimalField(
        label=gettext_lazy("Tax rate (%)"),
        min_value=0,
        max_value=100,
        decimal_places=3,
        required=False,
    )


class LineForm(LineFields):
    template = forms.ModelChoiceField(
        label=gettext_lazy("From the list"),
        queryset=LineTemplate.objects.filter(active=True),
        required=False,
    )
    field_order = ["template"]


class EditLineForm(LineFields):
    """One line of a draft, changed in place; its id is a field of the form (like Remove)."""

    line = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, line: InvoiceLine | None = None, **kwargs):
        if line is not None:
            kwargs.setdefault(
                "initial",
                {
                    "line": line.pk,
                    "kind": line.kind,
                    "description": line.description,
                    "description_es": line.description_es,
                    "quantity": line.quantity,
                    "unit": plain_amount(line.unit_amount, line.invoice.currency),
                    "discount_percent": line.discount_percent or None,
                    "discount": (
                        plain_amount(line.discount_amount, line.invoice.currency)
                        if line.discount_amount
                        else ""
                    ),
                    "tax_rate": line.tax_rate or None,
                },
            )
            kwargs.setdefault("auto_id", f"line{line.pk}_%s")
        super().__init__(*args, **kwargs)
        self.fields["kind"].required = True


def plain_amount(minor: int, currency: str) -> str:
    """Minor units as staff type them back: "1,500.00" (what ``parse_amount`` reads)."""
    places = amounts.CURRENCY_EXPONENTS.get(currency.upper(), 2)
    whole, fraction = divmod(minor, 10**places)
    return f"{whole:,}" + (f".{fraction:0{places}d}" if places else "")


class PlanForm(forms.Form):
    count = forms.IntegerField(label=gettext_lazy("Instalments"), min_value=1, max_value=24)
    first_due = forms.DateField(label=gettext_lazy("First due on"))
    every_days = forms.IntegerField(
        label=gettext_lazy("Every (days)"), min_value=1, max_value=365, initial=30
    )


class PaymentForm(forms.Form):
    amount = _money_field(gettext_lazy("Amount received"))
    method = forms.ChoiceField(
        label=gettext_lazy("Method"),
        choices=[c for c in Payment.Method.choices if c[0] != Payment.Method.CARD],
    )
    reference = forms.CharField(
        label=gettext_lazy("Check number or reference"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Needed for a check or a transfer; each is recorded once."),
    )
    # Asked only when more than the balance was received (billing.services.record_payment).
    overpayment = forms.ChoiceField(
        label=gettext_lazy("The difference beyond the balance"),
        choices=[
            (Overpayment.Handling.CREDIT, gettext_lazy("Keep it as a credit for the client")),
            (Overpayment.Handling.REFUND, gettext_lazy("Refund it to the client")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, ask_overpayment: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.ask_overpayment = ask_overpayment
        if not ask_overpayment and not (self.is_bound and self.data.get("overpayment")):
            self.fields["overpayment"].widget = forms.HiddenInput()


class ReverseForm(forms.Form):
    payment = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=gettext_lazy("Why is it reversed?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "For example: the check bounced, or it was entered on the wrong invoice."
        ),
    )


class CreditForm(forms.Form):
    amount = _money_field(gettext_lazy("Credit amount"))
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500)


class VoidForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500)


class DisputeForm(forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("What is wrong?"), choices=Dispute.Reason.choices)
    line = forms.TypedChoiceField(
        label=gettext_lazy("Which line?"), required=False, coerce=int, empty_value=None
    )
    details = forms.CharField(
        label=gettext_lazy("Tell us more"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, invoice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [("", _("The whole invoice"))] + [
            (line.pk, texts.pick(line, "description").text) for line in invoice.lines.all()
        ]
