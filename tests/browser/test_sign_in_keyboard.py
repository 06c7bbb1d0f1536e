"""Signing in with the keyboard alone, on a phone-sized screen, in both languages.

Tab goes email, password, Sign in, then the links ("Forgot your password?", the
emailed code); the reset link used to sit between the email and the password, inside
the password's help text, so Tab from the email landed on a link.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_family_case import assert_accessible, path_of
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser


def focused(page) -> str:
    """What has the keyboard focus, as a short description."""
    return page.evaluate(
        """() => {
            const e = document.activeElement;
            if (!e) { return ""; }
            if (e.name) { return e.tagName.toLowerCase() + ":" + e.name; }
            return e.tagName.toLowerCase() + ":" + e.textContent.trim();
        }"""
    )


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("en", ["Sign in", "Forgot your password?", "Email me a sign-in code"]),
        (
            "es",
            ["Iniciar sesión", "¿Olvidó su contraseña?", "Enviarme un código para iniciar sesión"],
        ),
    ],
)
def test_tab_order_is_email_password_then_links(live_server, page, axe_source, language, labels):
    base = live_server.url
    make_user("keys@client.test")
    page.goto(f"{base}/accounts/login/")
    if language == "es":
        page.select_option("#lang-select", "es")
        with page.expect_navigation():
            page.get_by_role("button", name="Change language").click()
    # From the top of the page, Tab until the email field has the focus.
    for _ in range(15):
        page.keyboard.press("Tab")
        if focused(page) == "input:login":
            break
    assert focused(page) == "input:login", focused(page)
    page.keyboard.type("keys@client.test")
    order = []
    for _ in range(4):
        page.keyboard.press("Tab")
        order.append(focused(page))
    submit_label, reset_label, code_label = labels
    assert order[0] == "input:password", order
    assert order[1] == f"button:{submit_label}", order
    assert order[2] == f"a:{reset_label}", order
    assert order[3] == f"a:{code_label}", order
    assert_accessible(page, axe_source, f"the sign-in page ({language})")

    # Back to the password with Shift+Tab, type it, and press Enter: signed in.
    for _ in range(3):
        page.keyboard.press("Shift+Tab")
    assert focused(page) == "input:password"
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert path_of(page) == "/", page.url
    expect(page.locator("main h1")).to_be_visible()
