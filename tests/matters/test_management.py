"""Managing an open matter: attorney and staff (tasks follow), the case-notes log, resending
an invitation, inviting on import, and a history people can read."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from audit import retention
from audit.models import Event
from matters import services
from matters.models import CaseNote, Task
from portal.accounts.models import Invitation, Role, User
from portal.accounts.services import invite_client
from tests.conftest import login_verified, make_user

pytestmark = pytest.mark.django_db


def staff(email, role):
    return make_user(email, kind=User.Kind.STAFF, roles=[role], mfa=True, full_name=email[:4])


@pytest.fixture
def team(matter, paralegal, attorney):
    """The matter's people before the change, and the tasks they hold."""
    intake = staff("iris@firm.test", Role.INTAKE)
    matter.staff.add(paralegal, intake)
    tasks = {
        "attorney_review": services.create_task(
            matter=matter, title="Review the I-130", assignee=attorney, due_date=None, by=paralegal
        ),
        "paralegal_work": services.create_task(
            matter=matter,
            title="Collect the photos",
            assignee=paralegal,
            due_date=None,
            by=paralegal,
        ),
        "intake_work": services.create_task(
            matter=matter, title="Call the sponsor", assignee=intake, due_date=None, by=paralegal
        ),
        "done": services.create_task(
            matter=matter, title="Old work", assignee=paralegal, due_date=None, by=paralegal
        ),
    }
    services.complete_task(task=tasks["done"], by=paralegal)
    return {"intake": intake, **tasks}


def test_reassigning_moves_the_leavers_open_tasks_to_whoever_takes_their_role(
    client, matter, paralegal, attorney, team
):
    new_attorney = staff("nora@firm.test", Role.ATTORNEY)
    new_paralegal = staff("pete@firm.test", Role.PARALEGAL)
    login_verified(client, attorney)
    response = client.post(
        reverse("staff:matter_team", args=[matter.uuid]),
        {"attorney": new_attorney.pk, "staff": [new_paralegal.pk]},
        follow=True,
    )
    body = response.content.decode()
    matter.refresh_from_db()
    assert matter.responsible_attorney == new_attorney
    assert set(matter.staff.all()) == {new_paralegal}
    moved = {k: Task.objects.get(pk=t.pk) for k, t in team.items() if k != "intake"}
    assert moved["attorney_review"].assignee == new_attorney
    assert moved["paralegal_work"].assignee == new_paralegal
    # Nobody took Intake's place: the task waits, unassigned, on the whole team's lists.
    assert moved["intake_work"].assignee is None and moved["intake_work"].role == ""
    assert moved["done"].assignee == paralegal  # history keeps who did it
    assert "1 open task moved to nora" in body and "1 open task now waits for the team" in body
    # The old attorney is off the matter: back to the list, not to a 404.
    assert response.redirect_chain[-1][0] == reverse("staff:matters")
    event = Event.objects.get(kind="matter.team_changed")
    assert event.actor_id == attorney.pk and event.data["removed"]
    assert Event.objects.filter(kind="task.reassigned").count() == 3
    # The new attorney's list has the review; the new paralegal's the photos and the call.
    login_verified(client, new_paralegal)
    tasks = client.get(reverse("staff:my_tasks")).content.decode()
    assert "Collect the photos" in tasks and "Call the sponsor" in tasks
    # The history says who left and who joined.
    login_verified(client, new_attorney)
    page = client.get(reverse("staff:matter", args=[matter.uuid])).content.decode()
    history = page.split('id="history-heading"')[1]
    assert "Attorney or staff changed" in history and "responsible attorney: " in history
    assert "Task reassigned" in history and "Review the I-130: " in history


def test_a_paralegal_already_on_the_matter_takes_the_leavers_work(matter, paralegal, team):
    other = staff("olga@firm.test", Role.PARALEGAL)
    matter.staff.add(other)
    services.change_team(
        matter=matter, attorney=matter.responsible_attorney, staff=[other, team["intake"]],
        by=paralegal,
    )  # fmt: skip
    assert Task.objects.get(pk=team["paralegal_work"].pk).assignee == other


def test_team_changes_are_refused_on_a_closed_matter_and_for_non_attorneys(
    client, matter, paralegal, attorney, billing
):
    with pytest.raises(ValidationError):
        services.change_team(matter=matter, attorney=paralegal, staff=[], by=attorney)
    services.close_matter(matter=matter, by=attorney)
    matter.refresh_from_db()
    with translation.override("en"), pytest.raises(ValidationError, match="reopen"):
        services.change_team(matter=matter, attorney=attorney, staff=[paralegal], by=attorney)
    login_verified(client, billing)
    response = client.post(
        reverse("staff:matter_team", args=[matter.uuid]), {"attorney": billing.pk}
    )
    assert response.status_code == 404


def test_case_notes_are_dated_signed_and_never_overwritten(client, matter, paralegal, attorney):
    login_verified(client, paralegal)
    url = reverse("staff:matter_note", args=[matter.uuid])
    client.post(url, {"body": "Client called: passport renewal under way."})
    login_verified(client, attorney)
    client.post(url, {"body": "Correction: renewal done, new number to come."})
    client.post(url, {"body": "   "})  # nothing to write: refused, nothing stored
    notes = list(matter.case_notes.order_by("created_at"))
    assert [n.author for n in notes] == [paralegal, attorney]
    assert notes[0].body == "Client called: passport renewal under way."
    page = client.get(reverse("staff:matter", args=[matter.uuid])).content.decode()
    log = page.split('id="notes-heading"')[1].split("</section>")[0]
    assert log.index("Correction") < log.index("Client called")  # newest first
    assert paralegal.get_full_name() in log and attorney.get_full_name() in log
    assert Event.objects.filter(kind="matter.note_added").count() == 2
    assert "passport renewal" not in str(Event.objects.filter(kind="matter.note_added")[0].data)
    with pytest.raises(ValueError):
        notes[0].body = "rewritten"
        notes[0].save()
    # The dates form no longer carries a notes field that could replace the log.
    dates_form = page.split(reverse("staff:matter_dates", args=[matter.uuid]))[1].split("</form>")[
        0
    ]
    assert "notes" not in dates_form and "filing_date" in dates_form


def test_the_old_notes_field_becomes_the_first_entry_of_the_log(transactional_db):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from tests.conftest import ensure_case_types

    ensure_case_types()
    executor = MigrationExecutor(connection)
    executor.migrate([("matters", "0008_search_extensions")])
    old = executor.loader.project_state(("matters", "0008_search_extensions")).apps
    case_type = old.get_model("matters", "CaseType").objects.get(code="i130")
    version = old.get_model("matters", "QuestionnaireVersion").objects.filter(case_type=case_type)[
        0
    ]
    Matter = old.get_model("matters", "Matter")
    kept = Matter.objects.create(
        title="Old", case_type=case_type, questionnaire_version=version, stage="intake",
        notes="Prefers calls after 5pm.\nSpanish.",
    )  # fmt: skip
    Matter.objects.create(
        title="Empty", case_type=case_type, questionnaire_version=version, stage="intake"
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    notes = list(CaseNote.objects.all())
    assert [(n.matter_id, n.body, n.origin) for n in notes] == [
        (kept.pk, "Prefers calls after 5pm.\nSpanish.", CaseNote.Origin.EARLIER)
    ]


def invite_links(outbox) -> list[str]:
    return [re.search(r"http://testserver(/invite/\S+)", m.body)[1] for m in outbox]


def test_resending_an_invitation_sends_a_new_link_and_revokes_the_old(
    client, i130, intake_user, attorney
):
    with TestCase.captureOnCommitCallbacks(execute=True):
        matter = services.create_matter(
            case_type=i130,
            client_email="rosa@client.test",
            client_name="Rosa Díaz",
            language="es",
            by=intake_user,
            attorney=attorney,
        )
    [old_link] = invite_links(mail.outbox)
    login_verified(client, intake_user)
    page = client.get(reverse("staff:matter", args=[matter.uuid])).content.decode()
    assert "Resend the invitation to Rosa Díaz" in page
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("staff:matter_invite", args=[matter.uuid]),
            {"email": "rosa@client.test", "language": "es"},
            follow=True,
        )
    assert "the link sent before no longer works" in response.content.decode()
    new_link = invite_links(mail.outbox)[-1]
    assert new_link != old_link and mail.outbox[-1].to == ["rosa@client.test"]
    assert "portal de clientes" in mail.outbox[-1].subject
    client.logout()
    assert client.get(old_link).status_code == 410
    assert client.get(new_link).status_code == 200
    statuses = sorted(Invitation.objects.values_list("status", flat=True))
    assert statuses == [Invitation.Status.PENDING, Invitation.Status.REVOKED]
    assert Event.objects.filter(kind="invitation.resent", actor_id=intake_user.pk).count() == 1


def test_no_invitation_for_a_client_with_an_account_or_another_matters(
    client, matter, client_user, intake_user, attorney
):
    services.attach_contacts(client_user)
    matter.staff.add(intake_user)
    login_verified(client, intake_user)
    response = client.post(
        reverse("staff:matter_invite", args=[matter.uuid]),
        {"email": client_user.email, "language": "en"},
        follow=True,
    )
    assert "already has an account, or is not on the matter" in response.content.decode()
    response = client.post(
        reverse("staff:matter_invite", args=[matter.uuid]),
        {"email": "stranger@client.test", "language": "en"},
        follow=True,
    )
    assert "already has an account, or is not on the matter" in response.content.decode()
    assert not Invitation.objects.exists()
    invite_client(email="x@client.test", full_name="X", language="en", by=attorney)
    with pytest.raises(ValidationError):
        from portal.accounts.services import resend_invitation

        resend_invitation(email=client_user.email, by=attorney)


def import_file(rows: list[str]) -> io.BytesIO:
    header = "client_name,client_email,client_language,case_type,notes"
    return io.BytesIO(("\n".join([header, *rows]) + "\n").encode())


@pytest.mark.parametrize("invite", [False, True])
def test_import_invites_only_when_asked_once_per_client(client, i130, intake_user, invite):
    rows = [
        "Ana Uno,ana@client.test,es,i130,Llamar por la tarde",
        "Ana Uno,ana@client.test,es,n400,",
        "Ben Dos,ben@client.test,en,i130,",
    ]
    login_verified(client, intake_user)
    data = {"file": import_file(rows), "confirm": "on"}
    if invite:
        data["send_invitations"] = "on"
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("staff:import"), data, follow=True)
    body = response.content.decode()
    assert "3 matters imported" in body
    sent = sorted(m.to[0] for m in mail.outbox)
    if invite:
        assert sent == ["ana@client.test", "ben@client.test"]
        assert "2 clients invited by email" in body
        assert Invitation.objects.get(email="ana@client.test").language == "es"
    else:
        assert sent == [] and not Invitation.objects.exists()
    note = CaseNote.objects.get()
    assert note.body == "Llamar por la tarde" and note.origin == CaseNote.Origin.IMPORT


def test_history_reads_as_words_with_what_changed(client, matter, paralegal, admin_user, i130):
    services.change_stage(matter=matter, stage=i130.stages[1]["key"], by=paralegal)
    services.update_details(matter=matter, by=paralegal, filing_date=dt.date(2026, 3, 4))
    services.update_details(matter=matter, by=paralegal, filing_date=dt.date(2026, 3, 9))
    services.add_receipt(
        matter=matter, number="IOE0123456789", form="I-130", received_on=None, by=paralegal
    )
    retention.place_hold(by=admin_user, reason="Subpoena", matter=matter)
    login_verified(client, paralegal)
    page = client.get(reverse("staff:matter", args=[matter.uuid])).content.decode()
    history = page.split('id="history-heading"')[1].split("</section>")[0]
    first, second = (s["label"]["en"] for s in i130.stages[:2])
    assert f"Stage changed</strong>: {first} → {second}" in history
    assert "Filing date: — → 03/04/2026" in history
    assert "Filing date: 03/04/2026 → 03/09/2026" in history
    assert "Receipt number added</strong>: IOE0123456789 (I-130)" in history
    assert "Legal hold placed" in history
    assert not re.search(r"\b(hold|matter|task|request)\.[a-z_]+\b", history), history
    # The page says the matter is held, and stops saying so once the hold is released.
    assert "Under legal hold." in page
    hold = retention.holds_in_force().get()
    retention.release_hold(hold=hold, by=admin_user, reason="Case closed", subject=matter)
    page = client.get(reverse("staff:matter", args=[matter.uuid])).content.decode()
    assert "Under legal hold." not in page
    assert "Legal hold released" in page.split('id="history-heading"')[1]


def test_history_in_spanish(client, matter, paralegal, i130):
    services.change_stage(matter=matter, stage=i130.stages[1]["key"], by=paralegal)
    services.update_details(matter=matter, by=paralegal, priority_date=dt.date(2024, 2, 1))
    paralegal.preferred_language = "es"
    paralegal.save()
    login_verified(client, paralegal)
    client.post(reverse("set_language"), {"language": "es", "next": "/staff/"})
    page = client.get(reverse("staff:matter", args=[matter.uuid])).content.decode()
    history = page.split('id="history-heading"')[1].split("</section>")[0]
    first, second = (s["label"]["es"] for s in i130.stages[:2])
    assert f"{first} → {second}" in history
    assert "01/02/2024" in history and "Fecha de prioridad" in history
