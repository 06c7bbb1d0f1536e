"""Shared fixtures: personas (a client, another client, each staff role, an outsider)."""

from __future__ import annotations

import base64
import os
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP

from audit import kinds
from portal.accounts.mfa_models import SealedTOTPDevice
from portal.accounts.models import Role, User
from portal.accounts.services import ensure_role_groups, set_roles

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"

# Event kinds that only tests record (apps declare theirs; AUDIT_STRICT_KINDS is on in tests).
kinds.register(
    {
        k: k
        for k in (
            "test.event",
            "test.secret",
            "test.clock",
            "test.after",
            "test.export",
            "test.made",
            "x.one",
            "x.two",
            "x.ipv6",
        )
    }
)
PASSWORD = "correct horse battery staple 9"
TOTP_KEY = base64.b32decode("JBSWY3DPEHPK3PXP")


def need_service(what: str, ok: bool, why: str) -> None:
    """Skip locally when a service is absent; under REQUIRE_SERVICES=1 fail instead."""
    if ok:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required (REQUIRE_SERVICES=1) but {why}")
    pytest.skip(f"{what}: {why}")


def port_open(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or default_port), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture
def postgres(db):
    need_service(
        "PostgreSQL",
        settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        "DATABASE_URL does not point at Postgres",
    )


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL", "")
    need_service("Redis", bool(url) and port_open(url, 6379), "REDIS_URL is unset or unreachable")
    return url


def totp_now(device_or_key, at: float | None = None) -> str:
    key = device_or_key if isinstance(device_or_key, bytes) else device_or_key.bin_key
    totp = TOTP(key, 30, 0, 6, 0)
    if at is not None:
        totp.time = at
    return f"{totp.token():06d}"


def make_user(email: str, *, kind=User.Kind.CLIENT, roles=(), mfa=False, **extra) -> User:
    ensure_role_groups()
    user = User.objects.create_user(
        email,
        PASSWORD,
        kind=kind,
        full_name=extra.pop("full_name", email.split("@")[0].title()),
        **extra,
    )
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    if roles:
        set_roles(user=user, roles=list(roles), by=None)
    if mfa:
        SealedTOTPDevice.create_for(user, key=TOTP_KEY, confirmed=True)
    return user


def login_verified(client, user) -> None:
    """A session that passed password and second factor."""
    client.force_login(user)
    device = SealedTOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


STAFF_PERSONAS = {
    "intake": [Role.INTAKE],
    "paralegal": [Role.PARALEGAL],
    "attorney": [Role.ATTORNEY],
    "billing": [Role.BILLING],
    "admin": [Role.ADMIN],
}


@pytest.fixture
def client_user(db):
    return make_user("alice@client.test", full_name="Alice Client")


@pytest.fixture
def other_client_user(db):
    return make_user("bob@client.test", full_name="Bob Client")


@pytest.fixture
def staff_user(db):
    """A paralegal with a confirmed authenticator."""
    return make_user("paula@firm.test", kind=User.Kind.STAFF, roles=[Role.PARALEGAL], mfa=True)


@pytest.fixture
def admin_user(db):
    return make_user("ada@firm.test", kind=User.Kind.STAFF, roles=[Role.ADMIN], mfa=True)


@pytest.fixture
def paralegal(db):
    return make_user("pablo@firm.test", kind=User.Kind.STAFF, roles=[Role.PARALEGAL], mfa=True)


@pytest.fixture
def billing(db):
    return make_user("bill@firm.test", kind=User.Kind.STAFF, roles=[Role.BILLING], mfa=True)


@pytest.fixture
def intake_user(db):
    return make_user("ivan@firm.test", kind=User.Kind.STAFF, roles=[Role.INTAKE], mfa=True)


@pytest.fixture(autouse=True)
def _clear_outboxes():
    from portal.accounts.notifications import LocmemSMSBackend

    LocmemSMSBackend.outbox.clear()
    yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request in Spanish leaves Spanish active
    in the thread (LocaleMiddleware activates, nothing deactivates), which made the next
    test on the same worker read Spanish messages."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield


def ensure_case_types() -> None:
    """The default case types, which a live-server test's flush removes for later tests."""
    from matters.defaults import CASE_TYPES
    from matters.models import CaseType

    for ct in CASE_TYPES:
        forms = ct["forms"] if isinstance(ct["forms"], str) else ", ".join(ct["forms"])
        CaseType.objects.get_or_create(
            code=ct["code"],
            defaults={
                "category": ct["category"],
                "name_en": ct["name"]["en"],
                "name_es": ct["name"]["es"],
                "forms": forms,
                "stages": ct["stages"],
                "questionnaire": ct["questionnaire"],
                "checklist": ct["checklist"],
                "task_rules": ct.get("task_rules", {}),
            },
        )
