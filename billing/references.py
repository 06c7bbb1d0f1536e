"""Invoice numbers as references to their matters (``matters.references``), in any case or
spacing: "INV-000042", "inv 42", "INV42"."""

from __future__ import annotations

import re

from django.conf import settings

from billing.models import Invoice


def matter_ids(text: str) -> list[int] | None:
    """The matter of the invoice ``text`` numbers, or None when ``text`` is no invoice number.

    Without a prefix (``INVOICE_PREFIX`` empty) a bare number is a matter number, never an
    invoice's."""
    prefix = re.sub(r"[\s#\-/_.]", "", settings.INVOICE_PREFIX)
    if not prefix:
        return None
    found = re.fullmatch(
        rf"{re.escape(prefix)}[\s#\-/_.]*0*(\d{{1,9}})", (text or "").strip(), re.IGNORECASE
    )
    if not found:
        return None
    return list(
        Invoice.objects.filter(number=int(found.group(1))).values_list("matter_id", flat=True)
    )
