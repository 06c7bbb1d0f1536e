"""The vault's records under retention: documents, crypto-shredded or archived."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Exists, OuterRef

from audit import record, retention, retention_kinds
from matters.retention import MATTER_CLOSED, not_held
from uploads.models import Document
from uploads.services.storage import destroy, finish_destroyed

DOCUMENTS = "documents"
SUPERSEDED = "document_superseded"


def due(policy, cutoff: dt.datetime):
    qs = Document.objects.filter(destroyed_at__isnull=True)
    if policy.action == retention_kinds.ARCHIVE:
        qs = qs.filter(archived_at__isnull=True)
    if policy.document_type:
        qs = qs.filter(request__key=policy.document_type)
    if policy.trigger == MATTER_CLOSED:
        qs = qs.filter(
            request__matter__closed_at__isnull=False, request__matter__closed_at__lte=cutoff
        )
    else:  # superseded: a newer version of the same part arrived before the cutoff (the
        # back of a card does not replace its front)
        newer = Document.objects.filter(
            request=OuterRef("request"),
            part=OuterRef("part"),
            version__gt=OuterRef("version"),
            uploaded_at__lte=cutoff,
        )
        qs = qs.filter(Exists(newer))
    return retention.batched(not_held(qs, "request__matter"))


def apply(pk: int, policy, *, by, now: dt.datetime, why: str) -> None:
    document = Document.objects.get(pk=pk)
    if policy.action == retention_kinds.DESTROY:
        destroy(document=document, by=by, reason=why, policy=policy.name)
        return
    with transaction.atomic():
        if Document.objects.filter(pk=pk, archived_at__isnull=True).update(archived_at=now):
            record("document.archived", actor=by, subject=document, data={"policy": policy.name})


def prepare() -> None:
    """Blobs of tombstones that a crash left behind go before anything new."""
    finish_destroyed()
