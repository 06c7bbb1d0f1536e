"""Sign-in: by password or emailed code, throttled, without user enumeration."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_client_signs_in_with_an_emailed_code(client, client_user):
    response = client.post(reverse("account_request_login_code"), {"email": client_user.email})
    assert response.status_code == 302
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.M)[1]
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_staff_signing_in_by_code_still_needs_the_second_factor(client, staff_user):
    client.post(reverse("account_request_login_code"), {"email": staff_user.email})
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.M)[1]
    client.post(reverse("account_confirm_login_code"), {"code": code})
    response = client.get("/staff/")
    assert response.status_code == 302 and response.url.startswith(reverse("mfa_verify"))


def _strip_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_no_enumeration_on_sign_in_and_password_reset(client, client_user):
    known = client.post(
        reverse("account_login"), {"login": client_user.email, "password": "nope-nope-1"}
    )
    unknown = client.post(
        reverse("account_login"), {"login": "ghost@client.test", "password": "nope-nope-1"}
    )
    assert known.status_code == unknown.status_code == 200
    assert _strip_tokens(known.content.decode()).replace(client_user.email, "X") == _strip_tokens(
        unknown.content.decode()
    ).replace("ghost@client.test", "X")

    known = client.post(reverse("account_reset_password"), {"email": client_user.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "ghost@client.test"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url


def test_failed_sign_ins_are_rate_limited(client, client_user):
    for _ in range(5):
        client.post(
            reverse("account_login"), {"login": client_user.email, "password": "wrong-pass-1"}
        )
    # The per-account-and-address limit (5 failures in 5 minutes): from this address, even the
    # right password waits (tests/portal/test_sign_in_throttle.py: others still sign in).
    r = client.post(reverse("account_login"), {"login": client_user.email, "password": PASSWORD})
    assert r.status_code == 200
    assert "Too many failed login attempts" in r.content.decode()
    assert client.get("/").status_code == 302


def test_password_reset_link_uses_the_configured_site_not_the_host_header(client, client_user):
    client.post(
        reverse("account_reset_password"), {"email": client_user.email}, HTTP_HOST="evil.example"
    )
    # Unknown host: Django refuses the request before any email goes out.
    assert not any("evil.example" in m.body for m in mail.outbox)


def test_account_emails_name_the_firm_and_use_the_recipients_language(client, client_user):
    client_user.preferred_language = "es"
    client_user.save()
    client.post(reverse("account_request_login_code"), {"email": client_user.email})
    message = mail.outbox[-1]
    assert message.subject.startswith("[Demo Immigration Law]")
    # The greeting names the firm, not the host name the request came in on.
    assert "Demo Immigration Law" in message.body.splitlines()[0]
    assert "código" in message.body  # allauth's own Spanish text
