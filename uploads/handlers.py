"""An upload handler that encrypts each file as the request body streams in.

Django's own handlers keep small files in memory and large ones in a temporary
file, in clear. This one writes only ciphertext (to an anonymous temporary
file), hashes the plaintext on the way, enforces the size and file-count limits
while reading, and keeps the first bytes for type sniffing. It also parses the
multipart body itself (python-multipart), because Django's parser copies every
chunk twice and, on a 32 MB upload, costs more than sealing and hashing it.
"""

from __future__ import annotations

import tempfile
import uuid
from typing import IO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers, StopUpload
from django.http import QueryDict
from django.http.multipartparser import MultiPartParserError
from django.utils.datastructures import MultiValueDict
from django.utils.http import parse_header_parameters
from django.utils.translation import gettext_lazy as _
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser

from uploads.checks import Refused
from uploads.vault import Sealed, Writer

HEAD = 64


class SealedUpload(UploadedFile):
    """What the handler hands the view: ciphertext, its key material, and a few facts."""

    file: IO[bytes]  # the ciphertext's temporary file, never None here

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

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        """Parse the multipart body ourselves, feeding file parts to the methods below.

        python-multipart hands over slices of each chunk read off the socket, where
        Django's parser re-joins and copies them; on a 32 MB body that saves more than
        the encryption and hashing cost (bench/vault.py). Form fields are kept in memory
        within Django's own limits; file parts are sealed as they arrive.
        """
        parts = _MultipartReader(self, encoding or settings.DEFAULT_CHARSET)
        parts.read(input_data, content_length, boundary)
        return parts.post, parts.files

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


class _MultipartReader:
    """Drives a VaultUploadHandler from python-multipart's callbacks."""

    def __init__(self, handler: VaultUploadHandler, encoding: str):
        self.handler = handler
        self.encoding = encoding
        self.post = QueryDict(mutable=True, encoding=encoding)
        self.files: MultiValueDict[str, SealedUpload] = MultiValueDict()
        self._headers: dict[str, str] = {}
        self._field = self._value = b""
        self._part: tuple[str, str | None] | None = None
        self._data = bytearray()  # a form field's value (bounded)
        self._is_file = False
        self._offset = 0
        self._stopped = False
        self._fields = 0
        self._field_bytes = 0

    # python-multipart callbacks -------------------------------------------------------
    def _header_field(self, data, start, end):
        self._field += data[start:end]

    def _header_value(self, data, start, end):
        self._value += data[start:end]

    def _header_end(self):
        name = self._field.decode("latin-1").strip().lower()
        self._headers[name] = self._value.decode(self.encoding, "replace")
        self._field = self._value = b""

    def _headers_finished(self):
        disposition, params = parse_header_parameters(self._headers.get("content-disposition", ""))
        if disposition != "form-data" or "name" not in params:
            self._part = None  # not a form part: ignored, like Django's parser does
            return
        name, file_name = params["name"], params.get("filename")
        if file_name is not None and not file_name.strip():
            self._part = None  # a file input left empty: skipped, as Django's parser does
            return
        self._part = (name, file_name)
        self._is_file = file_name is not None
        self._data = bytearray()
        self._offset = 0
        if self._is_file:
            if self._stopped:
                return
            content_type, ct_params = parse_header_parameters(self._headers.get("content-type", ""))
            try:
                self.handler.new_file(name, file_name, content_type, None, ct_params.get("charset"))
            except StopFutureHandlers:
                pass
            except StopUpload:
                self._stopped = True
        else:
            self._fields += 1
            if self._fields > (settings.DATA_UPLOAD_MAX_NUMBER_FIELDS or 10_000):
                raise MultiPartParserError("too many form fields")

    def _part_data(self, data, start, end):
        if self._part is None:
            return
        if not self._is_file:
            self._field_bytes += end - start
            if self._field_bytes > (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2**31):
                raise MultiPartParserError("form fields too large")
            self._data += data[start:end]
            return
        if self._stopped:
            return
        try:
            # A view of the chunk, which is immutable bytes: no copy of the plaintext.
            self.handler.receive_data_chunk(memoryview(data)[start:end], self._offset)
            self._offset += end - start
        except StopUpload:
            self._stopped = True

    def _part_end(self):
        if self._part is None:
            return
        name = self._part[0]
        if not self._is_file:
            self.post.appendlist(name, self._data.decode(self.encoding, "replace"))
        elif not self._stopped:
            upload = self.handler.file_complete(self.handler._writer.size)
            if upload is not None:
                self.files.appendlist(name, upload)
        self._part = None
        self._headers = {}

    # Reading -----------------------------------------------------------------------------
    def read(self, stream, content_length: int, boundary: bytes) -> None:
        parser = MultipartParser(
            boundary,
            callbacks={
                "on_header_field": self._header_field,
                "on_header_value": self._header_value,
                "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished,
                "on_part_data": self._part_data,
                "on_part_end": self._part_end,
            },
        )
        remaining = content_length
        try:
            while remaining > 0:
                chunk = stream.read(min(self.handler.chunk_size, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
                parser.write(chunk)
            parser.finalize()
        except MultipartParseError as exc:
            self.handler.upload_interrupted()
            raise MultiPartParserError(str(exc)) from exc
        except BaseException:
            self.handler.upload_interrupted()
            raise
        if self._part is not None:  # the body ended inside a part: a cut-off upload
            self.handler.upload_interrupted()
            raise MultiPartParserError("the request body ended inside a part")
        self.post._mutable = False
