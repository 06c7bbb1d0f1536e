import json

from django import template
from django.utils.safestring import SafeString

from matters import bilingual, reminders

register = template.Library()


@register.filter
def get(mapping, key):
    if not mapping:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def floor10(value) -> int:
    """Progress bars step by ten: the CSP allows no inline style, so widths are classes."""
    try:
        return max(0, min(100, int(value) // 10 * 10))
    except (TypeError, ValueError):
        return 0


@register.filter
def json_attr(value) -> str:
    return json.dumps(value) if value else ""


@register.simple_tag
def group_field(group: str, index: int, sub: str) -> dict:
    key = f"{group}-{index}-{sub}"
    return {"name": f"q-{key}", "error_key": key}


@register.simple_tag
def reminders_with_titles(history) -> list:
    """Reminders with their items titled in the reader's (the active) language."""
    return reminders.with_titles(history)


@register.filter
def localized(obj, name: str) -> SafeString:
    """A text staff wrote in two languages, in the reader's, or marked as the other one:
    ``{{ request|localized:"title" }}``."""
    if isinstance(obj, bilingual.Localized):
        return obj.html()
    return obj.localized(name).html()
