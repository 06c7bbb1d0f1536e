"""Texts that staff write and clients read (invoice lines, invoice notes), in each language.

Each text has an English field and a Spanish one (``description`` and ``description_es``);
staff fill one or both. A reader gets their language's text; when it is missing they get the
other one, marked as being in that language (and tagged with ``lang`` for screen readers),
never silently a text they may not understand.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy

# Field suffix per language: "description" is English, "description_es" Spanish.
SUFFIXES = {"en": "", "es": "_es"}
IN_LANGUAGE = {"en": gettext_lazy("in English"), "es": gettext_lazy("in Spanish")}


@dataclass(frozen=True)
class ClientText:
    text: str
    language: str  # the language the text is written in
    fallback: bool  # True when the reader's language had no text

    def __str__(self) -> str:
        return self.text


def reader_language(language: str | None = None) -> str:
    code = (language or get_language() or "en").split("-")[0].lower()
    return code if code in SUFFIXES else "en"


def pick(obj, field: str, language: str | None = None) -> ClientText:
    """``obj``'s ``field`` in the reader's language, else in the other one (marked)."""
    wanted = reader_language(language)
    own = (getattr(obj, field + SUFFIXES[wanted], "") or "").strip()
    if own:
        return ClientText(own, wanted, False)
    for code, suffix in SUFFIXES.items():
        other = (getattr(obj, field + suffix, "") or "").strip()
        if code != wanted and other:
            return ClientText(other, code, True)
    return ClientText("", wanted, False)


def render(obj, field: str, *, multiline: bool = False) -> SafeString:
    """HTML for ``pick``: escaped, with the fallback tagged with its ``lang`` and marked.

    ``multiline`` texts (notes) become paragraphs in a ``div``; one-line texts (line
    descriptions) stay inline.
    """
    chosen = pick(obj, field)
    if not chosen.text:
        return SafeString("")
    note = (
        format_html(' <span class="lang-note">({})</span>', IN_LANGUAGE[chosen.language])
        if chosen.fallback
        else ""
    )
    if multiline:
        # linebreaks escapes the text itself (autoescape=True) and returns plain markup.
        body = mark_safe(linebreaks(chosen.text, autoescape=True))  # noqa: S308
        return format_html(
            '<div class="client-text" lang="{}">{}{}</div>', chosen.language, body, note
        )
    if not chosen.fallback:
        return format_html("{}", chosen.text)
    return format_html('<span lang="{}">{}</span>{}', chosen.language, chosen.text, note)
