"""Invitations: signed, single use, expiring; bad links change nothing and say why."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from audit.models import Event
from portal.accounts.models import Invitation, User

pytestmark = pytest.mark.django_db


def send(client, intake_user, language="es", email="carla@client.test"):
    from django.test import TestCase

    from tests.conftest import login_verified

    login_verified(client, intake_user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("staff:invitations"),
            {"full_name": "Carla Cliente", "email": email, "language": language},
        )
    assert response.status_code == 302
    client.logout()
    message = mail.outbox[-1]
    url = re.search(r"http://testserver(/invite/\S+)", message.body)[1]
    return message, url


def snapshot():
    return (
        list(Invitation.objects.values_list("status", "accepted_at", "accepted_user")),
        User.objects.count(),
    )


def test_invitation_email_and_page_in_inviters_language(client, intake_user):
    message, url = send(client, intake_user)
    assert message.to == ["carla@client.test"]
    assert "portal de clientes" in message.subject
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    page = client.get(url)
    assert page.status_code == 200
    assert '<html lang="es">' in page.content.decode()
    assert "Abra su cuenta" in page.content.decode()
    assert Event.objects.filter(kind="invitation.sent").count() == 1


def test_accepting_opens_account_signs_in_and_records(client, intake_user):
    _message, url = send(client, intake_user)
    response = client.post(
        url,
        {
            "full_name": "Carla Cliente",
            "password1": "un caballo verde 2026",
            "password2": "un caballo verde 2026",
            "role": "Admin",
            "kind": "staff",
            "is_superuser": "1",
        },
    )
    assert response.status_code == 302 and response.url == reverse("home")
    user = User.objects.get(email="carla@client.test")
    # Extra fields are ignored: no mass assignment.
    assert user.kind == User.Kind.CLIENT and not user.is_superuser and not user.roles
    assert user.preferred_language == "es"
    assert user.emailaddress_set.get().verified
    assert client.get(reverse("home")).status_code == 200
    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.Status.ACCEPTED and invitation.accepted_user == user
    assert Event.objects.filter(kind="invitation.accepted").count() == 1


def test_reused_link_changes_nothing_and_says_why_in_spanish(client, intake_user):
    _message, url = send(client, intake_user)
    data = {
        "full_name": "C",
        "password1": "un caballo verde 2026",
        "password2": "un caballo verde 2026",
    }
    client.post(url, data)
    client.logout()
    before = snapshot()
    for method in (client.get, lambda u: client.post(u, data)):
        response = method(url)
        assert response.status_code == 410
        body = response.content.decode()
        assert 'data-reason="used"' in body
        assert "ya se usó" in body
        assert '<html lang="es">' in body
    assert snapshot() == before


def test_expired_link_changes_nothing_and_says_why(client, intake_user):
    _message, url = send(client, intake_user)
    before = snapshot()
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        data = {
            "full_name": "C",
            "password1": "un caballo verde 2026",
            "password2": "un caballo verde 2026",
        }
        response = client.post(url, data)
    assert response.status_code == 410
    assert 'data-reason="expired"' in response.content.decode()
    assert "venció" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("mutate", ["flip_signature", "flip_payload", "truncate", "garbage"])
def test_tampered_link_changes_nothing_and_says_why(client, intake_user, mutate):
    _message, url = send(client, intake_user)
    prefix, token = url.rstrip("/").rsplit("/", 1)
    if mutate == "flip_signature":
        token = token[:-1] + ("A" if token[-1] != "A" else "B")
    elif mutate == "flip_payload":
        token = ("x" if token[0] != "x" else "y") + token[1:]
    elif mutate == "truncate":
        token = token[:-10]
    else:
        token = "not-a-token"
    before = snapshot()
    data = {
        "full_name": "C",
        "password1": "un caballo verde 2026",
        "password2": "un caballo verde 2026",
    }
    response = client.post(f"{prefix}/{token}/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-reason="invalid"' in body and "no es válido" in body
    assert snapshot() == before


def test_a_newer_invitation_replaces_the_older_link(client, intake_user):
    _m1, first = send(client, intake_user, language="en")
    _m2, second = send(client, intake_user, language="en")
    response = client.get(first)
    assert response.status_code == 410 and 'data-reason="replaced"' in response.content.decode()
    assert "replaced by a newer one" in response.content.decode()
    assert client.get(second).status_code == 200


def test_weak_password_gets_a_clear_message_and_nothing_is_created(client, intake_user):
    _message, url = send(client, intake_user, language="en")
    before = snapshot()
    response = client.post(url, {"full_name": "C", "password1": "12345", "password2": "12345"})
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    assert snapshot() == before


def test_billing_cannot_invite(client, db):
    from tests.conftest import login_verified, make_user

    billing = make_user("bill@firm.test", kind=User.Kind.STAFF, roles=["Billing"], mfa=True)
    login_verified(client, billing)
    response = client.post(
        reverse("staff:invitations"),
        {"full_name": "X", "email": "x@client.test", "language": "en"},
    )
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_open_redirect_is_refused_by_the_language_switch(client):
    response = client.post(
        reverse("set_language"), {"language": "es", "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and not response.url.startswith("https://evil")


def test_twenty_concurrent_accepts_open_one_account(intake_user, transactional_db):
    """A link used twice at once: the conditional update lets exactly one through."""
    import threading

    from django.db import connection

    from portal.accounts import services
    from tests.conftest import need_service

    need_service("PostgreSQL", connection.vendor == "postgresql", "concurrent writers need it")
    from django.test import Client

    client = Client()
    _message, url = send(client, intake_user)
    token = url.rstrip("/").rsplit("/", 1)[1]
    results = []

    def accept():
        from django.db import connections

        try:
            services.accept_invitation(token=token, full_name="C", password="un caballo verde 2026")
            results.append("ok")
        except services.InvitationError as exc:
            results.append(exc.reason)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1, results
    assert User.objects.filter(email="carla@client.test").count() == 1
