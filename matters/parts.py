"""The parts of a requested document: the two sides of a card, the pages of a certificate.

A document request either names the parts it needs (``DocumentRequest.parts``, e.g.
``["front", "back"]`` for an ID card, copied from the case type's checklist item) or,
with no parts named, takes one document of as many pages as the client has. Each file
(an uploads ``Document``) says which part it is in its ``part``: a named part's key, or
``""`` for the first page and ``"page-2"``, ``"page-3"``... for the next ones, so files
sent before parts existed read as page 1. Sending a file for a part that already has one
makes a new version of that part; the other parts keep theirs.

Keys are stored; labels are rendered in the reader's language. This module knows no
models: it takes a request (its ``parts``) and its files (anything with ``part``,
``version`` and ``destroyed_at``), so the matters and uploads apps share it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FRONT = "front"
BACK = "back"
# The named parts a checklist item may ask for, in the order a person photographs them.
NAMED = {
    FRONT: gettext_lazy("Front"),
    BACK: gettext_lazy("Back"),
}
FIRST_PAGE = ""
# Sent by the "add a page" action: the next free page number, chosen under the request's
# lock, so two tabs adding a page each get one and neither replaces the other.
NEW_PAGE = "new"
MAX_PAGES = 20
PAGE = re.compile(r"^page-([2-9]|1[0-9]|20)$")


class PartError(ValueError):
    """A part that this request does not take; ``message`` is for the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def validate(parts: Any) -> list[str]:
    """Problems with a checklist item's ``parts`` (empty when it is usable)."""
    if parts is None:
        return []
    if not isinstance(parts, list) or not parts:
        return ["parts must be a non-empty list of part names"]
    errors = []
    unknown = [p for p in parts if p not in NAMED]
    if unknown:
        errors.append(f"unknown parts {unknown}; known: {sorted(NAMED)}")
    if len(set(map(str, parts))) != len(parts):
        errors.append("parts must not repeat")
    return errors


def page_number(key: str) -> int | None:
    if key == FIRST_PAGE:
        return 1
    m = PAGE.match(key)
    return int(m.group(1)) if m else None


def page_key(n: int) -> str:
    return FIRST_PAGE if n == 1 else f"page-{n}"


def label(key: str) -> str:
    """The part's name for people: "Front", "Back", "Page 2"."""
    if key in NAMED:
        return str(NAMED[key])
    n = page_number(key)
    if n is None:
        return key
    return _("Page %(n)s") % {"n": n}


def live(documents: Iterable[Any]) -> list[Any]:
    """The files that still exist (destroyed ones are tombstones), newest first."""
    return sorted((d for d in documents if d.destroyed_at is None), key=lambda d: -d.version)


def present(documents: Iterable[Any]) -> set[str]:
    return {d.part for d in live(documents)}


def missing(request: Any, documents: Iterable[Any]) -> list[str]:
    """The named parts that no file stands for yet (a request of pages names none)."""
    have = present(documents)
    return [p for p in request.parts or [] if p not in have]


def pages(documents: Iterable[Any]) -> int:
    """How many pages a request of pages has (its highest page number)."""
    numbers = [page_number(p) for p in present(documents)]
    return max([n for n in numbers if n] or [0])


def next_page(documents: Iterable[Any]) -> str:
    n = pages(documents) + 1
    if n > MAX_PAGES:
        raise PartError(
            _("A document can have at most %(n)s pages. Put the pages together in one PDF.")
            % {"n": MAX_PAGES}
        )
    return page_key(n)


def first_needed(request: Any, documents: Iterable[Any]) -> str:
    """The first named part missing, else the first part (the first page)."""
    gaps = missing(request, documents)
    if gaps:
        return gaps[0]
    return request.parts[0] if request.parts else FIRST_PAGE


def choosable(request: Any, documents: Iterable[Any]) -> list[str]:
    """The parts a client may send a file for now (``NEW_PAGE`` meaning a new page)."""
    if request.parts:
        return list(request.parts)
    have = present(documents)
    keys = sorted((k for k in have if page_number(k)), key=lambda k: page_number(k) or 0)
    if not have:
        return [FIRST_PAGE]
    return [*keys, NEW_PAGE] if pages(documents) < MAX_PAGES else keys


def default(request: Any, documents: Sequence[Any]) -> str:
    """The part the upload page offers first: the first one missing; when none is, the
    first part (to replace it after a send-back), or a new page."""
    gaps = missing(request, documents)
    if gaps:
        return gaps[0]
    if request.parts:
        return request.parts[0]
    if not pages(documents):
        return FIRST_PAGE
    if getattr(request, "status", "") == "rejected" and pages(documents) == 1:
        return FIRST_PAGE
    return NEW_PAGE if pages(documents) < MAX_PAGES else FIRST_PAGE


def check(request: Any, documents: Sequence[Any], key: str) -> str:
    """``key`` if the client may send a file for it now; else a ``PartError``."""
    if key in choosable(request, documents):
        return key
    if request.parts:
        raise PartError(
            _("Choose which side you are sending: %(parts)s.")
            % {"parts": ", ".join(label(p) for p in request.parts)}
        )
    raise PartError(_("That page is not part of this document. Choose the page again."))


def assign(request: Any, documents: Sequence[Any], first: str, count: int) -> list[str]:
    """The part of each of ``count`` files sent together, the first one for ``first``.

    Named parts: the chosen one, then the missing ones, then the others (a client who
    picks both photos on the first step sends the front and the back). Pages: the chosen
    page, then new pages.
    """
    first = check(request, documents, first)
    if request.parts:
        gaps = missing(request, documents)
        order = [first, *(p for p in gaps if p != first)]
        order += [p for p in request.parts if p not in order]
        if count > len(order):
            raise PartError(
                _("This document has %(n)s sides: send one file for each side.")
                % {"n": len(request.parts)}
            )
        return order[:count]
    if first == NEW_PAGE:
        total = pages(documents) + count
    else:
        total = max(pages(documents), page_number(first) or 1) + count - 1
    if total > MAX_PAGES:
        raise PartError(
            _("A document can have at most %(n)s pages. Put the pages together in one PDF.")
            % {"n": MAX_PAGES}
        )
    return [first, *([NEW_PAGE] * (count - 1))]


def resolve(request: Any, documents: Iterable[Any], key: str) -> str:
    """The stored key for a file about to be kept: ``NEW_PAGE`` becomes the next page.
    Called under the request's lock, with its current files."""
    if key == NEW_PAGE:
        return next_page(documents)
    if request.parts and key not in request.parts:
        raise PartError(_("Choose which side you are sending."))
    if not request.parts and page_number(key) is None:
        raise PartError(_("That page is not part of this document. Choose the page again."))
    return key


@dataclass
class Slot:
    """One part of a request as people see it: its current file and the ones it replaced."""

    key: str
    label: str
    required: bool
    current: Any = None
    earlier: list[Any] = field(default_factory=list)

    @property
    def received(self) -> bool:
        return self.current is not None


def slots(request: Any, documents: Iterable[Any]) -> list[Slot]:
    """Each part with its files, in the request's order (pages by number)."""
    files = live(documents)
    by_part: dict[str, list[Any]] = {}
    for d in files:
        by_part.setdefault(d.part, []).append(d)
    if request.parts:
        keys = list(request.parts)
        # Files of parts the request no longer names (an Admin edit) still show, last.
        keys += sorted(k for k in by_part if k not in keys)
    else:
        keys = sorted(by_part, key=lambda k: (page_number(k) or 10_000, k)) or [FIRST_PAGE]
    out = []
    for key in keys:
        docs = by_part.get(key, [])
        out.append(
            Slot(
                key=key,
                label=label(key),
                required=key in (request.parts or [FIRST_PAGE]),
                current=docs[0] if docs else None,
                earlier=docs[1:],
            )
        )
    return out


def labelled(request: Any, documents: Iterable[Any]) -> bool:
    """Whether files need their part named: named parts, or more than one page."""
    return bool(request.parts) or pages(documents) > 1
