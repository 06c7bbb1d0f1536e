"""Verifiable exports of the event log: JSON Lines and CSV.

An export is a run of consecutive events, each with every field its hash covers
(exactly ``audit.chain.event_fields``) plus ``prev_hash`` and ``hash``, so a file
can be checked on its own, without the database (``verify_lines``, or
``manage.py audit_verify_export PATH``): each event's hash must be recomputed
from its content and its ``prev_hash``, each ``prev_hash`` must be the previous
event's ``hash``, and the seqs must follow one another. The first event's
``prev_hash`` is the export's *anchor*: GENESIS (64 zeros) when the export starts
at seq 1, else the hash of the event before it. A file that verifies is
internally whole; that nothing was cut from either end is shown by comparing
the anchor with the live log (the hash of event ``first_seq - 1``) or with the
``last_hash`` of the checkpoint up to ``first_seq - 1`` if that event was pruned,
and the last hash with event ``last_seq``.

Formats
-------
* JSONL: one JSON object per line, UTF-8, no header; each line stands alone.
  Keys: seq, created_at, kind, actor_id, actor_label, subject_type, subject_id,
  data, ip, user_agent, prev_hash, hash.
* CSV (RFC 4180, UTF-8, CRLF, header row): the same columns in that order;
  ``data`` is JSON text; an empty ``actor_id`` or ``ip`` cell is null (JSON
  ``null``), ``seq`` and ``actor_id`` are integers, every other cell is text.
  Values are kept raw, not defused against spreadsheet formula injection (a
  ``'`` before ``=``, ``+``, ``-`` or ``@`` would change the content and break the
  hash): the file is for tools -- do not open it in a spreadsheet application.

Checking an event by hand
-------------------------
For each event, with its fields as parsed above (without prev_hash and hash):

1. canonical JSON of the ten fields: keys sorted, no whitespace
   (separators ``,`` and ``:``), non-ASCII characters as themselves (not
   ``\\u`` escapes), UTF-8 -- Python's
   ``json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)``;
2. ``hash = sha256(prev_hash + "\\n" + canonical JSON)`` in lower-case hex, where
   prev_hash is the 64 hex characters as ASCII and ``"\\n"`` one newline byte;
3. the next event's ``prev_hash`` must equal this ``hash``, and its seq be one
   more.

For instance, in Python::

    import hashlib, json
    for line in open("audit.jsonl", encoding="utf-8"):
        e = json.loads(line)
        prev, h = e.pop("prev_hash"), e.pop("hash")
        body = json.dumps(e, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert hashlib.sha256((prev + "\\n" + body).encode()).hexdigest() == h

(``jq -cS 'del(.prev_hash, .hash)'`` prints the same canonical JSON for most
events, but not for every number or control character: prefer Python.)

Ranges: ``start`` is inclusive and ``end`` exclusive (``created_at``), and an
export is always a run of consecutive seqs -- from the first event recorded at or
after ``start`` to the last one recorded before ``end`` -- so that it verifies
even if the database clock ever stepped back.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from audit.chain import GENESIS, HASHED_FIELDS, chain_hash, event_fields
from audit.models import Event

FIELDS = (*HASHED_FIELDS, "prev_hash", "hash")
FORMATS = ("jsonl", "csv")
CHUNK = 2000

# Characters that str.splitlines() (and some readers) take as line breaks but JSON
# leaves unescaped inside strings: escaped, so that a JSONL line is one line for anyone.
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _seq_span(start: datetime | None, end: datetime | None) -> tuple[int, int] | None:
    events = Event.objects.all()
    first = events if start is None else events.filter(created_at__gte=start)
    last = events if end is None else events.filter(created_at__lt=end)
    lo = first.order_by("seq").values_list("seq", flat=True).first()
    hi = last.order_by("-seq").values_list("seq", flat=True).first()
    if lo is None or hi is None or lo > hi:
        return None
    return lo, hi


def event_rows(start: datetime | None, end: datetime | None) -> Iterator[Event]:
    """The events recorded from ``start`` (inclusive) to ``end`` (exclusive), by seq.

    Either bound may be None. The run is fixed when iteration starts (later
    appends are not included) and read in chunks: constant memory.
    """
    span = _seq_span(start, end)
    if span is None:
        return
    yield from (
        Event.objects.filter(seq__gte=span[0], seq__lte=span[1])
        .order_by("seq")
        .iterator(chunk_size=CHUNK)
    )


def export_record(event) -> dict:
    """The exported fields of one event: ``event_fields`` plus prev_hash and hash."""
    fields = event_fields(event)
    if tuple(fields) != HASHED_FIELDS:  # pragma: no cover - a guard for chain.py edits
        raise RuntimeError("audit.chain.HASHED_FIELDS is out of step with event_fields")
    return {**fields, "prev_hash": event.prev_hash, "hash": event.hash}


def jsonl_line(event) -> str:
    line = json.dumps(export_record(event), ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _LINE_BREAKS.items():
        if char in line:
            line = line.replace(char, escaped)
    return line + "\n"


def jsonl_lines(start: datetime | None, end: datetime | None) -> Iterator[str]:
    """JSON Lines, each ending in ``\\n``; no header, so every line stands alone."""
    for event in event_rows(start, end):
        yield jsonl_line(event)


def _csv_cells(event) -> list:
    rec = export_record(event)
    rec["actor_id"] = "" if rec["actor_id"] is None else rec["actor_id"]
    rec["ip"] = "" if rec["ip"] is None else rec["ip"]
    rec["data"] = json.dumps(rec["data"], ensure_ascii=False, separators=(",", ":"))
    return [rec[name] for name in FIELDS]


def csv_lines(start: datetime | None, end: datetime | None) -> Iterator[str]:
    """CSV rows (header first), each ending in CRLF; values raw, for tools (see above).

    A row holds more than one physical line when a value contains a line break;
    read it back with the ``csv`` module (files opened with ``newline=""``).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def row(cells) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        return buffer.getvalue()

    yield row(FIELDS)
    for event in event_rows(start, end):
        yield row(_csv_cells(event))


# Verification -------------------------------------------------------------------------------


@dataclass
class ExportVerdict:
    ok: bool
    checked: int
    first_seq: int | None = None
    last_seq: int | None = None
    # The first event's prev_hash: GENESIS, or the hash of event first_seq - 1.
    anchor_prev_hash: str | None = None
    last_hash: str | None = None
    broken_seq: int | None = None
    broken_line: int | None = None
    reason: str = ""


class _BadLineError(Exception):
    pass


def _parse_jsonl(lines: Iterable[str]) -> Iterator[tuple[int, dict]]:
    for number, raw in enumerate(lines, 1):
        text = raw.rstrip("\r\n")
        if not text.strip():
            continue  # a blank line carries nothing (and hides nothing)
        try:
            record = json.loads(text)
        except ValueError as exc:
            raise _BadLineError(number, _("not valid JSON (%(error)s)") % {"error": exc}) from None
        if not isinstance(record, dict) or set(record) != set(FIELDS):
            raise _BadLineError(number, _("not an event: the fields are not those of an export"))
        yield number, record


def _parse_csv(lines: Iterable[str]) -> Iterator[tuple[int, dict]]:
    reader = csv.reader(lines)
    line = 1
    try:
        header = next(reader, None)
        if header and header[0].startswith("\ufeff"):
            header[0] = header[0][1:]
        if header is None or tuple(header) != FIELDS:
            raise _BadLineError(1, _("the header row is not that of an export"))
        line = reader.line_num + 1
        for cells in reader:
            number, line = line, reader.line_num + 1
            if not cells:
                continue
            if len(cells) != len(FIELDS):
                raise _BadLineError(
                    number, _("%(n)s cells instead of %(m)s") % {"n": len(cells), "m": len(FIELDS)}
                )
            record: dict[str, Any] = dict(zip(FIELDS, cells, strict=True))
            try:
                record["seq"] = int(record["seq"])
                record["actor_id"] = int(record["actor_id"]) if record["actor_id"] else None
                record["data"] = json.loads(record["data"])
            except ValueError as exc:
                raise _BadLineError(
                    number, _("a cell does not parse (%(error)s)") % {"error": exc}
                ) from None
            record["ip"] = record["ip"] or None
            yield number, record
    except csv.Error as exc:
        raise _BadLineError(line, _("not valid CSV (%(error)s)") % {"error": exc}) from None


def verify_lines(lines: Iterable[str], fmt: str) -> ExportVerdict:
    """Check an export on its own; stops at the first line that does not fit.

    ``lines`` as read from the file (for CSV, opened with ``newline=""``). Checks
    that each event's hash is ``chain_hash(prev_hash, fields)``, that each
    prev_hash is the previous line's hash and that the seqs are consecutive (and
    that seq 1, if present, links to GENESIS). The result names the range, the
    anchor (the first event's prev_hash) and the last hash, or the first bad line
    and its seq (the seq the line holds, or the one expected there when the line
    cannot be read).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {FORMATS}")
    parsed = _parse_jsonl(lines) if fmt == "jsonl" else _parse_csv(lines)
    verdict = ExportVerdict(ok=True, checked=0)
    prev = None

    def broken(seq, line, reason) -> ExportVerdict:
        verdict.ok, verdict.broken_seq, verdict.broken_line, verdict.reason = (
            False,
            seq,
            line,
            reason,
        )
        return verdict

    try:
        for number, record in parsed:
            seq, prev_hash, hash_ = record["seq"], record["prev_hash"], record["hash"]
            expected = None if verdict.last_seq is None else verdict.last_seq + 1
            if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
                return broken(expected, number, _("the seq is not a positive integer"))
            if not isinstance(prev_hash, str) or not isinstance(hash_, str):
                return broken(seq, number, _("a hash is not text"))
            if expected is None:
                verdict.first_seq, verdict.anchor_prev_hash = seq, prev_hash
                if seq == 1 and prev_hash != GENESIS:
                    return broken(seq, number, _("event #1 does not start from GENESIS"))
            elif seq != expected:
                return broken(
                    seq,
                    number,
                    _("expected seq %(expected)s, found %(found)s")
                    % {"expected": expected, "found": seq},
                )
            elif prev_hash != prev:
                return broken(seq, number, _("previous-hash link does not match"))
            fields = {name: record[name] for name in HASHED_FIELDS}
            try:
                recomputed = chain_hash(prev_hash, fields)
            except (TypeError, ValueError):  # e.g. a lone surrogate escape
                recomputed = None
            if recomputed != hash_:
                return broken(seq, number, _("content does not match its hash"))
            prev = hash_
            verdict.last_seq, verdict.last_hash = seq, hash_
            verdict.checked += 1
    except _BadLineError as exc:
        number, reason = exc.args
        expected = None if verdict.last_seq is None else verdict.last_seq + 1
        return broken(expected, number, reason)
    return verdict
