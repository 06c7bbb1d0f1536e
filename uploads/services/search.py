"""Finding documents by the words of their recognised text, without storing the text.

The database never holds recognised text. Each word is normalised (case and accents
folded) and replaced by a keyed hash; Postgres full-text search (or a plain substring
test on SQLite) then finds documents holding every word of a query. The key comes
from SECRET_KEY: after changing it, run `manage.py ocr_reindex`
(``uploads.services.ocr_jobs.reindex_search``).
"""

from __future__ import annotations

import re
import unicodedata

from django.db import connection
from django.utils.crypto import salted_hmac

from uploads.access import reviewable_documents
from uploads.models import DocumentText


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return [w for w in re.findall(r"[a-z0-9]+", folded) if len(w) >= 2]


def _token(word: str) -> str:
    return salted_hmac("uploads.search-token", word, algorithm="sha256").hexdigest()[:16]


def search_tokens(text: str) -> str:
    return " " + " ".join(sorted({_token(w) for w in _words(text)})) + " "


def search(user, query: str, *, limit: int = 50):
    """Documents whose text holds every word of the query, among those the user may read."""
    words = _words(query)[:10]
    if not words:
        return DocumentText.objects.none(), words
    tokens = [_token(w) for w in words]
    qs = DocumentText.objects.filter(
        document__in=reviewable_documents(user).values("pk")
    ).select_related("document__request__matter")
    if connection.vendor == "postgresql":
        qs = qs.extra(
            where=["to_tsvector('simple'::regconfig, search_tokens) @@ to_tsquery('simple', %s)"],
            params=[" & ".join(tokens)],
        )
    else:
        for t in tokens:
            qs = qs.filter(search_tokens__contains=f" {t} ")
    return qs.order_by("-document__uploaded_at")[:limit], words


def snippet(text: str, words: list[str], width: int = 80) -> list[tuple[str, bool]]:
    """A piece of the text around the first query word, split into (part, is_match)."""

    def fold(s: str) -> str:
        return "".join(
            c for c in unicodedata.normalize("NFKD", s.casefold()) if not unicodedata.combining(c)
        )

    tokens = re.finditer(r"\w+", text)
    spans = [m.span() for m in tokens if fold(m.group()) in words]
    if not spans:
        return [(text[: width * 2], False)]
    start = max(0, spans[0][0] - width)
    end = min(len(text), spans[0][1] + width)
    parts, pos = [], start
    for a, b in spans:
        if a < start or b > end:
            continue
        if a > pos:
            parts.append((text[pos:a], False))
        parts.append((text[a:b], True))
        pos = b
    parts.append((text[pos:end], False))
    return parts
