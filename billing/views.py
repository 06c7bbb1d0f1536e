"""Invoices for Billing staff and for clients, the third-party pay link and the Stripe webhook."""

from __future__ import annotations

import logging
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from audit import record
from billing import access as billing_access
from billing import amounts, services
from billing.models import Account, Dispute, Invoice, InvoiceLine, LineKind, LineTemplate, Payment
from matters import access as matter_access
from portal.accounts import access

log = logging.getLogger(__name__)


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _money_field(label, required=True):
    return forms.CharField(label=label, required=required, max_length=20)


# Staff ----------------------------------------------------------------------------------------


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
        from matters.models import MatterContact

        contacts = (
            MatterContact.objects.filter(
                matter__in=matter_access.visible_matters(user), user__isnull=False
            )
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


@never_cache
@access.require(access.can_bill)
def invoice_list(request):
    invoices = billing_access.billable_invoices(request.user).select_related("matter", "client")
    status = request.GET.get("status", "")
    if status in Invoice.Status.values:
        invoices = invoices.filter(status=status)
    return render(
        request,
        "billing/staff_list.html",
        {"invoices": invoices[:200], "status": status, "statuses": Invoice.Status.choices},
    )


@never_cache
@access.require(access.can_bill)
def invoice_new(request):
    form = NewInvoiceForm(
        request.POST or None, user=request.user, initial={"terms_days": settings.INVOICE_TERMS_DAYS}
    )
    if request.method == "POST" and form.is_valid():
        contact = form.contacts[form.cleaned_data["party"]]
        try:
            invoice = services.create_invoice(
                matter=contact.matter,
                client=contact.user,
                by=request.user,
                account=form.cleaned_data["account"],
                terms_days=form.cleaned_data["terms_days"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            return redirect("billing:invoice", invoice_uuid=invoice.uuid)
    return render(
        request, "billing/staff_new.html", {"form": form}, status=400 if form.errors else 200
    )


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


def _staff_invoice(request, invoice_uuid) -> Invoice:
    invoice = (
        billing_access.billable_invoices(request.user)
        .select_related("matter", "client")
        .filter(uuid=invoice_uuid)
        .first()
    )
    if invoice is None:
        raise Http404
    return invoice


def _invoice_context(invoice: Invoice) -> dict:
    from billing.pdf import invoice_context

    return {**invoice_context(invoice), "disputes": list(invoice.disputes.all())}


@never_cache
@access.require(access.can_bill)
def invoice_detail(request, invoice_uuid):
    invoice = _staff_invoice(request, invoice_uuid)
    context = _invoice_context(invoice)
    context.update(
        {
            "line_form": LineForm(),
            "plan_form": PlanForm(),
            "payment_form": PaymentForm(),
            "credit_form": CreditForm(),
            "void_form": VoidForm(),
            "pay_link": (
                settings.SITE_URL.rstrip("/")
                + reverse("billing:pay_link", args=[services.pay_link_token(invoice)])
                if invoice.is_open
                else ""
            ),
            "online": services.online_payment_available(invoice.account),
        }
    )
    return render(request, "billing/staff_detail.html", context)


@require_POST
@access.require(access.can_bill)
def invoice_action(request, invoice_uuid, action):
    invoice = _staff_invoice(request, invoice_uuid)
    try:
        _act(request, invoice, action)
    except ValidationError as exc:
        _errors(request, exc)
    except amounts.AmountError:
        messages.error(request, _("Enter an amount like 1,250.00."))
    return redirect("billing:invoice", invoice_uuid=invoice.uuid)


def _act(request, invoice: Invoice, action: str) -> None:
    by = request.user
    if action == "line":
        form = LineForm(request.POST)
        if not form.is_valid():
            raise ValidationError([e for errs in form.errors.values() for e in errs])
        d = form.cleaned_data
        if d["template"]:
            services.add_template_line(
                invoice=invoice, template=d["template"], by=by, quantity=d["quantity"]
            )
        else:
            services.add_line(
                invoice=invoice,
                by=by,
                kind=d["kind"] or LineKind.FEE,
                description=d["description"],
                unit_amount=amounts.parse_amount(d["unit"] or ""),
                quantity=d["quantity"],
                discount_percent=d["discount_percent"] or Decimal(0),
                discount_amount=amounts.parse_amount(d["discount"]) if d["discount"] else 0,
                tax_rate=d["tax_rate"] or Decimal(0),
            )
        messages.success(request, _("Line added."))
    elif action == "remove":
        line = InvoiceLine.objects.filter(invoice=invoice, pk=request.POST.get("line")).first()
        if line is None:
            raise Http404
        services.remove_line(line=line, by=by)
    elif action == "plan":
        form = PlanForm(request.POST)
        if not form.is_valid():
            raise ValidationError([e for errs in form.errors.values() for e in errs])
        services.set_instalments(invoice=invoice, by=by, **form.cleaned_data)
        messages.success(request, _("Payment plan saved."))
    elif action == "issue":
        services.issue(invoice=invoice, by=by)
        messages.success(request, _("Invoice issued and sent to the client."))
    elif action == "void":
        form = VoidForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Say why the invoice is voided."))
        services.void(invoice=invoice, reason=form.cleaned_data["reason"], by=by)
        messages.success(request, _("Invoice voided."))
    elif action == "credit":
        form = CreditForm(request.POST)
        if not form.is_valid():
            raise ValidationError([e for errs in form.errors.values() for e in errs])
        services.credit(
            invoice=invoice,
            amount=amounts.parse_amount(form.cleaned_data["amount"]),
            reason=form.cleaned_data["reason"],
            by=by,
        )
        messages.success(request, _("Credit note recorded."))
    elif action == "payment":
        form = PaymentForm(request.POST)
        if not form.is_valid():
            raise ValidationError([e for errs in form.errors.values() for e in errs])
        services.record_payment(
            invoice=invoice,
            amount=amounts.parse_amount(form.cleaned_data["amount"]),
            method=form.cleaned_data["method"],
            reference=form.cleaned_data["reference"],
            by=by,
        )
        messages.success(request, _("Payment recorded."))
    elif action == "resolve":
        dispute = Dispute.objects.filter(invoice=invoice, pk=request.POST.get("dispute")).first()
        if dispute is None:
            raise Http404
        services.resolve_dispute(
            dispute=dispute, resolution=request.POST.get("resolution", ""), by=by
        )
        messages.success(request, _("Dispute resolved."))
    else:
        raise Http404


# Clients ----------------------------------------------------------------------------------------


def _client_invoice(request, invoice_uuid) -> Invoice:
    invoice = (
        billing_access.client_invoices(request.user)
        .select_related("matter")
        .filter(uuid=invoice_uuid)
        .first()
    )
    if invoice is None:
        record("access.denied", request=request, data={"invoice": str(invoice_uuid)})
        raise Http404
    return invoice


@never_cache
@access.require(access.is_client)
def client_invoice_list(request):
    invoices = billing_access.client_invoices(request.user).select_related("matter")
    return render(request, "billing/client_list.html", {"invoices": invoices})


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


@never_cache
@access.require(access.is_client)
def client_invoice(request, invoice_uuid):
    invoice = _client_invoice(request, invoice_uuid)
    if request.GET.get("paid"):
        messages.success(
            request,
            _("Thank you. Your payment is being confirmed; this page will show it in a moment."),
        )
    context = _invoice_context(invoice)
    context["dispute_form"] = DisputeForm(invoice=invoice)
    context["online"] = services.online_payment_available(invoice.account)
    context["due_now"] = services.amount_due_now(invoice)[0] if invoice.is_open else 0
    return render(request, "billing/client_detail.html", context)


@never_cache
@access.require(access.is_client)
def client_invoice_pdf(request, invoice_uuid):
    from billing.pdf import render_invoice_pdf

    invoice = _client_invoice(request, invoice_uuid)
    return _pdf_response(request, invoice, render_invoice_pdf(invoice))


@never_cache
@access.require(access.can_bill)
def staff_invoice_pdf(request, invoice_uuid):
    from billing.pdf import render_invoice_pdf

    invoice = _staff_invoice(request, invoice_uuid)
    return _pdf_response(request, invoice, render_invoice_pdf(invoice))


def _pdf_response(request, invoice, data: bytes) -> HttpResponse:
    record("invoice.pdf", request=request, subject=invoice)
    response = HttpResponse(data, content_type="application/pdf")
    name = invoice.display_number or "draft"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _return_base(request, url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url


@require_POST
@access.require(access.is_client)
def client_invoice_pay(request, invoice_uuid):
    invoice = _client_invoice(request, invoice_uuid)
    back = reverse("billing:client_invoice", args=[invoice.uuid])
    try:
        url = services.start_checkout(
            invoice=invoice, by=request.user, return_base=_return_base(request, back)
        )
    except services.PaymentsUnavailable:
        messages.error(
            request,
            _(
                "Online payment is not set up yet. Please pay by check or bank transfer, or call us."
            ),
        )
        return redirect(back)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(back)
    except Exception:
        log.exception("checkout for invoice %s failed", invoice.uuid)
        messages.error(
            request, _("The payment page could not be opened. Please try again in a few minutes.")
        )
        return redirect(back)
    return redirect(url)


@require_POST
@access.require(access.is_client)
def client_invoice_dispute(request, invoice_uuid):
    invoice = _client_invoice(request, invoice_uuid)
    form = DisputeForm(request.POST, invoice=invoice)
    if form.is_valid():
        line = (
            invoice.lines.filter(pk=form.cleaned_data["line"]).first()
            if form.cleaned_data["line"]
            else None
        )
        try:
            services.open_dispute(
                invoice=invoice,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
                by=request.user,
                line=line,
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(
                request,
                _(
                    "Thank you. We will look into it and reply; no reminders will be sent meanwhile."
                ),
            )
    else:
        messages.error(request, _("Choose what is wrong from the list."))
    return redirect("billing:client_invoice", invoice_uuid=invoice.uuid)


# Anyone with the link (an employer, a family sponsor) -----------------------------------------


@never_cache
def pay_link(request, token):
    invoice = services.invoice_from_pay_link(token)
    if invoice is None:
        return render(request, "billing/pay_link_invalid.html", status=410)
    if request.method == "POST" and invoice.is_open:
        back = reverse("billing:pay_link", args=[token])
        try:
            return redirect(
                services.start_checkout(
                    invoice=invoice, third_party=True, return_base=_return_base(request, back)
                )
            )
        except services.PaymentsUnavailable:
            messages.error(request, _("Online payment is not set up yet. Please contact the firm."))
        except ValidationError as exc:
            _errors(request, exc)
        except Exception:
            log.exception("checkout for invoice %s failed", invoice.uuid)
            messages.error(
                request,
                _("The payment page could not be opened. Please try again in a few minutes."),
            )
    if request.GET.get("paid"):
        messages.success(request, _("Thank you. The payment is being confirmed."))
    return render(
        request,
        "billing/pay_link.html",
        {
            "invoice": invoice,
            "due_now": services.amount_due_now(invoice)[0] if invoice.is_open else 0,
            "online": services.online_payment_available(invoice.account),
        },
    )


# Stripe -----------------------------------------------------------------------------------------


@csrf_exempt  # Stripe signs the request; there is no session
@require_POST
def stripe_webhook(request):
    signature = request.headers.get("Stripe-Signature", "")
    if not signature or len(request.body) > 512 * 1024:
        return HttpResponseBadRequest("bad request")
    try:
        outcome = services.handle_event(request.body, signature)
    except services.BadWebhook as exc:
        log.warning("stripe webhook refused: %s", exc)
        return HttpResponseBadRequest("invalid signature")
    return HttpResponse(outcome, content_type="text/plain")
