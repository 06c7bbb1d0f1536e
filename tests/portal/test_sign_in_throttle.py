"""Sign-in limits behind the documented reverse proxy, and lock-out by a stranger.

The proxy (in TRUSTED_PROXIES) connects from one address and names the client in
X-Forwarded-For. Every limit, allauth's and the portal's, keys on that client address through
the resolver the audit log uses; failures lock the address that makes them, not the account's
owner elsewhere, until a much higher per-account ceiling is reached, which is recorded.
"""

from __future__ import annotations

import pytest
from allauth.account.adapter import get_adapter
from django.test import Client, RequestFactory
from django.urls import reverse

from audit.models import Event
from audit.services import client_ip
from portal.accounts.models import Role, User
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.7"
ATTORNEY_HOME = "198.51.100.20"


@pytest.fixture(autouse=True)
def behind_the_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]


@pytest.fixture
def attorney(db):
    return make_user("atticus@firm.test", kind=User.Kind.STAFF, roles=[Role.ATTORNEY], mfa=True)


def sign_in(email: str, password: str, *, client_address: str, remote: str = PROXY):
    """One sign-in through the proxy, from ``client_address``."""
    return Client(REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=client_address).post(
        reverse("account_login"), {"login": email, "password": password}
    )


def signed_in(response) -> bool:
    # Staff go on to their second factor: a redirect, never the form again.
    return response.status_code == 302


def refused(response) -> bool:
    return response.status_code == 200 and "Too many failed login attempts" in (
        response.content.decode()
    )


def test_a_stranger_cannot_lock_the_attorney_out(attorney):
    for _ in range(12):
        sign_in(attorney.email, "wrong-password-1", client_address=ATTACKER)
    assert refused(sign_in(attorney.email, PASSWORD, client_address=ATTACKER))
    assert signed_in(sign_in(attorney.email, PASSWORD, client_address=ATTORNEY_HOME))


def test_one_client_failing_does_not_lock_out_everyone_behind_the_proxy(attorney, client_user):
    for i in range(12):
        sign_in(f"nobody{i}@client.test", "wrong-password-1", client_address=ATTACKER)
    assert refused(sign_in(client_user.email, PASSWORD, client_address=ATTACKER))
    assert signed_in(sign_in(client_user.email, PASSWORD, client_address="192.0.2.44"))
    assert signed_in(sign_in(attorney.email, PASSWORD, client_address=ATTORNEY_HOME))


def test_forged_forwarding_headers_from_outside_the_proxy_change_nothing(attorney):
    outsider = "192.0.2.99"  # not a trusted proxy: its X-Forwarded-For is not believed
    for i in range(6):
        sign_in(attorney.email, "wrong-password-1", client_address=f"198.18.0.{i}", remote=outsider)
    response = sign_in(attorney.email, PASSWORD, client_address=ATTORNEY_HOME, remote=outsider)
    assert refused(response)


def test_an_attack_from_many_addresses_hits_the_account_ceiling_and_is_recorded(attorney, settings):
    settings.SIGN_IN_FAILURES_PER_ACCOUNT = 8
    for i in range(8):
        sign_in(attorney.email, "wrong-password-1", client_address=f"203.0.113.{10 + i}")
    assert refused(sign_in(attorney.email, PASSWORD, client_address=ATTORNEY_HOME))
    alerts = Event.objects.filter(kind="auth.account_under_attack")
    assert alerts.count() == 1
    assert alerts.get().data["email"] == attorney.email
    # More failures do not repeat the alert.
    sign_in(attorney.email, "wrong-password-1", client_address="203.0.113.99")
    assert alerts.count() == 1


def test_an_unknown_address_is_throttled_like_a_known_one(attorney):
    """No user enumeration: the same limits, the same answers."""
    for _ in range(6):
        sign_in("ghost@firm.test", "wrong-password-1", client_address=ATTACKER)
    assert refused(sign_in("ghost@firm.test", "wrong-password-1", client_address=ATTACKER))
    assert not Event.objects.filter(kind="auth.account_under_attack").exists()


def test_allauth_and_the_audit_log_share_one_client_address():
    request = RequestFactory().post(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{ATTACKER}, {PROXY}"
    )
    assert get_adapter(request).get_client_ip(request) == client_ip(request) == ATTACKER


def test_failed_sign_ins_are_audited_with_the_client_address(attorney):
    sign_in(attorney.email, "wrong-password-1", client_address=ATTACKER)
    event = Event.objects.filter(kind="auth.sign_in_failed").latest("seq")
    assert event.ip == ATTACKER
