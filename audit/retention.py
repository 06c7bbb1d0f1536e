"""Retention: what is due under which policy, legal holds, and the destruction itself.

``due(policy)`` yields what a policy says must go now, in batches of primary keys
(constant memory, whatever the size of the firm), skipping everything under a legal
hold, whether the hold names the matter or the client. ``run()`` acts on it:
documents are crypto-shredded (``uploads.services.destroy``: the row becomes a
tombstone and loses its keys in one transaction, then the blobs go), intake answers
are cleared to a tombstone, invoices are archived (financial records are kept), and
audit events older than the period are pruned behind a signed checkpoint. Every
destruction is an audit event. A crash at any point leaves either untouched records
or tombstones whose blobs the next run deletes (``finish_destroyed``).

Unlike the rest of the audit app, this module knows the records it governs
(documents, matters, invoices): it imports them lazily.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from audit.models import LegalHold, RetentionPolicy
from audit.services import record

BATCH = 200


@dataclass
class Due:
    policy: RetentionPolicy
    kind: str  # "document" | "answers" | "invoice" | "events"
    pk: int | None
    label: str
    why: str


def holds_in_force():
    return LegalHold.objects.filter(released_at__isnull=True)


def _not_held(qs, matter: str):
    """``qs`` without records whose matter (``matter``: the path to it, from the record) is
    under a hold, or any of whose matter's clients is."""
    from matters.models import MatterContact

    held = holds_in_force()
    return qs.exclude(Exists(held.filter(matter=OuterRef(matter)))).exclude(
        Exists(
            MatterContact.objects.filter(
                matter=OuterRef(matter),
                user__in=held.filter(client__isnull=False).values("client"),
            )
        )
    )


def _cutoff(policy: RetentionPolicy, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=policy.days)


def _documents(policy: RetentionPolicy, now: dt.datetime):
    from uploads.models import Document

    qs = Document.objects.filter(destroyed_at__isnull=True)
    if policy.action == RetentionPolicy.Action.ARCHIVE:
        qs = qs.filter(archived_at__isnull=True)
    if policy.document_type:
        qs = qs.filter(request__key=policy.document_type)
    cutoff = _cutoff(policy, now)
    if policy.trigger == RetentionPolicy.Trigger.MATTER_CLOSED:
        qs = qs.filter(
            request__matter__closed_at__isnull=False, request__matter__closed_at__lte=cutoff
        )
    else:  # superseded: a newer version of the same request arrived before the cutoff
        newer = Document.objects.filter(
            request=OuterRef("request"), version__gt=OuterRef("version"), uploaded_at__lte=cutoff
        )
        qs = qs.filter(Exists(newer))
    return _not_held(qs, "request__matter").order_by("pk")


def _answers(policy: RetentionPolicy, now: dt.datetime):
    from matters.models import Matter

    closed = Matter.objects.filter(
        answers_destroyed_at__isnull=True,
        closed_at__isnull=False,
        closed_at__lte=_cutoff(policy, now),
    )
    return _not_held(closed, "pk").order_by("pk")


def _invoices(policy: RetentionPolicy, now: dt.datetime):
    from billing.models import Invoice

    paid = Invoice.objects.filter(
        status=Invoice.Status.PAID,
        archived_at__isnull=True,
        payments__received_at__lte=_cutoff(policy, now),
    )
    return _not_held(paid, "matter").distinct().order_by("pk")


def due(policy: RetentionPolicy, *, now: dt.datetime | None = None) -> Iterator[Due]:
    """Everything the policy says must go now, with the reason, in batches."""
    now = now or timezone.now()
    why = f"{policy.get_record_display()}: {policy.days} days after {policy.get_trigger_display().lower()}"
    if policy.record == RetentionPolicy.Record.DOCUMENTS:
        source, kind = _documents(policy, now), "document"
    elif policy.record == RetentionPolicy.Record.INTAKE_ANSWERS:
        source, kind = _answers(policy, now), "answers"
    elif policy.record == RetentionPolicy.Record.INVOICES:
        source, kind = _invoices(policy, now), "invoice"
    else:
        from audit.models import Event

        cutoff = _cutoff(policy, now)
        count = Event.objects.filter(created_at__lt=cutoff).count()
        if count:
            yield Due(policy, "events", None, f"{count} audit events before {cutoff:%Y-%m-%d}", why)
        return
    last = 0
    while True:
        rows = list(source.filter(pk__gt=last)[:BATCH])
        if not rows:
            return
        for row in rows:
            yield Due(policy, kind, row.pk, str(row), why)
        last = rows[-1].pk


def run_iter(*, dry_run: bool = False, now: dt.datetime | None = None, by=None) -> Iterator[Due]:
    """Apply every active policy once, yielding each item as it is done (or, dry, as it
    would be): constant memory however much is due. Safe to run again at any time."""
    from uploads import services as uploads

    now = now or timezone.now()
    if not dry_run:
        uploads.finish_destroyed()  # blobs of tombstones a crash left behind
    for policy in RetentionPolicy.objects.filter(active=True).order_by("pk"):
        for item in due(policy, now=now):
            if not dry_run:
                _apply(item, by=by, now=now)
            yield item


def run(*, dry_run: bool = False, now: dt.datetime | None = None, by=None) -> list[Due]:
    """``run_iter`` collected, for callers that want the list (tests, small runs)."""
    return list(run_iter(dry_run=dry_run, now=now, by=by))


def _apply(item: Due, *, by, now: dt.datetime) -> None:
    policy = item.policy
    if item.kind == "document":
        from uploads import services as uploads
        from uploads.models import Document

        document = Document.objects.get(pk=item.pk)
        if policy.action == RetentionPolicy.Action.DESTROY:
            uploads.destroy(document=document, by=by, reason=item.why, policy=policy.name)
        else:
            with transaction.atomic():
                if Document.objects.filter(pk=item.pk, archived_at__isnull=True).update(
                    archived_at=now
                ):
                    record(
                        "document.archived",
                        actor=by,
                        subject=document,
                        data={"policy": policy.name},
                    )
    elif item.kind == "answers":
        from matters.models import Matter

        with transaction.atomic():
            matter = Matter.objects.select_for_update().get(pk=item.pk)
            if matter.answers_destroyed_at is None:
                Matter.objects.filter(pk=matter.pk).update(
                    answers={},
                    sealed_answers="",
                    answers_destroyed_at=now,
                    answers_destroyed_policy=policy.name,
                )
                record(
                    "matter.answers_destroyed",
                    actor=by,
                    subject=matter,
                    data={"policy": policy.name},
                )
    elif item.kind == "invoice":
        from billing.models import Invoice

        with transaction.atomic():
            if Invoice.objects.filter(pk=item.pk, archived_at__isnull=True).update(archived_at=now):
                invoice = Invoice.objects.get(pk=item.pk)
                record("invoice.archived", actor=by, subject=invoice, data={"policy": policy.name})
    elif item.kind == "events":
        from audit.checkpoints import prune_before

        prune_before(_cutoff(policy, now))


# Holds -----------------------------------------------------------------------------------------


def place_hold(*, by, reason: str, matter=None, client=None) -> LegalHold:
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("A legal hold needs a reason.")})
    if (matter is None) == (client is None):
        raise ValidationError(_("A hold is on one matter or on one client."))
    with transaction.atomic():
        hold = LegalHold.objects.create(matter=matter, client=client, reason=reason, placed_by=by)
        record(
            "hold.placed",
            actor=by,
            subject=matter or client,
            data={"hold": hold.pk, "reason": reason[:200]},
        )
    return hold


def release_hold(*, hold: LegalHold, by, reason: str) -> None:
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Releasing a hold needs a reason.")})
    with transaction.atomic():
        if LegalHold.objects.filter(pk=hold.pk, released_at__isnull=True).update(
            released_at=timezone.now(), released_by=by, release_reason=reason
        ):
            record(
                "hold.released",
                actor=by,
                subject=hold.matter or hold.client,
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
