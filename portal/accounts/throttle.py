"""Failed sign-ins, counted so that a stranger cannot lock an account out.

allauth limits failures per client address (``ACCOUNT_RATE_LIMITS["login_failed"]``). Its
per-account limit counts failures from anyone, so whoever knows a staff email could keep that
account locked with five wrong passwords every five minutes. Here failures are counted twice:

- per account and address: the address that keeps failing waits (``SIGN_IN_FAILURES_PER_ADDRESS``
  in ``SIGN_IN_ADDRESS_WINDOW_MINUTES``); the account's owner, elsewhere, still signs in;
- per account alone, with a much higher ceiling (``SIGN_IN_FAILURES_PER_ACCOUNT`` in
  ``SIGN_IN_ACCOUNT_WINDOW_MINUTES``): a guess spread over many addresses still stops, and the
  account being under attack is recorded (``auth.account_under_attack``) for the alerts.

Addresses come from ``audit.services.client_ip``, the resolver the audit log uses, so behind
the documented reverse proxy (``TRUSTED_PROXIES``) each client counts as itself.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

from audit import record
from audit.services import client_ip

ACCOUNT_ADDRESS = "account_address"
ACCOUNT = "account"


def _key(scope: str, email: str, ip: str | None = None) -> str:
    # Hashed: cache keys must not carry email addresses into Redis or files.
    ident = hashlib.sha256(f"{email.strip().lower()}|{ip or ''}".encode()).hexdigest()
    return f"portal:signin:{scope}:{ident}"


def _limits(request, email: str) -> list[tuple[str, str, int, int]]:
    ip = client_ip(request) or "unknown"
    return [
        (
            ACCOUNT_ADDRESS,
            _key(ACCOUNT_ADDRESS, email, ip),
            settings.SIGN_IN_FAILURES_PER_ADDRESS,
            settings.SIGN_IN_ADDRESS_WINDOW_MINUTES * 60,
        ),
        (
            ACCOUNT,
            _key(ACCOUNT, email),
            settings.SIGN_IN_FAILURES_PER_ACCOUNT,
            settings.SIGN_IN_ACCOUNT_WINDOW_MINUTES * 60,
        ),
    ]


def refused(request, email: str) -> str | None:
    """The limit this sign-in attempt is over (``"account_address"``, ``"account"``), if any."""
    if not email:
        return None
    for scope, key, limit, _window in _limits(request, email):
        if (cache.get(key) or 0) >= limit:
            return scope
    return None


def failed(request, email: str) -> None:
    """Count one failure; the first time the account's own ceiling is reached, record it."""
    if not email:
        return
    for scope, key, limit, window in _limits(request, email):
        # The window starts at the first failure; add() is a no-op when the key exists.
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=window)
            count = 1
        if scope == ACCOUNT and count == limit:
            record(
                "auth.account_under_attack",
                request=request,
                data={"email": email.strip().lower()[:254], "failures": count},
            )
