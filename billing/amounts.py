"""Invoice arithmetic in integer minor units (cents). Standard library only; no floats.

Money is always an ``int`` of minor units (cents for USD). Quantities and
percentages are ``Decimal`` (an ``int`` is accepted too); a ``float`` is refused
everywhere, because binary floating point cannot hold 0.1 or 8.875% exactly.

Rounding rule
-------------
Every line is rounded on its own, ROUND_HALF_UP to the minor unit, at each step:

1. ``subtotal = round_half_up(quantity * unit_amount)``
2. ``discount = round_half_up(subtotal * discount_percent / 100)``, or the fixed
   ``discount_amount`` as given (a line has one kind of discount, never both)
3. ``net = subtotal - discount``
4. ``tax = round_half_up(net * tax_rate / 100)``
5. ``total = net + tax``

Half up means an exact half cent goes up: 0.5 -> 1, 2.5 -> 3 (Python's
``round`` would give 0 and 2). All figures are non-negative, so "up" is
"away from zero". The arithmetic is exact integer arithmetic, so the result
does not depend on the thread's ``decimal`` context.

The invoice totals are the *sums of the rounded line figures*; nothing is
re-rounded at invoice level. So the printed lines always add up to the printed
totals to the cent, and ``subtotal - discount == net`` and ``net + tax == total``
hold for the invoice as they do for each line. The per-rate tax breakdown is
grouped from the same rounded line figures, so it adds up to the invoice tax.

Errors
------
Invalid input raises :class:`AmountError` (a ``ValueError``) whose message is
plain English fit to show staff. Messages are fixed strings (no values are
interpolated into them), so the portal can use them as translation message ids.
``AmountError.field`` names the offending ``Line`` field, when there is one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeGuard

__all__ = [
    "CURRENCY_EXPONENTS",
    "CURRENCY_SYMBOLS",
    "MAX_AMOUNT",
    "MAX_QUANTITY",
    "AmountError",
    "Line",
    "LineTotals",
    "Totals",
    "allocate",
    "allocate_weighted",
    "format_amount",
    "format_number",
    "line_totals",
    "parse_amount",
    "totals",
]

MAX_QUANTITY = 10_000
MAX_AMOUNT = 10**10  # minor units: the largest unit amount, and the largest amount parsed
MAX_PARTS = 10_000  # allocate / allocate_weighted

# Minor-unit digits per ISO 4217 code. Unknown codes are treated as 2.
CURRENCY_EXPONENTS: dict[str, int] = {
    "USD": 2,
    "EUR": 2,
    "MXN": 2,
    "GBP": 2,
    "CAD": 2,
    "JPY": 0,
    "KRW": 0,
    "KWD": 3,
}
CURRENCY_SYMBOLS: dict[str, str] = {
    "USD": "$",
    "EUR": "€",
    "MXN": "MX$",
    "GBP": "£",
    "CAD": "CA$",
    "JPY": "¥",
}
# Written "$1,234.56" in every language (US clients; Mexico uses the same separators).
_US_STYLE = frozenset({"USD", "MXN"})

_QUANTITY_PLACES = 2
_PERCENT_PLACES = 2
_TAX_PLACES = 3
# A Decimal with more integer digits than this is refused before any arithmetic.
_MAX_INTEGER_DIGITS = 15


class AmountError(ValueError):
    """Invalid money input. ``str(error)`` is an English message fit to show staff."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


# --- helpers -------------------------------------------------------------------------------


def _half_up(numerator: int, denominator: int) -> int:
    """round_half_up(numerator / denominator) for numerator >= 0, denominator > 0."""
    return (2 * numerator + denominator) // (2 * denominator)


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _as_decimal(value: object, message: str, field: str) -> Decimal:
    """A Decimal (or an int, converted); anything else, floats included, is refused."""
    if _is_int(value):
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise AmountError(message, field=field)
        return value
    raise AmountError(message, field=field)


def _scaled(value: Decimal, places: int) -> int | None:
    """``value * 10**places`` as an exact int, or None if that is not a whole number.

    Works on the digit tuple, so it is exact and independent of the decimal context.
    The caller must check the range; huge exponents are cut short here.
    """
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite, checked by _as_decimal
    end = len(digits)
    while end and digits[end - 1] == 0:
        end -= 1
        exponent += 1
    if end == 0:
        return 0
    digits = digits[:end]
    if exponent < -places:
        return None
    if len(digits) + exponent > _MAX_INTEGER_DIGITS:
        # Larger than any accepted value: report it as such without building a huge int.
        return (
            -(10 ** (_MAX_INTEGER_DIGITS + places))
            if sign
            else 10 ** (_MAX_INTEGER_DIGITS + places)
        )
    magnitude = int("".join(map(str, digits))) * 10 ** (exponent + places)
    return -magnitude if sign else magnitude


def _decimal_from_scaled(scaled: int, places: int) -> Decimal:
    """The canonical Decimal for ``scaled / 10**places``: no trailing zeros, no exponent."""
    whole, fraction = divmod(scaled, 10**places)
    text = f"{whole}.{fraction:0{places}d}".rstrip("0").rstrip(".") if places else str(whole)
    return Decimal(text)


# --- lines ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One invoice line: a flat fee, a pass-through filing fee, or an hourly entry.

    ``quantity`` is hours for hourly entries and 1 for fees. At most one of
    ``discount_percent`` and ``discount_amount`` may be non-zero. ``int`` values are
    accepted for the Decimal fields (and stored as Decimal); floats and bools are not.
    """

    quantity: Decimal
    unit_amount: int
    discount_percent: Decimal = Decimal(0)
    discount_amount: int = 0
    tax_rate: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        quantity = _as_decimal(self.quantity, "Enter the quantity as a decimal number.", "quantity")
        discount_percent = _as_decimal(
            self.discount_percent,
            "Enter the discount percentage as a decimal number.",
            "discount_percent",
        )
        tax_rate = _as_decimal(self.tax_rate, "Enter the tax rate as a decimal number.", "tax_rate")
        object.__setattr__(self, "quantity", quantity)
        object.__setattr__(self, "discount_percent", discount_percent)
        object.__setattr__(self, "tax_rate", tax_rate)

        q = _scaled(quantity, _QUANTITY_PLACES)
        if q is None:
            raise AmountError("The quantity can have at most 2 decimal places.", field="quantity")
        if q <= 0:
            raise AmountError("The quantity must be greater than zero.", field="quantity")
        if q > MAX_QUANTITY * 10**_QUANTITY_PLACES:
            raise AmountError("The quantity cannot be more than 10,000.", field="quantity")

        if not _is_int(self.unit_amount):
            raise AmountError(
                "The unit price must be a whole number of cents.", field="unit_amount"
            )
        if self.unit_amount < 0:
            raise AmountError("The unit price cannot be negative.", field="unit_amount")
        if self.unit_amount > MAX_AMOUNT:
            raise AmountError("The unit price is too large.", field="unit_amount")

        p = _scaled(discount_percent, _PERCENT_PLACES)
        if p is None:
            raise AmountError(
                "The discount percentage can have at most 2 decimal places.",
                field="discount_percent",
            )
        if not 0 <= p <= 100 * 10**_PERCENT_PLACES:
            raise AmountError(
                "The discount percentage must be between 0 and 100.", field="discount_percent"
            )

        if not _is_int(self.discount_amount):
            raise AmountError(
                "The discount must be a whole number of cents.", field="discount_amount"
            )
        if self.discount_amount < 0:
            raise AmountError("The discount cannot be negative.", field="discount_amount")

        t = _scaled(tax_rate, _TAX_PLACES)
        if t is None:
            raise AmountError("The tax rate can have at most 3 decimal places.", field="tax_rate")
        if not 0 <= t <= 100 * 10**_TAX_PLACES:
            raise AmountError("The tax rate must be between 0 and 100 percent.", field="tax_rate")

        if p and self.discount_amount:
            raise AmountError(
                "A line can have a percentage discount or a fixed discount, not both.",
                field="discount_amount",
            )
        if self.discount_amount > _half_up(q * self.unit_amount, 10**_QUANTITY_PLACES):
            raise AmountError(
                "The discount cannot be more than the line subtotal.", field="discount_amount"
            )

    # Validated in __post_init__, so these cannot be None here.
    def _quantity_hundredths(self) -> int:
        return _scaled(self.quantity, _QUANTITY_PLACES)  # type: ignore[return-value]

    def _percent_hundredths(self) -> int:
        return _scaled(self.discount_percent, _PERCENT_PLACES)  # type: ignore[return-value]

    def _tax_thousandths(self) -> int:
        return _scaled(self.tax_rate, _TAX_PLACES)  # type: ignore[return-value]


@dataclass(frozen=True)
class LineTotals:
    subtotal: int  # quantity * unit_amount, rounded half up
    discount: int  # percent of subtotal rounded half up, or the fixed amount
    net: int  # subtotal - discount
    tax: int  # net * tax_rate / 100, rounded half up
    total: int  # net + tax


@dataclass(frozen=True)
class Totals:
    """Sums of the rounded line figures.

    ``taxes`` has one ``(rate, taxable net, tax)`` entry per tax rate, sorted by rate;
    the taxable net is the sum of the nets of the lines at that rate. Rates whose tax
    comes to 0 (a 0% rate, or lines discounted to nothing) are left out. ``rate`` is a
    canonical Decimal without trailing zeros (``Decimal("8.875")``, ``Decimal("7")``).
    """

    subtotal: int
    discount: int
    net: int
    tax: int
    total: int
    taxes: tuple[tuple[Decimal, int, int], ...]


def line_totals(line: Line) -> LineTotals:
    """The rounded figures of one line (see the module docstring for the rule)."""
    if not isinstance(line, Line):
        raise AmountError("Invoice lines must be Line objects.")
    subtotal = _half_up(line._quantity_hundredths() * line.unit_amount, 10**_QUANTITY_PLACES)
    percent = line._percent_hundredths()
    if percent:
        discount = _half_up(subtotal * percent, 100 * 10**_PERCENT_PLACES)
    else:
        discount = line.discount_amount
    net = subtotal - discount
    tax = _half_up(net * line._tax_thousandths(), 100 * 10**_TAX_PLACES)
    return LineTotals(subtotal=subtotal, discount=discount, net=net, tax=tax, total=net + tax)


def totals(lines: Iterable[Line]) -> Totals:
    """Invoice totals: the sums of the rounded line figures, plus a per-rate tax breakdown."""
    subtotal = discount = net = tax = 0
    by_rate: dict[int, list[int]] = {}
    for line in lines:
        figures = line_totals(line)
        subtotal += figures.subtotal
        discount += figures.discount
        net += figures.net
        tax += figures.tax
        rate = by_rate.setdefault(line._tax_thousandths(), [0, 0])
        rate[0] += figures.net
        rate[1] += figures.tax
    taxes = tuple(
        (_decimal_from_scaled(rate, _TAX_PLACES), rate_net, rate_tax)
        for rate, (rate_net, rate_tax) in sorted(by_rate.items())
        if rate_tax
    )
    return Totals(
        subtotal=subtotal, discount=discount, net=net, tax=tax, total=net + tax, taxes=taxes
    )


# --- splitting -----------------------------------------------------------------------------


def _check_total(total: object) -> int:
    if not _is_int(total):
        raise AmountError("The amount must be a whole number of cents.")
    return total


def allocate(total: int, parts: int) -> list[int]:
    """Split ``total`` into ``parts`` instalments that sum exactly to it.

    Instalments differ by at most one minor unit; the earlier ones take the extra
    cents: ``allocate(1000, 3) == [334, 333, 333]``. A negative total is split like
    its absolute value, negated (the earlier instalments are the larger refunds).
    """
    total = _check_total(total)
    if not _is_int(parts) or not 1 <= parts <= MAX_PARTS:
        raise AmountError("The number of instalments must be between 1 and 10,000.")
    if total < 0:
        return [-share for share in allocate(-total, parts)]
    base, extra = divmod(total, parts)
    return [base + 1] * extra + [base] * (parts - extra)


def allocate_weighted(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder method).

    Each share is its exact proportional share rounded down or up, and the shares sum
    exactly to ``total``. The cents left after rounding down go to the largest
    remainders, ties to the earlier weight, so the result is deterministic. A zero
    weight always gets 0. A negative total is split like its absolute value, negated.
    """
    total = _check_total(total)
    if isinstance(weights, (str, bytes)) or not isinstance(weights, Sequence):
        raise AmountError("The weights must be a list of whole numbers.")
    if not 1 <= len(weights) <= MAX_PARTS:
        raise AmountError("The number of parts must be between 1 and 10,000.")
    if not all(_is_int(weight) for weight in weights):
        raise AmountError("The weights must be whole numbers.")
    if any(weight < 0 for weight in weights):
        raise AmountError("The weights cannot be negative.")
    weight_sum = sum(weights)
    if weight_sum == 0:
        raise AmountError("At least one weight must be greater than zero.")
    if total < 0:
        return [-share for share in allocate_weighted(-total, weights)]
    shares = []
    remainders = []
    for index, weight in enumerate(weights):
        share, remainder = divmod(total * weight, weight_sum)
        shares.append(share)
        remainders.append((-remainder, index))
    left = total - sum(shares)
    for _, index in sorted(remainders)[:left]:
        shares[index] += 1
    return shares


# --- text ----------------------------------------------------------------------------------

_AMOUNT_RE = re.compile(
    r"\$?[ ]*(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?:\.(?P<fraction>[0-9]+))?",
    re.ASCII,
)
_MAX_TEXT = 40


def parse_amount(text: str, *, exponent: int = 2) -> int:
    """Parse an amount typed by staff into minor units.

    Accepts ``"1,234.56"``, ``"1234.5"``, ``"$1,234.56"``, ``" 15 "``, ``".5"``. Commas
    must group thousands exactly (so ``"1,23"`` and the Spanish ``"1.234,56"`` are refused
    rather than misread). ``exponent`` is the currency's number of decimals
    (``CURRENCY_EXPONENTS``); more decimals than that are refused, even zeros
    (``"1.000"`` could mean one thousand). Negative, garbage, and amounts above
    ``MAX_AMOUNT`` minor units raise :class:`AmountError`.
    """
    if not isinstance(text, str):
        raise AmountError("Enter the amount as text.")
    if not _is_int(exponent) or not 0 <= exponent <= 6:
        raise AmountError("The currency has an invalid number of decimal places.")
    stripped = text.strip()
    if not stripped:
        raise AmountError("Enter an amount.")
    if len(stripped) > _MAX_TEXT:
        raise AmountError("Enter a valid amount, such as 1,234.56.")
    if "-" in stripped or "\u2212" in stripped or stripped.startswith("("):
        raise AmountError("The amount cannot be negative.")
    match = _AMOUNT_RE.fullmatch(stripped)
    if match is None or (match["whole"] is None and match["fraction"] is None):
        raise AmountError("Enter a valid amount, such as 1,234.56.")
    fraction = match["fraction"] or ""
    if len(fraction) > exponent:
        if exponent == 0:
            raise AmountError("This currency has no decimal places.")
        raise AmountError("The amount has more decimal places than the currency has.")
    whole = int((match["whole"] or "0").replace(",", ""))
    value = whole * 10**exponent + int(fraction.ljust(exponent, "0") or "0")
    if value > MAX_AMOUNT:
        raise AmountError("The amount is too large.")
    return value


def format_amount(minor: int, currency: str = "USD", language: str = "en") -> str:
    """Format minor units for display.

    USD (both languages) ``"$1,234.56"``, negative ``"-$12.00"``; EUR ``"€1,234.56"`` in
    English, ``"1.234,56 €"`` in Spanish; MXN ``"MX$1,234.56"``; JPY ``"¥1,235"``; an
    unknown code ``"1,234.56 XYZ"`` (Spanish: ``"1.234,56 XYZ"``). ``language`` may be a
    tag such as ``"es-US"``; only its primary subtag matters, and anything but Spanish
    is formatted as English.
    """
    if not _is_int(minor):
        raise AmountError("The amount must be a whole number of cents.")
    if not isinstance(currency, str) or not (
        len(currency) == 3 and currency.isascii() and currency.isalpha()
    ):
        raise AmountError("The currency must be a three-letter code.")
    if not isinstance(language, str):
        raise AmountError("The language must be a language code.")
    code = currency.upper()
    spanish = language.replace("_", "-").split("-")[0].lower() == "es"
    exponent = CURRENCY_EXPONENTS.get(code, 2)

    whole, fraction = divmod(abs(minor), 10**exponent)
    number = f"{whole:,}" + (f".{fraction:0{exponent}d}" if exponent else "")
    sign = "-" if minor < 0 else ""
    symbol = CURRENCY_SYMBOLS.get(code)

    if spanish and code not in _US_STYLE:
        number = number.translate(str.maketrans(",.", ".,"))
        return f"{sign}{number} {symbol or code}"
    if symbol is None:
        return f"{sign}{number} {code}"
    return f"{sign}{symbol}{number}"


def _spanish(language: str) -> bool:
    return language.replace("_", "-").split("-")[0].lower() == "es"


def format_number(value: Decimal | int, currency: str = "USD", language: str = "en") -> str:
    """A quantity or a percentage written like the money beside it on the same page.

    The separators are those ``format_amount`` uses for ``currency`` in ``language``, so a
    page never shows "2,50" next to "$275.00": USD and MXN write ``"1,234.5"`` in both
    languages, EUR in Spanish ``"1.234,5"``. Trailing zeros are dropped (``"1.25"``,
    ``"8.875"``, ``"10"``); floats are refused like everywhere in this module.
    """
    number = _as_decimal(value, "Enter the number as a decimal.", "value")
    if not isinstance(currency, str) or not isinstance(language, str):
        raise AmountError("The currency and the language must be codes.")
    sign = "-" if number < 0 else ""
    text = f"{abs(number):f}"
    whole, _dot, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    written = f"{int(whole):,}" + (f".{fraction}" if fraction else "")
    if _spanish(language) and currency.upper() not in _US_STYLE:
        written = written.translate(str.maketrans(",.", ".,"))
    return sign + written
