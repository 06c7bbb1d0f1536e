"""Storing, reading and re-keying documents. Only these functions touch the vault."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import Max
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
    name = f"vault/{upload.document_id}"
    upload.file.seek(0)
    stored = _storage().save(name, File(upload.file, name=name))
    try:
        with transaction.atomic():
            locked = DocumentRequest.objects.select_for_update().get(pk=request.pk)
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
    except BaseException:
        # No row, so no blob either: an orphan would be unreadable clutter.
        _storage().delete(stored)
        raise
    return document


def read(
    document: Document, *, by, http_request=None, purpose: str = "download"
) -> Iterator[bytes]:
    """Verified plaintext of a document, for someone the policy already allowed.

    The whole blob is authenticated before the first byte goes out, so a damaged
    file fails with a clear error instead of sending part of it; the read is on
    the audit trail before anything is sent.
    """
    try:
        with _storage().open(document.blob_name, "rb") as blob:
            vault.verify(
                blob,
                document_id=document.uuid,
                key_id=document.key_id,
                wrapped_key=document.wrapped_key,
                sha256=document.sha256,
            )
    except (vault.VaultError, OSError) as exc:
        record(
            "document.unreadable",
            actor=by,
            subject=document,
            request=http_request,
            data={"error": str(exc)[:200]},
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
        with _storage().open(document.blob_name, "rb") as blob:
            yield from vault.decrypt(
                blob,
                document_id=document.uuid,
                key_id=document.key_id,
                wrapped_key=document.wrapped_key,
            )

    return stream()


def rotate_keys(*, batch: int = 200) -> int:
    """Re-wrap every data key under the newest KEK; resumable and safe to run twice."""
    newest = vault.current_key_id()
    done = 0
    while True:
        rows = list(
            Document.objects.exclude(key_id=newest)
            .exclude(wrapped_key="")
            .order_by("pk")
            .values("pk", "uuid", "key_id", "wrapped_key")[:batch]
        )
        if not rows:
            return done
        for row in rows:
            key_id, wrapped = vault.rewrap(row["wrapped_key"], row["key_id"], row["uuid"])
            # Conditional: a concurrent run that got here first wins, nothing is lost.
            done += Document.objects.filter(pk=row["pk"], key_id=row["key_id"]).update(
                key_id=key_id, wrapped_key=wrapped
            )


def verify_all() -> list[tuple[Document, str]]:
    failures = []
    for document in Document.objects.exclude(wrapped_key="").iterator(chunk_size=200):
        try:
            with _storage().open(document.blob_name, "rb") as blob:
                vault.verify(
                    blob,
                    document_id=document.uuid,
                    key_id=document.key_id,
                    wrapped_key=document.wrapped_key,
                    sha256=document.sha256,
                )
        except (vault.VaultError, OSError) as exc:
            failures.append((document, str(exc)))
    return failures


def destroy(*, document: Document, by, reason: str) -> None:
    """Crypto-shred: forget the data key first, then delete the blob."""
    with transaction.atomic():
        Document.objects.filter(pk=document.pk).update(wrapped_key="", destroyed_at=timezone.now())
        record("document.destroyed", actor=by, subject=document, data={"reason": reason[:200]})
    _storage().delete(document.blob_name)
