"""Texts that staff write once for clients in two languages, read in the reader's.

A text the firm writes (the title of an RFE item, a custom request, the reason a
document was sent back) is kept in English and in Spanish when staff give both. When
the reader's language is missing, the other one is shown and says so ("in English,
not translated yet"), so a Spanish-speaking client knows the text is not theirs and
the firm can see what it has not translated.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

LANGUAGES = ("en", "es")


def reader_language() -> str:
    lang = (get_language() or "en")[:2]
    return lang if lang in LANGUAGES else "en"


@dataclass(frozen=True)
class Localized:
    """A text for the reader: ``lang`` is the language it is in, ``fallback`` whether the
    reader's own language was missing."""

    text: str
    lang: str
    fallback: bool = False

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    @property
    def note(self) -> str:
        if not self.fallback:
            return ""
        if self.lang == "es":
            return _("in Spanish, not translated yet")
        return _("in English, not translated yet")

    def plain(self) -> str:
        """For text messages and plain-text email: the note in brackets after the text."""
        return f"{self.text} ({self.note})" if self.fallback else self.text

    def html(self) -> SafeString:
        """For pages: the text marked with its language (screen readers switch voice)
        and the note beside it."""
        if not self.fallback:
            return format_html("{}", self.text)
        return format_html(
            '<span lang="{}">{}</span> <small class="fallback-note">({})</small>',
            self.lang,
            self.text,
            self.note,
        )


def pick(texts: dict[str, str], lang: str | None = None) -> Localized:
    """The text in ``lang`` (the active language by default), else in another language."""
    lang = lang or reader_language()
    if (texts.get(lang) or "").strip():
        return Localized(texts[lang], lang)
    for other in LANGUAGES:
        if (texts.get(other) or "").strip():
            return Localized(texts[other], other, fallback=True)
    return Localized("", lang)


def lines(en: str, es: str) -> list[dict[str, str]]:
    """Two texts of one item per line (the English and the Spanish list, in the same order)
    paired line by line; a ``ValueError`` says why they do not pair."""
    en_lines = [t.strip() for t in (en or "").splitlines() if t.strip()]
    es_lines = [t.strip() for t in (es or "").splitlines() if t.strip()]
    if en_lines and es_lines and len(en_lines) != len(es_lines):
        raise ValueError(
            _(
                "Give the same items in both languages, one per line and in the same order "
                "(%(en)s in English, %(es)s in Spanish)."
            )
            % {"en": len(en_lines), "es": len(es_lines)}
        )
    count = max(len(en_lines), len(es_lines))
    return [
        {
            "en": en_lines[i] if i < len(en_lines) else "",
            "es": es_lines[i] if i < len(es_lines) else "",
        }
        for i in range(count)
    ]
