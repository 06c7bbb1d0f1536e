"""Phone numbers: validated with Google's libphonenumber (``phonenumbers``) and stored in
E.164 (``+12125550100``), the one form SMS gateways and people's phones agree on.

(Plain functions, no forms or models: the questionnaire engine and the default case types
use them without loading the ORM; the form field is ``portal.accounts.forms.PhoneField``.)
A number typed without a country code is read as one of ``settings.PHONE_REGION``
(the US by default); "12", a number with too few digits for its country or an extension
is refused with a message that says what to type.
"""

from __future__ import annotations

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INVALID = _(
    "Enter a full phone number with its area code, for example (212) 555-0100, or with "
    "the country code if it is not a US number, for example +52 55 1234 5678."
)
EXTENSION = _("Enter the number without an extension.")
MAX_LENGTH = 40


def normalize(raw: str, *, region: str | None = None) -> str:
    """The number in E.164, or a ``ValidationError`` saying what to type; "" stays ""."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    if len(raw) > MAX_LENGTH:
        raise ValidationError(INVALID, code="phone")
    try:
        number = phonenumbers.parse(raw, region or settings.PHONE_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(INVALID, code="phone") from exc
    if number.extension:
        raise ValidationError(EXTENSION, code="phone_extension")
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(INVALID, code="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display(e164: str) -> str:
    """An E.164 number as people read it: "+1 212-555-0100"; anything else as it is."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
