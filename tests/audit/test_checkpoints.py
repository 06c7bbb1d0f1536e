"""Audit-log retention: pruning a prefix behind signed, chained checkpoints."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

import audit
from audit.chain import GENESIS, chain_hash, event_fields, verify
from audit.checkpoints import ChainBrokenError, prune_before, sign
from audit.models import Checkpoint, Event

pytestmark = pytest.mark.django_db


def make_events(n: int) -> list[Event]:
    return [audit.record("test.event", data={"i": i, "text": "ñandú"}) for i in range(n)]


def make_chain(times: list[dt.datetime]) -> list[Event]:
    """Valid events with the given times, appended to the chain as record() would."""
    last = Event.objects.order_by("-seq").first()
    seq, prev = (last.seq, last.hash) if last else (0, GENESIS)
    made = []
    for at in times:
        seq += 1
        event = Event(seq=seq, created_at=at, kind="test.made", data={"seq": seq}, prev_hash=prev)
        event.hash = prev = chain_hash(prev, event_fields(event))
        made.append(event)
    return Event.objects.bulk_create(made)


def verify_ok() -> str:
    from io import StringIO

    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def _tamper(table: str, sql: str, params) -> None:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
        cur.execute(sql, params)
        if connection.vendor == "postgresql":
            cur.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")


def test_prune_then_verify_passes():
    events = make_events(30)
    cutoff = events[20].created_at
    cp = prune_before(cutoff, batch=7)
    assert cp is not None
    assert (cp.up_to_seq, cp.removed_count, cp.last_hash) == (20, 20, events[19].hash)
    assert cp.first_removed_at == events[0].created_at
    assert cp.last_removed_at == events[19].created_at
    assert cp.prev_signature == GENESIS and cp.signature == sign(cp)
    seqs = list(Event.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(21, 32))
    pruned = Event.objects.get(seq=31)
    assert pruned.kind == "audit.pruned"
    assert pruned.data["up_to_seq"] == 20 and pruned.data["removed_count"] == 20
    assert pruned.prev_hash == events[-1].hash
    out = verify_ok()
    assert "intact: 11 events, from event #21 after 1 signed checkpoint" in out
    # The default of chain.verify reads the checkpoints too (existing callers).
    assert verify(Event.objects.order_by("seq")).ok
    # Told there are none, it walks from GENESIS as before: seq 21 is not seq 1.
    verdict = verify(Event.objects.order_by("seq"), checkpoints=())
    assert (verdict.ok, verdict.broken_seq) == (False, 21)
    # And the log goes on after a prune.
    audit.record("test.after")
    verify_ok()


def test_pruning_twice_chains_the_checkpoints():
    events = make_events(20)
    first = prune_before(events[5].created_at)
    more = make_events(10)
    second = prune_before(more[3].created_at)
    assert first.up_to_seq == 5
    # The second prune removes the rest of the first batch, the audit.pruned event (21)
    # and the first three of the new batch (22-24).
    assert second.up_to_seq == 24 and second.removed_count == 19
    assert second.prev_signature == first.signature
    assert second.last_hash == more[2].hash
    assert Event.objects.order_by("seq").first().seq == 25
    assert "after 2 signed checkpoint" in verify_ok()


def test_pruning_nothing_returns_none():
    assert prune_before(dt.datetime.now(dt.UTC)) is None  # an empty log
    events = make_events(5)
    assert prune_before(events[0].created_at) is None
    assert prune_before(events[0].created_at - dt.timedelta(days=1)) is None
    assert not Checkpoint.objects.exists()
    assert Event.objects.count() == 5  # no audit.pruned either


def test_the_newest_event_is_always_kept():
    events = make_events(5)
    cp = prune_before(events[-1].created_at + dt.timedelta(days=1))
    assert cp.up_to_seq == 4
    assert list(Event.objects.values_list("seq", "kind")) == [
        (5, "test.event"),
        (6, "audit.pruned"),
    ]
    verify_ok()
    # Only the one event before the pruned one may go next: still nothing empties the log.
    cp2 = prune_before(events[-1].created_at + dt.timedelta(days=1))
    assert cp2.up_to_seq == 5
    assert Event.objects.order_by("seq").first().seq == 6
    verify_ok()


def test_prune_removes_a_prefix_by_seq_even_if_the_clock_stepped_back():
    t0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    make_chain(
        [t0, t0 + dt.timedelta(hours=1), t0 + dt.timedelta(hours=5), t0 + dt.timedelta(hours=2)]
    )
    cp = prune_before(t0 + dt.timedelta(hours=3))
    # Seq 3 is after the cutoff, so seq 4 (recorded "before" it) stays.
    assert cp.up_to_seq == 2
    assert list(Event.objects.values_list("seq", flat=True)) == [3, 4, 5]
    verify_ok()


def test_prune_refuses_a_broken_chain():
    events = make_events(10)
    _tamper("audit_event", "UPDATE audit_event SET kind = %s WHERE seq = %s", ["forged", 3])
    with pytest.raises(ChainBrokenError, match="#3"):
        prune_before(events[8].created_at)
    assert Event.objects.count() == 10 and not Checkpoint.objects.exists()


def test_naive_cutoff_is_refused():
    with pytest.raises(ValueError, match="aware"):
        prune_before(dt.datetime(2026, 1, 1))


@pytest.mark.parametrize(
    "column,value",
    [
        ("up_to_seq", 21),
        ("last_hash", "f" * 64),
        ("removed_count", 19),
        ("first_removed_at", dt.datetime(2020, 1, 1, tzinfo=dt.UTC)),
        ("last_removed_at", dt.datetime(2020, 1, 1, tzinfo=dt.UTC)),
        ("created_at", dt.datetime(2020, 1, 1, tzinfo=dt.UTC)),
        ("prev_signature", "1" * 64),
        ("signature", "e" * 64),
    ],
)
def test_tampering_with_any_checkpoint_field_is_found(column, value):
    events = make_events(30)
    cp = prune_before(events[20].created_at)
    _tamper(
        "audit_checkpoint",
        f"UPDATE audit_checkpoint SET {column} = %s WHERE id = %s",  # noqa: S608
        [value, cp.pk],
    )
    with pytest.raises(CommandError, match=r"checkpoint up to event #2[01] does not verify"):
        call_command("audit_verify")


def test_a_checkpoint_resigned_with_another_key_is_refused_an_old_key_accepted(settings):
    events = make_events(10)
    cp = prune_before(events[5].created_at)
    forged = sign(cp, secret="not-the-key")
    _tamper(
        "audit_checkpoint",
        "UPDATE audit_checkpoint SET signature = %s WHERE id = %s",
        [forged, cp.pk],
    )
    with pytest.raises(CommandError, match="signature does not match"):
        call_command("audit_verify")
    # After a key rotation the old key stays a fallback: checkpoints still verify.
    _tamper(
        "audit_checkpoint",
        "UPDATE audit_checkpoint SET signature = %s WHERE id = %s",
        [cp.signature, cp.pk],
    )
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    verify_ok()


def test_deleting_the_only_checkpoint_is_found():
    events = make_events(10)
    prune_before(events[5].created_at)
    _tamper("audit_checkpoint", "DELETE FROM audit_checkpoint", [])
    with pytest.raises(CommandError, match=r"broken at event #6: expected seq 1"):
        call_command("audit_verify")


def test_deleting_the_first_of_two_checkpoints_is_found():
    events = make_events(10)
    first = prune_before(events[3].created_at)
    second = prune_before(events[7].created_at)
    _tamper("audit_checkpoint", "DELETE FROM audit_checkpoint WHERE id = %s", [first.pk])
    with pytest.raises(CommandError, match=rf"checkpoint up to event #{second.up_to_seq}"):
        call_command("audit_verify")


def test_deleting_the_latest_of_two_checkpoints_is_found():
    events = make_events(10)
    first = prune_before(events[3].created_at)
    second = prune_before(events[7].created_at)
    _tamper("audit_checkpoint", "DELETE FROM audit_checkpoint WHERE id = %s", [second.pk])
    with pytest.raises(CommandError, match=rf"broken at event #{second.up_to_seq + 1}"):
        call_command("audit_verify")
    assert first.up_to_seq < second.up_to_seq


def test_a_checkpoint_with_no_event_after_it_is_refused():
    events = make_events(10)
    cp = prune_before(events[5].created_at)
    _tamper("audit_event", "DELETE FROM audit_event", [])
    with pytest.raises(CommandError, match=rf"checkpoint up to event #{cp.up_to_seq}.*no event"):
        call_command("audit_verify")


def test_an_event_rewritten_after_the_checkpoint_is_found():
    events = make_events(10)
    cp = prune_before(events[5].created_at)
    first = Event.objects.get(seq=cp.up_to_seq + 1)
    first.prev_hash = "a" * 64
    new_hash = chain_hash(first.prev_hash, event_fields(first))
    _tamper(
        "audit_event",
        "UPDATE audit_event SET prev_hash = %s, hash = %s WHERE id = %s",
        [first.prev_hash, new_hash, first.pk],
    )
    with pytest.raises(CommandError, match=rf"#{cp.up_to_seq + 1}: does not link"):
        call_command("audit_verify")


def test_postgres_still_refuses_ad_hoc_delete_and_update(postgres):
    events = make_events(6)
    cp = prune_before(events[3].created_at)
    ev = Event.objects.order_by("seq").first()
    for statement in (
        "DELETE FROM audit_event",
        "UPDATE audit_event SET kind = 'x'",
        "DELETE FROM audit_checkpoint",
        "UPDATE audit_checkpoint SET removed_count = 1",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cur,
        ):
            cur.execute(statement)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Event.objects.filter(pk=ev.pk).delete()
    # The switch prune_before uses lets DELETE through, never UPDATE.
    with (
        pytest.raises(DatabaseError, match="UPDATE refused"),
        transaction.atomic(),
        connection.cursor() as cur,
    ):
        cur.execute("SET LOCAL portal.audit_prune = 'on'")
        cur.execute("UPDATE audit_event SET kind = 'x'")
    # And it is off again once prune_before returns, even inside the same transaction.
    with transaction.atomic():
        more = make_events(3)
        assert prune_before(more[0].created_at) is not None
        with pytest.raises(DatabaseError, match="DELETE refused"), transaction.atomic():
            Event.objects.filter(pk=more[-1].pk).delete()
    assert Event.objects.filter(pk=more[-1].pk).exists()
    assert Checkpoint.objects.filter(pk=cp.pk).exists()
    verify_ok()
