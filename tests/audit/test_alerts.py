"""Unusual-access rules over the event log (audit.alerts)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory

import audit
from audit.alerts import MAX_EVENTS, Rules, find
from audit.chain import GENESIS, chain_hash, event_fields, verify
from audit.models import Event
from portal.accounts.models import User

pytestmark = pytest.mark.django_db

UTC = dt.UTC
# Tuesday 4 March 2025, 15:00 UTC = 10:00 in New York (EST): inside office hours.
TUESDAY = dt.datetime(2025, 3, 4, 15, 0, tzinfo=UTC)
# Saturday 8 March 2025, 15:00 UTC.
SATURDAY = dt.datetime(2025, 3, 8, 15, 0, tzinfo=UTC)
ALICE, BOB = 101, 102


@pytest.fixture(autouse=True)
def _new_york(settings):
    settings.TIME_ZONE = "America/New_York"


def add(kind, at, *, actor=None, label=None, ip=None, data=None):
    """Append an event at an explicit time, keeping the hash chain valid."""
    last = Event.objects.order_by("-seq").first()
    event = Event(
        seq=last.seq + 1 if last else 1,
        created_at=at,
        kind=kind,
        actor_id=actor,
        actor_label=label if label is not None else (f"user{actor}@firm.test" if actor else ""),
        data=data or {},
        ip=ip,
        prev_hash=last.hash if last else GENESIS,
    )
    event.hash = chain_hash(event.prev_hash, event_fields(event))
    event.save(force_insert=True)
    return event


def reads(actor, start, n, every, kinds=("document.download",)):
    return [
        add(kinds[i % len(kinds)], start + i * dt.timedelta(seconds=every), actor=actor)
        for i in range(n)
    ]


def fails(start, n, every_minutes, *, email="alice@client.test", ip="198.51.100.7"):
    emails = email if isinstance(email, list) else [email] * n
    ips = ip if isinstance(ip, list) else [ip] * n
    return [
        add(
            "auth.sign_in_failed",
            start + i * dt.timedelta(minutes=every_minutes),
            ip=ips[i],
            data={"email": emails[i]},
        )
        for i in range(n)
    ]


def day(at):
    return at - dt.timedelta(hours=12), at + dt.timedelta(hours=12)


def only(findings, rule):
    return [f for f in findings if f.rule == rule]


# bulk_download ---------------------------------------------------------------------------------


def test_more_than_twenty_reads_in_ten_minutes_is_a_bulk_download():
    kinds = ("document.download", "document.preview", "document.text_viewed")
    events = reads(ALICE, TUESDAY, 21, 20, kinds)  # 21 reads over 400 s
    [f] = only(find(*day(TUESDAY)), "bulk_download")
    assert f.key == "bulk_download:101:2025-03-04T15:00Z"
    assert f.actor_id == ALICE and f.actor_label == "user101@firm.test"
    assert f.event_seqs == tuple(e.seq for e in events)
    assert (f.first_at, f.last_at) == (events[0].created_at, events[-1].created_at)
    assert f.data["count"] == 21 and f.data["kinds"] == dict.fromkeys(sorted(kinds), 7)
    assert str(f.title) == "user101@firm.test downloaded or viewed 21 documents in 7 minutes"


def test_twenty_reads_or_reads_spread_over_ten_minutes_are_not():
    reads(ALICE, TUESDAY, 20, 20)  # exactly the threshold
    reads(BOB, TUESDAY, 21, 30)  # 21 reads, but they span a full 10 minutes
    add("auth.signed_in", TUESDAY, actor=ALICE)  # not a read
    assert only(find(*day(TUESDAY)), "bulk_download") == []


def test_a_long_burst_is_one_finding_and_a_later_one_another():
    first = reads(ALICE, TUESDAY, 60, 25)  # 25 minutes of reads, every window over the limit
    later = TUESDAY + dt.timedelta(hours=2, seconds=30)
    second = reads(ALICE, later, 25, 5)
    found = only(find(*day(TUESDAY)), "bulk_download")
    assert [f.data["count"] for f in found] == [60, 25]
    assert found[0].event_seqs == tuple(e.seq for e in first)
    assert found[1].event_seqs == tuple(e.seq for e in second)
    assert [f.key for f in found] == [
        "bulk_download:101:2025-03-04T15:00Z",
        "bulk_download:101:2025-03-04T17:00Z",
    ]


def test_a_burst_lists_at_most_200_events_but_counts_all():
    events = reads(ALICE, TUESDAY, MAX_EVENTS + 30, 1)
    [f] = only(find(*day(TUESDAY)), "bulk_download")
    assert f.data["count"] == MAX_EVENTS + 30
    assert f.event_seqs == tuple(e.seq for e in events[:MAX_EVENTS])


def test_bursts_straddling_since_are_whole_and_earlier_ones_are_left_out():
    reads(BOB, TUESDAY - dt.timedelta(minutes=30), 21, 10)  # over before the period
    straddling = reads(ALICE, TUESDAY - dt.timedelta(minutes=4), 21, 20)
    found = only(find(TUESDAY, TUESDAY + dt.timedelta(hours=1)), "bulk_download")
    assert [(f.actor_id, f.data["count"]) for f in found] == [(ALICE, 21)]
    assert found[0].first_at == straddling[0].created_at


def test_read_kinds_and_thresholds_come_from_settings(settings):
    settings.AUDIT_ALERT_READ_KINDS = ["invoice.pdf"]
    settings.AUDIT_ALERT_BULK_COUNT = 3
    settings.AUDIT_ALERT_OFFICE_START = "08:30"
    rules = Rules.from_settings()
    assert rules.bulk_count == 3 and rules.bulk_minutes == 10
    assert rules.office_start == dt.time(8, 30)
    assert {"invoice.pdf", "document.download"} <= rules.read_kinds
    reads(ALICE, TUESDAY, 4, 10, ("invoice.pdf",))
    [f] = only(find(*day(TUESDAY)), "bulk_download")
    assert f.data["count"] == 4
    with pytest.raises(ValueError):
        Rules(bulk_count=0)


# off_hours -------------------------------------------------------------------------------------


def test_reads_and_sign_ins_at_the_weekend_or_at_night_are_off_hours():
    sat = add("document.download", SATURDAY, actor=ALICE)
    sat2 = add("auth.signed_in", SATURDAY + dt.timedelta(hours=1), actor=ALICE)
    # Tuesday 23:30 in New York is Wednesday 04:30 UTC.
    night = add("document.preview", dt.datetime(2025, 3, 5, 4, 30, tzinfo=UTC), actor=BOB)
    found = only(find(TUESDAY, SATURDAY + dt.timedelta(days=1)), "off_hours")
    assert [(f.key, f.event_seqs) for f in found] == [
        ("off_hours:102:2025-03-04", (night.seq,)),
        ("off_hours:101:2025-03-08", (sat.seq, sat2.seq)),
    ]
    assert found[0].data["first_local"] == "23:30"
    assert found[1].data["count"] == 2
    assert str(found[1].title) == (
        "user101@firm.test was active outside office hours on 2025-03-08 (2 events)"
    )


def test_office_hours_other_kinds_and_anonymous_events_are_not_off_hours():
    add("document.download", TUESDAY, actor=ALICE)  # 10:00 local, Tuesday
    add("auth.signed_in", TUESDAY + dt.timedelta(hours=9, minutes=59), actor=ALICE)  # 19:59
    add("matter.stage_changed", SATURDAY, actor=ALICE)  # not a read or sign-in
    add("access.denied", SATURDAY, ip="203.0.113.9")  # no actor
    assert (
        only(find(TUESDAY - dt.timedelta(days=1), SATURDAY + dt.timedelta(days=1)), "off_hours")
        == []
    )


def test_one_off_hours_finding_per_actor_and_local_day():
    for hours in (0, 1, 2):
        add("document.download", SATURDAY + dt.timedelta(hours=hours), actor=ALICE)
    add("document.download", SATURDAY + dt.timedelta(hours=23), actor=ALICE)  # Sunday
    add("document.download", SATURDAY, actor=BOB)
    found = only(find(*day(SATURDAY + dt.timedelta(hours=12))), "off_hours")
    assert sorted((f.key, f.data["count"]) for f in found) == [
        ("off_hours:101:2025-03-08", 3),
        ("off_hours:101:2025-03-09", 1),
        ("off_hours:102:2025-03-08", 1),
    ]


def test_office_hours_follow_the_firms_time_zone(settings):
    # Tuesday 13:00 UTC: 08:00 in New York, 22:00 in Tokyo.
    add("document.download", dt.datetime(2025, 3, 4, 13, 0, tzinfo=UTC), actor=ALICE)
    # Friday 16:00 UTC: 11:00 in New York, Saturday 01:00 in Tokyo.
    add("document.download", dt.datetime(2025, 3, 7, 16, 0, tzinfo=UTC), actor=BOB)
    period = (TUESDAY - dt.timedelta(days=1), SATURDAY)
    assert only(find(*period), "off_hours") == []
    settings.TIME_ZONE = "Asia/Tokyo"
    found = only(find(*period), "off_hours")
    assert [f.key for f in found] == ["off_hours:101:2025-03-04", "off_hours:102:2025-03-08"]
    assert found[1].data["time_zone"] == "Asia/Tokyo" and found[1].data["first_local"] == "01:00"


def test_office_hours_follow_daylight_saving_time():
    # New York moved to EDT on Sunday 9 March 2025: 11:30 UTC is 07:30 on Monday the 10th
    # (it would be 06:30 in winter), and 00:30 UTC on Tuesday the 11th is 20:30 Monday.
    add("document.download", dt.datetime(2025, 3, 10, 11, 30, tzinfo=UTC), actor=ALICE)
    late = add("document.download", dt.datetime(2025, 3, 11, 0, 30, tzinfo=UTC), actor=ALICE)
    [f] = only(find(*day(dt.datetime(2025, 3, 10, 18, tzinfo=UTC))), "off_hours")
    assert f.key == "off_hours:101:2025-03-10" and f.event_seqs == (late.seq,)


def test_staff_ids_limit_off_hours_to_staff(client_user, staff_user):
    add("document.download", SATURDAY, actor=client_user.pk, label=client_user.email)
    add("auth.signed_in", SATURDAY, actor=staff_user.pk, label=staff_user.email)
    staff = set(User.objects.filter(kind=User.Kind.STAFF).values_list("pk", flat=True))
    found = only(find(*day(SATURDAY), staff_ids=staff), "off_hours")
    assert [f.actor_label for f in found] == [staff_user.email]
    everyone = only(find(*day(SATURDAY)), "off_hours")
    assert {f.actor_id for f in everyone} == {client_user.pk, staff_user.pk}
    assert only(find(*day(SATURDAY), staff_ids=set()), "off_hours") == []


def test_office_hours_can_be_changed_and_wrap_midnight():
    add("document.download", SATURDAY, actor=ALICE)  # Saturday 10:00 in New York
    seven_days = Rules(office_days=frozenset(range(7)))
    assert only(find(*day(SATURDAY), seven_days), "off_hours") == []
    night_shift = Rules(
        office_start=dt.time(22), office_end=dt.time(6), office_days=frozenset(range(7))
    )
    assert len(only(find(*day(SATURDAY), night_shift), "off_hours")) == 1
    assert night_shift.in_office(dt.datetime(2025, 3, 8, 23, 0))
    assert night_shift.in_office(dt.datetime(2025, 3, 8, 5, 59))


# new_network -----------------------------------------------------------------------------------


def sign_in(actor, at, ip):
    return add("auth.signed_in", at, actor=actor, ip=ip)


def test_a_sign_in_from_a_new_network_is_found():
    sign_in(ALICE, TUESDAY - dt.timedelta(days=30), "203.0.113.5")  # history, before since
    new = sign_in(ALICE, TUESDAY, "198.51.100.9")
    again = sign_in(ALICE, TUESDAY + dt.timedelta(hours=1), "198.51.100.10")  # now known
    found = only(find(*day(TUESDAY)), "new_network")
    assert [f.event_seqs for f in found] == [(new.seq,)]
    [f] = found
    assert f.key == "new_network:101:198.51.100.0/24:2025-03-04T15:00Z"
    assert f.data["network"] == "198.51.100.0/24" and f.data["ip"] == "198.51.100.9"
    assert str(f.title) == "user101@firm.test signed in from a new network, 198.51.100.0/24"
    assert again.seq not in f.event_seqs


def test_a_known_network_and_a_first_sign_in_ever_are_not_new():
    sign_in(ALICE, TUESDAY - dt.timedelta(days=89), "203.0.113.5")
    sign_in(ALICE, TUESDAY, "203.0.113.200")  # same /24, used 89 days ago
    sign_in(BOB, TUESDAY, "192.0.2.1")  # Bob's first sign-in ever
    sign_in(BOB, TUESDAY + dt.timedelta(hours=1), "192.0.2.2")
    add("auth.signed_in", TUESDAY, actor=BOB, ip=None)  # no address: not judged
    assert only(find(*day(TUESDAY)), "new_network") == []


def test_a_network_unused_for_longer_than_the_window_is_new_again():
    sign_in(ALICE, TUESDAY - dt.timedelta(days=200), "203.0.113.5")  # before the look-back
    sign_in(BOB, TUESDAY - dt.timedelta(days=100), "192.0.2.1")
    sign_in(BOB, TUESDAY - dt.timedelta(days=10), "198.51.100.1")
    sign_in(ALICE, TUESDAY, "203.0.113.5")
    sign_in(BOB, TUESDAY, "192.0.2.1")
    found = only(find(*day(TUESDAY)), "new_network")
    assert sorted(f.actor_id for f in found) == [ALICE, BOB]
    assert only(find(*day(TUESDAY), Rules(new_network_days=365)), "new_network") == []


def test_ipv6_networks_are_48s_and_mapped_ipv4_is_ipv4():
    sign_in(ALICE, TUESDAY - dt.timedelta(days=5), "2001:db8:1:1::5")
    sign_in(ALICE, TUESDAY, "2001:db8:1:ffff::9")  # same /48
    new = sign_in(ALICE, TUESDAY + dt.timedelta(hours=1), "2001:db8:2::1")
    sign_in(BOB, TUESDAY - dt.timedelta(days=5), "203.0.113.5")
    sign_in(BOB, TUESDAY, "::ffff:203.0.113.77")  # the same IPv4 /24
    [f] = only(find(*day(TUESDAY)), "new_network")
    assert f.event_seqs == (new.seq,) and f.data["network"] == "2001:db8:2::/48"
    assert f.key == "new_network:101:2001:db8:2::/48:2025-03-04T16:00Z"


# failed_sign_ins -------------------------------------------------------------------------------


def test_five_failures_for_one_address_are_found_case_insensitively():
    emails = [
        "alice@client.test",
        "Alice@Client.test",
        " ALICE@client.test",
        "alice@client.test",
        "alice@CLIENT.TEST",
    ]
    ips = [f"198.51.100.{i}" for i in range(5)]
    events = fails(TUESDAY, 5, 3, email=emails, ip=ips)  # 5 within 12 minutes
    [f] = only(find(*day(TUESDAY)), "failed_sign_ins")
    assert f.key == "failed_sign_ins:email:alice@client.test:2025-03-04T15:00Z"
    assert f.actor_id is None and f.actor_label == "alice@client.test"
    assert f.event_seqs == tuple(e.seq for e in events)
    assert f.data["count"] == 5 and f.data["ips"] == sorted(ips)
    assert str(f.title) == "5 failed sign-ins for alice@client.test in 12 minutes"


def test_four_failures_or_spread_out_failures_are_not():
    fails(TUESDAY, 4, 1, email="alice@client.test", ip="198.51.100.1")
    fails(TUESDAY, 5, 4, email="bob@client.test", ip="198.51.100.2")  # 16 minutes
    assert only(find(*day(TUESDAY)), "failed_sign_ins") == []


def test_five_failures_from_one_ip_for_different_addresses_are_found():
    emails = [f"user{i}@client.test" for i in range(5)]
    fails(TUESDAY, 5, 1, email=emails, ip="203.0.113.66")
    [f] = only(find(*day(TUESDAY)), "failed_sign_ins")
    assert f.key == "failed_sign_ins:ip:203.0.113.66:2025-03-04T15:00Z"
    assert f.data["by"] == "ip" and f.data["emails"] == emails
    assert str(f.title) == "5 failed sign-ins from 203.0.113.66 in 4 minutes"


def test_a_long_run_of_failures_is_one_finding_not_two():
    fails(TUESDAY, 12, 1)  # one address, one IP, a failure a minute
    [f] = only(find(*day(TUESDAY)), "failed_sign_ins")
    assert f.data["by"] == "email" and f.data["count"] == 12 and f.data["ips"] == ["198.51.100.7"]
    fails(TUESDAY + dt.timedelta(hours=1), 5, 1)
    assert len(only(find(*day(TUESDAY)), "failed_sign_ins")) == 2


def test_failures_recorded_through_the_log_are_found():
    """The real writer, audit.record(), which stamps the database's clock (on Postgres)
    or the process's: five failures now, found in the hour around now."""
    from django.utils import timezone

    factory = RequestFactory()
    for _ in range(5):
        request = factory.post("/accounts/login/", REMOTE_ADDR="203.0.113.50")
        audit.record("auth.sign_in_failed", request=request, data={"email": "x@firm.test"})
    now = timezone.now()
    [f] = only(find(now - dt.timedelta(hours=1), now + dt.timedelta(hours=1)), "failed_sign_ins")
    assert f.data["ips"] == ["203.0.113.50"] and f.data["count"] == 5
    assert verify(Event.objects.order_by("seq").iterator()).ok


# find() as a whole -----------------------------------------------------------------------------


def scenario():
    reads(ALICE, SATURDAY, 25, 10)
    sign_in(BOB, SATURDAY - dt.timedelta(days=3), "203.0.113.5")
    sign_in(BOB, SATURDAY + dt.timedelta(minutes=1), "2001:db8::1")
    fails(SATURDAY + dt.timedelta(minutes=2), 6, 2)


def test_findings_and_keys_are_the_same_on_every_run():
    scenario()
    first = find(*day(SATURDAY))
    second = find(*day(SATURDAY))
    assert [f.rule for f in first] == [
        "bulk_download",
        "off_hours",
        "off_hours",
        "new_network",
        "failed_sign_ins",
    ]
    assert [(f.key, f.event_seqs, f.data) for f in first] == [
        (f.key, f.event_seqs, f.data) for f in second
    ]
    assert len({f.key for f in first}) == len(first)
    # An overlapping later period finds the same situations under the same keys.
    later = find(SATURDAY - dt.timedelta(minutes=5), SATURDAY + dt.timedelta(hours=2))
    assert {f.key for f in later} == {f.key for f in first}
    # The test helper kept a valid chain.
    assert verify(Event.objects.order_by("seq").iterator()).ok


def test_find_checks_its_period():
    scenario()
    assert find(SATURDAY, SATURDAY) == []
    assert find(SATURDAY + dt.timedelta(hours=1), SATURDAY + dt.timedelta(hours=2)) == []
    with pytest.raises(ValueError, match="aware"):
        find(dt.datetime(2025, 3, 8), dt.datetime(2025, 3, 9))


def test_forgetting_idle_windows_does_not_change_findings(monkeypatch):
    from audit import alerts

    scenario()
    reads(BOB, SATURDAY + dt.timedelta(hours=1), 30, 15)
    fails(SATURDAY + dt.timedelta(hours=1), 7, 1, email="bob@client.test", ip="192.0.2.9")
    expected = [(f.key, f.event_seqs, f.data) for f in find(*day(SATURDAY))]
    monkeypatch.setattr(alerts, "PRUNE_EVERY", 1)
    assert [(f.key, f.event_seqs, f.data) for f in find(*day(SATURDAY))] == expected
    assert len(expected) == 7  # Bob's Saturday reads join his off-hours day


def test_keys_stay_short_for_long_typed_addresses():
    email = "x" * 240 + "@client.test"
    fails(TUESDAY, 5, 1, email=email)
    [f] = only(find(*day(TUESDAY)), "failed_sign_ins")
    assert len(f.key) <= 200 and f.key.startswith("failed_sign_ins:email:sha256-")
    assert f.actor_label == email and f.data["email"] == email
