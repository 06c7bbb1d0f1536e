"""Storing, reading and re-keying documents. Only these functions touch the vault."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit import record
from matters import services as matter_services
from matters.models import DocumentRequest
from uploads import checks, vault
from uploads.handlers import SealedUpload
from uploads.models import Document

log = logging.getLogger(__name__)


def _storage():
    return storages["vault"]


def store_upload(
    *, request: DocumentRequest, upload: SealedUpload, by, http_request=None
) -> Document:
    """Check an encrypted upload and keep it as the request's next version, or refuse it.

    A refused file leaves nothing: no blob and no row.
    """
    content_type = checks.sniff(upload.head)
    if upload.size == 0:
        raise checks.Refused(_("This file is empty. Please choose the file again."), "empty")
    if content_type is None:
        raise checks.Refused(
            _("This kind of file is not accepted. Send a photo (JPEG, PNG, HEIC) or a PDF."), "type"
        )
    upload.file.seek(0)
    plain = vault.VaultFile(
        upload.file,
        upload.blob_size,
        document_id=upload.document_id,
        key_id=upload.sealed.key_id,
        wrapped_key=upload.sealed.wrapped_key,
    )
    flags = checks.check(plain, content_type)
    preview = _make_preview(plain, content_type, upload.document_id)
    name = f"vault/{upload.document_id}"
    upload.file.seek(0)
    # A local vault takes the ciphertext file by rename; object storage streams it.
    try:
        stored = _storage().save(name, upload)
    finally:
        upload.close()
    stored_preview = ""
    try:
        if preview is not None:
            preview_name = f"vault/{preview['id']}"
            stored_preview = _storage().save(preview_name, File(preview["file"], name=preview_name))
        with transaction.atomic():
            locked = (
                DocumentRequest.objects.select_for_update(of=("self",))
                .select_related("matter__case_type")
                .get(pk=request.pk)
            )
            version = (locked.documents.aggregate(v=Max("version"))["v"] or 0) + 1
            document = Document.objects.create(
                uuid=upload.document_id,
                request=locked,
                version=version,
                display_name=checks.safe_name(upload.name, content_type),
                content_type=content_type,
                size=upload.sealed.size,
                sha256=upload.sealed.sha256,
                blob_name=stored,
                key_id=upload.sealed.key_id,
                wrapped_key=upload.sealed.wrapped_key,
                flags=flags,
                uploaded_by=by if getattr(by, "pk", None) else None,
                **(
                    {
                        "hints": preview["hints"],
                        "preview_blob_name": stored_preview,
                        "preview_key_id": preview["sealed"].key_id,
                        "preview_wrapped_key": preview["sealed"].wrapped_key,
                        "preview_size": preview["sealed"].size,
                        "preview_sha256": preview["sealed"].sha256,
                    }
                    if preview
                    else {}
                ),
            )
            record(
                "document.uploaded",
                actor=by,
                subject=document,
                request=http_request,
                data={
                    "request": str(locked.uuid),
                    "version": version,
                    "size": document.size,
                    "type": content_type,
                    "sha256": document.sha256,
                    "flags": flags,
                },
            )
            matter_services.mark_uploaded(request=locked, by=by)
            transaction.on_commit(lambda: enqueue_ocr(document.pk))
    except BaseException:
        # No row, so no blob either: an orphan would be unreadable clutter.
        _storage().delete(stored)
        if stored_preview:
            _storage().delete(stored_preview)
        raise
    finally:
        if preview is not None:
            preview["file"].close()
    return document


def _make_preview(plain, content_type: str, document_id):
    """A sealed, metadata-free JPEG of an image, with its photo hints; None for PDFs."""
    if content_type not in checks.IMAGE_TYPES:
        return None
    import tempfile

    from PIL import Image

    from uploads.preview import preview_id, render_preview

    plain.seek(0)
    with Image.open(plain) as img:
        if img.format == "JPEG":
            img.draft("RGB", (2 * 1600, 2 * 1600))
        img.load()
        data, hints = render_preview(img)
    pid = preview_id(document_id)
    tmp = tempfile.TemporaryFile(prefix="vault-")  # noqa: SIM115  (closed by the caller)
    writer = vault.Writer(tmp, pid)
    writer.write(data)
    sealed = writer.close()
    tmp.seek(0)
    return {"id": pid, "file": tmp, "sealed": sealed, "hints": hints}


def _blob(document: Document, *, preview: bool = False) -> dict:
    """Where a document's blob (or its preview's) is and how to open it."""
    if preview:
        from uploads.preview import preview_id

        return {
            "name": document.preview_blob_name,
            "document_id": preview_id(document.uuid),
            "key_id": document.preview_key_id,
            "wrapped_key": document.preview_wrapped_key,
            "sha256": document.preview_sha256,
        }
    return {
        "name": document.blob_name,
        "document_id": document.uuid,
        "key_id": document.key_id,
        "wrapped_key": document.wrapped_key,
        "sha256": document.sha256,
    }


def _verify_blob(b: dict) -> None:
    with _storage().open(b["name"], "rb") as fh:
        vault.verify(
            fh,
            document_id=b["document_id"],
            key_id=b["key_id"],
            wrapped_key=b["wrapped_key"],
            sha256=b["sha256"],
        )


def read(
    document: Document, *, by, http_request=None, purpose: str = "download"
) -> Iterator[bytes]:
    """Verified plaintext of a document (or its preview), for someone the policy allowed.

    The whole blob is authenticated before the first byte goes out, so a damaged
    file fails with a clear error instead of sending part of it; the read is on
    the audit trail before anything is sent.
    """
    b = _blob(document, preview=purpose == "preview")
    try:
        _verify_blob(b)
    except (vault.VaultError, OSError) as exc:
        record(
            "document.unreadable",
            actor=by,
            subject=document,
            request=http_request,
            data={"error": str(exc)[:200], "preview": purpose == "preview"},
        )
        log.error("document %s cannot be opened: %s", document.uuid, exc)
        raise vault.VaultError(str(exc)) from exc
    record(
        f"document.{purpose}",
        actor=by,
        subject=document,
        request=http_request,
        data={"request": str(document.request.uuid), "version": document.version},
    )

    def stream():
        with _storage().open(b["name"], "rb") as fh:
            yield from vault.decrypt(
                fh, document_id=b["document_id"], key_id=b["key_id"], wrapped_key=b["wrapped_key"]
            )

    return stream()


def rotate_keys(*, batch: int = 200) -> int:
    """Re-wrap every data key (originals and previews) under the newest KEK.

    Batches of rows, each updated only if its key id is still the one read, so an
    interrupted run, a second run, or two runs at once all end in the same state.
    """
    from uploads.preview import preview_id

    newest = vault.current_key_id()
    done = 0
    for key_field, wrapped_field, id_of in (
        ("key_id", "wrapped_key", lambda u: u),
        ("preview_key_id", "preview_wrapped_key", preview_id),
    ):
        while True:
            rows = list(
                Document.objects.exclude(**{key_field: newest})
                .exclude(**{wrapped_field: ""})
                .order_by("pk")
                .values("pk", "uuid", key_field, wrapped_field)[:batch]
            )
            if not rows:
                break
            for row in rows:
                key_id, wrapped = vault.rewrap(
                    row[wrapped_field], row[key_field], id_of(row["uuid"])
                )
                done += Document.objects.filter(pk=row["pk"], **{key_field: row[key_field]}).update(
                    **{key_field: key_id, wrapped_field: wrapped}
                )
    done += _rotate_texts(newest, batch)
    return done


def _rotate_texts(newest: str, batch: int) -> int:
    from uploads.models import DocumentText, text_id

    done = 0
    while True:
        rows = list(
            DocumentText.objects.exclude(key_id=newest)
            .order_by("pk")
            .values("pk", "document__uuid", "key_id", "wrapped_key")[:batch]
        )
        if not rows:
            return done
        for row in rows:
            key_id, wrapped = vault.rewrap(
                row["wrapped_key"], row["key_id"], text_id(row["document__uuid"])
            )
            done += DocumentText.objects.filter(pk=row["pk"], key_id=row["key_id"]).update(
                key_id=key_id, wrapped_key=wrapped
            )


def verify_all() -> list[tuple[Document, str]]:
    failures = []
    for document in Document.objects.exclude(wrapped_key="").iterator(chunk_size=200):
        for preview in (False, True) if document.preview_blob_name else (False,):
            try:
                _verify_blob(_blob(document, preview=preview))
            except (vault.VaultError, OSError) as exc:
                failures.append((document, ("preview: " if preview else "") + str(exc)))
    return failures


def confirm_upload(*, document: Document, by, http_request=None) -> None:
    confirmed = Document.objects.filter(pk=document.pk, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now()
    )
    if confirmed:
        record("document.confirmed", actor=by, subject=document, request=http_request)


def withdraw_upload(*, document: Document, by, http_request=None) -> None:
    """The client retakes a photo before review: that version is destroyed, the request reopens."""
    with transaction.atomic():
        destroy(document=document, by=by, reason="retaken by the client")
        request = document.request
        if not request.documents.exclude(pk=document.pk).exclude(wrapped_key="").exists():
            DocumentRequest.objects.filter(pk=request.pk).update(
                status=DocumentRequest.Status.REQUESTED
            )
            matter_services.refresh_figures(request.matter_id)
        record("document.retaken", actor=by, subject=document, request=http_request)


def destroy(*, document: Document, by, reason: str, policy: str = "") -> bool:
    """Crypto-shred: forget the data keys first, then delete the blobs.

    Step 1, one transaction: the row becomes a tombstone (keys gone, when, why) with
    its audit event; from then on nothing can read the document. Step 2: the blobs
    are deleted and the row says so. A crash between the two leaves ciphertext
    nobody can decrypt, which ``finish_destroyed`` (run by the retention job)
    deletes. Returns False when the document was already destroyed.
    """
    from uploads.models import DocumentText

    with transaction.atomic():
        marked = Document.objects.filter(pk=document.pk, destroyed_at__isnull=True).update(
            wrapped_key="",
            preview_wrapped_key="",
            destroyed_at=timezone.now(),
            destroyed_reason=reason[:200],
            destroyed_policy=policy[:200],
        )
        if not marked:
            return False
        # The recognised text and its word hashes go with the document.
        DocumentText.objects.filter(document=document).delete()
        record(
            "document.destroyed",
            actor=by,
            subject=document,
            data={"reason": reason[:200], "policy": policy[:200]},
        )
    _delete_blobs(document)
    return True


def _delete_blobs(document: Document) -> None:
    _storage().delete(document.blob_name)  # deleting what is already gone is no error
    if document.preview_blob_name:
        _storage().delete(document.preview_blob_name)
    Document.objects.filter(pk=document.pk).update(blobs_deleted_at=timezone.now())


def finish_destroyed(*, batch: int = 200) -> int:
    """Delete the blobs of tombstones whose deletion was interrupted; idempotent."""
    done = 0
    while True:
        rows = list(
            Document.objects.filter(
                destroyed_at__isnull=False, blobs_deleted_at__isnull=True
            ).order_by("pk")[:batch]
        )
        if not rows:
            return done
        for document in rows:
            _delete_blobs(document)
            done += 1


# Text recognition --------------------------------------------------------------------------
#
# State lives on the Document row (ocr_status, ocr_attempts, ocr_updated_at); the
# task only carries the document's id. A run claims the row with a conditional
# UPDATE, so a duplicate message, a retry and the sweeper's re-enqueue can never
# read the same document twice at once, and a finished document is never read again.

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
    from uploads.tasks import ocr_document

    try:
        ocr_document.apply_async(args=[document_id], retry=False)
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
    from uploads import ocr

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
        with _storage().open(document.blob_name, "rb") as fh:
            plain = vault.VaultFile(
                fh,
                _storage().size(document.blob_name),
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
    from uploads.models import text_id

    raw = vault.open_bytes(
        text_row.sealed,
        blob_id=text_id(text_row.document.uuid),
        key_id=text_row.key_id,
        wrapped_key=text_row.wrapped_key,
    )
    return json.loads(raw)


def _seal_payload(document: Document, payload: dict) -> dict:
    from uploads.models import text_id

    blob, sealed = vault.seal_bytes(json.dumps(payload).encode(), text_id(document.uuid))
    return {"sealed": blob, "key_id": sealed.key_id, "wrapped_key": sealed.wrapped_key}


def save_reading(document: Document, reading, *, kind: str | None) -> None:
    from uploads import fields as field_rules
    from uploads.models import DocumentText

    proposed = [f.as_dict() for f in field_rules.extract(reading.text, kind)]
    payload = {"pages": reading.pages, "mrz": reading.mrz, "fields": proposed, "confirmed": None}
    with transaction.atomic():
        DocumentText.objects.update_or_create(
            document=document,
            defaults={
                **_seal_payload(document, payload),
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
    from uploads import ocr

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
    from uploads.models import DocumentText

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


# Search ----------------------------------------------------------------------------------------
#
# The database never holds recognised text. Each word is normalised (case and accents
# folded) and replaced by a keyed hash; Postgres full-text search (or a plain substring
# test on SQLite) then finds documents holding every word of a query. The key comes
# from SECRET_KEY: after changing it, run `manage.py ocr_reindex`.


def _words(text: str) -> list[str]:
    import re
    import unicodedata

    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return [w for w in re.findall(r"[a-z0-9]+", folded) if len(w) >= 2]


def _token(word: str) -> str:
    from django.utils.crypto import salted_hmac

    return salted_hmac("uploads.search-token", word, algorithm="sha256").hexdigest()[:16]


def search_tokens(text: str) -> str:
    return " " + " ".join(sorted({_token(w) for w in _words(text)})) + " "


def search(user, query: str, *, limit: int = 50):
    """Documents whose text holds every word of the query, among those the user may read."""
    from uploads.access import reviewable_documents
    from uploads.models import DocumentText

    words = _words(query)[:10]
    if not words:
        return DocumentText.objects.none(), words
    tokens = [_token(w) for w in words]
    qs = DocumentText.objects.filter(
        document__in=reviewable_documents(user).values("pk")
    ).select_related("document__request__matter")
    from django.db import connection

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
    import re
    import unicodedata

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


# Staff confirm what was read, then fill the matter with it ---------------------------------------

# What the review form offers, in order: intake question keys (of the person the request
# is for) that a passport or identity document answers.
CONFIRM_KEYS = (
    "family_name",
    "given_name",
    "middle_name",
    "date_of_birth",
    "country_of_citizenship",
    "passport_number",
    "passport_country",
    "passport_expiration",
)
ICAO_SPECIAL = {"D": "DE", "GBD": "GB", "GBN": "GB", "GBO": "GB", "GBP": "GB", "GBS": "GB"}


def _alpha2(code: str) -> str:
    from django_countries import countries

    code = (code or "").strip("<").upper()
    if code in ICAO_SPECIAL:
        return ICAO_SPECIAL[code]
    try:
        return countries.alpha2(code) or ""
    except (KeyError, ValueError):
        return ""


def proposals(payload: dict) -> dict[str, dict]:
    """For each confirmable key: the proposed value, a confidence and where it came from.

    The machine-readable zone wins where its check digit passed (dates, number);
    names come from it too (no check digit covers names, so they rank below). The
    visual zone's fields fill what the zone lacks, with their own confidence.
    """
    out: dict[str, dict] = {}

    def put(key, value, confidence, source):
        if value and (key not in out or out[key]["confidence"] < confidence):
            out[key] = {"value": value, "confidence": round(confidence, 2), "source": source}

    zone = payload.get("mrz") or {}
    checks = zone.get("checks") or {}
    if zone:
        names = zone.get("given_names", "").split()
        name_conf = 0.85 if zone.get("valid") else 0.5
        put("family_name", zone.get("surname", "").title(), name_conf, "mrz")
        put("given_name", " ".join(names[:1]).title(), name_conf, "mrz")
        put("middle_name", " ".join(names[1:]).title(), name_conf - 0.1, "mrz")
        put(
            "date_of_birth",
            zone.get("birth_date"),
            0.99 if checks.get("birth_date") else 0.4,
            "mrz",
        )
        put(
            "passport_expiration",
            zone.get("expiry_date"),
            0.99 if checks.get("expiry_date") else 0.4,
            "mrz",
        )
        put(
            "passport_number",
            zone.get("document_number"),
            0.99 if checks.get("document_number") else 0.4,
            "mrz",
        )
        conf = 0.9 if zone.get("valid") else 0.5
        put("country_of_citizenship", _alpha2(zone.get("nationality", "")), conf, "mrz")
        put("passport_country", _alpha2(zone.get("issuing_state", "")), conf, "mrz")
    by_name = {f["name"]: f for f in payload.get("fields") or []}
    for key, name in (
        ("family_name", "surname"),
        ("date_of_birth", "birth_date"),
        ("passport_number", "passport_number"),
        ("passport_expiration", "expiry_date"),
    ):
        if name in by_name:
            f = by_name[name]
            put(key, f["value"], f["confidence"], "text")
    return out


def _prefix(document: Document) -> str:
    audience = document.request.audience
    return "" if audience in ("beneficiary", "applicant", "") else f"{audience}_"


def confirm_fields(
    *, document: Document, values: dict[str, str], reference, by, http_request=None
) -> dict:
    """Keep the values staff confirmed (sealed with the text) and check the passport's
    validity against ``reference``, the date staff chose (filing, interview, travel)."""
    from uploads.models import DocumentText

    row = DocumentText.objects.select_related("document").get(document=document)
    payload = open_text(row)
    confirmed = {k: (values.get(k) or "").strip() for k in CONFIRM_KEYS}
    payload["confirmed"] = confirmed
    with transaction.atomic():
        DocumentText.objects.filter(pk=row.pk).update(
            **_seal_payload(document, payload), confirmed_by=by, confirmed_at=timezone.now()
        )
        record(
            "document.fields_confirmed",
            actor=by,
            subject=document,
            request=http_request,
            data={"fields": sorted(k for k, v in confirmed.items() if v)},
        )
        expiry = confirmed.get("passport_expiration")
        task = None
        if expiry and reference:
            import datetime as dt

            task = matter_services.flag_expiring_passport(
                matter=document.request.matter,
                expires=dt.date.fromisoformat(expiry),
                reference=reference,
                by=by,
                source=str(document.uuid),
            )
            if task is not None:
                matter_services.refresh_figures(document.request.matter_id)
    return {"confirmed": confirmed, "expiry_task": task}


def fill_matter(*, document: Document, by, http_request=None) -> list[str]:
    """Copy the confirmed values into the matter's answers for the person the request is for."""
    from uploads.models import DocumentText

    row = DocumentText.objects.select_related("document").get(document=document)
    confirmed = open_text(row).get("confirmed") or {}
    prefix = _prefix(document)
    values = {f"{prefix}{k}": v for k, v in confirmed.items() if v}
    return matter_services.fill_answers(
        matter=document.request.matter, values=values, by=by, source=str(document.uuid)
    )


def reindex_search(*, batch: int = 200) -> int:
    """Recompute every document's word hashes from its sealed text (constant memory)."""
    from uploads.models import DocumentText

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
