"""The vault: streaming envelope encryption of documents (format in uploads/VAULT.md).

Only this module reads or writes document bytes. A blob is a header followed by
64 KiB segments sealed with AES-256-GCM under a per-document data key (DEK);
nonces follow the STREAM construction (prefix, counter, last-segment flag) and
every segment authenticates the header, which names the document. The DEK is
wrapped by a key-encryption key (KEK) from the key ring and kept on the
document's row, so rotating keys rewrites rows, never blobs, and deleting the
wrapped key destroys the document.
"""

from __future__ import annotations

import base64
import hashlib
import io
import secrets
import uuid as uuid_mod
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import IO, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.files.storage import Storage, storages

MAGIC = b"PVLT"
VERSION = 1
SEGMENT = 64 * 1024
TAG = 16
PREFIX = 7
HEADER_LEN = len(MAGIC) + 1 + PREFIX + 16  # magic, version, nonce prefix, document id
MAX_SEGMENTS = 2**32 - 1


class VaultError(Exception):
    """A blob that cannot be opened: tampered, truncated, misplaced or without its key."""


def storage() -> Storage:
    """Where the sealed blobs are kept: Django's "vault" storage (local folder or S3)."""
    return storages["vault"]


def _ring() -> dict[str, bytes]:
    return settings.PORTAL_KEYS


def current_key_id() -> str:
    return next(iter(_ring()))


def _wrap_aad(document_id: uuid_mod.UUID) -> bytes:
    return b"portal.vault.dek:" + document_id.bytes


def wrap_key(dek: bytes, document_id: uuid_mod.UUID, key_id: str | None = None) -> tuple[str, str]:
    key_id = key_id or current_key_id()
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_ring()[key_id]).encrypt(nonce, dek, _wrap_aad(document_id))
    return key_id, base64.b64encode(nonce + sealed).decode()


def unwrap_key(wrapped: str, key_id: str, document_id: uuid_mod.UUID) -> bytes:
    if not wrapped:
        raise VaultError("the document's key was destroyed")
    kek = _ring().get(key_id)
    if kek is None:
        # Fail closed: the operator removed a key still in use.
        raise VaultError(f"key {key_id!r} is not in the key ring")
    raw = base64.b64decode(wrapped)
    try:
        return AESGCM(kek).decrypt(raw[:12], raw[12:], _wrap_aad(document_id))
    except InvalidTag as exc:
        raise VaultError("the wrapped key does not belong to this document") from exc


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    if counter > MAX_SEGMENTS:
        raise VaultError("file too large for one blob")
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


@dataclass
class Sealed:
    key_id: str
    wrapped_key: str
    sha256: str
    size: int


class Writer:
    """Encrypts a stream written to it in any chunk sizes; ciphertext goes to ``out``.

    One segment is held back until the next byte arrives, so the last segment is
    known when ``close()`` seals it with the last-segment flag.

    Full segments are sealed straight from the caller's buffer into one reused
    output buffer and written ``BATCH`` at a time: no copies of the plaintext, no
    new memory per chunk, whatever the chunk size.
    """

    BATCH = 16  # segments per write to ``out``: about 1 MiB

    def __init__(self, out: BinaryIO, document_id: uuid_mod.UUID):
        self.out = out
        self.document_id = document_id
        self.dek = AESGCM.generate_key(bit_length=256)
        self._aead = AESGCM(self.dek)
        prefix = secrets.token_bytes(PREFIX)
        self.header = MAGIC + bytes([VERSION]) + prefix + document_id.bytes
        self._prefix = prefix
        self._pending = bytearray()  # the held-back segment: up to SEGMENT bytes
        self._sealed = bytearray(self.BATCH * (SEGMENT + TAG))
        self._counter = 0
        self._hash = hashlib.sha256()
        self._hashing: list = []
        self._hasher: ThreadPoolExecutor | None = None
        self.size = 0
        out.write(self.header)

    def _update_hash(self, data) -> None:
        """SHA-256, the costliest step, runs beside the encryption for large immutable chunks.

        hashlib releases the GIL on large buffers, so one helper thread hashes a chunk
        while this one seals it and reads the next; updates stay in order (one worker),
        and at most two chunks wait, so memory stays bounded.
        """
        immutable = type(data) is bytes or (
            type(data) is memoryview and type(data.obj) is bytes  # a slice of a bytes chunk
        )
        if not immutable or len(data) < 256 * 1024:
            self._drain()
            self._hash.update(data)
            return
        if self._hasher is None:
            self._hasher = ThreadPoolExecutor(1, thread_name_prefix="vault-sha256")
        while len(self._hashing) >= 2:
            self._hashing.pop(0).result()
        self._hashing.append(self._hasher.submit(self._hash.update, data))

    def _drain(self) -> None:
        while self._hashing:
            self._hashing.pop(0).result()

    def write(self, data: bytes) -> None:
        view = memoryview(data).cast("B")
        if not view:
            return
        self._update_hash(data)
        self.size += len(view)
        pending = self._pending
        if len(pending) < SEGMENT:
            take = SEGMENT - len(pending)
            pending += view[:take]
            view = view[take:]
            if not view:
                return
        # More bytes follow a full held-back segment, so it was not the last one; of
        # the rest, every full segment but the one that may be last goes out now.
        full = (len(view) - 1) // SEGMENT
        segments = [pending, *(view[i * SEGMENT : (i + 1) * SEGMENT] for i in range(full))]
        for start in range(0, len(segments), self.BATCH):
            self._seal_batch(segments[start : start + self.BATCH])
        self._pending = bytearray(view[full * SEGMENT :])

    def _seal_batch(self, segments) -> None:
        out = memoryview(self._sealed)
        pos = 0
        for chunk in segments:
            end = pos + len(chunk) + TAG
            nonce = _nonce(self._prefix, self._counter, False)
            self._aead.encrypt_into(nonce, chunk, self.header, out[pos:end])
            self._counter += 1
            pos = end
        self.out.write(out[:pos])

    def abort(self) -> None:
        """Stop without sealing (a refused upload): the hashing thread ends too."""
        if self._hasher is not None:
            self._hasher.shutdown(wait=True, cancel_futures=True)
            self._hasher = None
        self._hashing.clear()

    def close(self) -> Sealed:
        nonce = _nonce(self._prefix, self._counter, True)
        self.out.write(self._aead.encrypt(nonce, bytes(self._pending), self.header))
        self._counter += 1
        self._pending = bytearray()
        try:
            self._drain()
        finally:
            if self._hasher is not None:
                self._hasher.shutdown(wait=True)
                self._hasher = None
        key_id, wrapped = wrap_key(self.dek, self.document_id)
        return Sealed(key_id, wrapped, self._hash.hexdigest(), self.size)


def decrypt(
    blob: IO[bytes], *, document_id: uuid_mod.UUID, key_id: str, wrapped_key: str
) -> Iterator[bytes]:
    """Plaintext segments, each authenticated before it is yielded."""
    dek = unwrap_key(wrapped_key, key_id, document_id)
    header = blob.read(HEADER_LEN)
    if len(header) != HEADER_LEN or header[:4] != MAGIC:
        raise VaultError("not a vault blob")
    if header[4] != VERSION:
        raise VaultError(f"unknown vault format version {header[4]}")
    if header[-16:] != document_id.bytes:
        raise VaultError("the blob belongs to another document")
    prefix = header[5 : 5 + PREFIX]
    aead = AESGCM(dek)
    counter = 0
    current = blob.read(SEGMENT + TAG)
    while True:
        following = blob.read(SEGMENT + TAG)
        last = not following
        try:
            yield aead.decrypt(_nonce(prefix, counter, last), current, header)
        except InvalidTag as exc:
            raise VaultError(f"segment {counter} failed authentication") from exc
        if last:
            return
        counter += 1
        current = following


def verify(blob: IO[bytes], *, document_id, key_id, wrapped_key, sha256: str) -> None:
    digest = hashlib.sha256()
    for chunk in decrypt(blob, document_id=document_id, key_id=key_id, wrapped_key=wrapped_key):
        digest.update(chunk)
    if digest.hexdigest() != sha256:
        raise VaultError("the content does not match its recorded SHA-256")


def rewrap(wrapped: str, key_id: str, document_id: uuid_mod.UUID) -> tuple[str, str]:
    """The same data key under the newest key-encryption key."""
    return wrap_key(unwrap_key(wrapped, key_id, document_id), document_id)


class VaultFile:
    """A read-only, seekable file over a blob, decrypting one segment at a time.

    Pillow and pypdf read through this, so checks never need the whole plaintext
    in memory or anywhere on disk.
    """

    def __init__(self, blob: IO[bytes], blob_size: int, *, document_id, key_id, wrapped_key):
        self._blob = blob
        self._aead = AESGCM(unwrap_key(wrapped_key, key_id, document_id))
        blob.seek(0)
        header = blob.read(HEADER_LEN)
        if len(header) != HEADER_LEN or header[:4] != MAGIC or header[4] != VERSION:
            raise VaultError("not a vault blob")
        if header[-16:] != document_id.bytes:
            raise VaultError("the blob belongs to another document")
        self._header = header
        self._prefix = header[5 : 5 + PREFIX]
        body = blob_size - HEADER_LEN
        self._segments = max(1, -(-body // (SEGMENT + TAG)))
        last_len = body - (self._segments - 1) * (SEGMENT + TAG) - TAG
        if last_len < 0:
            raise VaultError("blob is truncated")
        self.size = (self._segments - 1) * SEGMENT + last_len
        self._pos = 0
        self._cached: tuple[int, bytes] | None = None

    def _segment(self, i: int) -> bytes:
        if self._cached and self._cached[0] == i:
            return self._cached[1]
        self._blob.seek(HEADER_LEN + i * (SEGMENT + TAG))
        sealed = self._blob.read(SEGMENT + TAG)
        last = i == self._segments - 1
        try:
            plain = self._aead.decrypt(_nonce(self._prefix, i, last), sealed, self._header)
        except InvalidTag as exc:
            raise VaultError(f"segment {i} failed authentication") from exc
        self._cached = (i, plain)
        return plain

    def _whole_segments(self, first: int, stop: int) -> Iterator[bytes]:
        """Plaintext of segments first..stop-1, read from the blob 16 at a time."""
        for start in range(first, stop, 16):
            count = min(16, stop - start)
            self._blob.seek(HEADER_LEN + start * (SEGMENT + TAG))
            sealed = memoryview(self._blob.read(count * (SEGMENT + TAG)))
            for k in range(count):
                i = start + k
                piece = sealed[k * (SEGMENT + TAG) : (k + 1) * (SEGMENT + TAG)]
                last = i == self._segments - 1
                try:
                    yield self._aead.decrypt(_nonce(self._prefix, i, last), piece, self._header)
                except InvalidTag as exc:
                    raise VaultError(f"segment {i} failed authentication") from exc

    def read(self, n: int = -1) -> bytes:
        left = self.size - self._pos
        if n is None or n < 0 or n > left:
            n = max(0, left)
        if n == 0:
            return b""
        first, offset = divmod(self._pos, SEGMENT)
        end = self._pos + n
        last = (end - 1) // SEGMENT
        if first == last:
            self._pos = end
            return self._segment(first)[offset : offset + n]
        # A long read (an image stream, say): whole segments joined once, no
        # intermediate copies.
        pieces = [self._segment(first)[offset:]]
        pieces += self._whole_segments(first + 1, last)
        pieces.append(self._segment(last)[: end - last * SEGMENT])
        self._pos = end
        return b"".join(pieces)

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: self.size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def seekable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True


def seal_bytes(data: bytes, blob_id: uuid_mod.UUID) -> tuple[bytes, Sealed]:
    """A small payload (recognised text) sealed in memory, in the vault's format."""
    buf = io.BytesIO()
    writer = Writer(buf, blob_id)
    writer.write(data)
    sealed = writer.close()
    return buf.getvalue(), sealed


def open_bytes(blob: bytes, *, blob_id: uuid_mod.UUID, key_id: str, wrapped_key: str) -> bytes:
    return b"".join(
        decrypt(
            io.BytesIO(bytes(blob)), document_id=blob_id, key_id=key_id, wrapped_key=wrapped_key
        )
    )
