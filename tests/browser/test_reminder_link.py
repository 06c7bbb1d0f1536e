"""A reminder email's one-click link, opened in a browser: sign in, then the right upload page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from matters import reminders
from matters import services as matter_services
from matters.models import CaseType, DocumentRequest
from tests.browser.test_family_case import path_of, restore_default_case_types, submit
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser


def test_the_link_in_a_reminder_leads_to_the_upload_page(live_server, page, settings):
    base = live_server.url
    settings.SITE_URL = base
    settings.REMINDER_HOURS = (0, 24)
    restore_default_case_types()
    staff = make_user("pam@firm.test", kind="staff", roles=["Paralegal"], mfa=True)
    client = make_user("rosa@client.test", full_name="Rosa Client")
    matter = matter_services.create_matter(
        case_type=CaseType.objects.get(code="i130"),
        client_email=client.email,
        client_name="Rosa Client",
        language="en",
        by=staff,
        invite=False,
    )
    matter_services.attach_contacts(client)
    passport = matter.requests.get(audience="beneficiary", key="passport")
    DocumentRequest.objects.filter(matter=matter).exclude(pk=passport.pk).update(
        status=DocumentRequest.Status.WITHDRAWN
    )
    mail.outbox = []
    reminders.send_due(now=timezone.now() + dt.timedelta(days=3, minutes=1))
    assert len(mail.outbox) == 1
    links = re.findall(rf"{re.escape(base)}/r/[^\s\"<]+/", mail.outbox[0].body)
    assert len(links) == 1, mail.outbox[0].body

    page.goto(links[0])
    assert path_of(page) == "/accounts/login/", page.url  # asked to sign in first...
    page.fill("input[name=login]", client.email)
    page.fill("input[name=password]", PASSWORD)
    submit(page, page.locator("main form:has(input[name=password]) [type=submit]"))
    # ...and sent on to the upload page of the right request.
    assert path_of(page) == f"/matters/{matter.uuid}/requests/{passport.uuid}/upload/", page.url
    expect(page.locator("h1")).to_contain_text(passport.title_en)
