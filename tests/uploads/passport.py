"""A passport-like photo for OCR tests: a data page with a TD3 zone in OCR-B, photographed.

Drawn with Pillow: a pale page with a portrait box, printed fields and the two MRZ
lines in the OCR-B font (Debian's fonts-ocr-b), then "photographed": set on a darker
background, rotated a little, blurred slightly, with sensor noise, saved as a JPEG
the way a phone would.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from uploads import mrz

OCR_B = Path("/usr/share/fonts/opentype/ocr-b/OCRB.otf")
SANS = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

SPECIMEN = {
    "issuing_state": "UTO",
    "surname": "ERIKSSON",
    "given_names": "ANNA MARIA",
    "document_number": "L898902C3",
    "nationality": "UTO",
    "birth_date": dt.date(1974, 8, 12),
    "sex": "F",
    "expiry_date": dt.date(2031, 4, 15),
    "personal_number": "ZE184226B",
}


def _font(path: Path, size: int):
    return ImageFont.truetype(str(path), size) if path.exists() else ImageFont.load_default(size)


def passport_page(fields: dict | None = None, *, width: int = 1500) -> tuple[Image.Image, tuple]:
    """The flat data page and its MRZ lines."""
    f = {**SPECIMEN, **(fields or {})}
    lines = mrz.compose_td3(**f)
    height = int(width / 1.42)
    page = Image.new("RGB", (width, height), (236, 232, 220))
    draw = ImageDraw.Draw(page)
    label, value = _font(SANS, width // 75), _font(SANS, width // 48)
    draw.text((width * 0.05, height * 0.05), "PASSPORT / PASAPORTE", font=value, fill=(60, 60, 90))
    draw.rectangle(
        (width * 0.05, height * 0.16, width * 0.30, height * 0.62),
        fill=(170, 160, 150),
        outline=(90, 90, 90),
    )
    rows = [
        ("Surname / Apellidos", f["surname"]),
        ("Given names / Nombres", f["given_names"]),
        ("Nationality / Nacionalidad", f["nationality"]),
        ("Date of birth / Fecha de nacimiento", f["birth_date"].strftime("%d %b %Y").upper()),
        ("Passport No. / No. de pasaporte", f["document_number"]),
        ("Date of expiry / Fecha de vencimiento", f["expiry_date"].strftime("%d %b %Y").upper()),
    ]
    y = height * 0.16
    for caption, text in rows:
        draw.text((width * 0.34, y), caption, font=label, fill=(90, 90, 110))
        draw.text((width * 0.34, y + width / 60), text, font=value, fill=(20, 20, 30))
        y += height * 0.075
    # The MRZ: 44 characters across about 90% of the width, in OCR-B.
    size = 10
    while _font(OCR_B, size + 1).getlength("<" * 44) < width * 0.9:
        size += 1
    zone = _font(OCR_B, size)
    x = (width - zone.getlength("<" * 44)) / 2
    draw.text((x, height * 0.74), lines[0], font=zone, fill=(15, 15, 15))
    draw.text((x, height * 0.74 + size * 1.45), lines[1], font=zone, fill=(15, 15, 15))
    return page, lines


def photographed(page: Image.Image, *, angle: float = 1.5, seed: int = 7) -> bytes:
    """The page as a phone photo: background, slight rotation, blur, noise, JPEG."""
    rng = random.Random(seed)
    w, h = page.size
    canvas = Image.new("RGB", (int(w * 1.15), int(h * 1.2)), (70, 60, 50))
    canvas.paste(page, (int(w * 0.07), int(h * 0.1)))
    canvas = canvas.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(70, 60, 50))
    canvas = canvas.filter(ImageFilter.GaussianBlur(0.8))
    noise = Image.effect_noise(canvas.size, 18).convert("RGB")
    canvas = Image.blend(canvas, noise, 0.08)
    # Uneven light, as under a lamp.
    shade = Image.linear_gradient("L").resize(canvas.size).point(lambda v: 255 - v // 6)
    canvas = Image.composite(canvas, Image.new("RGB", canvas.size, (0, 0, 0)), shade)
    del rng
    buf = io.BytesIO()
    canvas.save(buf, "JPEG", quality=82)
    return buf.getvalue()


def passport_photo(fields: dict | None = None, **kw) -> tuple[bytes, tuple]:
    page, lines = passport_page(fields)
    return photographed(page, **kw), lines
