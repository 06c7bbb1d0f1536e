"""The matter's running case-notes log: each note dated and signed, never changed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit import record
from matters.models import CaseNote, Matter
from portal.accounts.models import User

MAX_NOTE = 5000


def add_note(
    *, matter: Matter, body: str, by: User, origin: str = CaseNote.Origin.WRITTEN
) -> CaseNote:
    """Append a note signed by ``by``. The audit event says a note was written, not what it
    says: notes hold what clients tell the firm."""
    body = (body or "").replace("\x00", "").strip()
    if not body:
        raise ValidationError({"body": _("Write the note first.")})
    if len(body) > MAX_NOTE:
        raise ValidationError(
            {"body": _("A note can be at most %(n)s characters long.") % {"n": MAX_NOTE}}
        )
    with transaction.atomic():
        note = CaseNote.objects.create(
            matter=matter,
            body=body,
            author=by,
            author_label=by.get_full_name()[:254],
            origin=origin,
        )
        record(
            "matter.note_added",
            actor=by,
            subject=matter,
            data={"note": str(note.uuid), "length": len(body)},
        )
    return note
