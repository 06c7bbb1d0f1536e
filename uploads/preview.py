"""Derived previews and plain-language photo hints.

A preview is re-encoded from the decoded pixels (never the original bytes), with
EXIF orientation applied and no metadata at all, so location never leaves with
it; it is sealed in the vault like the original.
"""

from __future__ import annotations

import io
import uuid

from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFilter, ImageOps, ImageStat

PREVIEW_MAX = 1600
HINTS = {
    "dark": _("The photo looks too dark. Try again near a window or with more light."),
    "blurry": _(
        "The photo looks blurry. Hold the phone still, tap the document on the screen to focus, then take it."
    ),
    "small": _("The photo is small. Move closer so the document fills the screen."),
    "edges": _(
        "The document may be cut off at the edges. Make sure all four corners are in the photo."
    ),
}


def preview_id(document_uuid: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(document_uuid, "preview")


def render_preview(img: Image.Image) -> tuple[bytes, list[str]]:
    """A JPEG preview without metadata, and the hints that apply to the photo."""
    img = ImageOps.exif_transpose(img)
    hints = quality_hints(img)
    img = img.convert("RGB")
    img.thumbnail((PREVIEW_MAX, PREVIEW_MAX))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=82, optimize=True)  # no exif= argument: nothing is copied over
    return out.getvalue(), hints


def quality_hints(img: Image.Image) -> list[str]:
    gray = img.convert("L")
    w, h = gray.size
    hints = []
    if min(w, h) < 900:
        hints.append("small")
    small = gray.copy()
    small.thumbnail((800, 800))
    if ImageStat.Stat(small).mean[0] < 60:
        hints.append("dark")
    edges = small.filter(ImageFilter.FIND_EDGES)
    if ImageStat.Stat(edges).var[0] < 40:
        hints.append("blurry")
    # A document running off the frame leaves strong edges along the picture's border.
    sw, sh = edges.size
    border = max(2, min(sw, sh) // 100)
    strips = [
        edges.crop((0, 0, sw, border)),
        edges.crop((0, sh - border, sw, sh)),
        edges.crop((0, 0, border, sh)),
        edges.crop((sw - border, 0, sw, sh)),
    ]
    busy = sum(1 for s in strips if ImageStat.Stat(s).mean[0] > 45)
    if busy >= 2:
        hints.append("edges")
    return hints
