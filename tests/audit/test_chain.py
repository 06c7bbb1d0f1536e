"""The event log: hash chain, verification command, append-only on Postgres."""

from __future__ import annotations

import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

import audit
from audit.chain import GENESIS, chain_hash, event_fields
from audit.models import Event

pytestmark = pytest.mark.django_db


def make_events(n=5, actor=None):
    return [
        audit.record("test.event", actor=actor, data={"i": i, "text": "ñandú <b>"})
        for i in range(n)
    ]


def test_each_event_links_to_the_previous(client_user):
    events = make_events(4, actor=client_user)
    assert events[0].prev_hash == GENESIS
    for prev, ev in itertools.pairwise(events):
        assert ev.prev_hash == prev.hash and ev.seq == prev.seq + 1
    for ev in Event.objects.order_by("seq"):
        assert chain_hash(ev.prev_hash, event_fields(ev)) == ev.hash
    assert events[0].actor_label == client_user.email


def test_secrets_never_reach_the_log():
    ev = audit.record("test.secret", data={"password": "hunter2", "otp_code": "123456", "ok": 1})
    assert ev.data == {"password": "[removed]", "otp_code": "[removed]", "ok": 1}


def test_verify_passes_on_an_intact_chain(capsys):
    make_events(3)
    call_command("audit_verify")
    assert "intact: 3 events" in capsys.readouterr().out


def _tamper(sql, params):
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
        cur.execute(sql, params)
        if connection.vendor == "postgresql":
            cur.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")


@pytest.mark.parametrize(
    "column,value",
    [
        ("kind", "auth.signed_in"),
        ("data", '{"i": 99, "text": "ñandú <b>"}'),
        ("actor_label", "someone@else.test"),
        ("ip", "10.9.9.9"),
        ("hash", "f" * 64),
        ("prev_hash", "0" * 64),
    ],
)
def test_tampering_with_any_column_is_found_and_named(column, value):
    make_events(5)
    target = Event.objects.get(seq=3)
    _tamper(f"UPDATE audit_event SET {column} = %s WHERE id = %s", [value, target.pk])  # noqa: S608
    with pytest.raises(CommandError, match=r"broken at event #3"):
        call_command("audit_verify")


def test_a_deleted_row_is_found():
    make_events(5)
    _tamper("DELETE FROM audit_event WHERE seq = %s", [2])
    with pytest.raises(CommandError, match=r"broken at event #3"):
        call_command("audit_verify")


def test_the_last_row_rewritten_consistently_is_found_by_its_successor():
    """Recomputing one row's hash breaks the next row's link."""
    make_events(4)
    ev = Event.objects.get(seq=2)
    ev.kind = "forged"
    new_hash = chain_hash(ev.prev_hash, event_fields(ev))
    _tamper(
        "UPDATE audit_event SET kind = %s, hash = %s WHERE id = %s", ["forged", new_hash, ev.pk]
    )
    with pytest.raises(CommandError, match=r"broken at event #3"):
        call_command("audit_verify")


def test_update_and_delete_raise_on_postgres(postgres):
    ev = make_events(1)[0]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Event.objects.filter(pk=ev.pk).update(kind="x")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Event.objects.filter(pk=ev.pk).delete()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cur,
    ):
        cur.execute("UPDATE audit_event SET data = '{}'")
    assert Event.objects.get(pk=ev.pk).kind == "test.event"


def test_times_come_from_the_database_clock_on_postgres(postgres):
    import time_machine
    from django.utils import timezone

    with time_machine.travel(timezone.now() + timezone.timedelta(days=400)):
        ev = audit.record("test.clock")
    assert abs((ev.created_at - timezone.now()).total_seconds()) < 60


def test_sign_in_and_failed_sign_in_are_recorded(client, client_user):
    from django.urls import reverse

    from tests.conftest import PASSWORD

    client.post(
        reverse("account_login"), {"login": client_user.email, "password": "wrong-password"}
    )
    client.post(reverse("account_login"), {"login": client_user.email, "password": PASSWORD})
    kinds = list(Event.objects.order_by("seq").values_list("kind", flat=True))
    assert kinds[-2:] == ["auth.sign_in_failed", "auth.signed_in"]
    failed = Event.objects.get(kind="auth.sign_in_failed")
    assert failed.data == {"email": client_user.email}
    assert "wrong-password" not in str(Event.objects.values_list("data", flat=True)[::1])
    assert failed.ip == "127.0.0.1"


@pytest.mark.parametrize(
    "remote,xff,trusted,expected",
    [
        ("203.0.113.9", "", [], "203.0.113.9"),
        ("203.0.113.9", "1.2.3.4", [], "203.0.113.9"),  # untrusted peer cannot claim an address
        ("10.0.0.2", "198.51.100.7", ["10.0.0.0/8"], "198.51.100.7"),
        ("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.3", ["10.0.0.0/8"], "198.51.100.7"),
        ("10.0.0.2", "not-an-ip", ["10.0.0.0/8"], "10.0.0.2"),
    ],
)
def test_client_ip_believes_forwarded_for_only_from_trusted_proxies(
    settings, remote, xff, trusted, expected
):
    from django.test import RequestFactory

    from audit.services import client_ip

    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=xff)
    assert client_ip(request) == expected


def test_a_long_form_ipv6_address_is_stored_as_hashed(db):
    from django.test import RequestFactory

    from audit import record
    from audit.chain import verify
    from audit.models import Event

    request = RequestFactory().get("/", REMOTE_ADDR="2001:0db8:0000:0000:0000:0000:0000:0001")
    record("x.ipv6", request=request)
    event = Event.objects.get(kind="x.ipv6")
    assert event.ip == "2001:db8::1"
    assert verify(Event.objects.order_by("seq").iterator()).ok
