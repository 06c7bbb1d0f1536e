"""Production settings: `check --deploy` clean; security headers on every response."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k7#Qz!x9VbW2$mN4pL8rT6yU1iO3aS5dF7gH9jK0lZ2xC4vB6nM8qW1eR3tY5uI7",
    "ALLOWED_HOSTS": "portal.firm.example",
    "SITE_URL": "https://portal.firm.example",
    "PORTAL_KEYS": "prod1:" + "C" * 43,
    "EMAIL_URL": "smtp+tls://mailer:secret@mail.firm.example:587",
}
TEST_ONLY = {
    "SECURE_SSL_REDIRECT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "SESSION_COOKIE_SECURE",
    "STATIC_MANIFEST",
    "EMAIL_URL",
    "SMS_BACKEND",
    "SITE_URL",
    "ALLOWED_HOSTS",
    "SECRET_KEY",
    "PORTAL_KEYS",
    "DEBUG",
}


def production_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    env.update(PRODUCTION_ENV, PORTAL_VAR_DIR=str(tmp_path))
    return env


def test_check_deploy_prints_no_warning(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output.upper().replace("WARNINGS:", "")


def test_production_refuses_to_start_without_secrets(tmp_path):
    env = production_env(tmp_path)
    del env["PORTAL_KEYS"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "PORTAL_KEYS must be set" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/does-not-exist/", "/healthz"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path, secure=True)
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert "script-src 'self'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=(self)" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_the_only_csrf_exempt_views_are_known():
    """No view quietly turns CSRF off (the Stripe webhook will be the one exception)."""
    from django.urls import get_resolver

    from tests.portal.test_access_matrix import walk  # noqa: F401

    exempt = []

    def visit(patterns, prefix=""):
        from django.urls import URLPattern, URLResolver

        for p in patterns:
            if isinstance(p, URLResolver):
                visit(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and getattr(p.callback, "csrf_exempt", False):
                exempt.append(prefix + str(p.pattern))

    visit(get_resolver().url_patterns)
    # The upload views swap in the encrypting handler before the body is read, then
    # check the token themselves (csrf_protect); the test below proves they do.
    # The Stripe webhook has no session: Stripe's signature is its check.
    assert sorted(exempt) == [
        "billing/stripe/webhook/",
        "matters/<uuid:matter_uuid>/requests/<uuid:request_uuid>/upload/",
        "u/<str:token>/",
    ]


@pytest.mark.django_db
def test_upload_views_still_enforce_csrf(client_user):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(client_user)
    url = "/matters/00000000-0000-0000-0000-000000000000/requests/00000000-0000-0000-0000-000000000000/upload/"
    assert strict.post(url, {"file": "x"}).status_code == 403
    assert strict.post("/u/some-token/", {"file": "x"}).status_code == 403


@pytest.mark.django_db
def test_csrf_is_enforced_on_sign_in():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("account_login"), {"login": "a@b.test", "password": "x"})
    assert response.status_code == 403
