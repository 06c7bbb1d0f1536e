"""Every URL pattern x every role, against a checked-in expectation table.

A URL without an entry fails the test, so a new view cannot escape the access
policy. Outcomes: "ok" (2xx), "login" (sent to sign-in), "mfa" (sent to the
second-factor pages), "404" (denied: not found), "405" (exists, other method),
"redirect" (elsewhere), or another status code as a string.
"""

from __future__ import annotations

import fnmatch

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from matters.questionnaire import visible_sections
from portal.accounts.models import Invitation, User
from portal.accounts.services import invite_client
from tests.conftest import STAFF_PERSONAS, login_verified, make_user

PERSONAS = ["anon", "client", "unverified", *STAFF_PERSONAS]
STAFF = list(STAFF_PERSONAS)


def row(anon, client, unverified, staff=None, **per_role):
    """One expectation row; ``staff`` is the default for every staff role."""
    out = {"anon": anon, "client": client, "unverified": unverified}
    for role in STAFF:
        out[role] = per_role.get(role, staff)
    return out


PUBLIC_AUTH_PAGE = row("ok", "redirect", "mfa", "redirect")
SIGNED_IN_PAGE = row("login", "ok", "mfa", "ok")
STAFF_ANY = row("login", "404", "mfa", "ok")
INVITERS = row("login", "404", "mfa", "ok", billing="404")
ADMIN_ONLY = row("login", "404", "mfa", "404", admin="ok")

# Sample arguments for URLs that take them; callables read the objects the fixture made.
KWARGS = {
    "invitation_accept": {"lang": "es", "token": "tampered"},
    "account_confirm_email": {"key": "nope"},
    "account_reset_password_from_key": {"uidb36": "1", "key": "set-password"},
}
MATTER_KW = {"matter_uuid": lambda o: o["matter"].uuid}
for _name in (
    "staff:matter",
    "staff:matter_stage",
    "staff:matter_reveal",
    "staff:matter_dates",
    "staff:matter_receipt",
    "staff:matter_rfe",
    "staff:matter_close",
    "audit:matter_export",
    "staff:task_new",
    "staff:changes_confirm",
    "staff:matter_team",
    "staff:matter_note",
    "staff:matter_invite",
    "client_matter",
    "intake_start",
    "intake_review",
):
    KWARGS[_name] = MATTER_KW
KWARGS["intake_section"] = {**MATTER_KW, "section_key": lambda o: o["section"]}
KWARGS["client_request_foreign"] = {**MATTER_KW, "request_uuid": lambda o: o["request"].uuid}
KWARGS["client_request_foreign_undo"] = KWARGS["client_request_foreign"]
KWARGS["staff:request_new"] = MATTER_KW
KWARGS["staff:task_done"] = {"task_uuid": lambda o: o["task"].uuid}
KWARGS["document_upload"] = {**MATTER_KW, "request_uuid": lambda o: o["request"].uuid}
KWARGS["document_download"] = {"document_uuid": lambda o: o["document"].uuid}
KWARGS["document_preview"] = {"document_uuid": lambda o: o["document"].uuid}
KWARGS["upload_link"] = {"token": "not-a-real-token"}
KWARGS["document_review"] = {"document_uuid": lambda o: o["document"].uuid}
INVOICE_KW = {"invoice_uuid": lambda o: o["invoice"].uuid}
for _name in (
    "billing:invoice",
    "billing:invoice_pdf",
    "billing:client_invoice",
    "billing:client_invoice_pdf",
    "billing:client_invoice_pay",
    "billing:client_invoice_dispute",
):
    KWARGS[_name] = INVOICE_KW
KWARGS["billing:invoice_action"] = {**INVOICE_KW, "action": "issue"}
KWARGS["billing:pay_link"] = {"token": "tampered"}
KWARGS["audit:hold_release"] = {"hold_id": 1}
KWARGS["staff:invitation_resend"] = {"invitation_uuid": lambda o: o["invitation"].uuid}
KWARGS["notification_preview"] = {"name": "reminder"}
KWARGS["reminder_link"] = {"token": "tampered"}
KWARGS["audit:alert_ack"] = {"alert_id": 1}
KWARGS["document_fill"] = {"document_uuid": lambda o: o["document"].uuid}
KWARGS["upload_link_send"] = {"request_uuid": lambda o: o["request"].uuid}
KWARGS["document_check"] = {
    **MATTER_KW,
    "request_uuid": lambda o: o["request"].uuid,
    "document_uuid": lambda o: o["document"].uuid,
}
for _name in (
    "staff:request_accept",
    "staff:request_reject",
    "staff:request_foreign",
    "staff:request_foreign_undo",
):
    KWARGS[_name] = {"request_uuid": lambda o: o["request"].uuid}
CASE_STAFF = row("login", "404", "mfa", "ok", billing="404")
POST_ONLY = row("405", "405", "mfa", "405")
CLIENT_PAGE = row("login", "ok", "mfa", "404")
BILLERS = row("login", "404", "mfa", "404", billing="ok", admin="ok")

EXPECTED: dict[str, dict[str, str | set[str]]] = {
    # Portal
    "home": row("login", "ok", "mfa", "redirect"),
    "staff:home": STAFF_ANY,
    "staff:invitations": INVITERS,
    "staff:invitation_resend": POST_ONLY,
    "invitation_accept": row("400", "400", "mfa", "400"),
    "healthz": row("ok", "ok", "ok", "ok"),
    # Public help (the invitation email links to the guide); staff owing a second factor
    # give it first, as on every page outside MFA_EXEMPT_VIEWS.
    "photo_guide": row("ok", "ok", "mfa", "ok"),
    "help": row("ok", "ok", "mfa", "ok"),
    "set_language": row("405", "405", "405", "405"),
    # A client without a device may opt in; one who has not, has nothing to verify.
    "mfa_setup": row("login", "ok", "mfa", "redirect"),
    "mfa_verify": row("login", "mfa", "ok", "redirect"),
    "account_security": SIGNED_IN_PAGE,
    "mfa_backup_codes": row("login", "405", "mfa", "405"),
    "mfa_replace_authenticator": row("login", "405", "mfa", "405"),
    # Matters: the workspace for staff (Billing sees names only), the case for its client.
    "staff:matters": STAFF_ANY,
    "staff:matter": STAFF_ANY,
    "staff:matter_new": CASE_STAFF,
    # Every role has a task list (Billing's holds its discrepancies and disputes).
    "staff:my_tasks": STAFF_ANY,
    "staff:due_this_week": STAFF_ANY,
    "staff:import": row("login", "404", "mfa", "404", intake="ok", admin="ok"),
    "staff:matter_stage": POST_ONLY,
    "staff:matter_reveal": POST_ONLY,
    "staff:matter_dates": POST_ONLY,
    "staff:matter_receipt": POST_ONLY,
    "staff:matter_rfe": POST_ONLY,
    "staff:matter_close": POST_ONLY,
    "staff:task_new": POST_ONLY,
    "staff:task_done": POST_ONLY,
    "staff:changes_confirm": POST_ONLY,
    "staff:matter_team": POST_ONLY,
    "staff:matter_note": POST_ONLY,
    "staff:matter_invite": POST_ONLY,
    "staff:request_accept": POST_ONLY,
    "staff:request_reject": POST_ONLY,
    "staff:request_foreign": POST_ONLY,
    "staff:request_foreign_undo": POST_ONLY,
    "staff:request_new": POST_ONLY,
    "client_matter": CLIENT_PAGE,
    "intake_start": row("login", "redirect", "mfa", "404"),
    "intake_section": CLIENT_PAGE,
    "intake_review": CLIENT_PAGE,
    # "Not in English" asks first (a page), then adds; undoing it is a POST.
    "client_request_foreign": row("login", "ok", "mfa", "404"),
    "client_request_foreign_undo": row("login", "405", "mfa", "405"),
    # Documents: the client who sent it and the matter's case staff; Billing never.
    "document_upload": row("login", "ok", "mfa", "404"),
    "document_download": row("login", "ok", "mfa", "ok", billing="404"),
    "document_preview": row("login", "ok", "mfa", "ok", billing="404"),
    "document_check": row("login", "ok", "mfa", "404"),
    # One-time links are public; a made-up token is refused the same way for everyone.
    "upload_link": row("410", "410", "mfa", "410"),
    "upload_link_send": POST_ONLY,
    # What the OCR read: document reviewers (Paralegal, Attorney, Admin) only.
    "document_review": row("login", "404", "mfa", "ok", intake="404", billing="404"),
    "document_fill": POST_ONLY,
    # Billing: Billing staff and Admin; a client sees their own issued invoices.
    "billing:invoices": BILLERS,
    "billing:invoice_new": BILLERS,
    "billing:invoice": BILLERS,
    "billing:invoice_pdf": BILLERS,
    "billing:invoice_action": POST_ONLY,
    "billing:client_invoices": CLIENT_PAGE,
    "billing:client_invoice": CLIENT_PAGE,
    "billing:client_invoice_pdf": CLIENT_PAGE,
    "billing:client_invoice_pay": POST_ONLY,
    "billing:client_invoice_dispute": POST_ONLY,
    # A signed link anyone may use; a tampered one is refused alike for all.
    "billing:pay_link": row("410", "410", "mfa", "410"),
    "billing:stripe_webhook": POST_ONLY,
    # Compliance: Admin only; a matter's documents zip: Admin or its responsible attorney.
    "audit:dashboard": ADMIN_ONLY,
    "notification_previews": ADMIN_ONLY,
    "notification_preview": ADMIN_ONLY,
    # Reminders: the client's preferences; a signed link (a made-up one is refused alike).
    "reminder_preferences": CLIENT_PAGE,
    "reminder_link": row("410", "410", "mfa", "410"),
    "audit:trail": ADMIN_ONLY,
    "audit:export": ADMIN_ONLY,
    "audit:hold_place": POST_ONLY,
    "audit:hold_release": POST_ONLY,
    "audit:alert_ack": POST_ONLY,
    "audit:matter_export": row("login", "404", "mfa", "404", attorney="ok", admin="ok"),
    "document_search": row("login", "404", "mfa", "ok", intake="404", billing="404"),
    # allauth: sign-in pages for the signed-out; account pages for the signed-in
    "account_login": PUBLIC_AUTH_PAGE,
    "account_signup": PUBLIC_AUTH_PAGE,
    "account_logout": row("redirect", "ok", "ok", "ok"),
    "account_inactive": row("ok", "ok", "mfa", "ok"),
    "account_reset_password": row("ok", "ok", "mfa", "ok"),
    "account_reset_password_done": row("ok", "ok", "mfa", "ok"),
    "account_reset_password_from_key": row("ok", "ok", "mfa", "ok"),
    "account_reset_password_from_key_done": row("ok", "ok", "mfa", "ok"),
    "account_email_verification_sent": row("ok", "ok", "mfa", "ok"),
    "account_confirm_email": row("ok", "ok", "mfa", "ok"),
    "account_change_password": SIGNED_IN_PAGE,
    "account_set_password": row("login", "redirect", "mfa", "redirect"),
    "account_email": SIGNED_IN_PAGE,
    "account_reauthenticate": SIGNED_IN_PAGE,
    "account_request_login_code": PUBLIC_AUTH_PAGE,
    "account_confirm_login_code": row("login", "redirect", "mfa", "redirect"),
    "account_request_reauthentication_code": SIGNED_IN_PAGE,
    # Without a pending code, the confirmation step sends you back.
    "account_confirm_reauthentication_code": row("login", "redirect", "mfa", "redirect"),
    # Django admin: one policy for every admin URL, present and future.
    "admin:*": ADMIN_ONLY,
    "admin:login": row("login", "404", "mfa", "404", admin="redirect"),
    "admin:logout": row("redirect", "404", "mfa", "404", admin="redirect"),
    # The event log and model history are read-only, even for Admin.
    "admin:audit_event_add": row("login", "404", "mfa", "404", admin="403"),
    "admin:audit_event_delete": row("login", "404", "mfa", "404", admin="403"),
    "admin:auditlog_logentry_add": row("login", "404", "mfa", "404", admin="403"),
    "admin:auditlog_logentry_delete": row("login", "404", "mfa", "404", admin="403"),
    # Invitations are sent from the workspace, which emails the link.
    "admin:portal_invitation_add": row("login", "404", "mfa", "404", admin="403"),
    # Stripe's events are what Stripe sent: read-only.
    "admin:billing_stripeevent_add": row("login", "404", "mfa", "404", admin="403"),
    "admin:billing_stripeevent_delete": row("login", "404", "mfa", "404", admin="403"),
}


def walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", prefix + str(p.pattern)


def all_urls() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for name, route in walk(get_resolver().url_patterns):
        seen.setdefault(name, route)
    return sorted(seen.items())


def expectation_for(name: str):
    if name in EXPECTED:
        return EXPECTED[name]
    for key, value in EXPECTED.items():
        if "*" in key and fnmatch.fnmatch(name, key):
            return value
    return None


def urls_without_entry() -> list[str]:
    return [name for name, _ in all_urls() if expectation_for(name) is None]


def test_every_url_has_an_entry():
    missing = urls_without_entry()
    assert not missing, f"URLs with no access expectation: {missing}"


def test_a_new_url_without_an_entry_is_caught(settings):
    """The guard above is real: add a view to the URLconf and it is reported."""
    settings.ROOT_URLCONF = "tests.portal.urls_with_extra_view"
    assert urls_without_entry() == ["sneaky_report"]


def test_table_has_no_stale_entries():
    names = {name for name, _ in all_urls()}
    stale = [k for k in EXPECTED if "*" not in k and k not in names]
    assert not stale, f"Expectations for URLs that no longer exist: {stale}"


def resolve_admin(name: str, route: str) -> str | None:
    short = name.split(":", 1)[1]
    if short == "app_list":
        return reverse(name, kwargs={"app_label": "portal"})
    if short in {"view_on_site", "autocomplete", "jsi18n"}:
        return None  # covered by explicit checks below
    if "<path:object_id>" in route:
        for model, _model_admin in admin.site._registry.items():
            prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
            if short.startswith(prefix):
                obj = model._default_manager.order_by("pk").first()
                if obj is None:
                    raise AssertionError(f"no {model.__name__} row to test {name} with")
                return reverse(name, kwargs={"object_id": obj.pk})
        raise AssertionError(f"admin URL {name} matches no registered model")
    return reverse(name)


OBJECTS: dict = {}


def url_for(name: str, route: str) -> str | None:
    if name.startswith("admin:"):
        return resolve_admin(name, route)
    kwargs = {k: (v(OBJECTS) if callable(v) else v) for k, v in KWARGS.get(name, {}).items()}
    return reverse(name, kwargs=kwargs)


def outcome(response) -> str:
    code = response.status_code
    if 200 <= code < 300:
        return "ok"
    if code in (301, 302, 303):
        location = response["Location"]
        if location.startswith((reverse("account_login"), "/admin/login/")):
            return "login"
        if location.startswith((reverse("mfa_verify"), reverse("mfa_setup"))):
            return "mfa"
        return "redirect"
    return str(code)


@pytest.fixture
def personas(db, client):
    from django.test import Client

    people = {
        "client": make_user("matrix-client@client.test"),
        "unverified": make_user(
            "unverified@firm.test", kind=User.Kind.STAFF, roles=["Paralegal"], mfa=True
        ),
    }
    for role, roles in STAFF_PERSONAS.items():
        people[role] = make_user(f"{role}@firm.test", kind=User.Kind.STAFF, roles=roles, mfa=True)
    invitation = invite_client(
        email="invited@client.test", full_name="Invited", language="es", by=people["intake"]
    )
    assert Invitation.objects.exists()
    from matters import services as matter_services
    from matters.models import CaseType

    matter = matter_services.create_matter(
        case_type=CaseType.objects.get(code="i130"),
        client_email=people["client"].email,
        client_name="Matrix Client",
        language="en",
        by=people["intake"],
        attorney=people["attorney"],
        staff=[people["paralegal"]],
        invite=False,
    )
    task = matter_services.create_task(
        matter=matter,
        title="Check",
        assignee=people["paralegal"],
        due_date=None,
        by=people["intake"],
    )
    from tests.uploads.helpers import png_bytes, store

    request = matter.requests.filter(translation_possible=True, audience="beneficiary").first()
    from billing import services as billing_services
    from billing.models import LineKind

    matter_services.attach_contacts(people["client"])
    invoice = billing_services.create_invoice(
        matter=matter, client=people["client"], by=people["billing"]
    )
    billing_services.add_line(
        invoice=invoice, by=people["billing"], kind=LineKind.FEE, description="Fee", unit_amount=100
    )
    billing_services.issue(invoice=invoice, by=people["billing"])
    from billing.models import StripeEvent

    StripeEvent.objects.create(event_id="evt_matrix", type="customer.created", account="operating")
    OBJECTS.update(
        invitation=invitation,
        invoice=invoice,
        matter=matter,
        task=task,
        request=request,
        document=store(request, png_bytes(), by=people["client"]),
        section=visible_sections(matter.questionnaire, {}, "beneficiary")[0]["key"],
    )
    clients = {"anon": Client()}
    for key, user in people.items():
        c = Client()
        if key == "unverified":
            c.force_login(user)  # password only: no second factor yet
        else:
            login_verified(c, user)
        clients[key] = c
    return clients


@pytest.mark.django_db
def test_url_role_matrix(personas):
    failures = []
    for name, route in all_urls():
        url = url_for(name, route)
        if url is None:
            continue
        expected = expectation_for(name)
        if expected is None:
            failures.append(f"{name}: no entry in the expectation table")
            continue
        for persona in PERSONAS:
            want = expected[persona]
            got = outcome(personas[persona].get(url))
            ok = got in want if isinstance(want, set) else got == want
            if not ok:
                failures.append(f"{name} {url} as {persona}: expected {want}, got {got}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_unverified_staff_reach_no_staff_page(personas):
    """A password-only staff session is sent to the second factor from every staff route."""
    staff_urls = [url_for(n, r) for n, r in all_urls() if n.startswith(("staff:", "admin:"))]
    staff_urls = [u for u in staff_urls if u]
    assert len(staff_urls) > 10
    for url in staff_urls:
        response = personas["unverified"].get(url)
        assert outcome(response) == "mfa", url
