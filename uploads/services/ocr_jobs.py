"""Reading documents' text (OCR): queueing, claiming, running, storing and reading it back.

State lives on the Document row (ocr_status, ocr_attempts, ocr_updated_at); the
task only carries the document's id. A run claims the row with a conditional
UPDATE, so a duplicate message, a retry and the sweeper's re-enqueue can never
read the same document twice at once, and a finished document is never read again.

The recognised text is sealed like a blob (``seal_payload``/``open_text``); the database
keeps only keyed hashes of its words for search (``uploads.services.search``).
"""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from audit import record
from uploads import fields as field_rules
from uploads import ocr, vault
from uploads.models import Document, DocumentText, text_id
from uploads.services.search import search_tokens

log = logging.getLogger(__name__)

OCR_KINDS = {
    # request key fragment -> uploads.fields kind
    "passport": "passport",
    "birth_certificate": "birth_certificate",
    "birth": "birth_certificate",
    "marriage": "marriage_certificate",
    "i797": "i797",
    "receipt_notice": "i797",
    "approval_notice": "i797",
    "notice": "i797",
    "bank": "bank_statement",
}


def ocr_kind(document: Document) -> str | None:
    key = document.request.key
    for fragment, kind in OCR_KINDS.items():
        if fragment in key:
            return kind
    return None


def enqueue_ocr(document_id: int) -> bool:
    """Queue the reading of a document; False (and the sweeper's turn) if the broker is down."""
    from uploads.tasks import ocr_document  # noqa: PLC0415 - Celery: uploads.tasks imports ocr_jobs

    try:
        ocr_document.apply_async(args=(document_id,), retry=False)
    except Exception as exc:
        log.warning("document %s: OCR not queued (%s); the sweeper will", document_id, exc)
        return False
    return True


def _stale_before():
    return timezone.now() - timezone.timedelta(minutes=settings.OCR_STALE_MINUTES)


def claim_for_ocr(document_id: int) -> Document | None:
    """Mark the document as being read by this run, or None when it is not ours to read."""
    now = timezone.now()
    claimed = (
        Document.objects.filter(pk=document_id, wrapped_key__gt="")
        .filter(
            Q(ocr_status=Document.Ocr.PENDING)
            | Q(ocr_status=Document.Ocr.PROCESSING, ocr_updated_at__lt=_stale_before())
        )
        .update(
            ocr_status=Document.Ocr.PROCESSING,
            ocr_attempts=F("ocr_attempts") + 1,
            ocr_updated_at=now,
        )
    )
    if not claimed:
        return None
    return Document.objects.select_related("request__matter", "uploaded_by").get(pk=document_id)


def _finish(document: Document, status: str, error: str = "") -> None:
    Document.objects.filter(pk=document.pk, ocr_status=Document.Ocr.PROCESSING).update(
        ocr_status=status, ocr_error=error[:200], ocr_updated_at=timezone.now()
    )


def run_ocr(document_id: int) -> int | None:
    """Read one document. Returns seconds to wait before another try, or None when done.

    Done means: text stored, or failed for good (with a reason), or nothing to do.
    Never leaves the document "processing": every path ends in a final state or
    back in "pending" with a retry scheduled (and the sweeper as a safety net).
    """
    document = claim_for_ocr(document_id)
    if document is None:
        return None
    if document.ocr_attempts > settings.OCR_MAX_ATTEMPTS:
        _finish(document, Document.Ocr.FAILED, "gave_up: the reading kept being interrupted")
        record("document.ocr_failed", subject=document, data={"reason": "gave_up"})
        return None
    if not ocr.available():
        _finish(document, Document.Ocr.UNAVAILABLE, "unavailable: tesseract is not installed")
        return None
    kind = ocr_kind(document)
    spanish = document.request.in_foreign_language or (
        document.uploaded_by is not None and document.uploaded_by.preferred_language == "es"
    )
    try:
        lang = ocr.languages(["spa"] if spanish else [])
        with vault.storage().open(document.blob_name, "rb") as fh:
            plain = vault.VaultFile(
                fh,
                vault.storage().size(document.blob_name),
                document_id=document.uuid,
                key_id=document.key_id,
                wrapped_key=document.wrapped_key,
            )
            reading = ocr.read_document(
                plain, document.content_type, lang=lang, identity=kind == "passport"
            )
    except (ocr.Transient, OSError) as exc:
        code = getattr(exc, "code", "transient")
        if document.ocr_attempts >= settings.OCR_MAX_ATTEMPTS:
            _finish(document, Document.Ocr.FAILED, f"{code}: {exc}")
            record("document.ocr_failed", subject=document, data={"reason": code})
            return None
        Document.objects.filter(pk=document.pk).update(
            ocr_status=Document.Ocr.PENDING,
            ocr_error=f"{code}: {exc}"[:200],
            ocr_updated_at=timezone.now(),
        )
        return settings.OCR_RETRY_BASE * 2 ** (document.ocr_attempts - 1)
    except (ocr.OcrError, vault.VaultError) as exc:
        code = "damaged" if isinstance(exc, vault.VaultError) else exc.code
        _finish(document, Document.Ocr.FAILED, f"{code}: {str(exc)[:150]}")
        record("document.ocr_failed", subject=document, data={"reason": code})
        return None
    save_reading(document, reading, kind=kind)
    return None


def open_text(text_row) -> dict:
    """The sealed payload of a DocumentText: pages, MRZ, proposed and confirmed fields.
    Callers record the read (``read_text``, the search view)."""
    raw = vault.open_bytes(
        text_row.sealed,
        blob_id=text_id(text_row.document.uuid),
        key_id=text_row.key_id,
        wrapped_key=text_row.wrapped_key,
    )
    return json.loads(raw)


def seal_payload(document: Document, payload: dict) -> dict:
    blob, sealed = vault.seal_bytes(json.dumps(payload).encode(), text_id(document.uuid))
    return {"sealed": blob, "key_id": sealed.key_id, "wrapped_key": sealed.wrapped_key}


def save_reading(document: Document, reading, *, kind: str | None) -> None:
    proposed = [f.as_dict() for f in field_rules.extract(reading.text, kind)]
    payload = {"pages": reading.pages, "mrz": reading.mrz, "fields": proposed, "confirmed": None}
    with transaction.atomic():
        DocumentText.objects.update_or_create(
            document=document,
            defaults={
                **seal_payload(document, payload),
                "search_tokens": search_tokens(reading.text),
                "pages": len(reading.pages),
                "languages": reading.languages,
                "mrz_valid": None if reading.mrz is None else bool(reading.mrz.get("valid")),
                "confirmed_by": None,
                "confirmed_at": None,
                "read_at": timezone.now(),
            },
        )
        _finish(document, Document.Ocr.DONE)
        # What was found, never what it says.
        record(
            "document.text_read",
            subject=document,
            data={
                "pages": len(reading.pages),
                "languages": reading.languages,
                "mrz": None if reading.mrz is None else reading.mrz.get("format"),
                "mrz_valid": None if reading.mrz is None else bool(reading.mrz.get("valid")),
                "fields": len(proposed),
            },
        )


def sweep_ocr(*, batch: int = 500) -> int:
    """Re-queue documents whose task was lost: never queued (broker down), queued long
    ago and never started, or started by a worker that died. Also retries documents
    left "unavailable" once Tesseract is installed."""
    stale = _stale_before()
    lost = Q(ocr_status=Document.Ocr.PENDING, ocr_updated_at__lt=stale) | Q(
        ocr_status=Document.Ocr.PROCESSING, ocr_updated_at__lt=stale
    )
    if ocr.available():
        lost |= Q(ocr_status=Document.Ocr.UNAVAILABLE)
    ids = list(
        Document.objects.filter(lost, wrapped_key__gt="")
        .order_by("ocr_updated_at")
        .values_list("pk", flat=True)[:batch]
    )
    queued = 0
    for pk in ids:
        # Pending again, and fresh, so the next sweep leaves it to the task just queued.
        Document.objects.filter(pk=pk).filter(lost).update(
            ocr_status=Document.Ocr.PENDING, ocr_updated_at=timezone.now()
        )
        queued += enqueue_ocr(pk)
    return queued


def read_text(document: Document, *, by, http_request=None) -> dict | None:
    """The recognised text, proposed fields and confirmed values; a read on the record."""
    row = DocumentText.objects.filter(document=document).select_related("document").first()
    if row is None or not document.wrapped_key:
        return None
    payload = open_text(row)
    record(
        "document.text_viewed",
        actor=by,
        subject=document,
        request=http_request,
        data={"request": str(document.request.uuid), "version": document.version},
    )
    return {**payload, "row": row}


def give_back(document_id: int, error: str) -> int | None:
    """A run cut short (time limit): pending again with a retry, or failed after the last try."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None or document.ocr_status != Document.Ocr.PROCESSING:
        return None
    if document.ocr_attempts >= settings.OCR_MAX_ATTEMPTS:
        _finish(document, Document.Ocr.FAILED, error)
        record("document.ocr_failed", subject=document, data={"reason": error.split(":")[0]})
        return None
    Document.objects.filter(pk=document_id).update(
        ocr_status=Document.Ocr.PENDING, ocr_error=error[:200], ocr_updated_at=timezone.now()
    )
    return settings.OCR_RETRY_BASE * 2 ** (document.ocr_attempts - 1)


def reindex_search(*, batch: int = 200) -> int:
    """Recompute every document's word hashes from its sealed text (constant memory)."""
    done, last = 0, 0
    while True:
        rows = list(
            DocumentText.objects.filter(pk__gt=last)
            .select_related("document")
            .order_by("pk")[:batch]
        )
        if not rows:
            return done
        for row in rows:
            text = "\n\n".join(open_text(row)["pages"])
            done += DocumentText.objects.filter(pk=row.pk).update(search_tokens=search_tokens(text))
            last = row.pk
