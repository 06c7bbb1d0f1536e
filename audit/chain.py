"""The hash chain: canonical content and its verification."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS = "0" * 64


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


@dataclass
class Verdict:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""


def verify(events: Iterable) -> Verdict:
    """Walk events in ``seq`` order; stop at the first row that does not fit."""
    prev = GENESIS
    expected_seq = 1
    checked = 0
    for event in events:
        if event.seq != expected_seq:
            return Verdict(
                False, checked, event.seq, f"expected seq {expected_seq}, found {event.seq}"
            )
        if event.prev_hash != prev:
            return Verdict(False, checked, event.seq, "previous-hash link does not match")
        if chain_hash(prev, event_fields(event)) != event.hash:
            return Verdict(False, checked, event.seq, "content does not match its hash")
        prev = event.hash
        expected_seq += 1
        checked += 1
    return Verdict(True, checked)
