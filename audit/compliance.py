"""The compliance officer's views of the log: trails, chain checks, alerts."""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from audit import hooks
from audit.alerts import find
from audit.chain import verify
from audit.models import Alert, ChainCheck, Event
from audit.services import record


def check_chain() -> ChainCheck:
    """Verify the whole chain (from the latest checkpoint) and keep the result; a break
    raises an alert, once per broken position."""
    verdict = verify(Event.objects.order_by("seq").iterator(chunk_size=2000))
    check = ChainCheck.objects.create(
        ok=verdict.ok,
        checked=verdict.checked,
        broken_seq=verdict.broken_seq,
        reason=verdict.reason[:200],
    )
    if not verdict.ok:
        now = timezone.now()
        checkpoint = getattr(verdict, "broken_checkpoint", None)
        where = (
            f"event #{verdict.broken_seq}"
            if verdict.broken_seq is not None
            else f"the checkpoint {checkpoint}"
        )
        Alert.objects.get_or_create(
            key=f"chain_broken:{verdict.broken_seq if verdict.broken_seq is not None else checkpoint}",
            defaults={
                "rule": "chain_broken",
                "title_key": "audit.alert.chain_broken",
                "title_params": {"where": where, "reason": str(verdict.reason)[:200]},
                "event_seqs": [verdict.broken_seq] if verdict.broken_seq else [],
                "first_at": now,
                "last_at": now,
                "data": {"checked": verdict.checked},
            },
        )
    return check


def scan_alerts(
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    staff_ids: Iterable[int] | None = None,
) -> int:
    """Run the unusual-access rules over recent events; new findings become alerts."""
    until = until or timezone.now()
    since = since or until - dt.timedelta(days=1)
    staff = set(hooks.staff_ids() if staff_ids is None else staff_ids)
    made = 0
    for finding in find(since, until, staff_ids=staff):
        # A burst that grew since the last scan keeps its alert, with the new figures.
        _, created = Alert.objects.update_or_create(
            key=finding.key[:200],
            defaults={
                "rule": finding.rule,
                "actor_id": finding.actor_id,
                "actor_label": finding.actor_label[:254],
                "title_key": finding.title_key,
                "title_params": finding.title_params,
                "event_seqs": list(finding.event_seqs),
                "first_at": finding.first_at,
                "last_at": finding.last_at,
                "data": finding.data,
            },
        )
        made += created
    return made


def acknowledge(*, alert: Alert, by, note: str = "") -> None:
    with transaction.atomic():
        if Alert.objects.filter(pk=alert.pk, acknowledged_at__isnull=True).update(
            acknowledged_by_id=getattr(by, "pk", None),
            acknowledged_by_label=(getattr(by, "email", "") or "")[:254],
            acknowledged_at=timezone.now(),
            note=(note or "")[:2000],
        ):
            record("alert.acknowledged", actor=by, data={"alert": alert.key, "rule": alert.rule})


# Trails: the event log and django-auditlog's model history, in one time order ------------------


@dataclass
class Row:
    at: dt.datetime
    source: str  # "event" | "history"
    kind: str
    actor: str
    subject: str
    ip: str
    user_agent: str
    detail: str
    seq: int | None = None


def _event_rows(qs):
    for e in qs.order_by("-created_at", "-seq").iterator(chunk_size=500):
        yield Row(
            at=e.created_at,
            source="event",
            kind=e.kind,
            actor=e.actor_label,
            subject=f"{e.subject_type} {e.subject_id}".strip(),
            ip=e.ip or "",
            user_agent=e.user_agent,
            detail=", ".join(f"{k}={v}" for k, v in sorted(e.data.items()))[:300],
            seq=e.seq,
        )


def _history_rows(qs):
    for h in (
        qs.select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
        .iterator(chunk_size=500)
    ):
        changes = h.changes_dict if hasattr(h, "changes_dict") else {}
        yield Row(
            at=h.timestamp,
            source="history",
            kind=f"{h.content_type.model}.{h.get_action_display().lower()}",
            actor=getattr(h.actor, "email", "") or "",
            subject=f"{h.content_type.app_label}.{h.content_type.model} {h.object_pk}",
            ip=h.remote_addr or "",
            user_agent="",
            detail=", ".join(sorted(changes))[:300],
        )


def trail(*, events, history, offset: int = 0, limit: int = 50) -> list[Row]:
    """A page of both sources merged newest first (each stream read lazily, in order)."""
    merged = heapq.merge(
        _event_rows(events), _history_rows(history), key=lambda r: r.at, reverse=True
    )
    out = []
    for i, row in enumerate(merged):
        if i < offset:
            continue
        out.append(row)
        if len(out) >= limit:
            break
    return out
