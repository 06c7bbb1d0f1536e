"""What people type to name a matter or a client, turned into the matter or the client.

Staff know a case by its matter number (M-00012), its USCIS receipt number (written with
spaces, hyphens or in lower case), an invoice number or the client's email, rarely by the id
in a page's address. Every form where a person types a reference resolves it here, and an
unknown or ambiguous reference gets a message that says which kinds are understood.
Invoice numbers belong to billing, which matters does not import: billing names its
resolver in ``matters.hooks`` (``add_reference_resolver``).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matters import hooks
from matters.models import RECEIPT_RE, Matter, MatterContact, ReceiptNumber
from portal.accounts.models import User

MATTER_NUMBER_RE = re.compile(r"^(?:M[\s#-]*)?0*(\d{1,12})$", re.IGNORECASE)
# Matter numbers are primary keys: anything past a bigint names nothing.
MAX_MATTER_NUMBER = 2**63 - 1
MAX_REFERENCE = 254

KINDS_HELP = gettext_lazy(
    "a matter number (M-00012), a USCIS receipt number, an invoice number or a client's email"
)


def compact(text: str) -> str:
    """``text`` without spaces, hyphens, dots or slashes, in capitals: "wac-19 012" -> "WAC19012"."""
    return re.sub(r"[\s\-./_]", "", text or "").upper()


def receipt_number(text: str) -> str | None:
    """The receipt number ``text`` spells in any spacing or case, or None."""
    number = compact(text)
    return number if RECEIPT_RE.match(number) else None


def matter_number(text: str) -> int | None:
    found = MATTER_NUMBER_RE.match((text or "").strip())
    if not found:
        return None
    number = int(found.group(1))
    return number if 0 < number <= MAX_MATTER_NUMBER else None


def matter_ids(text: str) -> set[int] | None:
    """Ids of the matters ``text`` names, or None when ``text`` is no kind of reference."""
    text = (text or "").strip()
    if not text or len(text) > MAX_REFERENCE:
        return None
    try:
        as_uuid = uuid.UUID(text)
    except ValueError:
        pass
    else:
        return set(Matter.objects.filter(uuid=as_uuid).values_list("pk", flat=True))
    number = matter_number(text)
    if number is not None:
        return set(Matter.objects.filter(pk=number).values_list("pk", flat=True))
    receipt = receipt_number(text)
    if receipt is not None:
        return set(ReceiptNumber.objects.filter(number=receipt).values_list("matter_id", flat=True))
    if "@" in text:
        email = User.objects.normalize_email(text)
        return set(
            MatterContact.objects.filter(email__iexact=email).values_list("matter_id", flat=True)
        )
    for resolver in hooks.reference_resolvers():
        found: Iterable[int] | None = resolver(text)
        if found is not None:
            return set(found)
    return None


def resolve_matter(text: str, *, within: QuerySet[Matter] | None = None) -> Matter:
    """The one matter ``text`` names (among ``within``), or a ValidationError saying why not."""
    text = (text or "").strip()
    ids = matter_ids(text)
    if ids is None:
        raise ValidationError(
            _("“%(text)s” is not a reference we know. Use %(kinds)s."),
            params={"text": text[:60], "kinds": KINDS_HELP},
            code="unknown_kind",
        )
    qs = (within if within is not None else Matter.objects.all()).filter(pk__in=ids)
    found = list(qs.order_by("pk")[:6])
    if not found:
        raise ValidationError(
            _("No matter has the reference “%(text)s”."), params={"text": text}, code="not_found"
        )
    if len(found) > 1:
        refs = ", ".join(m.reference for m in found[:5])
        raise ValidationError(
            _("“%(text)s” belongs to several matters (%(refs)s): give the matter number."),
            params={"text": text, "refs": refs},
            code="ambiguous",
        )
    return found[0]


def resolve_client(text: str) -> User:
    """The client account ``text`` names: their email, or a reference to a matter that has
    exactly one client with an account."""
    text = (text or "").strip()
    if "@" in text:
        user = User.objects.filter(
            email__iexact=User.objects.normalize_email(text), kind=User.Kind.CLIENT
        ).first()
        if user is None:
            raise ValidationError(
                _("No client account has the address “%(text)s”."),
                params={"text": text[:254]},
                code="not_found",
            )
        return user
    matter = resolve_matter(text)
    users = list(
        User.objects.filter(matter_contacts__matter=matter, kind=User.Kind.CLIENT).distinct()[:2]
    )
    if not users:
        raise ValidationError(
            _("%(ref)s has no client with an account yet: place the hold on the matter."),
            params={"ref": matter.reference},
            code="no_account",
        )
    if len(users) > 1:
        raise ValidationError(
            _("%(ref)s has several clients: give the client's email address."),
            params={"ref": matter.reference},
            code="ambiguous",
        )
    return users[0]
