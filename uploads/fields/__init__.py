"""Propose structured fields from the OCR text of immigration documents.

A Celery worker OCRs each upload with stock Tesseract (English + Spanish) and
hands the text, often noisy, to :func:`extract`, which proposes fields for
staff to confirm. Nothing here is fact: every :class:`Field` carries a
confidence in [0, 1] and the evidence snippet (at most 80 characters) it was
read from, and the UI shows anything below :data:`HIGH` as "uncertain".

Standard library only, no Django: the package is pure text in, fields out.

Document kinds: ``i797`` (USCIS notices), ``birth_certificate`` (US
certificates and Latin American actas de nacimiento), ``passport`` (visual
zone only; the MRZ is read elsewhere), ``marriage_certificate`` and
``bank_statement``. With ``kind=None`` the kind is guessed first and reported
as a ``document_kind`` field.

How values are found
--------------------
Label-driven: labels ("Receipt Number", "Fecha de nacimiento", ...) are
matched case- and accent-insensitively, tolerating common OCR confusions
(i/l/1/|, o/0, s/5, m/rn), dropped or doubled spaces and a label broken over
two lines. The value is read after the label on the same line (up to the next
label), else from the next non-empty line; when several labels share a line
and their values sit on the line below, the value is picked by column. Dates
go through one parser for English and Spanish month names (full and
abbreviated, incl. SEPT, AGO, DIC, ENE) and numeric forms; impossible dates
(31/02, month 13) and years outside a per-field range are rejected rather
than guessed. Candidates are deduplicated by field name, keeping the highest
confidence (the earliest on a tie).

Confidence model
----------------
Base, by how the value was found:

=====================================  =====
labelled and well-formed               0.90  (LABELLED)
labelled, but OCR repair was needed    0.70  (REPAIRED: O->0, 1->I, stray chars)
unlabelled pattern                     0.50  (UNLABELLED; 0.30 if also repaired)
ambiguous (cap)                        0.30  (AMBIGUOUS)
=====================================  =====

Adjustments, added to the base:

* +0.05 receipt number with a known service-centre prefix (EAC, IOE, ...);
  -0.15 with an unknown prefix; -0.05 when OCR had split it with spaces.
* -0.05 value read from the line below its label; -0.20 more when the
  columns of that line did not line up with the labels above it.
* -0.05 generic label ("Name:", "Nombre:") rather than a specific one.
* -0.05 numeric date whose day/month order was settled only by the
  document's language (US documents MM/DD, Spanish ones DD/MM); -0.10 when
  the date contradicts that convention. A numeric date that cannot be settled
  at all (both parts <= 12 and no language cue) is capped at AMBIGUOUS.
* -0.20 a form number that is not a known USCIS form.
* Also capped at AMBIGUOUS: a "name" containing ordinary lower-case words
  (prose, not a name), a statement period longer than 400 days, and a notice
  type when the text names several.
* Composite values (a full name assembled from labelled parts, the two
  spouse names) take the lowest confidence of their parts; only one spouse
  found caps spouse_names at UNLABELLED.
* Passport visual-zone fields are scaled by 7/9, so a clean labelled value
  is 0.70 and nothing reaches HIGH: the MRZ is the reliable source.

``document_kind`` confidence comes from weighted keyword cues: the strength of
the best kind's evidence times its margin over the runner-up.

Privacy: bank statements yield only ``account_last4``; in their evidence any
run of six or more digits is masked to its last four.
"""

from __future__ import annotations

from uploads.fields.base import HIGH, KINDS, Field
from uploads.fields.dates import parse_date
from uploads.fields.extraction import extract
from uploads.fields.guess import guess_kind

__all__ = ["HIGH", "KINDS", "Field", "extract", "guess_kind", "parse_date"]
