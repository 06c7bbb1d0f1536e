"""On a phone, behind the reverse proxy: a stranger's wrong passwords lock out only the stranger;
the attorney signs in from home. Then a client's read-only email page, and the mail a reset
for an unknown address sends."""

from __future__ import annotations

import pytest
from django.core import mail

from portal.accounts.models import Role, User
from tests.browser.conftest import ARTIFACTS, PHONE, describe_violations, run_axe
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser

STRANGER = "203.0.113.7"
ATTORNEY_HOME = "198.51.100.20"


def phone(browser, client_address: str, locale: str = "en-US"):
    """A phone whose requests reach the portal through the proxy, from ``client_address``."""
    ctx = browser.new_context(
        viewport=PHONE,
        locale=locale,
        extra_http_headers={"X-Forwarded-For": client_address},
    )
    ctx.set_default_timeout(10_000)
    return ctx


def try_password(page, live_server, email: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").click()


def test_a_stranger_locks_only_themselves_out(live_server, browser, settings):
    # The live server's peer is 127.0.0.1: here it stands for the documented proxy.
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    attorney = make_user("atticus@firm.test", kind=User.Kind.STAFF, roles=[Role.ATTORNEY], mfa=True)
    ARTIFACTS.mkdir(exist_ok=True)

    stranger = phone(browser, STRANGER, locale="es-ES")
    page = stranger.new_page()
    for _ in range(12):
        try_password(page, live_server, attorney.email, "not-the-password-1")
    try_password(page, live_server, attorney.email, PASSWORD)
    assert "/accounts/login/" in page.url
    body = page.locator("main").inner_text()
    assert "Demasiados intentos" in body, body
    page.screenshot(path=str(ARTIFACTS / "sign-in-locked-stranger-es.png"), full_page=True)
    stranger.close()

    home = phone(browser, ATTORNEY_HOME)
    page = home.new_page()
    try_password(page, live_server, attorney.email, PASSWORD)
    # Past the password: staff go on to their second factor.
    assert "/accounts/mfa/verify/" in page.url, page.url
    page.screenshot(path=str(ARTIFACTS / "sign-in-attorney-after-lock.png"), full_page=True)
    home.close()


def test_the_email_page_is_read_only_and_a_reset_for_a_stranger_says_whom_to_ask(
    live_server, page, axe_source, settings
):
    settings.SUPPORT_EMAIL = "help@firm.example"
    make_user("client@demo.test", full_name="Maria Client")
    try_password(page, live_server, "client@demo.test", PASSWORD)
    page.goto(f"{live_server.url}/accounts/security/")
    with page.expect_navigation():
        page.get_by_role("link", name="Email address").click()
    main = page.locator("main")
    assert "client@demo.test" in main.inner_text()
    assert "help@firm.example" in main.inner_text()
    assert main.locator("form, input").count() == 0
    violations = [v for v in run_axe(page, axe_source) if v["impact"] in {"serious", "critical"}]
    assert not violations, describe_violations(violations)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "email-read-only.png"), full_page=True)

    page.goto(f"{live_server.url}/accounts/logout/")
    page.locator("main form [type=submit]").click()
    page.goto(f"{live_server.url}/accounts/password/reset/")
    page.fill("input[name=email]", "someone.else@client.test")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    assert "/accounts/password/reset/done/" in page.url
    (message,) = [m for m in mail.outbox if m.to == ["someone.else@client.test"]]
    assert "help@firm.example" in message.body and "signup" not in message.body
    (ARTIFACTS / "unknown-account-mail.txt").write_text(
        f"Subject: {message.subject}\n\n{message.body}", encoding="utf-8"
    )
