"""A client signs in, lands on their home page and switches to Spanish, on a phone."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS, describe_violations, run_axe
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser

BLOCKING_IMPACTS = {"serious", "critical"}


def sign_in(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").click()


def test_client_home_in_spanish_is_accessible(live_server, page, context, axe_source):
    user = make_user("client@demo.test", full_name="Maria Client")

    sign_in(page, live_server, "client@demo.test")
    assert page.url == f"{live_server.url}/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Welcome, Maria"

    page.select_option("#lang-select", "es")
    with page.expect_navigation():
        page.locator("form.lang-switch button[type=submit]").click()
    page.wait_for_load_state("load")

    assert page.url == f"{live_server.url}/"
    assert page.locator("html").get_attribute("lang") == "es"
    user.refresh_from_db()
    assert user.preferred_language == "es"
    assert page.locator("h1").inner_text() == "Bienvenido/a, Maria"
    assert page.locator("form.lang-switch button[type=submit]").inner_text() == "Cambiar idioma"

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "client-home-es.png"), full_page=True)

    cookies = {c["name"]: c for c in context.cookies()}
    session = cookies["sessionid"]
    assert session["httpOnly"] is True
    assert session["secure"] is True
    assert session["sameSite"] == "Lax"
    assert cookies["csrftoken"]["secure"] is True

    violations = run_axe(page, axe_source)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if violations:
        print("axe violations on the client home (es):\n" + describe_violations(violations))
    assert not blocking, "axe found serious/critical violations:\n" + describe_violations(blocking)


def test_skip_link_is_first_and_moves_focus_to_main(live_server, page):
    page.goto(f"{live_server.url}/accounts/login/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('a.skip-link')")
    assert page.locator("a.skip-link").is_visible()  # shown while focused

    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.matches('main#main')")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.url.endswith("#main")
