"""Fixtures for the browser tests: headless Chromium through Playwright.

Playwright's own browser download is not used; the tests drive the Chromium
named by ``PLAYWRIGHT_CHROMIUM_EXECUTABLE`` (default ``/usr/bin/chromium``).
"""

from __future__ import annotations

import os
import random
import socket
from pathlib import Path

import pytest

from tests.conftest import need_service

CHROMIUM = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"
PHONE = {"width": 390, "height": 844}


def _free_port(low: int = 20000, high: int = 32000) -> int:
    """A port on 127.0.0.1 in [low, high] that is free right now.

    The OS would hand out an ephemeral port (often >= 32768); servers started
    by the tests must stay on 127.0.0.1 below 32768.
    """
    for _ in range(50):
        port = random.randint(low, high)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port between {low} and {high} on 127.0.0.1")


# pytest-django's live_server takes its address from --liveserver, else from
# DJANGO_LIVE_TEST_SERVER_ADDRESS, else "localhost" with an OS-chosen port.
# Read when the (session-scoped) fixture starts, so setting it here is enough;
# an explicit --liveserver or variable still wins.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", f"127.0.0.1:{_free_port()}")


@pytest.fixture(scope="session")
def browser():
    need_service(
        "Chromium",
        Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK),
        f"no Chromium executable at {CHROMIUM} (set PLAYWRIGHT_CHROMIUM_EXECUTABLE)",
    )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio event loop running in the main
    # thread from here to the end of the session. Django's async-safety check
    # sees that loop and refuses every ORM call made from the main thread
    # afterwards (make_user, refresh_from_db, the transactional_db flush, and
    # any later test's database setup) with SynchronousOnlyOperation. No ORM
    # call here runs inside a coroutine, so the check is a false alarm. It is
    # switched off only while Playwright runs, not merely because this file
    # was collected (e.g. under -m "not browser").
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            try:
                yield browser
            finally:
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def context(browser):
    """A fresh phone-sized browser context per test (own cookies and storage)."""
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=1, locale="en-US")
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(page, axe_source: str) -> list[dict]:
    """Inject the vendored axe-core and return its violations for the page.

    ``page.evaluate`` is not subject to the page's CSP (``script-src 'self'``),
    unlike ``page.add_script_tag``, so the CSP stays under test.
    """
    page.evaluate(axe_source)
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        node = v["nodes"][0] if v["nodes"] else {}
        lines.append(
            f"- {v['id']} [{v['impact']}] {v['help']} ({len(v['nodes'])} node(s))\n"
            f"    target: {node.get('target')}\n"
            f"    html:   {node.get('html')}\n"
            f"    why:    {node.get('failureSummary', '').replace(chr(10), ' / ')}"
        )
    return "\n".join(lines)
