"""Making real documents in tests: the same sealing path as the upload handler."""

from __future__ import annotations

import io
import tempfile
import uuid

from PIL import Image

from uploads import services
from uploads.handlers import SealedUpload
from uploads.vault import Writer


def sealed_upload(content: bytes, name: str = "photo.png", chunk: int = 64 * 1024) -> SealedUpload:
    document_id = uuid.uuid4()
    tmp = tempfile.NamedTemporaryFile()  # noqa: SIM115  (owned by the SealedUpload)
    writer = Writer(tmp, document_id)
    for i in range(0, len(content), chunk):
        writer.write(content[i : i + chunk])
    sealed = writer.close()
    return SealedUpload(
        tmp=tmp, name=name, sealed=sealed, document_id=document_id, head=content[:64]
    )


def png_bytes(size=(640, 480), color=(200, 180, 150)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    return buf.getvalue()


def jpeg_bytes(size=(800, 600)) -> bytes:
    buf = io.BytesIO()
    img = Image.effect_noise(size, 60).convert("RGB")
    img.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def store(request, content: bytes, *, by, name: str = "photo.png"):
    return services.store_upload(request=request, upload=sealed_upload(content, name), by=by)
