"""Matters: opening, the checklist and its conditions, translations, tasks, RFEs, receipts."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone

from audit.models import Event
from matters import intake, services
from matters.demo import fill_section
from matters.models import DocumentRequest, Matter, Task

pytestmark = pytest.mark.django_db


def post(data):
    return RequestFactory().post("/", data).POST


def section_with(matter, key):
    for s in matter.questionnaire["sections"]:
        if any(q["key"] == key for q in s["questions"]):
            return s
    raise AssertionError(key)


def answer(matter, by, key, value, role=None):
    section = section_with(matter, key)
    return intake.save_section(
        matter=matter,
        section_key=section["key"],
        data=post(fill_section(section, {key: value})),
        by=by,
        role=role,
    )


def keys(matter, **filters):
    return set(matter.requests.filter(**filters).values_list("key", flat=True))


def test_opening_a_matter_makes_its_checklist_and_invites(
    db, i130, client_user, paralegal, mailoutbox
):
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        m = services.create_matter(
            case_type=i130,
            client_email="new@client.test",
            client_name="Nuevo",
            language="es",
            by=paralegal,
        )
    unconditional = {i["key"] for i in i130.checklist if not i.get("show_if")}
    assert keys(m) == unconditional
    assert m.stage == i130.stages[0]["key"]
    assert mailoutbox and mailoutbox[-1].to == ["new@client.test"]
    assert Event.objects.filter(kind="matter.created").exists()
    contact = m.contacts.get()
    assert contact.user is None and contact.email == "new@client.test"


def test_accepting_the_invitation_attaches_the_matter(client, i130, paralegal):
    import re

    from django.core import mail
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        m = services.create_matter(
            case_type=i130,
            client_email="new@client.test",
            client_name="Nuevo",
            language="en",
            by=paralegal,
        )
    url = re.search(r"http://testserver(/invite/\S+)", mail.outbox[-1].body)[1]
    client.post(
        url,
        {
            "full_name": "Nuevo",
            "password1": "un caballo verde 2026",
            "password2": "un caballo verde 2026",
        },
    )
    assert m.contacts.get().user.email == "new@client.test"
    assert client.get(f"/matters/{m.uuid}/").status_code == 200


def test_married_adds_marriage_certificate_and_single_withdraws_it(matter, client_user):
    assert "marriage_certificate" not in keys(matter)
    result = answer(matter, client_user, "marital_status", "married")
    assert result.ok, result.errors
    assert "marriage_certificate" in keys(matter, status=DocumentRequest.Status.REQUESTED)
    answer(matter, client_user, "marital_status", "single")
    assert "marriage_certificate" in keys(matter, status=DocumentRequest.Status.WITHDRAWN)
    answer(matter, client_user, "marital_status", "married")
    assert "marriage_certificate" in keys(matter, status=DocumentRequest.Status.REQUESTED)
    assert matter.requests.filter(key="marriage_certificate").count() == 1


def test_sensitive_answers_are_sealed_at_rest(matter, client_user):
    from django.db import connection

    from matters import questionnaire as qn

    sensitive = qn.sensitive_keys(matter.questionnaire)
    key = (
        next(k for k in sensitive if k == "a_number")
        if "a_number" in sensitive
        else sorted(sensitive)[0]
    )
    section = section_with(matter, key)
    intake.save_section(
        matter=matter,
        section_key=section["key"],
        data=post(fill_section(section)),
        by=client_user,
        role=None,
    )
    matter.refresh_from_db()
    assert key not in matter.answers
    assert matter.sealed_answers.startswith("v1$")
    with connection.cursor() as cur:
        cur.execute("SELECT answers, sealed_answers FROM matters_matter WHERE id = %s", [matter.pk])
        row = " ".join(str(c) for c in cur.fetchone())
    assert "123456789" not in row and "G12345678" not in row
    assert services.read_answers(matter)[key]
    assert qn.mask("A123456789") == "••••••6789"


def test_foreign_document_set_is_complete_only_with_translation_and_certificate(
    matter, client_user, paralegal
):
    req = matter.requests.filter(translation_possible=True, parent__isnull=True).first()
    services.mark_foreign_language(request=req, by=client_user)
    services.mark_foreign_language(request=req, by=client_user)  # twice: still two linked items
    linked = list(req.linked.all())
    assert {r.link for r in linked} == {"translation", "translator_certificate"}
    services.mark_uploaded(request=req, by=client_user)
    services.accept_request(request=req, by=paralegal)
    req.refresh_from_db()
    assert not services.set_complete(req)
    for r in linked:
        services.mark_uploaded(request=r, by=client_user)
        services.accept_request(request=r, by=paralegal)
    assert services.set_complete(req)


def test_reject_needs_a_reason_and_the_client_sees_it(matter, client_user, paralegal):
    req = matter.requests.first()
    services.mark_uploaded(request=req, by=client_user)
    with pytest.raises(ValidationError):
        services.reject_request(request=req, reason="  ", by=paralegal)
    services.reject_request(request=req, reason="Too dark", by=paralegal)
    req.refresh_from_db()
    assert req.status == DocumentRequest.Status.REJECTED and req.rejection_reason == "Too dark"
    assert req.is_open and req.times_requested == 2


def test_task_rules_fire_once_per_event(matter, client_user, paralegal, attorney):
    req = matter.requests.first()
    services.mark_uploaded(request=req, by=client_user)
    services.mark_uploaded(request=req, by=client_user)  # the same upload seen twice
    review = Task.objects.filter(matter=matter, event="document_uploaded")
    assert review.count() == 1 and review.get().assignee == paralegal
    services.accept_request(request=req, by=paralegal)
    assert review.get().status == Task.Status.DONE
    for r in matter.requests.filter(parent__isnull=True).exclude(status="accepted"):
        services.mark_uploaded(request=r, by=client_user)
        services.accept_request(request=r, by=paralegal)
    drafting = Task.objects.filter(matter=matter, event="all_documents_accepted")
    assert drafting.count() == 1 and drafting.get().assignee == attorney


def test_submitting_intake_opens_an_intake_review_task_and_moves_the_stage(matter, client_user):
    from matters.demo import answer_all

    assert intake.submit_intake(matter=matter, by=client_user, role=None)  # incomplete: refused
    answer_all(matter, by=client_user, role=None)
    assert intake.submit_intake(matter=matter, by=client_user, role=None) == []
    intake.submit_intake(matter=matter, by=client_user, role=None)
    matter.refresh_from_db()
    assert matter.intake_status == Matter.Intake.SUBMITTED
    assert matter.stage == matter.case_type.stages[1]["key"]
    assert Task.objects.filter(matter=matter, event="intake_submitted").count() == 1
    matter.refresh_from_db()
    assert (
        matter.next_task_due == Task.objects.get(matter=matter, event="intake_submitted").due_date
    )
    assert Event.objects.filter(kind="matter.stage_changed").count() == 1


def test_changes_after_submission_are_shown_as_a_diff_and_confirmed(matter, client_user, paralegal):
    from matters.demo import answer_all

    answer_all(matter, by=client_user, role=None, overrides={"marital_status": "single"})
    intake.submit_intake(matter=matter, by=client_user, role=None)
    answer(matter, client_user, "marital_status", "married")
    changes = intake.pending_changes(matter)
    changed = {c.question: (c.before, c.after) for c in changes}
    assert changed["marital_status"] == ("single", "married")
    assert intake.confirm_changes(matter=matter, by=paralegal) == len(changes)
    assert intake.pending_changes(matter) == []


def test_rfe_default_deadline_and_requests(matter, attorney):
    notice = dt.date(2026, 3, 2)
    rfe = services.add_rfe(
        matter=matter,
        notice_date=notice,
        due_date=None,
        items=["Joint bank statements", "", "Lease"],
        notes="",
        by=attorney,
    )
    assert rfe.due_date == notice + dt.timedelta(days=87)
    assert list(rfe.requests.values_list("title_en", flat=True)) == [
        "Joint bank statements",
        "Lease",
    ]
    task = Task.objects.get(matter=matter, event="rfe_entered")
    assert task.assignee == attorney and task.due_date == rfe.due_date - dt.timedelta(days=14)
    explicit = services.add_rfe(
        matter=matter,
        notice_date=notice,
        due_date=dt.date(2026, 4, 30),
        items=[],
        notes="",
        by=attorney,
    )
    assert explicit.due_date == dt.date(2026, 4, 30)


@pytest.mark.parametrize("bad", ["IOE123", "XYZ0123456789", "IOE01234567890", "ioe 012345678x", ""])
def test_invalid_receipt_numbers_are_refused_and_nothing_is_written(matter, attorney, bad):
    with pytest.raises(ValidationError, match="three letters"):
        services.add_receipt(matter=matter, number=bad, form="I-130", received_on=None, by=attorney)
    assert not matter.receipts.exists()


def test_receipt_number_is_normalised(matter, attorney):
    r = services.add_receipt(
        matter=matter, number="ioe-0123456789", form="I-130", received_on=None, by=attorney
    )
    assert r.number == "IOE0123456789"


def test_a_case_type_with_a_condition_on_a_missing_question_is_refused(i130):
    import copy

    bad = copy.deepcopy(i130.questionnaire)
    bad["sections"][-1]["show_if"] = {"question": "no_such_question", "equals": True}
    i130.questionnaire = bad
    with pytest.raises(ValidationError, match="no_such_question"):
        i130.save()
    i130.refresh_from_db()
    assert i130.questionnaire != bad


def test_stage_change_is_audited(matter, attorney):
    stage = matter.case_type.stages[2]["key"]
    services.change_stage(matter=matter, stage=stage, by=attorney)
    assert Event.objects.filter(kind="matter.stage_changed", actor_id=attorney.pk).exists()
    with pytest.raises(ValidationError):
        services.change_stage(matter=matter, stage="nope", by=attorney)


def test_today_helper_uses_local_date():
    assert services.today() == timezone.localdate()


def test_list_figures_follow_every_change(matter, client_user, paralegal, attorney):
    """The stored figures always equal a fresh count, whatever the services did."""
    from django.core.management import call_command

    def stored():
        m = Matter.objects.get(pk=matter.pk)
        return m.open_requests, m.next_request_due, m.next_task_due

    def fresh():
        before = stored()
        services.refresh_all_figures()
        after = stored()
        return before, after

    def check():
        before, after = fresh()
        assert before == after

    check()
    assert stored()[0] == matter.requests.filter(status="requested").count() > 0
    answer(matter, client_user, "marital_status", "married")
    check()
    req = matter.requests.first()
    services.mark_uploaded(request=req, by=client_user)
    check()
    services.reject_request(request=req, reason="blurry", by=paralegal)
    check()
    services.mark_uploaded(request=req, by=client_user)
    services.accept_request(request=req, by=paralegal)
    check()
    task = services.create_task(
        matter=matter, title="call", assignee=paralegal, due_date=dt.date(2020, 1, 1), by=paralegal
    )
    check()
    assert stored()[2] == dt.date(2020, 1, 1)
    services.complete_task(task=task, by=paralegal)
    check()
    services.add_rfe(
        matter=matter,
        notice_date=dt.date(2026, 1, 5),
        due_date=None,
        items=["x"],
        notes="",
        by=attorney,
    )
    check()
    services.mark_foreign_language(
        request=matter.requests.filter(translation_possible=True).first(), by=client_user
    )
    check()
    Matter.objects.filter(pk=matter.pk).update(open_requests=999)
    call_command("refresh_matter_figures", stdout=__import__("io").StringIO())
    assert stored()[0] != 999


def test_editing_a_case_type_makes_a_new_version_and_open_matters_keep_theirs(
    matter, i130, paralegal
):
    import copy

    schema = copy.deepcopy(i130.questionnaire)
    schema["sections"][-1]["questions"].append(
        {
            "key": "anything_else",
            "type": "textarea",
            "label": {"en": "Anything else?", "es": "¿Algo más?"},
        }
    )
    i130.questionnaire = schema
    i130.save()
    i130.save()  # saving without a change makes no version
    assert list(i130.versions.values_list("number", flat=True)) == [1, 2]
    matter.refresh_from_db()
    assert matter.questionnaire_version.number == 1
    assert "anything_else" not in str(matter.questionnaire)
    newer = services.create_matter(
        case_type=i130,
        client_email="n@client.test",
        client_name="N",
        language="en",
        by=paralegal,
        invite=False,
    )
    assert newer.questionnaire_version.number == 2
