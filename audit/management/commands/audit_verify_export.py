"""Check an exported audit-log file on its own: no database needed, only the file.

    manage.py audit_verify_export audit-2026-01-01-2026-03-31.jsonl
    manage.py audit_verify_export export.csv
    manage.py audit_verify_export - --format jsonl < export.jsonl
    manage.py audit_verify_export export.jsonl.gz

Prints the range of seqs, the anchor (the first event's prev_hash) and the last
hash, or fails (exit status 1) naming the first line that does not fit.

The check, by hand (see ``audit.exports`` for the formats): for each event, take
its ten hashed fields (every column but prev_hash and hash), write them as
canonical JSON -- keys sorted, no whitespace, UTF-8 without ``\\u`` escapes --
and compute ``sha256(prev_hash + "\\n" + canonical JSON)`` in hex: it must equal
the event's hash, the next event's prev_hash must equal it, and the seqs must
follow one another. The file is whole within itself when every event passes; to
know nothing was cut from its ends, compare the anchor with the hash of event
``first - 1`` in the live log (or the ``last_hash`` of the checkpoint up to
``first - 1``; GENESIS when the export starts at event #1), and the last hash with
event ``last``.
"""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.chain import GENESIS
from audit.exports import FORMATS, verify_lines

SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv"}


def guess_format(path: str) -> str | None:
    suffixes = [s.lower() for s in Path(path).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return SUFFIXES.get(suffixes[-1]) if suffixes else None


class Command(BaseCommand):
    # django-stubs types help as str; argparse renders lazy text in the active language.
    help = gettext_lazy(  # type: ignore[assignment]
        "Check an exported audit-log file (JSONL or CSV) on its own, without the "
        "database: prints its range and anchor, or names the first bad line."
    )
    # Only the file: no system checks, no database.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help=gettext_lazy("the export file; .gz is read as gzip; - reads stdin")
        )
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help=gettext_lazy("jsonl or csv (default: from the file's extension)"),
        )

    def handle(self, *args, path, format=None, **options):
        fmt = format or guess_format(path)
        if fmt is None:
            raise CommandError(
                _("Cannot tell the format of %(path)s: give --format jsonl or --format csv.")
                % {"path": path}
            )
        try:
            with self._open(path) as lines:
                verdict = verify_lines(lines, fmt)
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc}
            ) from None
        except UnicodeDecodeError:
            raise CommandError(_("%(path)s is not UTF-8 text.") % {"path": path}) from None

        if not verdict.ok:
            where = _("line %(line)s") % {"line": verdict.broken_line}
            if verdict.broken_seq is not None:
                where = _("line %(line)s (event #%(seq)s)") % {
                    "line": verdict.broken_line,
                    "seq": verdict.broken_seq,
                }
            raise CommandError(
                _(
                    "Export does not verify at %(where)s: %(reason)s "
                    "(%(checked)s events verified before it)."
                )
                % {"where": where, "reason": verdict.reason, "checked": verdict.checked}
            )
        if not verdict.checked:
            raise CommandError(_("The file holds no events: there is nothing to verify."))

        self.stdout.write(
            self.style.SUCCESS(
                _("Export verified: %(checked)s events, #%(first)s to #%(last)s (%(fmt)s).")
                % {
                    "checked": verdict.checked,
                    "first": verdict.first_seq,
                    "last": verdict.last_seq,
                    "fmt": fmt.upper(),
                }
            )
        )
        if verdict.anchor_prev_hash == GENESIS:
            anchor_note = _("GENESIS: the export starts at the beginning of the log")
        else:
            anchor_note = _(
                "compare with the hash of event #%(seq)s in the log, or with the last "
                "hash of the checkpoint up to #%(seq)s"
            ) % {"seq": verdict.first_seq - 1}
        self.stdout.write(
            _("Anchor (prev_hash of event #%(first)s): %(anchor)s -- %(note)s")
            % {"first": verdict.first_seq, "anchor": verdict.anchor_prev_hash, "note": anchor_note}
        )
        self.stdout.write(
            _("Last hash (event #%(last)s): %(hash)s -- compare with the log")
            % {"last": verdict.last_seq, "hash": verdict.last_hash}
        )

    @staticmethod
    def _open(path: str):
        if path == "-":
            return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline="")
        if path.lower().endswith(".gz"):
            return gzip.open(path, "rt", encoding="utf-8", newline="")
        return open(path, encoding="utf-8", newline="")
