"""Find and parse the machine-readable zone (MRZ) of travel documents in OCR text.

Pure Python, standard library only (no Django): the Celery worker runs stock
Tesseract on an uploaded passport/ID photo and on a cropped MRZ strip, and hands
the text to :func:`parse`. Layouts follow ICAO Doc 9303:

======  =======  ==========================================================
format  lines    checks
======  =======  ==========================================================
TD3     2 x 44   document number, birth, expiry, personal number, composite
TD1     3 x 30   document number, birth, expiry, composite
TD2     2 x 36   document number, birth, expiry, composite
MRVA    2 x 44   document number, birth, expiry (visas have no composite)
MRVB    2 x 36   document number, birth, expiry
======  =======  ==========================================================

TD1 and TD2 long document numbers (more than 9 characters: filler in the check
digit position, the rest of the number, its check digit and a filler at the
start of the optional data) are supported.

Detection
---------
Every line is normalised: Unicode NFKC, the filler look-alikes ``« ( [ {`` and U+2039
become ``<``, a lower-case ``c`` (how OCR reads a small ``<``) becomes ``<``
(in a mostly lower-case line only when both neighbours are fillers or it is
part of a ``cc`` run touching a filler, so that ``eric<<`` keeps its c), letters are upper-cased, whitespace inside the line is
dropped and noise characters at both ends are stripped. Variants with interior
noise removed, or with whitespace read as fillers, are tried as well.
Consecutive lines whose lengths are within 2 of 30/36/44 are candidates: a
short line is padded with ``<``, a long one is cut (dropping fillers/noise is
cheaper than dropping data). A candidate must be mostly ``[A-Z0-9<]``, contain
``<<`` and have digit-like characters in its date positions. Every format that
fits is parsed; the document code decides TD3/MRV-A and TD2/MRV-B when it is
conclusive (``V`` = visa; ``P``, ``I``, ``A``, ``C`` = not), otherwise the
check layout that passes wins. Among all candidates the one with all checks
passing is returned, then the most passing; ties go to the candidate with the
fewest structural oddities in fields no check covers (document code not
starting with A/C/I/P/V, state or nationality not left-aligned letters, digits
in the name, sex not M/F/X/<), then the cheapest line repair. A stray letter
before the TD1 name line is therefore indistinguishable from one filler too
many at its end, and is kept (``IERIKSSON``).

Corrections
-----------
Each applied correction is listed in :attr:`MRZResult.corrections`:

* Numeric-only positions (dates, check digits): ``O I L B S Z G D Q`` are read
  as ``0 1 1 8 5 2 6 0 0`` and ``K`` as ``<``, applied only when the check digit
  then passes. A raw all-digit value whose check passes is kept.
* Document number and personal number (alphanumeric): if the raw value fails
  its check, every combination of the ambiguous characters ``O/0 I/1 B/8 S/5
  Z/2`` is tried (all of them for up to 8 ambiguous characters, otherwise those
  changing at most 2) and a correction is accepted only when exactly one
  combination passes. The check digit character itself is read as numeric.
  TD1/TD2 optional data, which has no check digit of its own, is corrected the
  same way against the composite check digit when every other check passes.
* Issuing state, nationality, document code and names have no check digit
  (TD1's composite covers none of them), so digits read there are mapped to
  letters (``0 1 5 8 2 6`` -> ``O I S B Z G``, e.g. ``UT0`` -> ``UTO``) and the
  note says ``unconfirmed``. Sex ``K`` -> ``<`` likewise.

Limits that follow from the arithmetic of the 7-3-1 check digit: ``G`` (16)
and ``6``, ``L`` (21) and ``1``, and ``K`` (20) and ``<`` (0) differ by a
multiple of 10, so no check digit can tell them apart. In numeric positions
the character class settles it; in alphanumeric fields G/6 is never toggled
(the raw character is kept) and a ``K`` for ``<`` is only repaired by the
filler rules below. With the strict "exactly one combination" rule, a value
with several ambiguous characters often has two passing combinations and is
then left uncorrected, by design: for the ICAO specimen number read as
``L8989O2C3``, ``L898902C3``, ``LB9B902C3`` and ``LB9890ZC3`` all pass. (In a
simulation with random 9-character numbers and one O/0 I/1 Z/2 S/5 B/8
misread, about 30 % are corrected and none wrongly; the rest are left failing.)

Filler repair (``<`` read as ``K``)
-----------------------------------
Fillers form a contiguous suffix of a field. In the trailing run of ``K``/``<``
of a name field:

* ``K`` directly attached to the last name character is a real letter
  (``MARK<<<`` -> MARK), except a run of 3 or more ``K`` (never a name), the
  second of two (``NOWAKK<<`` -> NOWAK; a name really ending in KK, like
  KOKK, loses a K), and a single ``K`` after a consonant
  that does not end a name in K (``SMITHK<<`` -> SMITH; after a vowel or
  ``N C R L S`` it stays, as in FRANK, ERIK, BECK);
* every ``K`` after the first ``<`` of the run is a filler, except a lone
  initial: ``<K`` directly after the last word and followed only by clean
  ``<`` (``JOHN<K<<<<`` keeps the initial K). If more ``K`` follow, the run is
  noise and all of them are fillers (``JOHN<K<<K<<`` -> JOHN); a ``K`` after a
  run of 2 or more fillers is a filler (``LEE<<K<<<`` -> LEE: a single given
  name ``K`` is lost).

Surname separator: when the name has no ``<<`` but a single ``<`` next to a
``K`` whose neighbour makes an unlikely cluster (``SMITHK<JOHN`` with ``HK``
word-final, ``SMITH<KJOHN`` with ``KJ`` word-initial), and exactly one such
place exists, that ``K`` is read as ``<``. Not repaired: a separator whose
``K`` is plausible in a name (``ERIKSSON<KANNA`` stays surname "ERIKSSON
KANNA"), a separator read as ``KK``, and a filler read as ``K`` right after a
name ending in a vowel (``ANNAK<<<`` stays ANNAK). The same filler rules (minus
the initial and cluster rules) apply to the document number and optional data,
where an attached ``K`` run is also a filler when more ``K`` follow in the
filler run (``ZE184226BK<KKK`` -> ZE184226B) but kept when only clean ``<``
follow (``AB1234K<<`` keeps its K: K and ``<`` have the same check value).

Other behaviour
---------------
* Birth date century: the latest year that does not put the date after
  ``today``. Expiry: 20YY unless that is more than 50 years after ``today``'s
  year, then 19YY. An impossible date (month 13) is ``None``; its check is
  still judged on the digits alone.
* A missing MRZ line gives ``None`` (no partial results), as does any input
  without an MRZ; nothing raises on garbage.
* :attr:`MRZResult.lines` are the lines after all corrections,
  :attr:`MRZResult.raw_lines` the normalised lines before them.
* The ``compose_*`` functions transliterate names (ICAO recommended table for
  Ä Ö Ü Å Æ Ø ß Þ ..., other diacritics dropped), turn spaces, hyphens and commas
  into ``<``, drop apostrophes and other punctuation and cut the name at the
  field width; if the cut ends on a filler the result does not look truncated.
"""

from uploads.mrz.checkdigit import check_digit
from uploads.mrz.compose import (
    compose_mrva,
    compose_mrvb,
    compose_td1,
    compose_td2,
    compose_td3,
    mrz_name,
)
from uploads.mrz.reading import parse, parse_lines
from uploads.mrz.repair import parse_name_field
from uploads.mrz.result import MRZResult
from uploads.mrz.tables import CHARSET, FILLER

__all__ = [
    "CHARSET",
    "FILLER",
    "MRZResult",
    "check_digit",
    "compose_mrva",
    "compose_mrvb",
    "compose_td1",
    "compose_td2",
    "compose_td3",
    "mrz_name",
    "parse",
    "parse_lines",
    "parse_name_field",
]
