"""Retention: what is due under which policy, legal holds, and the run itself.

The kinds of record come from the registry (``audit.retention_kinds``), filled by the apps
that own them; audit registers only its own events (pruned behind a signed checkpoint).
``due(policy)`` yields what a policy says must go now, in batches (constant memory,
whatever the size of the firm), skipping everything under a legal hold, whether the hold
names the matter or the client: each kind's ``due`` applies the holds to its rows.
``run()`` applies every active policy. Every destruction is an audit event. A crash at any
point leaves either untouched records or tombstones that the next run finishes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import retention_kinds
from audit.models import LegalHold, RetentionPolicy
from audit.services import record

BATCH = 200


@dataclass
class Due:
    policy: RetentionPolicy
    kind: str  # the record kind's key: "documents", "intake_answers", "invoices", ...
    pk: int | None
    label: str
    why: str


def holds_in_force() -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(released_at__isnull=True)


def held_matter_ids() -> QuerySet:
    """Ids of matters under a hold in force (a subquery, for ``exclude(matter__in=...)``)."""
    return holds_in_force().filter(matter_id__isnull=False).values("matter_id")


def held_client_ids() -> QuerySet:
    return holds_in_force().filter(client_id__isnull=False).values("client_id")


def cutoff(policy: RetentionPolicy, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=policy.days)


def batched(qs: QuerySet, label=str) -> Iterator[tuple[int, str]]:
    """``(pk, label)`` for every row of ``qs`` in pk order, reading ``BATCH`` rows at a time."""
    last = 0
    while True:
        rows = list(qs.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not rows:
            return
        for row in rows:
            yield row.pk, label(row)
        last = rows[-1].pk


def _why(policy: RetentionPolicy) -> str:
    return (
        f"{policy.get_record_display()}: {policy.days} days after "
        f"{policy.get_trigger_display().lower()}"
    )


def due(policy: RetentionPolicy, *, now: dt.datetime | None = None) -> Iterator[Due]:
    """Everything the policy says must go now, with the reason, in batches."""
    now = now or timezone.now()
    kind = retention_kinds.get(policy.record)
    if kind is None:
        return  # the app that kept these records is gone: nothing to act on
    why = _why(policy)
    for pk, label in kind.due(policy, cutoff(policy, now)):
        yield Due(policy, kind.key, pk, label, why)


def run_iter(*, dry_run: bool = False, now: dt.datetime | None = None, by=None) -> Iterator[Due]:
    """Apply every active policy once, yielding each item as it is done (or, dry, as it
    would be): constant memory however much is due. Safe to run again at any time."""
    now = now or timezone.now()
    if not dry_run:
        for record_kind in retention_kinds.all_kinds():
            record_kind.prepare()  # e.g. blobs of tombstones a crash left behind
    for policy in RetentionPolicy.objects.filter(active=True).order_by("pk"):
        kind = retention_kinds.get(policy.record)
        for item in due(policy, now=now):
            if not dry_run and kind is not None:
                kind.apply(item.pk, policy, by=by, now=now, why=item.why)
            yield item


def run(*, dry_run: bool = False, now: dt.datetime | None = None, by=None) -> list[Due]:
    """``run_iter`` collected, for callers that want the list (tests, small runs)."""
    return list(run_iter(dry_run=dry_run, now=now, by=by))


# Holds -----------------------------------------------------------------------------------------


def place_hold(*, by, reason: str, matter=None, client=None) -> LegalHold:
    """A hold on one matter or on one client. Audit knows no other app's tables: it keeps
    the held object's id and a label to show (a client's email)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("A legal hold needs a reason.")})
    if (matter is None) == (client is None):
        raise ValidationError(_("A hold is on one matter or on one client."))
    with transaction.atomic():
        hold = LegalHold.objects.create(
            matter_id=matter.pk if matter is not None else None,
            matter_label=str(matter)[:300] if matter is not None else "",
            client_id=client.pk if client is not None else None,
            client_label=(getattr(client, "email", "") or str(client))[:300] if client else "",
            reason=reason,
            placed_by_id=getattr(by, "pk", None),
            placed_by_label=(getattr(by, "email", "") or "")[:254],
        )
        record(
            "hold.placed",
            actor=by,
            subject=matter or client,
            data={"hold": hold.pk, "reason": reason[:200]},
        )
    return hold


def release_hold(*, hold: LegalHold, by, reason: str, subject=None) -> None:
    """Release a hold; ``subject`` is the held matter or client, for the audit event."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Releasing a hold needs a reason.")})
    with transaction.atomic():
        if LegalHold.objects.filter(pk=hold.pk, released_at__isnull=True).update(
            released_at=timezone.now(),
            released_by_id=getattr(by, "pk", None),
            released_by_label=(getattr(by, "email", "") or "")[:254],
            release_reason=reason,
        ):
            record(
                "hold.released",
                actor=by,
                subject=subject,
                data={"hold": hold.pk, "reason": reason[:200]},
            )


def nearing(*, days: int = 30, now: dt.datetime | None = None) -> list[Due]:
    """What will be due within ``days``: the policies evaluated at a later date."""
    now = now or timezone.now()
    later = now + dt.timedelta(days=days)
    already = {
        (d.kind, d.pk) for p in RetentionPolicy.objects.filter(active=True) for d in due(p, now=now)
    }
    out = []
    for policy in RetentionPolicy.objects.filter(active=True):
        for item in due(policy, now=later):
            if (item.kind, item.pk) not in already:
                out.append(item)
            if len(out) >= 500:
                return out
    return out
