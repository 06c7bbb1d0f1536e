"""Staff journeys on the matter pages, at desk and on a phone.

Intake opens a matter for José García-Núñez and invites him, finds him again by typing
"nunez" (no accents, no capitals), and resends the invitation when he says the first
email never came: the old link then says it was replaced, the new one opens his account
page. A search too long to mean anything is refused with a message.

The attorney opens a matter under legal hold, writes two case notes (dated, signed,
newest first), reads the history in words (stage and dates with before and after, the
hold), hands the paralegal's work to a new paralegal, and finally hands the matter to
another attorney, after which it leaves their list.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from audit import retention
from matters import services as matter_services
from matters.models import CaseType, Matter, Task
from portal.accounts.models import Role, User
from tests.browser.conftest import PHONE
from tests.browser.test_family_case import (
    assert_accessible,
    assert_fits_phone,
    path_of,
    restore_default_case_types,
    submit,
)
from tests.browser.test_upload import staff_sign_in
from tests.conftest import make_user

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
CLIENT_NAME = "José García-Núñez"
CLIENT_EMAIL = "jose.garcia@client.test"


def staff_page(browser, viewport):
    ctx = browser.new_context(viewport=viewport, device_scale_factor=1, locale="en-US")
    ctx.set_default_timeout(15_000)
    return ctx, ctx.new_page()


def invite_paths() -> list[str]:
    out = []
    for m in mail.outbox:
        if CLIENT_EMAIL in m.to:
            found = re.search(r"https?://[^/\s]+(/invite/[^\s\"'<>]+)", m.body)
            assert found, m.body
            out.append(found.group(1))
    return out


def history_text(page) -> str:
    return page.locator("section[aria-labelledby=history-heading]").inner_text()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_intake_opens_a_matter_finds_the_client_without_accents_and_resends_the_invite(
    live_server, browser, axe_source, viewport
):
    base = live_server.url
    restore_default_case_types()
    mail.outbox.clear()
    make_user("ines@firm.test", kind=User.Kind.STAFF, roles=[Role.INTAKE], mfa=True)
    attorney = make_user(
        "alicia@firm.test",
        kind=User.Kind.STAFF,
        roles=[Role.ATTORNEY],
        mfa=True,
        full_name="Alicia Attorney",
    )
    ctx, page = staff_page(browser, VIEWPORTS[viewport])
    try:
        staff_sign_in(page, base, "ines@firm.test")

        # Open the matter, inviting the client in Spanish.
        submit(page, page.locator("main a[href='/staff/matters/new/']"))
        form = page.locator("main form")
        i130 = CaseType.objects.get(code="i130")
        form.locator("select[name=case_type]").select_option(str(i130.pk))
        form.locator("input[name=client_name]").fill(CLIENT_NAME)
        form.locator("input[name=client_email]").fill(CLIENT_EMAIL)
        form.locator("select[name=language]").select_option("es")
        form.locator("select[name=attorney]").select_option(str(attorney.pk))
        submit(page, form.locator("button[type=submit]"))
        matter = Matter.objects.get(contacts__email=CLIENT_EMAIL)
        assert path_of(page) == f"/staff/matters/{matter.uuid}/"
        expect(page.locator("main .messages")).to_contain_text(
            f"Matter {matter.reference} opened and {CLIENT_EMAIL} invited."
        )
        clients = page.locator("main .facts")
        expect(clients).to_contain_text("invited on")
        expect(clients).to_contain_text("no account yet (the link works until")
        assert len(invite_paths()) == 1

        # Later: find him from the matter list, typing his name without accents.
        page.goto(f"{base}/staff/matters/")
        search = page.get_by_label("Search")
        search.fill("nunez")
        submit(page, page.locator("main form[role=search] button[type=submit]"))
        expect(page.locator("main p[role=status]")).to_have_text("1 matter")
        row = page.locator("main table.matters tbody tr")
        expect(row).to_have_count(1)
        expect(row).to_contain_text(CLIENT_NAME)
        expect(row).to_contain_text(matter.reference)
        assert_accessible(page, axe_source, f"the matter list searched ({viewport})")
        if viewport == "phone":
            assert_fits_phone(page, "the matter list")
        # The same by his receipt-free reference in lower case.
        search = page.get_by_label("Search")
        search.fill(matter.reference.lower())
        submit(page, page.locator("main form[role=search] button[type=submit]"))
        expect(page.locator("main p[role=status]")).to_have_text("1 matter")

        # A search far too long is refused with a message, and lists nothing.
        page.goto(f"{base}/staff/matters/?q={'x' * 3000}")
        alert = page.locator("main [role=alert]")
        expect(alert).to_contain_text("A search can be at most 100 characters long")
        expect(page.locator("main p[role=status]")).to_have_text("0 matters")

        # He says the email never came: send a new link.
        page.goto(f"{base}/staff/matters/?q=garcia+nunez")
        submit(page, page.locator("main table.matters a", has_text=matter.reference))
        resend = page.get_by_role("button", name=f"Resend the invitation to {CLIENT_NAME}")
        expect(resend).to_be_visible()
        expect(page.get_by_label(f"Language of the invitation to {CLIENT_NAME}")).to_have_value(
            "es"
        )
        assert_accessible(page, axe_source, f"the matter page ({viewport})")
        if viewport == "phone":
            assert_fits_phone(page, "the matter page")
        submit(page, resend)
        expect(page.locator("main .messages")).to_contain_text(
            f"A new invitation went to {CLIENT_EMAIL}; the link sent before no longer works."
        )
        old_link, new_link = invite_paths()
        assert old_link != new_link

        # The client's side: the old link explains itself, the new one opens his account page.
        client_ctx = browser.new_context(viewport=PHONE, locale="es-MX")
        try:
            client = client_ctx.new_page()
            client.goto(f"{base}{old_link}")
            expect(client.locator("main")).to_contain_text(
                "Esta invitación fue reemplazada por una más reciente."
            )
            client.goto(f"{base}{new_link}")
            expect(client.locator("main form input[name=password1]")).to_be_visible()
        finally:
            client_ctx.close()
    finally:
        ctx.close()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_attorney_notes_reads_history_and_reassigns_the_matter(
    live_server, browser, axe_source, viewport
):
    base = live_server.url
    restore_default_case_types()
    attorney = make_user(
        "alicia@firm.test",
        kind=User.Kind.STAFF,
        roles=[Role.ATTORNEY],
        mfa=True,
        full_name="Alicia Attorney",
    )
    colleague = make_user(
        "bruno@firm.test",
        kind=User.Kind.STAFF,
        roles=[Role.ATTORNEY],
        mfa=True,
        full_name="Bruno Barrister",
    )
    paula = make_user(
        "paula@firm.test", kind=User.Kind.STAFF, roles=[Role.PARALEGAL], full_name="Paula Para"
    )
    pedro = make_user(
        "pedro@firm.test", kind=User.Kind.STAFF, roles=[Role.PARALEGAL], full_name="Pedro Nuevo"
    )
    admin = make_user("ada@firm.test", kind=User.Kind.STAFF, roles=[Role.ADMIN])
    i130 = CaseType.objects.get(code="i130")
    matter = matter_services.create_matter(
        case_type=i130,
        client_email=CLIENT_EMAIL,
        client_name=CLIENT_NAME,
        language="es",
        by=paula,
        attorney=attorney,
        invite=False,
    )
    task = matter_services.create_task(
        matter=matter, title="Collect the birth certificate", assignee=paula, due_date=None,
        by=paula,
    )  # fmt: skip
    matter_services.change_stage(matter=matter, stage="documents", by=paula)
    matter_services.update_details(matter=matter, by=paula, target_filing_date=dt.date(2026, 5, 1))
    retention.place_hold(by=admin, reason="Pending litigation", matter=matter)

    ctx, page = staff_page(browser, VIEWPORTS[viewport])
    try:
        staff_sign_in(page, base, attorney.email)
        page.goto(f"{base}/staff/matters/")
        submit(page, page.locator("main table.matters a", has_text=matter.reference))
        assert path_of(page) == f"/staff/matters/{matter.uuid}/"
        expect(page.locator("main .hold-notice")).to_contain_text("Under legal hold.")

        # Two notes: each signed and dated, the newest first, the first never overwritten.
        notes = page.locator("section[aria-labelledby=notes-heading]")
        notes.get_by_label("New note").fill("Client confirmed the marriage date by phone.")
        submit(page, notes.get_by_role("button", name="Add note"))
        expect(page.locator("main .messages")).to_contain_text("Note added to the case notes.")
        notes = page.locator("section[aria-labelledby=notes-heading]")
        notes.get_by_label("New note").fill("Correction: the date is 12 June, not 12 July.")
        submit(page, notes.get_by_role("button", name="Add note"))
        entries = page.locator("section[aria-labelledby=notes-heading] ol.case-notes li")
        expect(entries).to_have_count(2)
        expect(entries.nth(0)).to_contain_text("Correction: the date is 12 June")
        expect(entries.nth(0)).to_contain_text("Alicia Attorney")
        expect(entries.nth(1)).to_contain_text("Client confirmed the marriage date")
        expect(entries.nth(0).locator("time")).to_have_attribute("datetime", re.compile(r"^20"))

        # The history reads as words, with what changed.
        history = history_text(page)
        assert "Stage changed: Intake → Document collection" in history, history
        assert "Filing target: — → 05/01/2026" in history, history
        assert "Legal hold placed" in history and "Case note added" in history, history
        assert not re.search(r"\b(hold|matter|task|request)\.[a-z_]+\b", history), history
        assert_accessible(page, axe_source, f"the matter page with notes ({viewport})")
        if viewport == "phone":
            assert_fits_phone(page, "the matter page with notes")

        # Paula moves to another team: Pedro takes her place and her open task.
        page.locator("summary", has_text="Change the attorney or assigned staff").click()
        team = page.locator(f"form[action='/staff/matters/{matter.uuid}/team/']")
        team.get_by_label("Paula Para").uncheck()
        team.get_by_label("Pedro Nuevo").check()
        submit(page, team.get_by_role("button", name="Save attorney and staff"))
        expect(page.locator("main .messages")).to_contain_text("1 open task moved to Pedro Nuevo.")
        expect(page.locator("main .facts")).to_contain_text("Pedro Nuevo")
        expect(page.locator("main .facts")).not_to_contain_text("Paula Para")
        tasks = page.locator("section[aria-labelledby=tasks-heading]")
        expect(tasks).to_contain_text("Collect the birth certificate — Pedro Nuevo")
        history = history_text(page)
        assert "Attorney or staff changed: joined: Pedro Nuevo; left: Paula Para" in history
        assert "Task reassigned: Collect the birth certificate: Paula Para → Pedro Nuevo" in (
            history
        )
        assert Task.objects.get(pk=task.pk).assignee == pedro

        # Finally she hands the matter to Bruno: it leaves her list.
        page.locator("summary", has_text="Change the attorney or assigned staff").click()
        team = page.locator(f"form[action='/staff/matters/{matter.uuid}/team/']")
        team.get_by_label("Responsible attorney").select_option(str(colleague.pk))
        submit(page, team.get_by_role("button", name="Save attorney and staff"))
        assert path_of(page) == "/staff/matters/"
        expect(page.locator("main .messages")).to_contain_text("Attorney and staff saved.")
        expect(page.locator("main p[role=status]")).to_have_text("0 matters")
        matter.refresh_from_db()
        assert matter.responsible_attorney == colleague
    finally:
        ctx.close()
