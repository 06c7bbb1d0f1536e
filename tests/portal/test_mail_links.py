"""Mail goes only where the firm says, and its links only to the portal's own address.

A client cannot add an address (the firm would then mail it messages naming the client); a
reset asked for an unknown address says what to do instead of linking a closed sign-up page;
and every link in every mail (invitations, resets, reminders, upload links, invoices) is built
from SITE_URL, also when the request that caused it came with a hostile Host header and a
deployment that lets any host through.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from billing import services as billing_services
from billing.models import LineKind
from matters import reminders
from matters import services as matter_services
from matters.models import CaseType, DocumentRequest
from tests.conftest import ensure_case_types, login_verified

pytestmark = pytest.mark.django_db

SITE = "https://portal.firm.example"
HOSTILE = "evil.example"
URL = re.compile(r"""https?://[^\s"'<>]+""")


@pytest.fixture(autouse=True)
def permissive_hosts(settings):
    """The worst case: a deployment whose ALLOWED_HOSTS lets any Host through."""
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = SITE


def links_in(message) -> list[str]:
    bodies = [message.body] + [content for content, _type in getattr(message, "alternatives", [])]
    return [url.rstrip(".,)") for body in bodies for url in URL.findall(body)]


def assert_links_on_site(messages) -> None:
    assert messages, "no mail was sent"
    for message in messages:
        links = links_in(message)
        for link in links:
            assert link.startswith(SITE + "/"), (message.subject, link)
        assert HOSTILE not in message.body
        assert all(HOSTILE not in content for content, _t in getattr(message, "alternatives", []))


# Addresses -----------------------------------------------------------------------------------


def test_a_client_cannot_add_an_email_address(client, client_user):
    client.force_login(client_user)
    page = client.get(reverse("account_email"))
    assert page.status_code == 200
    html = page.content.decode()
    assert client_user.email in html and "<form" not in html.split("<main", 1)[-1]
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "attacker@elsewhere.test"}
    )
    assert response.status_code == 405
    assert list(EmailAddress.objects.filter(user=client_user).values_list("email", flat=True)) == [
        client_user.email
    ]
    assert not mail.outbox


def test_the_email_page_needs_a_session(client):
    response = client.get(reverse("account_email"))
    assert response.status_code == 302 and reverse("account_login") in response.url


# Resets ----------------------------------------------------------------------------------------


def test_a_reset_for_an_unknown_address_says_whom_to_contact(client, settings):
    settings.SUPPORT_EMAIL = "help@firm.example"
    response = client.post(reverse("account_reset_password"), {"email": "ghost@client.test"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["ghost@client.test"]
    assert "signup" not in message.body and "sign up" not in message.body.lower()
    assert "help@firm.example" in message.body
    assert "no account" in message.body
    assert_links_on_site([message])


def test_a_reset_for_an_unknown_address_is_in_spanish_for_a_spanish_page(client):
    client.post(
        reverse("account_reset_password"),
        {"email": "fantasma@client.test"},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    (message,) = mail.outbox
    assert "no hay ninguna cuenta" in message.body.lower()


def test_reset_links_use_site_url_not_the_host_header(client, client_user):
    client.post(reverse("account_reset_password"), {"email": client_user.email}, HTTP_HOST=HOSTILE)
    (message,) = mail.outbox
    links = links_in(message)
    assert any("/accounts/password/reset/key/" in link for link in links)
    assert_links_on_site([message])
    # The link works on the portal.
    path = next(link for link in links if "/reset/key/" in link).removeprefix(SITE)
    follow = Client().get(path, follow=True)
    assert follow.status_code == 200 and b"password1" in follow.content


def test_sign_in_code_mail_names_the_site_not_the_host(client, client_user):
    client.post(
        reverse("account_request_login_code"), {"email": client_user.email}, HTTP_HOST=HOSTILE
    )
    (message,) = mail.outbox
    assert HOSTILE not in message.body
    assert "portal.firm.example" in message.body


# The portal's own mail -----------------------------------------------------------------------


@pytest.fixture
def matter(client_user, paralegal):
    ensure_case_types()
    m = matter_services.create_matter(
        case_type=CaseType.objects.get(code="i130"),
        client_email=client_user.email,
        client_name="Alice Client",
        language="en",
        by=paralegal,
        invite=False,
    )
    matter_services.attach_contacts(client_user)
    return m


def test_invitation_mail_links_use_site_url(client, intake_user):
    login_verified(client, intake_user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("staff:invitations"),
            {"email": "new@client.test", "full_name": "New Client", "language": "en"},
            HTTP_HOST=HOSTILE,
        )
    assert response.status_code == 302
    assert any("/invite/" in link for m in mail.outbox for link in links_in(m))
    assert_links_on_site(mail.outbox)


def test_upload_link_mail_uses_site_url(client, paralegal, matter):
    doc_request = matter.requests.filter(audience="beneficiary").first()
    login_verified(client, paralegal)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("upload_link_send", args=[doc_request.uuid]), HTTP_HOST=HOSTILE
        )
    assert response.status_code == 302
    assert any("/u/" in link for m in mail.outbox for link in links_in(m))
    assert_links_on_site(mail.outbox)


def test_invoice_mail_uses_site_url(client, billing, client_user, matter):
    invoice = billing_services.create_invoice(matter=matter, client=client_user, by=billing)
    billing_services.add_line(
        invoice=invoice, by=billing, kind=LineKind.FEE, description="I-130", unit_amount=150000
    )
    login_verified(client, billing)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("billing:invoice_action", args=[invoice.uuid, "issue"]), HTTP_HOST=HOSTILE
        )
    assert response.status_code == 302
    assert any("/invoices/" in link for m in mail.outbox for link in links_in(m))
    assert_links_on_site(mail.outbox)


@pytest.mark.parametrize("upload_links", [False, True])
def test_reminder_mail_uses_site_url(settings, matter, upload_links):
    settings.REMINDER_UPLOAD_LINKS = upload_links
    settings.REMINDER_HOURS = (0, 24)
    matter.requests.exclude(pk=matter.requests.filter(audience="beneficiary").first().pk).update(
        status=DocumentRequest.Status.WITHDRAWN
    )
    reminders.send_due(now=timezone.now() + dt.timedelta(days=4))
    assert mail.outbox
    assert_links_on_site(mail.outbox)
