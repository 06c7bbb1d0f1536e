"""Unusual-access rules for the compliance dashboard: pure detection over the event log.

``find(since, until)`` reads :class:`audit.models.Event` rows and returns
:class:`Finding` objects; it writes nothing. The caller stores findings and
deduplicates them by ``Finding.key``: the same situation found by two runs (for
example overlapping periods, "the last hour, every ten minutes") gets the same
key, with the later run seeing the fuller picture.

Events are read in ``seq`` order with ``.iterator()``; only small per-key state is
kept (the last few event times of each actor, e-mail address or IP, the networks
each actor signed in from), so memory does not grow with the number of events.
``seq`` order is time order because ``audit.record()`` takes the time under the
chain's lock. Each finding lists at most ``MAX_EVENTS`` (200) event seqs, the first
ones; ``data["count"]`` always has the full number. Findings come sorted by first
event time, then rule, then key.

A rule reports a finding when its last event falls in ``[since, until)``. Where a
rule needs context it reads events from before ``since`` as well (named below).
All thresholds are in :class:`Rules`; ``Rules.from_settings()`` reads the optional
``AUDIT_ALERT_*`` settings (``AUDIT_ALERT_BULK_COUNT``, ``..._BULK_MINUTES``,
``..._OFFICE_START``/``..._OFFICE_END`` as ``time`` or "HH:MM", ``..._OFFICE_DAYS``,
``..._FAILED_COUNT``, ``..._FAILED_MINUTES``, ``..._NEW_NETWORK_DAYS``,
``..._IPV4_PREFIX``, ``..._IPV6_PREFIX``, and ``..._READ_KINDS``, which adds kinds
to ``READ_KINDS``).

The rules
---------
``bulk_download``
    One actor makes more than ``bulk_count`` document reads (kinds in
    ``Rules.read_kinds``: ``document.download``, ``document.preview``,
    ``document.text_viewed`` and any added in settings) within ``bulk_minutes``
    (strictly less than that span between the first and the last read of the
    window). Overlapping windows merge into one burst, one finding per burst,
    keyed ``bulk_download:<actor id>:<first read, UTC, to the minute>``. Reads are
    events, not distinct documents: opening the same file twenty-one times counts.
    Reads ``bulk_minutes`` before ``since`` so a burst that straddles ``since`` is
    counted whole; a burst that began even earlier than that is seen from the
    look-back on, so its key can differ from an earlier run's (run overlapping
    periods to avoid it).
``off_hours``
    A read (as above) or an ``auth.signed_in`` by an actor, outside
    ``office_start``..``office_end`` or on a day not in ``office_days`` (Monday = 0),
    in the firm's local time (``settings.TIME_ZONE``, daylight saving included). One
    finding per actor and local calendar day, keyed ``off_hours:<actor id>:<date>``;
    it reads back to local midnight of ``since`` so the day is complete. Hours may
    wrap midnight (start after end). Clients are not staff, but the log does not
    know who is staff (audit imports no other app): pass ``staff_ids`` to ``find``
    to count only those actors (``None`` counts every actor). Public holidays and
    individual working hours are not known.
``new_network``
    An ``auth.signed_in`` from an IP whose network (IPv4 /24, IPv6 /48; IPv4-mapped
    IPv6 counts as IPv4) the same actor did not sign in from in the
    ``new_network_days`` before. The first sign-in ever of an actor is not an alert.
    Reads sign-ins from ``new_network_days`` before ``since``, plus one existence
    query per actor with no sign-in in that span. One finding per new network, keyed
    ``new_network:<actor id>:<network>:<sign-in, UTC, to the minute>``; later sign-ins
    from it are then known. Sign-ins without an IP are not judged. This works on IP
    ranges only: a new /24 can be the same city (mobile carriers and home ISPs change
    addresses), and a VPN hides a real change of country. Country lookups need a
    GeoIP database, which this deployment does not ship; if the firm supplies one,
    ``_network`` is the place to map an address to a country as well (e.g. with
    ``django.contrib.gis.geoip2``) and key on it.
``failed_sign_ins``
    At least ``failed_count`` ``auth.sign_in_failed`` events within
    ``failed_minutes`` (strictly less than that span) for the same e-mail address
    (``data["email"]``, trimmed and case-insensitive) or from the same IP. One
    finding per burst (overlapping windows merge), keyed
    ``failed_sign_ins:email:<address>:<minute>`` or ``failed_sign_ins:ip:<ip>:<minute>``;
    an IP burst made of exactly the same events as an e-mail burst is left out (it
    would say the same thing twice). Reads ``failed_minutes`` before ``since``.
    Failures have no actor: ``actor_id`` is ``None`` and ``actor_label`` the address
    or IP. The address is what was typed, so it may belong to nobody. A slow attack
    below the rate, or one spread over many addresses and IPs, is not found.

Keys are at most 200 characters (an address longer than 120 characters is replaced
by ``sha256-`` and 32 hex digits of its hash in the key; ``data`` keeps it). Titles
are lazy translations: ``str(finding.title)`` renders them in the active language.
"""

from __future__ import annotations

import dataclasses
import hashlib
import ipaddress
import math
from collections import Counter, deque
from collections.abc import Collection, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from django.conf import settings

from audit import messages
from audit.models import Event

READ_KINDS = frozenset({"document.download", "document.preview", "document.text_viewed"})
SIGNED_IN = "auth.signed_in"
SIGN_IN_FAILED = "auth.sign_in_failed"
RULE_NAMES = ("bulk_download", "off_hours", "new_network", "failed_sign_ins")
MAX_EVENTS = 200  # event seqs kept per finding
MAX_DISTINCT = 50  # distinct IPs / addresses listed in a finding's data
CHUNK = 2000
MAX_KEY_PART = 120  # longer typed addresses are hashed in keys
PRUNE_EVERY = 1000  # events between sweeps of idle sliding windows


@dataclass(frozen=True)
class Finding:
    rule: str
    key: str
    actor_id: int | None
    actor_label: str
    title_key: str  # audit.messages key: the title is rendered in the reader's language
    title_params: dict
    event_seqs: tuple[int, ...]
    first_at: datetime
    last_at: datetime
    data: dict

    @property
    def title(self) -> str:
        return messages.render(self.title_key, self.title_params)


@dataclass(frozen=True)
class Rules:
    bulk_count: int = 20
    bulk_minutes: int = 10
    office_start: time = time(7, 0)
    office_end: time = time(20, 0)
    office_days: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    failed_count: int = 5
    failed_minutes: int = 15
    new_network_days: int = 90
    read_kinds: frozenset[str] = READ_KINDS
    ipv4_prefix: int = 24
    ipv6_prefix: int = 48

    def __post_init__(self):
        for name in ("bulk_count", "bulk_minutes", "failed_count", "failed_minutes"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.new_network_days < 1:
            raise ValueError("new_network_days must be at least 1")
        if not 0 <= self.ipv4_prefix <= 32 or not 0 <= self.ipv6_prefix <= 128:
            raise ValueError("network prefix out of range")
        if not set(self.office_days) <= set(range(7)):
            raise ValueError("office_days are weekday numbers, Monday = 0 to Sunday = 6")

    @classmethod
    def from_settings(cls) -> Rules:
        d = cls()

        def get(name, default):
            return getattr(settings, f"AUDIT_ALERT_{name}", default)

        return cls(
            bulk_count=int(get("BULK_COUNT", d.bulk_count)),
            bulk_minutes=int(get("BULK_MINUTES", d.bulk_minutes)),
            office_start=_as_time(get("OFFICE_START", d.office_start)),
            office_end=_as_time(get("OFFICE_END", d.office_end)),
            office_days=frozenset(int(x) for x in get("OFFICE_DAYS", d.office_days)),
            failed_count=int(get("FAILED_COUNT", d.failed_count)),
            failed_minutes=int(get("FAILED_MINUTES", d.failed_minutes)),
            new_network_days=int(get("NEW_NETWORK_DAYS", d.new_network_days)),
            read_kinds=READ_KINDS | frozenset(get("READ_KINDS", ())),
            ipv4_prefix=int(get("IPV4_PREFIX", d.ipv4_prefix)),
            ipv6_prefix=int(get("IPV6_PREFIX", d.ipv6_prefix)),
        )

    def in_office(self, local: datetime) -> bool:
        """Whether a local time is within office hours (the day is its calendar day)."""
        if local.weekday() not in self.office_days:
            return False
        t = local.time().replace(tzinfo=None)
        if self.office_start <= self.office_end:
            return self.office_start <= t < self.office_end
        return t >= self.office_start or t < self.office_end


def find(
    since: datetime,
    until: datetime,
    rules: Rules | None = None,
    *,
    staff_ids: Collection[int] | None = None,
) -> list[Finding]:
    """Every rule's findings whose last event is in ``[since, until)``, in a stable order.

    ``since`` and ``until`` must be aware datetimes. ``rules`` defaults to
    ``Rules.from_settings()``. ``staff_ids`` limits the off-hours rule to those
    actor ids (the caller knows who is staff; the log does not); ``None`` means
    every actor. The other rules look at every actor.
    """
    if since.tzinfo is None or until.tzinfo is None:
        raise ValueError("since and until must be timezone-aware")
    if since >= until:
        return []
    rules = rules or Rules.from_settings()
    staff = None if staff_ids is None else set(staff_ids)
    findings = [
        *_bulk_download(since, until, rules),
        *_off_hours(since, until, rules, staff),
        *_new_network(since, until, rules),
        *_failed_sign_ins(since, until, rules),
    ]
    findings.sort(key=lambda f: (f.first_at, RULE_NAMES.index(f.rule), f.event_seqs[:1], f.key))
    return _unique_keys(findings)


# Shared machinery ------------------------------------------------------------------------------


@dataclass
class _Group:
    """Events gathered into one finding: times, seqs (capped), kinds, a label, a few extras."""

    first_at: datetime
    last_at: datetime
    last_seq: int = 0
    count: int = 0
    seqs: list[int] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)
    label: str = ""
    extras: set = field(default_factory=set)
    extras_capped: bool = False

    def add(self, at: datetime, seq: int, kind: str, label: str = "", extra=None) -> None:
        self.first_at = min(self.first_at, at)
        self.last_at = max(self.last_at, at)
        self.last_seq = max(self.last_seq, seq)
        self.count += 1
        if len(self.seqs) < MAX_EVENTS:
            self.seqs.append(seq)
        self.kinds[kind] += 1
        if label:
            self.label = label
        if extra:
            if len(self.extras) < MAX_DISTINCT:
                self.extras.add(extra)
            elif extra not in self.extras:
                self.extras_capped = True


_Key = TypeVar("_Key", bound=Hashable)  # what _Windows groups by: an actor id, an address


class _Windows(Generic[_Key]):
    """Sliding windows per key: a burst is ``need`` events spanning less than ``span``.

    Only the last ``need`` events of each key are kept. Windows that share an
    event merge into one burst; a burst closes when a later window does not
    reach back into it, or when its key has been idle for longer than ``span``.
    """

    def __init__(self, need: int, span: timedelta):
        self.need = need
        self.span = span
        self.recent: dict[_Key, deque] = {}
        self.open: dict[_Key, _Group] = {}
        self.done: list[tuple[_Key, _Group]] = []
        self.seen = 0

    def add(self, key: _Key, at: datetime, seq: int, kind: str, label="", extra=None):
        recent = self.recent.get(key)
        if recent is None:
            recent = self.recent[key] = deque(maxlen=self.need)
        recent.append((at, seq, kind, label, extra))
        if len(recent) == self.need and recent[-1][0] - recent[0][0] < self.span:
            burst = self.open.get(key)
            if burst is not None and recent[0][1] > burst.last_seq:
                self.done.append((key, burst))
                burst = None
            if burst is None:
                burst = self.open[key] = _Group(first_at=recent[0][0], last_at=recent[0][0])
            for item in recent:
                if burst.count == 0 or item[1] > burst.last_seq:
                    burst.add(*item)
        self.seen += 1
        if self.seen % PRUNE_EVERY == 0:
            self._prune(at - self.span)

    def _prune(self, horizon: datetime) -> None:
        """Forget keys idle since before ``horizon``: no later window can reach them."""
        for key in [k for k, r in self.recent.items() if r[-1][0] < horizon]:
            del self.recent[key]
            if key in self.open:
                self.done.append((key, self.open.pop(key)))

    def bursts(self) -> list[tuple[_Key, _Group]]:
        self.done.extend(self.open.items())
        self.open.clear()
        self.recent.clear()
        return self.done


def _events(start: datetime, until: datetime, *fields: str, **filters) -> Iterator[tuple]:
    qs = Event.objects.filter(created_at__gte=start, created_at__lt=until, **filters)
    return qs.order_by("seq").values_list(*fields).iterator(chunk_size=CHUNK)


def _title(key: str, **params) -> dict:
    """A title as its message key and parameters, rendered when someone reads it."""
    return {"title_key": key, "title_params": params}


def _minute(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def _key_part(value: str) -> str:
    """A typed address goes into a key as is, or hashed when long, so keys stay short."""
    if len(value) <= MAX_KEY_PART:
        return value
    return "sha256-" + hashlib.sha256(value.encode()).hexdigest()[:32]


def _span_minutes(group: _Group) -> int:
    return max(1, math.ceil((group.last_at - group.first_at).total_seconds() / 60))


def _label(label: str, actor_id) -> str:
    return label or f"#{actor_id}"


def _as_time(value) -> time:
    return value if isinstance(value, time) else time.fromisoformat(str(value))


def _unique_keys(findings: list[Finding]) -> list[Finding]:
    """Two findings of one run never share a key (only a contrived timing could cause it)."""
    seen: Counter = Counter()
    out = []
    for f in findings:
        seen[f.key] += 1
        out.append(f if seen[f.key] == 1 else dataclasses.replace(f, key=f"{f.key}:{seen[f.key]}"))
    return out


def _network(ip: str | None, rules: Rules) -> str | None:
    """The address's network: IPv4 /24 and IPv6 /48 by default.

    A GeoIP reader, where the firm supplies a database, would map the address to
    a country here as well.
    """
    if not ip:
        return None
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    prefix = rules.ipv4_prefix if addr.version == 4 else rules.ipv6_prefix
    return str(ipaddress.ip_network(f"{addr}/{prefix}", strict=False))


# The rules -------------------------------------------------------------------------------------


def _bulk_download(since: datetime, until: datetime, rules: Rules) -> Iterable[Finding]:
    span = timedelta(minutes=rules.bulk_minutes)
    windows: _Windows[int] = _Windows(rules.bulk_count + 1, span)
    rows = _events(
        since - span,
        until,
        "seq",
        "created_at",
        "kind",
        "actor_id",
        "actor_label",
        kind__in=sorted(rules.read_kinds),
        actor_id__isnull=False,
    )
    for seq, at, kind, actor_id, label in rows:
        windows.add(actor_id, at, seq, kind, label)
    for actor_id, burst in windows.bursts():
        if burst.last_at < since:
            continue
        actor = _label(burst.label, actor_id)
        minutes = _span_minutes(burst)
        yield Finding(
            rule="bulk_download",
            key=f"bulk_download:{actor_id}:{_minute(burst.first_at)}",
            actor_id=actor_id,
            actor_label=actor,
            **_title("audit.alert.bulk_download", actor=actor, count=burst.count, minutes=minutes),
            event_seqs=tuple(burst.seqs),
            first_at=burst.first_at,
            last_at=burst.last_at,
            data={
                "count": burst.count,
                "minutes": minutes,
                "kinds": dict(sorted(burst.kinds.items())),
                "bulk_count": rules.bulk_count,
                "bulk_minutes": rules.bulk_minutes,
            },
        )


def _off_hours(
    since: datetime, until: datetime, rules: Rules, staff: set[int] | None
) -> Iterable[Finding]:
    zone_name = settings.TIME_ZONE
    tz = ZoneInfo(zone_name)
    start = datetime.combine(since.astimezone(tz).date(), time(0), tzinfo=tz)
    days: dict[tuple[int, date], _Group] = {}
    rows = _events(
        min(start, since),
        until,
        "seq",
        "created_at",
        "kind",
        "actor_id",
        "actor_label",
        kind__in=sorted(rules.read_kinds | {SIGNED_IN}),
        actor_id__isnull=False,
    )
    for seq, at, kind, actor_id, label in rows:
        if staff is not None and actor_id not in staff:
            continue
        local = at.astimezone(tz)
        if rules.in_office(local):
            continue
        key = (actor_id, local.date())
        group = days.get(key)
        if group is None:
            group = days[key] = _Group(first_at=at, last_at=at)
        group.add(at, seq, kind, label)
    for (actor_id, day), group in days.items():
        if group.last_at < since:
            continue
        actor = _label(group.label, actor_id)
        yield Finding(
            rule="off_hours",
            key=f"off_hours:{actor_id}:{day.isoformat()}",
            actor_id=actor_id,
            actor_label=actor,
            **_title("audit.alert.off_hours", actor=actor, date=day.isoformat(), count=group.count),
            event_seqs=tuple(group.seqs),
            first_at=group.first_at,
            last_at=group.last_at,
            data={
                "count": group.count,
                "date": day.isoformat(),
                "time_zone": zone_name,
                "first_local": group.first_at.astimezone(tz).strftime("%H:%M"),
                "last_local": group.last_at.astimezone(tz).strftime("%H:%M"),
                "kinds": dict(sorted(group.kinds.items())),
                "office_start": rules.office_start.strftime("%H:%M"),
                "office_end": rules.office_end.strftime("%H:%M"),
                "office_days": sorted(rules.office_days),
            },
        )


def _new_network(since: datetime, until: datetime, rules: Rules) -> Iterable[Finding]:
    days = timedelta(days=rules.new_network_days)
    start = since - days
    networks: dict[int, dict[str, datetime]] = {}  # actor -> network -> last sign-in
    signed_in_before: dict[int, bool] = {}  # actor -> any sign-in before ``start``
    rows = _events(
        start,
        until,
        "seq",
        "created_at",
        "actor_id",
        "actor_label",
        "ip",
        "user_agent",
        kind=SIGNED_IN,
        actor_id__isnull=False,
    )
    for seq, at, actor_id, label, ip, user_agent in rows:
        known = networks.get(actor_id)
        if known is None:
            known = networks[actor_id] = {}
            first_in_scan = True
        else:
            first_in_scan = False
        network = _network(ip, rules)
        if network is None:
            continue
        last = known.get(network)
        known[network] = at
        if at < since or (last is not None and last >= at - days):
            continue
        if first_in_scan:
            # No earlier sign-in since ``start``: is this the actor's first ever?
            if actor_id not in signed_in_before:
                signed_in_before[actor_id] = Event.objects.filter(
                    kind=SIGNED_IN, actor_id=actor_id, created_at__lt=start
                ).exists()
            if not signed_in_before[actor_id]:
                continue
        actor = _label(label, actor_id)
        yield Finding(
            rule="new_network",
            key=f"new_network:{actor_id}:{network}:{_minute(at)}",
            actor_id=actor_id,
            actor_label=actor,
            **_title("audit.alert.new_network", actor=actor, network=network),
            event_seqs=(seq,),
            first_at=at,
            last_at=at,
            data={
                "count": 1,
                "ip": ip,
                "network": network,
                "new_network_days": rules.new_network_days,
                "user_agent": user_agent,
            },
        )


def _failed_sign_ins(since: datetime, until: datetime, rules: Rules) -> Iterable[Finding]:
    span = timedelta(minutes=rules.failed_minutes)
    by_email: _Windows[str] = _Windows(rules.failed_count, span)
    by_ip: _Windows[str] = _Windows(rules.failed_count, span)
    rows = _events(since - span, until, "seq", "created_at", "ip", "data", kind=SIGN_IN_FAILED)
    for seq, at, ip, data in rows:
        email = data.get("email") if isinstance(data, dict) else None
        email = str(email).strip().lower() if email else ""
        if email:
            by_email.add(email, at, seq, SIGN_IN_FAILED, email, ip)
        if ip:
            by_ip.add(ip, at, seq, SIGN_IN_FAILED, ip, email)
    email_bursts = [(k, b) for k, b in by_email.bursts() if b.last_at >= since]
    same_events = {(b.count, tuple(b.seqs), b.last_seq) for _, b in email_bursts}
    for by, bursts in (("email", email_bursts), ("ip", by_ip.bursts())):
        for value, burst in bursts:
            if burst.last_at < since:
                continue
            if by == "ip" and (burst.count, tuple(burst.seqs), burst.last_seq) in same_events:
                continue
            minutes = _span_minutes(burst)
            others = sorted(burst.extras)
            if by == "email":
                title = _title(
                    "audit.alert.failed_email", count=burst.count, email=value, minutes=minutes
                )
                extra = {"ips": others}
            else:
                title = _title(
                    "audit.alert.failed_ip", count=burst.count, ip=value, minutes=minutes
                )
                extra = {"emails": others}
            yield Finding(
                rule="failed_sign_ins",
                key=f"failed_sign_ins:{by}:{_key_part(value)}:{_minute(burst.first_at)}",
                actor_id=None,
                actor_label=value,
                **title,
                event_seqs=tuple(burst.seqs),
                first_at=burst.first_at,
                last_at=burst.last_at,
                data={
                    "count": burst.count,
                    "minutes": minutes,
                    "by": by,
                    by: value,
                    **extra,
                    "more_not_listed": burst.extras_capped,
                    "failed_count": rules.failed_count,
                    "failed_minutes": rules.failed_minutes,
                },
            )
