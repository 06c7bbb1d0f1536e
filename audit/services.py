"""Writing to the event log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from audit.chain import GENESIS, chain_hash, event_fields
from audit.models import Event

# Any constant works; it names the one lock that serialises appends on Postgres.
CHAIN_LOCK = 0x41554454  # "AUDT"

SECRET_KEYS = {"password", "token", "code", "secret", "otp", "key", "csrfmiddlewaretoken"}


def _db_now() -> dt.datetime:
    """Audit times come from the database clock where there is one."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT clock_timestamp()")
            return cur.fetchone()[0].astimezone(dt.UTC)
    return timezone.now().astimezone(dt.UTC)


def _scrub(data: Any) -> Any:
    """Keys that smell like secrets never reach the log, even by mistake."""
    if isinstance(data, dict):
        return {
            k: ("[removed]" if any(s in str(k).lower() for s in SECRET_KEYS) else _scrub(v))
            for k, v in data.items()
        }
    if isinstance(data, list | tuple):
        return [_scrub(v) for v in data]
    return data


def client_ip(request) -> str | None:
    # REMOTE_ADDR only: a proxy in front must set it (gunicorn --forwarded-allow-ips);
    # trusting X-Forwarded-For here would let anyone write any IP into the log.
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    kind: str,
    *,
    actor=None,
    subject=None,
    data: dict | None = None,
    request=None,
) -> Event:
    """Append one event whose hash covers the previous event's hash.

    Runs in its own atomic block (joining the caller's if any), so when the
    write fails the action it guards fails too.
    """
    user = getattr(request, "user", None)
    if actor is None and user is not None and user.is_authenticated:
        actor = user
    subject_type = subject_id = ""
    if subject is not None:
        subject_type = subject._meta.label_lower
        subject_id = str(getattr(subject, "uuid", None) or subject.pk)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
        last = Event.objects.order_by("-seq").only("seq", "hash").first()
        event = Event(
            seq=(last.seq + 1) if last else 1,
            created_at=_db_now(),
            kind=kind,
            actor_id=getattr(actor, "pk", None),
            actor_label=(getattr(actor, "email", "") or "")[:254],
            subject_type=subject_type,
            subject_id=subject_id[:64],
            data=_scrub(data or {}),
            ip=client_ip(request),
            user_agent=(request.META.get("HTTP_USER_AGENT", "")[:300] if request else ""),
            prev_hash=last.hash if last else GENESIS,
        )
        event.hash = chain_hash(event.prev_hash, event_fields(event))
        event.save(force_insert=True)
    return event
