"""Accent-free comparison in the database: PostgreSQL's ``unaccent`` (the extension, created
by migration 0006), and the same function on SQLite connections, written in Python.

Kept apart from ``matters.search`` so that the app's ``ready()`` can connect it without
importing models.
"""

from __future__ import annotations

import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import FloatField, Func, TextField
from django.db.models.functions import Lower

# Letters that carry no combining mark to drop, spelt as PostgreSQL's unaccent rules do.
_SPELLED_OUT = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "ł": "l"}
    | {"Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "\u0131": "i"}
)


def fold(text: str | None) -> str | None:
    """``text`` without accents: "José García-Núñez" -> "Jose Garcia-Nunez"."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPELLED_OUT))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Unaccent(Func):
    function = "unaccent"
    output_field = TextField()


class WordSimilarity(Func):
    """pg_trgm's ``word_similarity(term, text)``: how well ``term`` matches a word of ``text``."""

    function = "word_similarity"
    output_field = FloatField()


def folded(expression) -> Func:
    # unaccent before lower: SQLite's lower() changes only ASCII letters.
    return Lower(Unaccent(expression))


def register_sqlite_unaccent(sender, connection, **kwargs) -> None:
    """Give SQLite connections the ``unaccent`` that PostgreSQL's extension provides."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("unaccent", 1, fold, deterministic=True)


def connect() -> None:
    connection_created.connect(register_sqlite_unaccent, dispatch_uid="matters.unaccent")
