"""Why a verified Stripe event could not be applied. Kept apart from the models so that the
task messages (loaded while the app registry starts) can name the reasons too."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StripeReason(models.TextChoices):
    VOID_INVOICE = "void_invoice", _("The invoice is void")
    DRAFT_INVOICE = "draft_invoice", _("The invoice is not issued")
    CURRENCY = "currency", _("The payment is in another currency than the invoice")
    AMOUNT = "amount", _("The amount is missing, zero or negative")
    BAD_REFERENCE = "bad_reference", _("The invoice reference is not an invoice id")
    NO_REFERENCE = "no_reference", _("The event names no invoice")
    UNKNOWN_INVOICE = "unknown_invoice", _("No invoice has this reference")
    OTHER_ACCOUNT = "other_account", _("The invoice belongs to the other Stripe account")
    WRONG_MODE = "wrong_mode", _("A test-mode event reached live mode, or the reverse")
    UNKNOWN_PAYMENT = "unknown_payment", _("No payment on record matches this charge")
    REFUSED = "refused", _("The payment was refused")
