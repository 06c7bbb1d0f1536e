from django import template

from billing import amounts

register = template.Library()


@register.filter
def money(value, invoice):
    """Minor units in the invoice's currency, formatted for its language: ``{{ x|money:invoice }}``."""
    if value in (None, ""):
        return ""
    return amounts.format_amount(int(value), invoice.currency, invoice.language)


@register.filter
def percent(value):
    """A rate without trailing zeros: 8.875, 10, 0.5."""
    text = f"{value:f}".rstrip("0").rstrip(".") if value is not None else ""
    return f"{text}%"
