"""Audit-log retention: pruning the oldest events behind signed checkpoints.

``prune_before(cutoff)`` removes the oldest events -- always a prefix by ``seq``,
stopping at the first event recorded at or after ``cutoff`` -- and, in the same
transaction, writes a ``Checkpoint`` holding what verification needs to start
after them: the last removed event's ``seq`` (``up_to_seq``) and ``hash``
(``last_hash``), how many were removed and when they were recorded. It then
records an ``audit.pruned`` event, still in that transaction, so the pruning is
itself in the chain.

A checkpoint is sealed with an HMAC-SHA256 over the canonical JSON of all its
fields (see ``summary``), keyed by ``salted_hmac("audit.checkpoint", ...)`` from
SECRET_KEY (SECRET_KEY_FALLBACKS are accepted when verifying, so the key can be
rotated). Each checkpoint also carries the previous one's signature
(``prev_signature``, GENESIS for the first) under its own signature: checkpoints
form a chain, so editing, dropping or forging one needs the key, and removing the
newest one shows as events that do not start where the remaining checkpoint says.

``audit.chain.verify`` checks the checkpoints (``check_checkpoints``) and starts
its walk after the latest; ``manage.py audit_verify`` does the same.

On Postgres the event table refuses UPDATE and DELETE (migration 0002); since
migration 0004 it lets a DELETE through only when the transaction has set
``portal.audit_prune`` to ``on``, which only ``prune_before`` does (``SET LOCAL``,
and back to ``off`` before it returns). The checkpoint table refuses UPDATE and
DELETE outright. Neither is a barrier against someone with SQL access who can
set a variable or disable a trigger -- that is what the hash chain and the
signatures are for.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.utils.translation import gettext as _

from audit.chain import GENESIS, iso_utc, sign, verify
from audit.models import Checkpoint, Event
from audit.services import CHAIN_LOCK, db_now, record

PRUNE_SETTING = "portal.audit_prune"


class ChainBrokenError(Exception):
    """The prefix to prune does not verify: pruning it would bury the evidence."""

    def __init__(self, verdict):
        self.verdict = verdict
        super().__init__(
            _("Refusing to prune: the audit chain is broken at event #%(seq)s: %(reason)s")
            % {"seq": verdict.broken_seq, "reason": verdict.reason}
            if verdict.broken_seq is not None
            else _("Refusing to prune: %(reason)s") % {"reason": verdict.reason}
        )


def latest_checkpoint() -> Checkpoint | None:
    return Checkpoint.objects.order_by("-up_to_seq").first()


def _set_prune(cur, on: bool) -> None:
    cur.execute(f"SET LOCAL {PRUNE_SETTING} = '{'on' if on else 'off'}'")


def prune_before(cutoff: dt.datetime, *, batch: int = 5000, actor=None) -> Checkpoint | None:
    """Remove the events recorded before ``cutoff`` behind a new checkpoint.

    Removes a prefix by seq: it stops at the first event recorded at or after
    ``cutoff`` (even if some later seq were recorded before it), and it always
    keeps the newest event, the chain's head that ``record()`` links to. The
    prefix is verified first (from the latest checkpoint): a broken chain raises
    ``ChainBrokenError`` and nothing is removed. Deletes go in ``batch``-sized seq
    ranges; the deletes, the checkpoint and the ``audit.pruned`` event share one
    transaction, which holds the chain's lock, so no event is appended meanwhile.
    Returns the checkpoint, or None when there is nothing to remove.
    """
    if cutoff.tzinfo is None or cutoff.utcoffset() is None:
        raise ValueError("prune_before needs an aware datetime")
    if batch < 1:
        raise ValueError("batch must be at least 1")
    postgres = connection.vendor == "postgresql"
    with transaction.atomic():
        if postgres:
            with connection.cursor() as cur:
                # The lock record() takes: appends and other prunes wait for this one.
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
        previous = latest_checkpoint()
        start = previous.up_to_seq if previous else 0
        head = Event.objects.order_by("-seq").values_list("seq", flat=True).first()
        if head is None:
            return None
        first_kept = (
            Event.objects.filter(created_at__gte=cutoff)
            .order_by("seq")
            .values_list("seq", flat=True)
            .first()
        )
        up_to = min(head, first_kept if first_kept is not None else head) - 1
        if up_to <= start:
            return None

        verdict = verify(
            Event.objects.filter(seq__lte=up_to).order_by("seq").iterator(chunk_size=2000),
            Checkpoint.objects.order_by("up_to_seq"),
        )
        if not verdict.ok or verdict.checked != up_to - start:
            raise ChainBrokenError(verdict)
        first = Event.objects.only("created_at").get(seq=start + 1)
        last = Event.objects.only("created_at", "hash").get(seq=up_to)

        table = connection.ops.quote_name(Event._meta.db_table)
        removed = 0
        with connection.cursor() as cur:
            if postgres:
                _set_prune(cur, True)
            for lo in range(start, up_to, batch):
                cur.execute(
                    f"DELETE FROM {table} WHERE seq > %s AND seq <= %s",  # noqa: S608
                    [lo, min(lo + batch, up_to)],
                )
                removed += cur.rowcount
            if postgres:
                # Not a moment longer: the caller's transaction may go on after this.
                _set_prune(cur, False)
        if removed != up_to - start:  # pragma: no cover - the lock makes this impossible
            raise RuntimeError(f"expected to remove {up_to - start} events, removed {removed}")

        checkpoint = Checkpoint(
            up_to_seq=up_to,
            last_hash=last.hash,
            removed_count=removed,
            first_removed_at=first.created_at.astimezone(dt.UTC),
            last_removed_at=last.created_at.astimezone(dt.UTC),
            created_at=db_now(),
            prev_signature=previous.signature if previous else GENESIS,
        )
        checkpoint.signature = sign(checkpoint)
        checkpoint.save(force_insert=True)
        record(
            "audit.pruned",
            actor=actor,
            data={
                "up_to_seq": up_to,
                "removed_count": removed,
                "cutoff": iso_utc(cutoff),
                "checkpoint_signature": checkpoint.signature,
            },
        )
    return checkpoint
