"""Storing, reading, re-keying and destroying documents.

Only these functions open document blobs, apart from the OCR run (``ocr_jobs``), which
reads a blob to recognise it.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator

from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image

from audit import record
from matters import parts as doc_parts
from matters import services as matter_services
from matters.models import DocumentRequest
from uploads import checks, vault
from uploads.handlers import SealedUpload
from uploads.models import Document, DocumentText, text_id
from uploads.preview import preview_id, render_preview
from uploads.services.ocr_jobs import enqueue_ocr

log = logging.getLogger(__name__)


def store_upload(
    *,
    request: DocumentRequest,
    upload: SealedUpload,
    by,
    http_request=None,
    part: str | None = None,
) -> Document:
    """Check an encrypted upload and keep it as the request's next version, or refuse it.

    ``part`` says which part of the request the file is (``matters.parts``: a side of a
    card, a page, or ``NEW_PAGE`` for the next page; None: the first side missing, or
    the first part); a file for a part that has one becomes that part's new version, and
    the other parts keep theirs. Versions are
    numbered per request, whatever the part. A refused file leaves nothing: no blob and
    no row.
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
        stored = vault.storage().save(name, upload)
    finally:
        upload.close()
    stored_preview = ""
    try:
        if preview is not None:
            preview_name = f"vault/{preview['id']}"
            stored_preview = vault.storage().save(
                preview_name, File(preview["file"], name=preview_name)
            )
        with transaction.atomic():
            locked = (
                DocumentRequest.objects.select_for_update(of=("self",))
                .select_related("matter__case_type")
                .get(pk=request.pk)
            )
            version = (locked.documents.aggregate(v=Max("version"))["v"] or 0) + 1
            try:
                part = doc_parts.resolve(
                    locked,
                    locked.documents.all(),
                    part
                    if part is not None
                    else doc_parts.first_needed(locked, locked.documents.all()),
                )
            except doc_parts.PartError as exc:
                raise checks.Refused(exc.message, "part") from exc
            document = Document.objects.create(
                uuid=upload.document_id,
                request=locked,
                version=version,
                part=part,
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
                    "part": part,
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
        vault.storage().delete(stored)
        if stored_preview:
            vault.storage().delete(stored_preview)
        raise
    finally:
        if preview is not None:
            preview["file"].close()
    return document


def _make_preview(plain, content_type: str, document_id):
    """A sealed, metadata-free JPEG of an image, with its photo hints; None for PDFs."""
    if content_type not in checks.IMAGE_TYPES:
        return None
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
    with vault.storage().open(b["name"], "rb") as fh:
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
        with vault.storage().open(b["name"], "rb") as fh:
            yield from vault.decrypt(
                fh, document_id=b["document_id"], key_id=b["key_id"], wrapped_key=b["wrapped_key"]
            )

    return stream()


def rotate_keys(*, batch: int = 200) -> int:
    """Re-wrap every data key (originals and previews) under the newest KEK.

    Batches of rows, each updated only if its key id is still the one read, so an
    interrupted run, a second run, or two runs at once all end in the same state.
    """
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
        others = list(request.documents.exclude(pk=document.pk).exclude(wrapped_key=""))
        # Without that file, is there still something new to review? Not when no other
        # file came in this round (since it was requested or sent back), nor when a side
        # of a card is now missing: the request goes back to what the client saw before.
        this_round = [d for d in others if d.uploaded_at >= request.requested_at]
        if not this_round or doc_parts.missing(request, others):
            back = (
                DocumentRequest.Status.REJECTED
                if request.rejection_reason
                else DocumentRequest.Status.REQUESTED
            )
            DocumentRequest.objects.filter(
                pk=request.pk, status=DocumentRequest.Status.UPLOADED
            ).update(status=back)
            matter_services.refresh_figures(request.matter_id)
        record(
            "document.retaken",
            actor=by,
            subject=document,
            request=http_request,
            data={"part": document.part},
        )


def destroy(*, document: Document, by, reason: str, policy: str = "") -> bool:
    """Crypto-shred: forget the data keys first, then delete the blobs.

    Step 1, one transaction: the row becomes a tombstone (keys gone, when, why) with
    its audit event; from then on nothing can read the document. Step 2: the blobs
    are deleted and the row says so. A crash between the two leaves ciphertext
    nobody can decrypt, which ``finish_destroyed`` (run by the retention job)
    deletes. Returns False when the document was already destroyed.
    """
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
    vault.storage().delete(document.blob_name)  # deleting what is already gone is no error
    if document.preview_blob_name:
        vault.storage().delete(document.preview_blob_name)
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
