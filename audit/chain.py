"""The hash chain: canonical content and its verification."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from audit.models import Checkpoint

GENESIS = "0" * 64

# The keys of ``event_fields``, in its order: what an event's hash covers.
HASHED_FIELDS = (
    "seq",
    "created_at",
    "kind",
    "actor_id",
    "actor_label",
    "subject_type",
    "subject_id",
    "data",
    "ip",
    "user_agent",
)


def canonical(fields: dict) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_fields(event) -> dict:
    return {
        "seq": event.seq,
        "created_at": event.created_at.isoformat(timespec="microseconds"),
        "kind": event.kind,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "subject_type": event.subject_type,
        "subject_id": event.subject_id,
        "data": event.data,
        "ip": event.ip,
        "user_agent": event.user_agent,
    }


def chain_hash(prev_hash: str, fields: dict) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(fields)).hexdigest()


# Checkpoints: sealed summaries of a pruned prefix (see audit.checkpoints) ---------------------

SALT = "audit.checkpoint"


def iso_utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def summary(checkpoint) -> bytes:
    """The canonical bytes a checkpoint's signature covers: every field but the id."""
    return canonical(
        {
            "up_to_seq": checkpoint.up_to_seq,
            "last_hash": checkpoint.last_hash,
            "removed_count": checkpoint.removed_count,
            "first_removed_at": iso_utc(checkpoint.first_removed_at),
            "last_removed_at": iso_utc(checkpoint.last_removed_at),
            "created_at": iso_utc(checkpoint.created_at),
            "prev_signature": checkpoint.prev_signature,
        }
    )


def sign(checkpoint, secret: str | bytes | None = None) -> str:
    """HMAC-SHA256 hex of ``summary``, keyed from SECRET_KEY (or ``secret``)."""
    return salted_hmac(SALT, summary(checkpoint), secret=secret, algorithm="sha256").hexdigest()


def signature_ok(checkpoint) -> bool:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(constant_time_compare(sign(checkpoint, s), checkpoint.signature) for s in secrets)


def check_checkpoints(checkpoints: Iterable):
    """Check checkpoints given in ``up_to_seq`` order.

    Returns ``(count, latest, fault)``: ``latest`` is the last checkpoint (None when
    there is none) and ``fault`` None, or ``(up_to_seq, reason)`` for the first
    checkpoint that does not fit: a bad signature, a broken link to the previous
    one, or a count that does not span the seqs since the previous one.
    """
    prev_signature = GENESIS
    prev_up_to = 0
    count = 0
    latest = None
    for cp in checkpoints:
        count += 1
        if not signature_ok(cp):
            return count, latest, (cp.up_to_seq, _("checkpoint signature does not match"))
        if cp.prev_signature != prev_signature:
            reason = (
                _("checkpoint does not link to the previous checkpoint")
                if count > 1
                else _("the first checkpoint links to a checkpoint that is missing")
            )
            return count, latest, (cp.up_to_seq, reason)
        if cp.removed_count < 1 or cp.up_to_seq - prev_up_to != cp.removed_count:
            reason = _("checkpoint covers seqs %(lo)s to %(hi)s but counts %(n)s events") % {
                "lo": prev_up_to + 1,
                "hi": cp.up_to_seq,
                "n": cp.removed_count,
            }
            return count, latest, (cp.up_to_seq, reason)
        prev_signature = cp.signature
        prev_up_to = cp.up_to_seq
        latest = cp
    return count, latest, None


@dataclass
class Verdict:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""
    # With checkpoints: how many were checked, the seq the walk started after
    # (0 without a checkpoint) and, when one is at fault, its ``up_to_seq``.
    checkpoints: int = 0
    start_after: int = 0
    broken_checkpoint: int | None = None


class _Default(enum.Enum):
    FROM_DB = enum.auto()


# verify()'s default: read the checkpoints from the database.
FROM_DB: Final = _Default.FROM_DB


def verify(
    events: Iterable, checkpoints: Iterable | Literal[_Default.FROM_DB] | None = FROM_DB
) -> Verdict:
    """Walk events in ``seq`` order; stop at the first row that does not fit.

    The walk starts after the latest checkpoint: ``checkpoints`` are
    ``audit.models.Checkpoint`` rows in ``up_to_seq`` order, by default all those
    in the database. Their signatures and their own chain are checked first; then
    the first event must be the latest's ``up_to_seq + 1`` and link to its
    ``last_hash``, and a checkpoint with no event after it is refused (pruning
    always keeps the newest event). Without checkpoints (none stored, or
    ``checkpoints=()``/``None``) the walk starts at GENESIS and seq 1.
    """
    prev = GENESIS
    expected_seq = 1
    checked = 0
    n_checkpoints = 0
    latest = None
    if checkpoints is FROM_DB:
        checkpoints = Checkpoint.objects.order_by("up_to_seq")
    if checkpoints is not None:
        n_checkpoints, latest, fault = check_checkpoints(checkpoints)
        if fault:
            bad, reason = fault
            return Verdict(False, 0, None, reason, checkpoints=n_checkpoints, broken_checkpoint=bad)
        if latest is not None:
            prev = latest.last_hash
            expected_seq = latest.up_to_seq + 1
    start_after = expected_seq - 1
    for event in events:
        if event.seq != expected_seq:
            reason = _("expected seq %(expected)s, found %(found)s") % {
                "expected": expected_seq,
                "found": event.seq,
            }
            return Verdict(False, checked, event.seq, reason, n_checkpoints, start_after)
        if event.prev_hash != prev:
            reason = (
                _("previous-hash link does not match")
                if checked or latest is None
                else _("does not link to the hash sealed in the checkpoint")
            )
            return Verdict(False, checked, event.seq, reason, n_checkpoints, start_after)
        if chain_hash(prev, event_fields(event)) != event.hash:
            reason = _("content does not match its hash")
            return Verdict(False, checked, event.seq, reason, n_checkpoints, start_after)
        prev = event.hash
        expected_seq += 1
        checked += 1
    if latest is not None and not checked:
        reason = _("no event follows the checkpoint up to #%(seq)s") % {"seq": latest.up_to_seq}
        return Verdict(
            False, 0, None, reason, n_checkpoints, start_after, broken_checkpoint=latest.up_to_seq
        )
    return Verdict(True, checked, checkpoints=n_checkpoints, start_after=start_after)
