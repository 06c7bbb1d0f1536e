"""Stored text as keys: what is written now and read later is rendered in the reader's language.

Task titles, alert titles and notices are stored as a message key with JSON parameters, never
as finished text in the language of whoever (or whichever job) wrote them. Each app registers
its messages in its ``AppConfig.ready()``; a message is either a lazy gettext template with
``%(name)s`` placeholders or a callable taking the parameters, for values that need their own
formatting (money, dates) in the active language.

Two keys are built in: ``text`` shows ``params["text"]`` as written (a title a person typed),
and when that text is a mapping of language codes (text from data, such as a case type's task
rules), the active language's entry, else English.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language

# A lazy gettext template (or plain text), or a callable formatting the parameters.
Message = str | Promise | Callable[[Mapping[str, Any]], str]

_MESSAGES: dict[str, Message] = {}

TEXT = "text"


def register(messages: Mapping[str, Message]) -> None:
    """Declare messages by key. A key registered twice with another message is a bug."""
    for key, message in messages.items():
        if key in _MESSAGES and _MESSAGES[key] is not message:
            raise ValueError(f"message key {key!r} is registered twice")
        _MESSAGES[key] = message


def is_registered(key: str) -> bool:
    return key == TEXT or key in _MESSAGES


def pick_language(value: Any) -> str:
    """A string as it is; a ``{"en": ..., "es": ...}`` mapping in the active language."""
    if isinstance(value, Mapping):
        lang = (get_language() or "en").split("-")[0]
        return str(value.get(lang) or value.get("en") or next(iter(value.values()), ""))
    return "" if value is None else str(value)


def render(key: str, params: Mapping[str, Any] | None = None) -> str:
    """The message in the active language. An unknown key shows itself rather than failing a
    page: a message whose app was removed must not make old rows unreadable."""
    params = dict(params or {})
    if key == TEXT:
        return pick_language(params.get("text"))
    message = _MESSAGES.get(key)
    if message is None:
        return key
    if callable(message):
        return str(message(params))
    values = {k: pick_language(v) for k, v in params.items()}
    try:
        return str(message) % values
    except (KeyError, ValueError, TypeError):
        # A template whose placeholders changed since the row was written.
        return str(message)
