"""What a file must be before the firm accepts it: its type by content, whole, and harmless.

Every check reads decrypted bytes through ``vault.VaultFile``; nothing here writes
plaintext anywhere. Each refusal carries a message for the client, in their language.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
import warnings

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile
from pillow_heif import register_heif_opener
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import DictionaryObject

IMAGE_TYPES = {"image/jpeg", "image/png", "image/tiff", "image/heic"}
PDF = "application/pdf"
MAX_TIFF_PAGES = 20
HTML_MARKERS = re.compile(rb"<(?:script|html|iframe|svg|body|object|embed)[\s>/]", re.I)


class Refused(Exception):
    def __init__(self, message, code: str):
        super().__init__(str(message))
        self.message = message
        self.code = code


def sniff(head: bytes) -> str | None:
    """The type the first bytes say, whatever the name or the browser claims."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if head.startswith(b"%PDF-"):
        return PDF
    if head[4:8] == b"ftyp" and head[8:12] in {
        b"heic",
        b"heix",
        b"heim",
        b"heis",
        b"mif1",
        b"msf1",
        b"hevc",
    }:
        return "image/heic"
    return None


EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/tiff": "tif",
    "image/heic": "heic",
    PDF: "pdf",
}
WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$", re.I)


def safe_name(raw: str | None, content_type: str) -> str:
    """A display name without paths, control or bidi characters; the extension follows the content."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(
        ch
        for ch in name
        if unicodedata.category(ch)[0] != "C"
        and ch not in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
    )
    name = name.strip().lstrip(".-").strip()
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r"[^\w\s().,'-]+", "_", stem).strip("._ ")[:120]
    if not stem or WINDOWS_RESERVED.match(stem):
        stem = "document"
    return f"{stem}.{EXTENSIONS[content_type]}"


def check_image(f, content_type: str) -> list[str]:
    if content_type == "image/heic":
        register_heif_opener()
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS
    formats = {
        "image/jpeg": ["JPEG"],
        "image/png": ["PNG"],
        "image/tiff": ["TIFF"],
        "image/heic": ["HEIF"],
    }[content_type]
    try:
        with warnings.catch_warnings():
            # Pillow only warns between 1x and 2x the limit: here that is a refusal.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(f, formats=formats) as img:
                frames = getattr(img, "n_frames", 1)
                if frames > MAX_TIFF_PAGES:
                    raise Refused(
                        _("This file has too many pages. Send at most %(n)s pages, or a PDF.")
                        % {"n": MAX_TIFF_PAGES},
                        "pages",
                    )
                if img.width * img.height > settings.IMAGE_MAX_PIXELS:
                    raise Refused(
                        _("This image is far larger than a photo. Please send a normal photo."),
                        "bomb",
                    )
                for frame in range(frames):
                    img.seek(frame)
                    if img.format == "JPEG":
                        img.draft("RGB", (2048, 2048))  # decode fully, at a fraction of the memory
                    img.load()
    except Refused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise Refused(
            _("This image is far larger than a photo. Please send a normal photo."), "bomb"
        ) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise Refused(
            _("This picture is damaged or incomplete. Please take or choose it again."), "damaged"
        ) from exc
    f.seek(0)
    tail = b""
    while True:
        chunk = f.read(1024 * 1024)
        if not chunk:
            break
        if HTML_MARKERS.search(tail + chunk):
            raise Refused(
                _("This file is not a plain picture. Please send a photo or a PDF."), "polyglot"
            )
        tail = chunk[-16:]
    return []


def check_pdf(f) -> list[str]:
    try:
        reader = PdfReader(f, strict=True)
        if reader.is_encrypted:
            raise Refused(
                _("This PDF has a password. Please send it without the password."), "encrypted"
            )
        catalog = reader.trailer["/Root"]
        if not isinstance(catalog, DictionaryObject):
            raise TypeError("the document catalog is not a dictionary")
        names = catalog.get("/Names", {})
        if "/JavaScript" in names or _has_key(reader, "/JS") or _has_key(reader, "/JavaScript"):
            raise Refused(
                _(
                    "This PDF contains programs (JavaScript). Please print it to a new PDF or send a photo of it."
                ),
                "javascript",
            )
        if _has_key(reader, "/Launch"):
            raise Refused(
                _(
                    "This PDF tries to open other programs. Please print it to a new PDF or send a photo of it."
                ),
                "launch",
            )
        if "/EmbeddedFiles" in names or _has_key(reader, "/EmbeddedFile"):
            raise Refused(
                _("This PDF has other files inside it. Please send each document on its own."),
                "embedded",
            )
        if len(reader.pages) == 0:
            raise Refused(_("This PDF is empty."), "empty")
        flags = []
        if "/OpenAction" in catalog or "/AA" in catalog:
            flags.append("pdf_open_action")
        return flags
    except Refused:
        raise
    except (PdfReadError, ValueError, KeyError, OSError, TypeError, RecursionError) as exc:
        raise Refused(
            _("This PDF is damaged or incomplete. Please save it again and send the new file."),
            "damaged",
        ) from exc


SKIP_KEYS = frozenset({"/Parent", "/P", "/Contents", "/Resources", "/Thumb"})


def _has_key(reader, key: str) -> bool:
    """Any object in the file with this key (actions hide in pages, annotations, names)."""
    seen = set()
    stack = [reader.trailer["/Root"]]
    for page in reader.pages:
        stack.append(page)
    count = 0
    while stack and count < 20000:
        obj = stack.pop()
        count += 1
        with contextlib.suppress(AttributeError):
            obj = obj.get_object()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, dict):
            if key in obj or obj.get("/S") == key:
                return True
            # Actions live in the catalog, pages, annotations, names and outlines; page
            # content, resources (images, fonts) and thumbnails hold none, and reading
            # them would load every image stream of a scan into memory.
            stack.extend(v for k, v in obj.items() if k not in SKIP_KEYS)
        elif isinstance(obj, list):
            stack.extend(obj)
    return False


def check(f, content_type: str) -> list[str]:
    if content_type == PDF:
        return check_pdf(f)
    return check_image(f, content_type)
