"""Money, quantities, percentages and staff-written texts on invoice pages, PDFs and emails.

Every figure follows the language the page is rendered in (the PDF and the emails are
rendered in the invoice's language), with the separators of the invoice's currency, so a
page has one number format: never "2,50" next to "$275.00".
"""

from django import template
from django.utils.translation import get_language

from billing import amounts, texts

register = template.Library()


def _language(invoice) -> str:
    return get_language() or invoice.language


@register.filter
def money(value, invoice):
    """Minor units in the invoice's currency, for the page's language: ``{{ x|money:invoice }}``."""
    if value in (None, ""):
        return ""
    return amounts.format_amount(int(value), invoice.currency, _language(invoice))


@register.filter
def number(value, invoice):
    """A quantity written like the invoice's money: ``{{ line.quantity|number:invoice }}``."""
    if value in (None, ""):
        return ""
    return amounts.format_number(value, invoice.currency, _language(invoice))


@register.filter
def percent(value, invoice=None):
    """A rate without trailing zeros (8.875%, 10%), written like the invoice's money."""
    if value in (None, ""):
        return ""
    currency = invoice.currency if invoice is not None else "USD"
    language = _language(invoice) if invoice is not None else (get_language() or "en")
    return f"{amounts.format_number(value, currency, language)}%"


@register.simple_tag
def client_text(obj, field, multiline=False):
    """A staff-written text in the reader's language, or the other one marked as such."""
    return texts.render(obj, field, multiline=multiline)
