"""Writing to the event log."""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from audit import kinds
from audit.chain import GENESIS, chain_hash, event_fields
from audit.models import Event

log = logging.getLogger(__name__)

# Any constant works; it names the one lock that serialises appends on Postgres.
CHAIN_LOCK = 0x41554454  # "AUDT"

SECRET_KEYS = {"password", "token", "code", "secret", "otp", "key", "csrfmiddlewaretoken"}


def _chain_head() -> tuple[int, str, dt.datetime]:
    """The last event's seq and hash, and the time, under the chain's lock.

    The lock is taken in a statement of its own: a statement's snapshot is taken
    when it starts, so reading the head in the same statement could miss an event
    committed while this one waited for the lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
            cur.execute(
                f"SELECT seq, hash, clock_timestamp() FROM {Event._meta.db_table} "  # noqa: S608
                "ORDER BY seq DESC LIMIT 1"
            )
            row = cur.fetchone()
        if row:
            return row[0], row[1], row[2].astimezone(dt.UTC)
        return 0, GENESIS, db_now()
    last = Event.objects.order_by("-seq").only("seq", "hash").first()
    return (last.seq, last.hash, db_now()) if last else (0, GENESIS, db_now())


def db_now() -> dt.datetime:
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


def _normal_ip(ip: str | None) -> str | None:
    """The address as the database will store it (IPv6 compressed), so the hash of the
    row written is the hash of the row read back; junk is not an address."""
    if not ip:
        return None
    try:
        return ipaddress.ip_address(ip).compressed
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or X-Forwarded-For behind a trusted proxy.

    Only proxies listed in TRUSTED_PROXIES may speak for the client; otherwise a
    client could write any address into the log with a header of its own.
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = _trusted_networks()
    if not remote or not trusted or not _in(remote, trusted):
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    # Walk from the nearest hop outwards; the first untrusted address is the client.
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return remote
        if not _in(hop, trusted):
            return hop
    return remote


def _trusted_networks():
    return [ipaddress.ip_network(n, strict=False) for n in settings.TRUSTED_PROXIES]


def _in(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


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
    if not kinds.is_known(kind):
        if settings.AUDIT_STRICT_KINDS:
            raise kinds.UnknownEventKind(f"event kind {kind!r} is not declared (audit.kinds)")
        log.warning("audit event kind %r is not declared", kind)
    user = getattr(request, "user", None)
    if actor is None and user is not None and user.is_authenticated:
        actor = user
    subject_type = subject_id = ""
    if subject is not None:
        subject_type = subject._meta.label_lower
        subject_id = str(getattr(subject, "uuid", None) or subject.pk)
    # No savepoint of its own: a failed write must fail the caller's whole transaction.
    with transaction.atomic(savepoint=False):
        last_seq, last_hash, now = _chain_head()
        event = Event(
            seq=last_seq + 1,
            created_at=now,
            kind=kind,
            actor_id=getattr(actor, "pk", None),
            actor_label=(getattr(actor, "email", "") or "")[:254],
            subject_type=subject_type,
            subject_id=subject_id[:64],
            data=_scrub(data or {}),
            ip=_normal_ip(client_ip(request)),
            user_agent=(request.META.get("HTTP_USER_AGENT", "")[:300] if request else ""),
            prev_hash=last_hash,
        )
        event.hash = chain_hash(event.prev_hash, event_fields(event))
        event.save(force_insert=True)
    return event
