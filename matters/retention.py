"""Matters' records under retention (intake answers), and how legal holds reach records.

A legal hold names a matter or a client (audit keeps their ids). ``not_held`` is the one
rule every app's retention uses: a record is held when its matter is, or when any client on
its matter is.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from audit import record, retention
from matters.models import Matter, MatterContact

INTAKE_ANSWERS = "intake_answers"
MATTER_CLOSED = "matter_closed"
MATTER_CLOSED_LABEL = _("Matter closed")


def not_held(qs: QuerySet, matter: str) -> QuerySet:
    """``qs`` without records whose matter (``matter``: the path to it from the record, e.g.
    ``"request__matter"``, or ``"pk"`` for matters) is under a hold in force, or any of whose
    matter's clients is."""
    return qs.exclude(**{f"{matter}__in": retention.held_matter_ids()}).exclude(
        Exists(
            MatterContact.objects.filter(
                matter=OuterRef(matter), user_id__in=retention.held_client_ids()
            )
        )
    )


def is_held(matter: Matter) -> bool:
    return not not_held(Matter.objects.filter(pk=matter.pk), "pk").exists()


def due(policy, cutoff: dt.datetime):
    closed = Matter.objects.filter(
        answers_destroyed_at__isnull=True, closed_at__isnull=False, closed_at__lte=cutoff
    )
    return retention.batched(not_held(closed, "pk"))


def apply(pk: int, policy, *, by, now: dt.datetime, why: str) -> None:
    with transaction.atomic():
        matter = Matter.objects.select_for_update().get(pk=pk)
        if matter.answers_destroyed_at is None:
            Matter.objects.filter(pk=matter.pk).update(
                answers={},
                sealed_answers="",
                answers_destroyed_at=now,
                answers_destroyed_policy=policy.name,
            )
            record(
                "matter.answers_destroyed", actor=by, subject=matter, data={"policy": policy.name}
            )
