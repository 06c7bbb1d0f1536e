"""A family-based case end to end, in two browsers.

Staff open an I-130 and invite the client (desktop); the client opens the
account from the emailed link, answers the questionnaire on a phone, says
"married", gets the spouse section and the marriage-certificate request, leaves
half-way, signs back in and finds the answers; staff then see the intake and the
checklist on the matter page.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from playwright.sync_api import expect

from matters import defaults
from matters.demo import fill_section
from matters.models import Matter
from portal.accounts.models import Role, User
from tests.browser.conftest import ARTIFACTS, describe_violations, run_axe
from tests.conftest import PASSWORD, TOTP_KEY, make_user, totp_now

pytestmark = pytest.mark.browser

BLOCKING_IMPACTS = {"serious", "critical"}
DESKTOP = {"width": 1280, "height": 900}

CLIENT_EMAIL = "maria.garcia@client.test"
CLIENT_NAME = "María García"
CLIENT_PASSWORD = "a sunny balcony in Oaxaca 42"

I130 = defaults.case_type("i130")
TITLES = {s["key"]: s["title"] for s in I130["questionnaire"]["sections"]}
DOCS = {d["key"]: d["title"] for d in I130["checklist"]}
MARITAL_STATUS = next(
    q
    for s in I130["questionnaire"]["sections"]
    for q in s["questions"]
    if q["key"] == "marital_status"
)
MARRIED = next(c["label"] for c in MARITAL_STATUS["choices"] if c["value"] == "married")
BENEFICIARY_SECTIONS_BEFORE_SPOUSE = [
    "beneficiary_about",
    "beneficiary_addresses",
    "beneficiary_immigration",
    "marital_history",
]
# What the client types in the spouse section before leaving (the rest stays empty).
SPOUSE = {
    "q-spouse_family_name": "Rivera Núñez",
    "q-spouse_given_name": "José Luis",
    "q-spouse_date_of_birth": "1987-11-03",
    "q-spouse_country_of_birth": "MX",
}


def restore_default_case_types() -> None:
    """Run the data migration that loads the default case types again.

    A live_server test runs in a transactional database that is emptied after
    each test, so an earlier one (test_client_home) took the migrated rows away.
    (``serialized_rollback`` cannot restore them: the flush after a test without
    it recreates the content types, and the restore then collides with them.)
    This is the migration's own function with historical models (no custom
    ``save``), so it stays what ``migrate`` does; it skips case types that exist.
    """
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection)
    migration = loader.get_migration("matters", "0002_default_case_types")
    state = loader.project_state()  # the models as the latest migrations leave them
    for operation in migration.operations:
        operation.code(state.apps, None)


def submit(page, button) -> None:
    """Click a submit button and wait for the page it leads to."""
    with page.expect_navigation():
        button.click()
    page.wait_for_load_state("load")


def path_of(page) -> str:
    return urlparse(page.url).path


def sign_in(page, base_url: str, email: str, password: str) -> None:
    if not path_of(page).startswith("/accounts/login/"):
        page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    submit(page, page.locator("main form:has(input[name=password]) [type=submit]"))


def assert_accessible(page, axe_source: str, where: str) -> None:
    violations = run_axe(page, axe_source)
    if violations:
        print(f"axe violations on {where}:\n" + describe_violations(violations))
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe found serious/critical violations on {where}:\n" + (
        describe_violations(blocking)
    )


def assert_fits_phone(page, where: str) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{where} scrolls sideways on a phone ({overflow}px too wide)"


def fill_fields(form, data: dict[str, str]) -> list[str]:
    """Type ``data`` (a POST dict, as ``fill_section`` builds it) into the form.

    Fields hidden by a show_if condition are skipped; the questions are in
    schema order, so each condition is settled before the fields it governs.
    Returns the names that were filled.
    """
    filled = []
    for name, value in data.items():
        fields = form.locator(f'[name="{name}"]')
        assert fields.count(), f"no field named {name} on the page"
        first = fields.first
        if not first.is_visible():
            continue
        kind = first.evaluate("e => e.type || e.tagName.toLowerCase()")
        if kind == "radio":
            form.locator(f'[name="{name}"][value="{value}"]').check()
        elif kind.startswith("select"):
            first.select_option(value)
        else:
            first.fill(value)
        filled.append(name)
    return filled


def settle_autosave(page) -> None:
    """intake.js saves a draft 800 ms after the last change; wait for that save
    to finish, so that no autosave races the form's own post.

    (The reply's body is not read here: intake.js never reads it, and Chromium
    then does not hand it to Playwright.)
    """
    page.evaluate("document.activeElement && document.activeElement.blur()")
    with page.expect_request(
        lambda r: r.method == "POST" and r.headers.get("x-autosave") == "1"
    ) as request_info:
        page.locator("form.intake").dispatch_event("change")
    response = request_info.value.response()
    assert response is not None and response.status == 200, response and response.status
    status = page.locator("form.intake .autosave-status")
    expect(status).to_have_text(page.locator("form.intake").get_attribute("data-saved-text"))


def test_family_case_end_to_end(live_server, browser, page, axe_source):
    base = live_server.url
    restore_default_case_types()
    mail.outbox.clear()
    ARTIFACTS.mkdir(exist_ok=True)
    make_user("paula@firm.test", kind=User.Kind.STAFF, roles=[Role.PARALEGAL], mfa=True)
    attorney = make_user(
        "alicia@firm.test",
        kind=User.Kind.STAFF,
        roles=[Role.ATTORNEY],
        mfa=True,
        full_name="Alicia Attorney",
    )

    staff_ctx = browser.new_context(viewport=DESKTOP, device_scale_factor=1, locale="en-US")
    staff_ctx.set_default_timeout(10_000)
    try:
        staff = staff_ctx.new_page()

        # 1. The paralegal signs in with password and authenticator code ------------------
        sign_in(staff, base, "paula@firm.test", PASSWORD)
        assert path_of(staff) == "/accounts/mfa/verify/"
        staff.fill("input[name=code]", totp_now(TOTP_KEY))
        submit(staff, staff.locator("main form [type=submit]"))
        assert path_of(staff) == "/staff/"

        # ... and opens the matter from the workspace.
        submit(staff, staff.locator("main a[href='/staff/matters/new/']"))
        assert path_of(staff) == "/staff/matters/new/"
        form = staff.locator("main form")
        i130_options = [
            (o.get_attribute("value"), o.inner_text())
            for o in form.locator("select[name=case_type] option").all()
            if "I-130" in o.inner_text()
        ]
        assert len(i130_options) == 1, i130_options
        form.locator("select[name=case_type]").select_option(i130_options[0][0])
        form.locator("input[name=client_name]").fill(CLIENT_NAME)
        form.locator("input[name=client_email]").fill(CLIENT_EMAIL)
        form.locator("select[name=role]").select_option("beneficiary")
        form.locator("select[name=language]").select_option("es")
        form.locator("select[name=attorney]").select_option(str(attorney.pk))
        submit(staff, form.locator("button[type=submit]"))

        match = re.fullmatch(r"/staff/matters/([0-9a-f-]{36})/", path_of(staff))
        assert match, staff.url
        matter_uuid = match.group(1)
        matter_url = staff.url
        expect(staff.locator("main .messages")).to_contain_text(CLIENT_EMAIL)
        expect(staff.locator("h1")).to_contain_text(CLIENT_NAME)
        expect(staff.locator("main")).to_contain_text("no account yet")
        staff_checklist = staff.locator("section[aria-labelledby=checklist-heading]")
        expect(staff_checklist.locator("li.req").first).to_be_visible()
        expect(staff_checklist).to_contain_text(DOCS["passport"]["en"])
        expect(staff_checklist).not_to_contain_text(DOCS["marriage_certificate"]["en"])

        # 2. The invitation went out after the commit ---------------------------------------
        invitations = [m for m in mail.outbox if CLIENT_EMAIL in m.to]
        assert len(invitations) == 1, [(m.to, m.subject) for m in mail.outbox]
        found = re.search(r"https?://[^/\s]+(/invite/es/[^\s\"'<>]+)", invitations[0].body)
        assert found, invitations[0].body
        invite_path = found.group(1)

        # 3. The client opens the account on a phone -----------------------------------------
        page.goto(f"{base}{invite_path}")
        assert page.locator("html").get_attribute("lang") == "es"
        accept = page.locator("main form")
        expect(accept.locator("input[name=full_name]")).to_have_value(CLIENT_NAME)
        accept.locator("input[name=password1]").fill(CLIENT_PASSWORD)
        accept.locator("input[name=password2]").fill(CLIENT_PASSWORD)
        submit(page, accept.locator("button[type=submit]"))
        assert path_of(page) == "/"
        expect(page.locator("h1")).to_contain_text("María")
        case_link = page.locator(f"main h2 a[href='/matters/{matter_uuid}/']")
        expect(case_link).to_have_text(I130["name"]["es"])

        submit(page, case_link)
        assert path_of(page) == f"/matters/{matter_uuid}/"
        docs = page.locator("section[aria-labelledby=docs-heading]")
        expect(docs).to_contain_text(DOCS["passport"]["es"])
        expect(docs).not_to_contain_text(DOCS["marriage_certificate"]["es"])
        submit(page, page.locator(f"main a.button[href='/matters/{matter_uuid}/intake/']"))

        sections = {
            s["key"]: s for s in Matter.objects.get(uuid=matter_uuid).questionnaire["sections"]
        }
        for key in BENEFICIARY_SECTIONS_BEFORE_SPOUSE:
            assert path_of(page) == f"/matters/{matter_uuid}/intake/{key}/", (key, page.url)
            expect(page.locator("h1")).to_have_text(TITLES[key]["es"])
            form = page.locator("form.intake")
            if key == "marital_history":
                # Nothing chosen yet: the follow-up question waits for an answer.
                times = form.locator(".q-wrap", has=page.locator("[name=q-times_married]"))
                expect(times).to_be_hidden()
                form.locator("input[name=q-marital_status][value=married]").check()
                expect(times).to_be_visible()
                expect(
                    form.locator(".q-wrap", has=page.locator("[name=q-marriage_end_date]"))
                ).to_be_hidden()
            data = fill_section(sections[key], {"marital_status": "married"})
            filled = fill_fields(form, data)
            assert filled, key
            if key == "marital_history":
                assert "q-times_married" in filled
                expect(form.locator("input[name=q-marital_status][value=married]")).to_be_checked()
            settle_autosave(page)
            submit(page, form.locator("button[name=continue]"))

        # "Married" brought the spouse section, right after the marital history.
        spouse_url = f"{base}/matters/{matter_uuid}/intake/spouse/"
        assert page.url == spouse_url
        expect(page.locator("h1")).to_have_text(TITLES["spouse"]["es"])
        assert_fits_phone(page, "the spouse section")
        form = page.locator("form.intake")
        # The client leaves half-way: only the button saves from here, no autosave,
        # so that the "finish later" post is what keeps the answers.
        page.route(
            "**/intake/spouse/",
            lambda route: (
                route.abort()
                if route.request.headers.get("x-autosave") == "1"
                else route.continue_()
            ),
        )
        assert fill_fields(form, SPOUSE) == list(SPOUSE)
        form.locator("input[name=q-spouse_lives_with_you][value=yes]").check()
        expect(
            form.locator(".q-wrap", has=page.locator("[name=q-spouse_address-street]"))
        ).to_be_hidden()
        page.screenshot(path=str(ARTIFACTS / "family-intake-spouse.png"), full_page=True)
        assert_accessible(page, axe_source, "the client's spouse section (es)")
        submit(page, form.locator("button[name=save_draft]"))
        page.unroute("**/intake/spouse/")

        assert path_of(page) == f"/matters/{matter_uuid}/"
        expect(page.locator("main .messages .success")).to_be_visible()
        docs = page.locator("section[aria-labelledby=docs-heading]")
        expect(docs).to_contain_text(DOCS["marriage_certificate"]["es"])
        expect(page.locator("ul.needed")).to_contain_text(DOCS["marriage_certificate"]["es"])
        expect(
            page.locator(f"ol.sections a[href='/matters/{matter_uuid}/intake/spouse/']")
        ).to_have_text(TITLES["spouse"]["es"])

        # 4. Sign out; the spouse section now asks for a sign-in, then shows the answers ------
        submit(page, page.locator("header form[action='/accounts/logout/'] button[type=submit]"))
        page.goto(spouse_url)
        assert path_of(page) == "/accounts/login/"
        sign_in(page, base, CLIENT_EMAIL, CLIENT_PASSWORD)
        assert page.url == spouse_url
        form = page.locator("form.intake")
        for name, value in SPOUSE.items():
            expect(form.locator(f'[name="{name}"]')).to_have_value(value)
        expect(form.locator("input[name=q-spouse_lives_with_you][value=yes]")).to_be_checked()
        expect(form.locator("input[name=q-marriage_place]")).to_have_value("")
        page.goto(f"{base}/matters/{matter_uuid}/intake/marital_history/")
        expect(page.locator("input[name=q-marital_status][value=married]")).to_be_checked()

        # 5. Staff see the answers and the new checklist item ---------------------------------
        staff.goto(matter_url)
        assert staff.url == matter_url
        expect(staff.locator("main")).not_to_contain_text("no account yet")
        answers = staff.locator("section[aria-labelledby=intake-heading]")

        def answer(label: str):
            return answers.locator("dl.answers > div", has=staff.locator("dt", has_text=label))

        expect(answer(MARITAL_STATUS["label"]["en"]).locator("dd")).to_have_text(MARRIED["en"])
        expect(answer("Your spouse's family name").locator("dd")).to_have_text(
            SPOUSE["q-spouse_family_name"]
        )
        expect(answer("Your spouse's given name").locator("dd")).to_have_text(
            SPOUSE["q-spouse_given_name"]
        )
        expect(answers.locator("h3", has_text=TITLES["spouse"]["en"])).to_contain_text("Incomplete")
        staff_checklist = staff.locator("section[aria-labelledby=checklist-heading]")
        expect(staff_checklist).to_contain_text(DOCS["marriage_certificate"]["en"])
        staff.screenshot(path=str(ARTIFACTS / "family-staff-matter.png"), full_page=True)
        assert_accessible(staff, axe_source, "the staff matter page")
    finally:
        staff_ctx.close()
