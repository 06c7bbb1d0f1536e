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
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from audit import record
from billing import amounts, services
from billing.access import billable_invoices, client_invoices
from billing.forms import (
    CreditForm,
    DisputeForm,
    EditLineForm,
    LineForm,
    NewInvoiceForm,
    PaymentForm,
    PlanForm,
    ReverseForm,
    VoidForm,
)
from billing.instructions import payment_instructions
from billing.models import Dispute, Invoice, InvoiceLine, LineKind, Payment
from billing.pdf import invoice_context, render_invoice_pdf
from portal.accounts import access

log = logging.getLogger(__name__)


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# Staff ----------------------------------------------------------------------------------------


@never_cache
@access.require(access.can_bill)
def invoice_list(request):
    invoices = billable_invoices(request.user).select_related("matter", "client")
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
                contact=contact,
                by=request.user,
                account=form.cleaned_data["account"],
                language=form.cleaned_data["language"] or None,
                terms_days=form.cleaned_data["terms_days"],
                notes=form.cleaned_data["notes"],
                notes_es=form.cleaned_data["notes_es"],
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            return redirect("billing:invoice", invoice_uuid=invoice.uuid)
    return render(
        request, "billing/staff_new.html", {"form": form}, status=400 if form.errors else 200
    )


def _staff_invoice(request, invoice_uuid) -> Invoice:
    invoice = (
        billable_invoices(request.user)
        .select_related("matter", "client")
        .filter(uuid=invoice_uuid)
        .first()
    )
    if invoice is None:
        raise Http404
    return invoice


def _invoice_context(invoice: Invoice) -> dict:
    return {**invoice_context(invoice), "disputes": list(invoice.disputes.all())}


def _staff_page(request, invoice: Invoice, *, payment_form=None, status: int = 200):
    context = _invoice_context(invoice)
    context.update(
        {
            "line_form": LineForm(),
            "edit_forms": (
                [(line, EditLineForm(line=line)) for line in context["lines"]]
                if invoice.status == Invoice.Status.DRAFT
                else []
            ),
            "plan_form": PlanForm(),
            "payment_form": payment_form or PaymentForm(),
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
    return render(request, "billing/staff_detail.html", context, status=status)


@never_cache
@access.require(access.can_bill)
def invoice_detail(request, invoice_uuid):
    return _staff_page(request, _staff_invoice(request, invoice_uuid))


@require_POST
@access.require(access.can_bill)
def invoice_action(request, invoice_uuid, action):
    invoice = _staff_invoice(request, invoice_uuid)
    if action == "payment":
        return _record_payment(request, invoice)
    try:
        _act(request, invoice, action)
    except ValidationError as exc:
        _errors(request, exc)
    except amounts.AmountError:
        messages.error(request, _("Enter an amount like 1,250.00."))
    return redirect("billing:invoice", invoice_uuid=invoice.uuid)


def _record_payment(request, invoice: Invoice):
    """A manual payment. Refusals keep what was typed on the page (status 400); more than
    the balance asks what happens to the difference, a repeat names the payment on record."""
    form = PaymentForm(request.POST)
    ask = False
    if form.is_valid():
        try:
            services.record_payment(
                invoice=invoice,
                amount=amounts.parse_amount(form.cleaned_data["amount"]),
                method=form.cleaned_data["method"],
                reference=form.cleaned_data["reference"],
                overpayment=form.cleaned_data["overpayment"],
                by=request.user,
            )
        except services.OverpaymentChoiceNeeded as exc:
            ask = True
            _errors(request, exc)
        except ValidationError as exc:
            _errors(request, exc)
        except amounts.AmountError:
            messages.error(request, _("Enter an amount like 1,250.00."))
        else:
            messages.success(request, _("Payment recorded."))
            return redirect("billing:invoice", invoice_uuid=invoice.uuid)
    else:
        messages.error(request, _("Check the payment's details below."))
    invoice.refresh_from_db()
    return _staff_page(
        request, invoice, payment_form=PaymentForm(request.POST, ask_overpayment=ask), status=400
    )


def _act(request, invoice: Invoice, action: str) -> None:
    by = request.user
    form: forms.Form
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
            services.add_line(invoice=invoice, by=by, **_line_values(d))
        messages.success(request, _("Line added."))
    elif action == "edit-line":
        form = EditLineForm(request.POST)
        if not form.is_valid():
            raise ValidationError([e for errs in form.errors.values() for e in errs])
        line = InvoiceLine.objects.filter(invoice=invoice, pk=form.cleaned_data["line"]).first()
        if line is None:
            raise Http404
        services.update_line(line=line, by=by, **_line_values(form.cleaned_data))
        messages.success(request, _("Line changed."))
    elif action == "reverse":
        form = ReverseForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Say why the payment is reversed."))
        payment = Payment.objects.filter(invoice=invoice, pk=form.cleaned_data["payment"]).first()
        if payment is None:
            raise Http404
        services.reverse_payment(payment=payment, reason=form.cleaned_data["reason"], by=by)
        messages.success(request, _("Payment reversed; the balance and the ledger are updated."))
    elif action == "remove":
        line = InvoiceLine.objects.filter(invoice=invoice, pk=request.POST.get("line")).first()
        if line is None:
            raise Http404
        services.remove_line(line=line, by=by)
    elif action == "plan":
        plan_form = PlanForm(request.POST)
        if not plan_form.is_valid():
            raise ValidationError([e for errs in plan_form.errors.values() for e in errs])
        services.set_instalments(invoice=invoice, by=by, **plan_form.cleaned_data)
        messages.success(request, _("Payment plan saved."))
    elif action == "issue":
        services.issue(invoice=invoice, by=by)
        messages.success(request, _("Invoice issued and sent to the client."))
    elif action == "void":
        void_form = VoidForm(request.POST)
        if not void_form.is_valid():
            raise ValidationError(_("Say why the invoice is voided."))
        services.void(invoice=invoice, reason=void_form.cleaned_data["reason"], by=by)
        messages.success(request, _("Invoice voided."))
    elif action == "credit":
        credit_form = CreditForm(request.POST)
        if not credit_form.is_valid():
            raise ValidationError([e for errs in credit_form.errors.values() for e in errs])
        services.credit(
            invoice=invoice,
            amount=amounts.parse_amount(credit_form.cleaned_data["amount"]),
            reason=credit_form.cleaned_data["reason"],
            by=by,
        )
        messages.success(request, _("Credit note recorded."))
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


def _line_values(d: dict) -> dict:
    return {
        "kind": d["kind"] or LineKind.FEE,
        "description": d["description"],
        "description_es": d["description_es"],
        "unit_amount": amounts.parse_amount(d["unit"] or ""),
        "quantity": d["quantity"],
        "discount_percent": d["discount_percent"] or Decimal(0),
        "discount_amount": amounts.parse_amount(d["discount"]) if d["discount"] else 0,
        "tax_rate": d["tax_rate"] or Decimal(0),
    }


# Clients ----------------------------------------------------------------------------------------


def _client_invoice(request, invoice_uuid) -> Invoice:
    invoice = (
        client_invoices(request.user).select_related("matter").filter(uuid=invoice_uuid).first()
    )
    if invoice is None:
        record("access.denied", request=request, data={"invoice": str(invoice_uuid)})
        raise Http404
    return invoice


@never_cache
@access.require(access.is_client)
def client_invoice_list(request):
    invoices = client_invoices(request.user).select_related("matter")
    return render(request, "billing/client_list.html", {"invoices": invoices})


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
    invoice = _client_invoice(request, invoice_uuid)
    return _pdf_response(request, invoice, render_invoice_pdf(invoice))


@never_cache
@access.require(access.can_bill)
def staff_invoice_pdf(request, invoice_uuid):
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
            request, _("Online payment is not available. Here is how to pay this invoice.")
        )
        return redirect(back + "#how-to-pay")
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
            messages.error(
                request, _("Online payment is not available. Here is how to pay this invoice.")
            )
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
            "how_to_pay": payment_instructions(invoice),
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
