"""Audit's own records under retention: the event log, pruned behind a signed checkpoint.

The handler module of the ``audit_events`` record kind (see ``audit.retention_kinds``).
"""

from __future__ import annotations

import datetime as dt

from audit.checkpoints import prune_before
from audit.models import Event, RetentionPolicy
from audit.retention import cutoff


def due(policy: RetentionPolicy, before: dt.datetime):
    count = Event.objects.filter(created_at__lt=before).count()
    if count:
        yield None, f"{count} audit events before {before:%Y-%m-%d}"


def apply(pk, policy: RetentionPolicy, *, by, now: dt.datetime, why: str) -> None:
    prune_before(cutoff(policy, now))
