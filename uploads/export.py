"""A matter's current documents as one zip, for case transfers, streamed as it is built."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterator

from django.utils import timezone

from uploads.models import Document
from uploads.services.storage import read


class _Sink(io.RawIOBase):
    """An unseekable file that zipfile writes into and the response drains."""

    def __init__(self):
        self.buf = bytearray()

    def writable(self):
        return True

    def write(self, b):
        self.buf += b
        return len(b)

    def drain(self) -> bytes:
        out = bytes(self.buf)
        self.buf.clear()
        return out


def current_documents(matter) -> list[Document]:
    """The newest version of each part (each side, each page) of each request of the
    matter, destroyed ones left out."""
    current = (
        Document.objects.filter(request__matter=matter, destroyed_at__isnull=True)
        .select_related("request")
        .order_by("request__position", "request_id", "-version")
    )
    latest, seen = [], set()
    for doc in current:
        if (doc.request_id, doc.part) not in seen:
            seen.add((doc.request_id, doc.part))
            latest.append(doc)
    return latest


def matter_zip(matter, documents, *, by, http_request=None) -> Iterator[bytes]:
    """The zip's bytes: each document (each read audited), ``manifest.json`` and
    ``SHA256SUMS`` (checkable with ``sha256sum -c SHA256SUMS`` after unzipping)."""
    sink = _Sink()
    manifest = []
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
        for doc in documents:
            part = f"{doc.part}-" if doc.part else ""
            path = f"{doc.request.key or 'document'}/{part}v{doc.version}-{doc.display_name}"
            digest = hashlib.sha256()
            with zf.open(path, "w", force_zip64=True) as dest:
                for chunk in read(doc, by=by, http_request=http_request, purpose="exported"):
                    digest.update(chunk)
                    dest.write(chunk)
                    if len(sink.buf) >= 1 << 20:
                        yield sink.drain()
            manifest.append(
                {
                    "path": path,
                    "sha256": digest.hexdigest(),
                    "size": doc.size,
                    "version": doc.version,
                    "part": doc.part,
                }
            )
            yield sink.drain()
        zf.writestr(
            "manifest.json",
            json.dumps(
                {
                    "matter": matter.reference,
                    "title": matter.title,
                    "exported_at": timezone.now().isoformat(),
                    "files": manifest,
                },
                indent=2,
                ensure_ascii=False,
            ),
        )
        zf.writestr("SHA256SUMS", "".join(f"{m['sha256']}  {m['path']}\n" for m in manifest))
    yield sink.drain()
