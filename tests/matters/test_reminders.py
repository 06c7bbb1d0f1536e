"""Reminders: the cadence over 30 days on a controlled clock, quiet hours, escalation near a
deadline, retries, the one-click link, preferences and history."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from matters import reminders
from matters import services as matter_services
from matters.models import CaseType, DocumentRequest, Matter, Reminder, Task
from portal.accounts.notifications import LocmemSMSBackend
from tests.conftest import login_verified

pytestmark = pytest.mark.django_db

NY = zoneinfo.ZoneInfo("America/New_York")
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=NY)  # a Monday morning in the firm's time zone


@pytest.fixture
def case(settings, client_user, paralegal):
    """A matter opened at T0 with two documents still to send and the intake done."""
    from tests.conftest import ensure_case_types

    settings.TIME_ZONE = "America/New_York"
    settings.REMINDER_DAYS = [3, 7, 14]
    settings.REMINDER_ESCALATE_DAYS = 14
    settings.REMINDER_HOURS = (8, 20)
    ensure_case_types()
    client_user.preferred_language = "es"
    client_user.save()
    with time_machine.travel(T0, tick=False):
        matter = matter_services.create_matter(
            case_type=CaseType.objects.get(code="i130"),
            client_email=client_user.email,
            client_name="Alicia Cliente",
            language="es",
            by=paralegal,
            invite=False,
        )
        matter_services.attach_contacts(client_user)
    keep = list(matter.requests.filter(audience="beneficiary").order_by("position")[:2])
    matter.requests.exclude(pk__in=[r.pk for r in keep]).update(
        status=DocumentRequest.Status.WITHDRAWN
    )
    Matter.objects.filter(pk=matter.pk).update(intake_status=Matter.Intake.SUBMITTED)
    matter.refresh_from_db()
    return matter, keep


def at(day: int, hour: int) -> dt.datetime:
    return (T0 + dt.timedelta(days=day)).replace(hour=hour)


def test_thirty_days_of_reminders(case, paralegal, client_user):
    matter, (first, second) = case
    matter_services.update_details(
        matter=matter, by=paralegal, target_filing_date=(T0 + dt.timedelta(days=25)).date()
    )
    mail.outbox.clear()
    sent_days: dict[int, list[str]] = {}
    for day in range(31):
        if day == 5:  # the first document arrives
            matter_services.mark_uploaded(
                request=DocumentRequest.objects.get(pk=first.pk), by=client_user
            )
        if day == 20:  # and the second
            matter_services.mark_uploaded(
                request=DocumentRequest.objects.get(pk=second.pk), by=client_user
            )
        for hour in (7, 9, 13, 17, 23):  # several runs a day, two of them in quiet hours
            before = len(mail.outbox)
            with time_machine.travel(at(day, hour), tick=False):
                reminders.send_due(now=at(day, hour))
            if hour in (7, 23):
                assert len(mail.outbox) == before, f"sent in quiet hours on day {day} at {hour}"
            for message in mail.outbox[before:]:
                sent_days.setdefault(day, []).append(message.body)
    # Days 3 and 7 on the cadence; from day 11 (14 days before the filing target) daily,
    # until the last document arrived on day 20. Never twice a day.
    assert sorted(sent_days) == [3, 7, *range(11, 20)]
    assert all(len(bodies) == 1 for bodies in sent_days.values())
    assert first.title_es in sent_days[3][0] and second.title_es in sent_days[3][0]
    assert first.title_es not in sent_days[7][0] and second.title_es in sent_days[7][0]
    # In the client's language, with a one-click link per item.
    assert "Todavía necesitamos" in sent_days[3][0] or "todavía necesitamos" in sent_days[3][0]
    assert "/r/" in sent_days[3][0]
    # One staff task, once, when the deadline came near with documents missing.
    assert Task.objects.filter(matter=matter, event="deadline_at_risk").count() == 1
    assert Reminder.objects.filter(matter=matter).count() == len(sent_days)


def test_quiet_hours_follow_the_clients_time_zone(case, client_user):
    _matter, _ = case
    client_user.time_zone = "America/Los_Angeles"
    client_user.save()
    mail.outbox.clear()
    # 9:00 in New York is 6:00 in Los Angeles: too early there.
    assert reminders.send_due(now=at(3, 9)).get("sent", 0) == 0
    assert reminders.send_due(now=at(3, 12)).get("sent", 0) == 1  # 9:00 in Los Angeles


def test_text_messages_only_with_consent(case, client_user):
    _matter, _ = case
    LocmemSMSBackend.outbox.clear()
    reminders.send_due(now=at(3, 10))
    assert LocmemSMSBackend.outbox == []
    client_user.sms_opt_in, client_user.phone = True, "+1 555 010 0199"
    client_user.save()
    reminders.send_due(now=at(7, 10))
    assert len(LocmemSMSBackend.outbox) == 1 and "/r/" in LocmemSMSBackend.outbox[0].body


def test_a_failed_send_is_retried_then_shown_to_staff(
    case, client, paralegal, monkeypatch, settings
):
    from portal.accounts import notifications

    settings.REMINDER_ATTEMPTS = 3
    matter, _ = case

    def down(**kwargs):
        raise ConnectionRefusedError("SMTP server unreachable")

    monkeypatch.setattr(notifications, "send_email", down)
    for hour in (9, 13, 17):
        reminders.send_due(now=at(3, hour))
    reminder = Reminder.objects.get()
    assert reminder.status == Reminder.Status.FAILED and reminder.attempts == 3
    assert "SMTP server unreachable" in reminder.last_error
    login_verified(client, paralegal)
    page = client.get(reverse("staff:matter", args=[matter.uuid])).content.decode()
    assert "Not delivered after 3 tries" in page


def test_a_send_that_fails_once_goes_out_with_the_same_content(case, monkeypatch):
    from portal.accounts import notifications

    real = notifications.send_email
    calls = {"n": 0}

    def flaky(**kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise TimeoutError("timed out")
        return real(**kwargs)

    monkeypatch.setattr(notifications, "send_email", flaky)
    mail.outbox.clear()
    reminders.send_due(now=at(3, 9))
    assert mail.outbox == [] and Reminder.objects.get().attempts == 1
    reminders.send_due(now=at(3, 13))
    reminder = Reminder.objects.get()
    assert reminder.status == Reminder.Status.SENT and len(mail.outbox) == 1


def test_unfinished_intake_is_reminded(case):
    matter, _ = case
    Matter.objects.filter(pk=matter.pk).update(intake_status=Matter.Intake.IN_PROGRESS)
    DocumentRequest.objects.filter(matter=matter).update(status=DocumentRequest.Status.UPLOADED)
    mail.outbox.clear()
    reminders.send_due(now=at(3, 10))
    assert len(mail.outbox) == 1 and "cuestionario" in mail.outbox[0].body


def test_the_one_click_link(case, client, client_user, other_client_user):
    matter, (first, _) = case
    token = reminders.link_token(client_user.pk, first.uuid)
    url = reverse("reminder_link", args=[token])
    response = client.get(url)  # signed out: to sign-in, then back here
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(client_user)
    response = client.get(url)
    assert response["Location"] == reverse("document_upload", args=[matter.uuid, first.uuid])
    client.force_login(other_client_user)
    assert client.get(url).status_code == 404
    assert client.get(reverse("reminder_link", args=[token[:-3] + "abc"])).status_code == 410


def test_preferences_and_history(case, client, client_user):
    reminders.send_due(now=at(3, 10))
    client.force_login(client_user)
    page = client.get(reverse("reminder_preferences"))
    assert page.status_code == 200
    response = client.post(
        reverse("reminder_preferences"),
        {
            "preferred_language": "en",
            "time_zone": "America/Chicago",
            "sms_opt_in": "on",
            "phone": "",
        },
    )
    assert response.status_code == 400  # a phone number is needed for texts
    client.post(
        reverse("reminder_preferences"),
        {
            "preferred_language": "en",
            "time_zone": "America/Chicago",
            "sms_opt_in": "on",
            "phone": "(212) 555-0100",
        },
    )
    client_user.refresh_from_db()
    assert client_user.time_zone == "America/Chicago" and client_user.sms_opt_in
    history = client.get(reverse("reminder_preferences")).content.decode()
    assert case[1][0].title_en in history


def test_the_firm_can_send_one_time_upload_links_instead(case, settings, client):
    from uploads.models import UploadLink

    settings.REMINDER_UPLOAD_LINKS = True
    _matter, (first, second) = case
    mail.outbox.clear()
    reminders.send_due(now=at(3, 10))
    body = mail.outbox[0].body
    assert "/u/" in body and "/r/" not in body
    links = UploadLink.objects.filter(request__in=[first, second])
    assert links.count() == 2 and all(link.created_by is None for link in links)
    url = next(line.strip() for line in body.splitlines() if "/u/" in line)
    page = client.get(url.replace(settings.SITE_URL, ""))  # works without signing in
    assert page.status_code == 200


def test_a_reminder_keeps_ids_not_text_and_its_history_reads_in_the_readers_language(
    case, client, client_user
):
    matter, (first, second) = case
    Matter.objects.filter(pk=matter.pk).update(intake_status=Matter.Intake.IN_PROGRESS)
    reminders.send_due(now=at(3, 10))
    reminder = Reminder.objects.get()
    assert reminder.language == "es"
    # What is kept for later names the items; it holds no text in any language.
    assert [(i["kind"], i.get("request")) for i in reminder.items] == [
        ("document", str(first.uuid)),
        ("document", str(second.uuid)),
        ("intake", None),
    ]
    assert not any("title" in i for i in reminder.items)
    client.force_login(client_user)
    page = client.get(reverse("reminder_preferences")).content.decode()
    assert "Su cuestionario de admisión" in page and escape(first.title_es) in page
    # The client now reads in English: the same reminder's history follows.
    client_user.preferred_language = "en"
    client_user.save()
    page = client.get(reverse("reminder_preferences")).content.decode()
    assert "Your intake questionnaire" in page and escape(first.title_en) in page
    assert "Su cuestionario de admisión" not in page and escape(second.title_en) in page


def test_a_retried_reminder_is_written_in_the_recipients_language(case, monkeypatch):
    from portal.accounts import notifications

    _matter, (first, second) = case
    real = notifications.send_email
    calls = {"n": 0}

    def flaky(**kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise TimeoutError("timed out")
        return real(**kwargs)

    monkeypatch.setattr(notifications, "send_email", flaky)
    mail.outbox.clear()
    reminders.send_due(now=at(3, 9))
    with translation.override("en"):  # whatever language the job runs in
        reminders.send_due(now=at(3, 13))
    body = mail.outbox[0].body
    assert first.title_es in body and second.title_es in body
    assert first.title_en not in body


def test_the_deadline_task_is_titled_in_both_languages(case, paralegal):
    matter, _ = case
    matter_services.update_details(
        matter=matter, by=paralegal, target_filing_date=(T0 + dt.timedelta(days=10)).date()
    )
    reminders.send_due(now=at(3, 10))
    task = Task.objects.get(matter=matter, event="deadline_at_risk")
    deadline = (T0 + dt.timedelta(days=10)).date().isoformat()
    with translation.override("en"):
        assert task.title == f"2 documents still missing before the deadline of {deadline}"
    with translation.override("es"):
        assert task.title == f"Faltan 2 documentos antes del plazo del {deadline}"
