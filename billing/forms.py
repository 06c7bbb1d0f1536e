"""Forms for Billing staff and clients; amounts are typed as text and parsed by ``billing.amounts``."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from billing.models import Account, Dispute, LineKind, LineTemplate, Payment
from matters.access import visible_matters
from matters.models import MatterContact


def _money_field(label, required=True):
    return forms.CharField(label=label, required=required, max_length=20)


class NewInvoiceForm(forms.Form):
    party = forms.ChoiceField(label=gettext_lazy("Matter and client"))
    account = forms.ChoiceField(label=gettext_lazy("Account"), choices=Account.choices)
    terms_days = forms.IntegerField(
        label=gettext_lazy("Payment terms (days)"), min_value=0, max_value=365, initial=30
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes for the client"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        contacts = (
            MatterContact.objects.filter(matter__in=visible_matters(user), user__isnull=False)
            .select_related("matter", "user")
            .order_by("matter__created_at")
        )
        self.fields["party"].choices = [
            (
                f"{c.matter.uuid}:{c.user.uuid}",
                f"{c.matter.reference} {c.matter.title} — {c.name} ({c.get_role_display()})",
            )
            for c in contacts
        ]
        self.contacts = {f"{c.matter.uuid}:{c.user.uuid}": c for c in contacts}


class LineForm(forms.Form):
    template = forms.ModelChoiceField(
        label=gettext_lazy("From the list"),
        queryset=LineTemplate.objects.filter(active=True),
        required=False,
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=LineKind.choices, required=False)
    description = forms.CharField(label=gettext_lazy("Description"), max_length=300, required=False)
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
        label=gettext_lazy("Check number or reference"), max_length=100, required=False
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
            (line.pk, line.description) for line in invoice.lines.all()
        ]
