"""An upload handler that encrypts each file as the request body streams in.

Django's own handlers keep small files in memory and large ones in a temporary
file, in clear. This one writes only ciphertext (to an anonymous temporary
file), hashes the plaintext on the way, enforces the size and file-count limits
while reading, and keeps the first bytes for type sniffing.
"""

from __future__ import annotations

import tempfile
import uuid

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers, StopUpload
from django.utils.translation import gettext_lazy as _

from uploads.checks import Refused
from uploads.vault import Sealed, Writer

HEAD = 64


class SealedUpload(UploadedFile):
    """What the handler hands the view: ciphertext, its key material, and a few facts."""

    def __init__(self, *, tmp, name, sealed: Sealed, document_id: uuid.UUID, head: bytes):
        super().__init__(
            file=tmp, name=name, content_type="application/octet-stream", size=sealed.size
        )
        self.sealed = sealed
        self.document_id = document_id
        self.head = head
        self.blob_size = tmp.tell()

    def temporary_file_path(self) -> str:
        # FileSystemStorage moves a file that has a path instead of copying it.
        return self.file.name

    def close(self):
        try:
            return self.file.close()
        except FileNotFoundError:
            pass  # moved into the vault: nothing left to remove


class VaultUploadHandler(FileUploadHandler):
    # Django reads the body in the smallest chunk_size of the request's handlers
    # (64 KiB by default). gunicorn reads ahead up to 1 MiB and re-copies what is left
    # of it on every read, so 64 KiB reads cost a 256 MB upload about 0.1 s more
    # (bench/vault.py); 1 MiB chunks keep the worker's memory flat all the same.
    chunk_size = 1024 * 1024

    def __init__(self, request=None, *, max_bytes: int, max_files: int):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.max_files = max_files
        self.files = 0
        self.refusal: Refused | None = None
        self._tmp = None

    def _refuse(self, refusal: Refused):
        self.refusal = refusal
        if getattr(self, "_writer", None) is not None:
            self._writer.abort()
        if self._tmp is not None:
            self._tmp.close()  # an anonymous file: closing it removes the ciphertext too
            self._tmp = None
        # Read and discard the rest of the body, so the client gets our message.
        raise StopUpload(connection_reset=False)

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.files += 1
        if self.files > self.max_files:
            self._refuse(
                Refused(
                    _("Too many files at once. Send at most %(n)s files.") % {"n": self.max_files},
                    "count",
                )
            )
        self.document_id = uuid.uuid4()
        # Named, beside the vault when it is on local disk, so that storing the blob is
        # a rename rather than a second copy. It only ever holds ciphertext.
        self._tmp = tempfile.NamedTemporaryFile(  # noqa: SIM115  (lives until the view is done)
            prefix="vault-", dir=settings.FILE_UPLOAD_TEMP_DIR
        )
        self._writer = Writer(self._tmp, self.document_id)
        self._head = b""
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data, start):
        if len(self._head) < HEAD:
            self._head += raw_data[: HEAD - len(self._head)]
        if self._writer.size + len(raw_data) > self.max_bytes:
            self._refuse(
                Refused(
                    _(
                        "This file is too large. The limit is %(mb)s MB; a photo or a scanned PDF is usually much smaller."
                    )
                    % {"mb": self.max_bytes // (1024 * 1024)},
                    "size",
                )
            )
        self._writer.write(raw_data)
        return None

    def file_complete(self, file_size):
        sealed = self._writer.close()
        tmp, self._tmp = self._tmp, None
        return SealedUpload(
            tmp=tmp,
            name=self.file_name,
            sealed=sealed,
            document_id=self.document_id,
            head=self._head,
        )

    def upload_interrupted(self):
        if getattr(self, "_writer", None) is not None:
            self._writer.abort()
        if self._tmp is not None:
            self._tmp.close()
            self._tmp = None
