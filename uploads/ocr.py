"""Reading documents: Tesseract through pytesseract, in memory, one thread per process.

The worker opens a document from the vault as a file-like object (``VaultFile``
decrypts segment by segment), so neither the document nor a rendered page is ever
written to disk. pytesseract is not used for that reason: it writes each image,
and Tesseract's output, to temporary files. ``_tesseract`` runs the same binary
with the page on stdin and the result on stdout, and nothing else.

Steps for each page (at most ``OCR_MAX_PAGES``):

1. Images: EXIF orientation applied, grayscale, scaled so that text is about
   300 dpi (the long side between 1,600 and 3,500 pixels), deskewed when a cheap
   projection-profile search finds a tilt of half a degree or more.
   PDFs: pages rendered by PDFium (pypdfium2) at up to 300 dpi, from memory.
2. Tesseract in the document's likely languages, with word boxes (TSV), per-page
   timeout.
3. The machine-readable zone: lines that look like one (long, ``<`` fillers), or
   the lower part of an identity document's page, are cropped, enlarged and read
   again with the MRZ alphabet only; each character's box is then compared with
   the OCR-B glyphs, since stock Tesseract reads the filler ``<`` as K, S or X.
   ``uploads.mrz`` parses the result and checks every check digit.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium
from django.conf import settings
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

from uploads import mrz

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

MRZ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
# Requests whose documents carry a machine-readable zone.
MRZ_KINDS = ("passport", "visa", "id_card", "travel", "ead", "green_card", "permanent_resident")


class OcrError(Exception):
    """Base of the reasons a document could not be read; ``code`` is stored, never text."""

    code = "error"


class Unavailable(OcrError):
    code = "unavailable"


class Unreadable(OcrError):
    """The file cannot be turned into pages (damaged, not an image): retrying won't help."""

    code = "unreadable"


class Transient(OcrError):
    """Worth another try later: a timeout, a killed process, a resource limit."""

    code = "transient"


class Timeout(Transient):
    code = "timeout"


# Tesseract ---------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _binary(cmd: str) -> str | None:
    return shutil.which(cmd)


def available() -> bool:
    return _binary(settings.TESSERACT_CMD) is not None


@lru_cache(maxsize=4)
def _installed_languages(binary: str) -> frozenset[str]:
    out = subprocess.run(  # noqa: S603
        [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
    )
    lines = out.stdout.splitlines()[1:]  # the first line names the data directory
    return frozenset(line.strip() for line in lines if line.strip())


def languages(preferred: list[str] | None = None) -> str:
    """The wanted languages Tesseract has, in order, as ``eng+spa``; English at least."""
    binary = _binary(settings.TESSERACT_CMD)
    if binary is None:
        raise Unavailable("tesseract is not installed")
    have = _installed_languages(binary)
    wanted = [*(preferred or []), *settings.OCR_LANGUAGES]
    chosen = [lang for i, lang in enumerate(wanted) if lang in have and lang not in wanted[:i]]
    return "+".join(chosen or ["eng"])


def _tesseract(image: Image.Image, *, lang: str, args: list[str], timeout: int) -> str:
    """Run tesseract on an image passed through stdin (PNG bytes in memory) and read stdout.

    No file is written: ``stdin`` and ``stdout`` are the image and the result.
    """
    binary = _binary(settings.TESSERACT_CMD)
    if binary is None:
        raise Unavailable("tesseract is not installed")
    buf = io.BytesIO()
    image.save(buf, "PNG", compress_level=1)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        out = subprocess.run(  # noqa: S603
            [binary, "stdin", "stdout", "-l", lang, *args],
            input=buf.getvalue(),
            capture_output=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise Timeout(f"a page took more than {timeout} s") from exc
    except OSError as exc:
        raise Transient(f"tesseract could not start: {exc.strerror}") from exc
    if out.returncode < 0:
        raise Transient(f"tesseract was killed by signal {-out.returncode}")
    if out.returncode != 0:
        # Its message names the problem (never the text); kept short for the row.
        message = out.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["?"]
        raise Unreadable(f"tesseract failed: {message[0][:120]}")
    return out.stdout.decode("utf-8", errors="replace")


@dataclass
class Word:
    text: str
    left: int
    top: int
    width: int
    height: int
    line: tuple[int, int, int]


def read_words(image: Image.Image, *, lang: str, timeout: int) -> list[Word]:
    """Tesseract's words with their boxes (TSV output), in reading order."""
    tsv = _tesseract(image, lang=lang, args=["--psm", "3", "tsv"], timeout=timeout)
    words = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        words.append(
            Word(
                text=text,
                left=int(row["left"]),
                top=int(row["top"]),
                width=int(row["width"]),
                height=int(row["height"]),
                line=(int(row["block_num"]), int(row["par_num"]), int(row["line_num"])),
            )
        )
    return words


def lines_of(words: list[Word]) -> list[list[Word]]:
    lines: dict[tuple, list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    return list(lines.values())


def text_of(words: list[Word]) -> str:
    out, last_block = [], None
    for line in lines_of(words):
        block = line[0].line[:2]
        if last_block is not None and block != last_block:
            out.append("")
        out.append(" ".join(w.text for w in line))
        last_block = block
    return "\n".join(out)


# Pages -------------------------------------------------------------------------------------


def normalise(image: Image.Image) -> Image.Image:
    """Upright, gray, about 300 dpi, straightened."""
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    image = image.convert("L")
    long_side = max(image.size)
    if long_side < 1600:
        scale = 2000 / long_side
    elif long_side > 3500:
        scale = 3000 / long_side
    else:
        scale = 1.0
    if scale != 1.0:
        image = image.resize(
            (max(1, round(image.width * scale)), max(1, round(image.height * scale))),
            Image.Resampling.LANCZOS,
        )
    angle = skew_angle(image)
    if abs(angle) >= 0.5:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    return image


def skew_angle(image: Image.Image, *, limit: float = 5.0, step: float = 0.5) -> float:
    """The rotation that makes text lines horizontal, by projection profiles.

    On a small binarised copy, each candidate rotation's row means (a 1-pixel-wide
    box resize) are scored by their variance: level text lines give sharp rows of
    ink and white. About 21 small rotations: a few milliseconds.
    """
    small = image.copy()
    small.thumbnail((800, 800))
    # Edges, not dark pixels: a dark table or background around the page would
    # otherwise outweigh the text.
    small = small.filter(ImageFilter.FIND_EDGES).point(lambda v: 255 if v > 40 else 0)
    best, best_score = 0.0, -1.0
    n = int(limit / step)
    for i in range(-n, n + 1):
        angle = i * step
        rotated = small.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0)
        rows = list(rotated.resize((1, rotated.height), Image.Resampling.BOX).tobytes())
        mean = sum(rows) / len(rows)
        score = sum((r - mean) ** 2 for r in rows)
        if score > best_score + 1e-9 or (abs(score - best_score) < 1e-9 and abs(angle) < abs(best)):
            best, best_score = angle, score
    return best


def pages(fileobj, content_type: str, *, max_pages: int) -> Iterator[Image.Image]:
    """The document's pages as images, one at a time, from memory."""
    if content_type == "application/pdf":
        yield from _pdf_pages(fileobj, max_pages=max_pages)
        return
    try:
        image = Image.open(fileobj)
        frames = getattr(image, "n_frames", 1)
        for i in range(min(frames, max_pages)):
            image.seek(i)
            frame = image.copy()
            frame.load()
            yield frame
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise Unreadable(f"the image cannot be opened: {type(exc).__name__}") from exc


def _pdf_pages(fileobj, *, max_pages: int) -> Iterator[Image.Image]:
    try:
        pdf = pdfium.PdfDocument(fileobj)
    except pdfium.PdfiumError as exc:
        raise Unreadable("the PDF cannot be opened") from exc
    try:
        for i in range(min(len(pdf), max_pages)):
            page = pdf[i]
            try:
                width, height = page.get_size()  # points
                # 300 dpi, but never more than 3,500 pixels on the long side.
                scale = min(300 / 72, 3500 / max(width, height, 1))
                bitmap = page.render(scale=scale, grayscale=True)
                yield bitmap.to_pil()
            finally:
                page.close()
    except pdfium.PdfiumError as exc:
        raise Unreadable("a PDF page cannot be rendered") from exc
    finally:
        pdf.close()


# The machine-readable zone -----------------------------------------------------------------


def _mrz_like(text: str) -> bool:
    compact = text.replace(" ", "")
    return len(compact) >= 20 and ("<<" in compact or compact.count("<") >= 3)


def mrz_region(image: Image.Image, words: list[Word], *, identity: bool) -> list[tuple]:
    """Where to look for a zone: around lines that look like one, else the page's foot."""
    boxes = []
    for line in lines_of(words):
        if _mrz_like("".join(w.text for w in line)):
            boxes.append(
                (
                    min(w.left for w in line),
                    min(w.top for w in line),
                    max(w.left + w.width for w in line),
                    max(w.top + w.height for w in line),
                )
            )
    regions = []
    if boxes:
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
        pad = max(b[3] - b[1] for b in boxes)
        regions.append(
            (
                max(0, x0 - pad * 2),
                max(0, y0 - pad * 2),
                min(image.width, x1 + pad * 2),
                min(image.height, y1 + pad * 2),
            )
        )
    if identity:
        regions.append((0, int(image.height * 0.55), image.width, image.height))
    return regions


@lru_cache(maxsize=1)
def _glyphs(font_path: str) -> dict[str, tuple[list[float], float]] | None:
    """Normalised OCR-B glyph images, for telling fillers from letters."""
    if not Path(font_path).exists():
        return None
    font = ImageFont.truetype(font_path, 96)
    out = {}
    for ch in MRZ_ALPHABET:
        canvas = Image.new("L", (160, 160), 255)
        ImageDraw.Draw(canvas).text((20, 10), ch, font=font, fill=0)
        out[ch] = _signature(canvas)
    return out


GLYPH_W, GLYPH_H = 12, 18


def _signature(image: Image.Image) -> tuple[list[float], float]:
    """A glyph's shape (zero-mean, unit-norm pixels of its ink box) and its aspect."""
    ink = ImageOps.invert(image.convert("L"))
    box = ink.getbbox()
    if box:
        ink = ink.crop(box)
    aspect = ink.width / max(1, ink.height)
    px = list(ink.resize((GLYPH_W, GLYPH_H), Image.Resampling.BILINEAR).tobytes())
    mean = sum(px) / len(px)
    centred = [p - mean for p in px]
    norm = sum(v * v for v in centred) ** 0.5 or 1.0
    return [v / norm for v in centred], aspect


# What stock Tesseract prints for OCR-B's filler.
FILLER_MISREADS = frozenset("KSXECZ")


def _glyph_scores(crop: Image.Image, glyphs) -> dict[str, float]:
    """How close the crop's shape is to each glyph (correlation, less an aspect penalty)."""
    shape, aspect = _signature(crop)
    return {
        ch: sum(a * b for a, b in zip(shape, ref, strict=True)) - 0.3 * abs(aspect - ref_aspect)
        for ch, (ref, ref_aspect) in glyphs.items()
    }


def read_mrz_strip(strip: Image.Image, *, timeout: int) -> list[str]:
    """The zone's lines, read with the MRZ alphabet, fillers told apart by their shape."""
    # Characters about 40 pixels high read best; the strip holds 2 or 3 lines.
    scale = max(1.0, min(3.0, 1800 / max(1, strip.width)))
    if scale != 1.0:
        strip = strip.resize(
            (round(strip.width * scale), round(strip.height * scale)), Image.Resampling.LANCZOS
        )
    strip = ImageOps.autocontrast(strip, cutoff=1)
    boxes = _tesseract(
        strip,
        lang="eng",
        args=["--psm", "6", "-c", f"tessedit_char_whitelist={MRZ_ALPHABET}", "makebox"],
        timeout=timeout,
    )
    chars = []
    for line in boxes.splitlines():
        parts = line.split(" ")
        if len(parts) < 5 or len(parts[0]) != 1:
            continue
        x0, y0, x1, y1 = (int(v) for v in parts[1:5])
        chars.append((parts[0], x0, x1, strip.height - y1, strip.height - y0))
    glyphs = _glyphs(settings.OCR_MRZ_FONT)
    rows = _rows(chars)
    width = _line_length([len(r) for r in rows])
    out = []
    for row in rows:
        if width and glyphs is not None and abs(len(row) - width) <= 8:
            out.append(_cells(row, width, strip, glyphs))
        else:
            out.append("".join(c[0] for c in row))
    return out


def _line_length(lengths: list[int]) -> int | None:
    """30, 36 or 44: the format's line length, from how many characters the long rows have."""
    long_rows = [n for n in lengths if n >= 24]
    if not long_rows:
        return None
    if len(long_rows) >= 3:
        return 30
    typical = max(long_rows)
    return min((30, 36, 44), key=lambda n: abs(n - typical))


def _rows(chars: list[tuple]) -> list[list[tuple]]:
    """Character boxes grouped into lines by their vertical centres, left to right."""
    if not chars:
        return []
    height = sorted(c[4] - c[3] for c in chars)[len(chars) // 2] or 1
    rows: list[list[tuple]] = []
    for c in sorted(chars, key=lambda c: (c[3] + c[4]) / 2):
        centre = (c[3] + c[4]) / 2
        if rows and abs(centre - rows[-1][-1][0]) < height * 0.6:
            rows[-1].append((centre, c))
        else:
            rows.append([(centre, c)])
    return [[c for _, c in sorted(row, key=lambda item: item[1][1])] for row in rows]


def _cells(row: list[tuple], n: int, strip: Image.Image, glyphs) -> str:
    """One MRZ line as exactly ``n`` characters, one per cell of the monospaced font.

    Tesseract sometimes splits one filler into two boxes or merges two into one, so
    its string can be a character or three off. The zone is monospaced: a cell's
    position follows from the line's start and pitch, fitted to the boxes' centres.
    Each cell takes the character Tesseract saw there, except that a cell whose
    shape is closest to OCR-B's ``<`` is a filler (Tesseract reads those as K, S,
    X or E), and an empty cell is whatever glyph its shape is closest to.
    """
    centres = [(c[1] + c[2]) / 2 for c in row]
    pitch = (row[-1][2] - row[0][1]) / (n - 0.3)
    origin = row[0][1] - 0.15 * pitch
    for _ in range(3):  # least squares on (cell index, centre), indexes re-rounded each time
        idx = [round((x - origin) / pitch - 0.5) for x in centres]
        k = len(idx)
        mean_i, mean_x = sum(idx) / k, sum(centres) / k
        var = sum((i - mean_i) ** 2 for i in idx)
        if var == 0:
            break
        pitch = sum((i - mean_i) * (x - mean_x) for i, x in zip(idx, centres, strict=True)) / var
        origin = mean_x - pitch * (mean_i + 0.5)
    seen: dict[int, tuple] = {}
    for found, x in zip(row, centres, strict=True):
        i = round((x - origin) / pitch - 0.5)
        if 0 <= i < n and (i not in seen or seen[i][0] == "<"):
            seen[i] = found
    top = sorted(c[3] for c in row)[len(row) // 2]
    bottom = sorted(c[4] for c in row)[len(row) // 2]
    pad = (bottom - top) * 0.15
    out = []
    for i in range(n):
        c = seen.get(i)
        if c is None:  # nothing read here: the glyph closest to the cell's shape
            x0 = origin + pitch * i
            box = (round(x0), round(top - pad), round(x0 + pitch), round(bottom + pad))
            scores = _glyph_scores(strip.crop(box), glyphs)
            out.append(max(scores, key=scores.__getitem__))
            continue
        ch = c[0]
        if ch in FILLER_MISREADS:
            scores = _glyph_scores(strip.crop((c[1] - 1, c[3] - 1, c[2] + 1, c[4] + 1)), glyphs)
            # The filler's shape, or a box that matches no glyph at all (a filler cut
            # in two or two run together) where Tesseract printed a filler misread.
            if scores["<"] > scores[ch] + 0.1 or max(scores.values()) < 0.5:
                ch = "<"
        out.append(ch)
    return "".join(out)


def find_mrz(image: Image.Image, words: list[Word], *, identity: bool, timeout: int):
    """The best reading of the page's zone, or None.

    The page's own text is one candidate; the strip read again with the MRZ alphabet
    and the filler shapes is usually better, so it is always tried where there is a
    zone. Passing check digits rank first; then a clean name field (ending in
    fillers, as a name that was not cut short does), then the fewest corrections.
    """
    candidates = [mrz.parse(text_of(words))]
    for region in mrz_region(image, words, identity=identity):
        lines = read_mrz_strip(image.crop(region), timeout=timeout)
        candidates.append(mrz.parse_lines(lines) or mrz.parse("\n".join(lines)))
        if _rank(candidates[-1])[:2] == (True, True):
            break
    found = [c for c in candidates if c is not None]
    return max(found, key=_rank) if found else None


def _rank(result) -> tuple:
    if result is None:
        return (False, False, -1, -99)
    return (
        result.valid,
        not result.names_truncated,
        sum(result.checks.values()),
        -len(result.corrections),
    )


def _better(a, b) -> bool:
    return _rank(a) > _rank(b)


# A whole document --------------------------------------------------------------------------


@dataclass
class Reading:
    pages: list[str] = field(default_factory=list)
    mrz: dict | None = None
    languages: str = ""

    @property
    def text(self) -> str:
        return "\n\n".join(self.pages)


def read_document(fileobj, content_type: str, *, lang: str, identity: bool) -> Reading:
    """Every page's text and, for identity documents or pages that show one, the MRZ."""
    reading = Reading(languages=lang)
    best = None
    for page in pages(fileobj, content_type, max_pages=settings.OCR_MAX_PAGES):
        image = normalise(page)
        words = read_words(image, lang=lang, timeout=settings.OCR_PAGE_TIMEOUT)
        reading.pages.append(text_of(words))
        looks_like_one = any(_mrz_like("".join(w.text for w in ln)) for ln in lines_of(words))
        if (identity or looks_like_one) and not (best is not None and best.valid):
            found = find_mrz(image, words, identity=identity, timeout=settings.OCR_PAGE_TIMEOUT)
            if found is not None and (best is None or _better(found, best)):
                best = found
    if best is not None:
        reading.mrz = best.as_dict()
    return reading
