"""Messages that billing stores as keys (task titles), rendered in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from audit.messages import Message
from billing import amounts
from billing.stripe_reasons import StripeReason


def _money(params: Mapping[str, Any], name: str) -> str:
    """Minor units formatted for the reader's language, in the invoice's currency."""
    return amounts.format_amount(
        int(params.get(name, 0)), params.get("currency", "USD"), (get_language() or "en")[:2]
    )


def _payment_mismatch(params: Mapping[str, Any]) -> str:
    return _(
        "Payment of %(amount)s on %(invoice)s differs from the amount asked by %(difference)s"
    ) % {
        "amount": _money(params, "amount"),
        "invoice": params.get("invoice", ""),
        "difference": _money(params, "difference"),
    }


def _refund_owed(params: Mapping[str, Any]) -> str:
    return _("Refund %(amount)s overpaid on %(invoice)s to the client") % {
        "amount": _money(params, "amount"),
        "invoice": params.get("invoice", ""),
    }


def _overdue(params: Mapping[str, Any]) -> str:
    n = int(params.get("reminders", 0))
    return ngettext(
        "%(invoice)s is overdue after %(n)d reminder: call the client",
        "%(invoice)s is overdue after %(n)d reminders: call the client",
        n,
    ) % {"invoice": params.get("invoice", ""), "n": n}


def _stripe_event(params: Mapping[str, Any]) -> str:
    reasons = dict(StripeReason.choices)
    reason = params.get("reason", "")
    return _("Stripe event on %(invoice)s needs attention: %(reason)s (%(event)s)") % {
        "invoice": params.get("invoice", ""),
        "reason": reasons.get(reason, reason),
        "event": params.get("event", ""),
    }


MESSAGES: dict[str, Message] = {
    "billing.task.payment_mismatch": _payment_mismatch,
    "billing.task.client_dispute": gettext_lazy("Client disputes %(invoice)s: answer them"),
    "billing.task.bank_dispute": gettext_lazy(
        "Card payment on %(invoice)s disputed with the bank: respond in Stripe"
    ),
    "billing.task.overdue": _overdue,
    "billing.task.refund_owed": _refund_owed,
    "billing.task.stripe_event": _stripe_event,
}
