"""Sessions: rotation, staff idle and absolute limits, server-side sign-out."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import Event
from tests.conftest import PASSWORD, TOTP_KEY, totp_now

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def full_staff_sign_in(client, user, at):
    with time_machine.travel(at, tick=False):
        sign_in(client, user)
        response = client.post(
            reverse("mfa_verify"),
            {"code": totp_now(TOTP_KEY, at=at.timestamp()), "next": "/staff/"},
        )
        assert response.status_code == 302, response.content[:500]


def test_session_id_rotates_at_sign_in(client, client_user):
    client.get(reverse("account_login"))
    client.session.save()
    before = client.cookies["sessionid"].value
    sign_in(client, client_user)
    assert client.cookies["sessionid"].value != before


def test_staff_session_expires_after_30_minutes_idle(client, staff_user):
    t0 = timezone.now()
    full_staff_sign_in(client, staff_user, t0)
    with time_machine.travel(t0 + timedelta(minutes=29), tick=False):
        assert client.get("/staff/").status_code == 200
    with time_machine.travel(t0 + timedelta(minutes=58), tick=False):
        assert client.get("/staff/").status_code == 200  # active 29 minutes ago
    with time_machine.travel(t0 + timedelta(minutes=89), tick=False):
        response = client.get("/staff/")
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert Event.objects.filter(kind="auth.session_expired").exists()


def test_staff_session_ends_after_12_hours_even_when_active(client, staff_user):
    t0 = timezone.now()
    full_staff_sign_in(client, staff_user, t0)
    for minutes in range(20, 12 * 60, 20):
        with time_machine.travel(t0 + timedelta(minutes=minutes), tick=False):
            assert client.get("/staff/").status_code == 200
    with time_machine.travel(t0 + timedelta(hours=12, minutes=1), tick=False):
        response = client.get("/staff/")
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_sign_out_ends_the_session_on_the_server(client, client_user):
    sign_in(client, client_user)
    old_cookie = client.cookies["sessionid"].value
    assert client.get("/").status_code == 200
    client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=old_cookie).exists()
    replay = Client()
    replay.cookies["sessionid"] = old_cookie
    assert replay.get("/").status_code == 302


def test_disabling_an_account_ends_its_sessions(client, client_user):
    sign_in(client, client_user)
    assert client.get("/").status_code == 200
    client_user.is_active = False
    client_user.save()
    assert client.get("/").status_code == 302


def test_email_is_case_insensitively_unique(client_user):
    from django.db import IntegrityError, transaction

    from portal.accounts.models import User

    # bulk_create skips save()'s lower-casing: the database constraint still refuses.
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="ALICE@client.test")])
    # Signing in ignores case.
    c = Client()
    sign_in(c, type("U", (), {"email": "ALICE@Client.TEST"}))
    assert c.get("/").status_code == 200
