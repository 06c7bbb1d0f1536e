"""The workspace and the client's pages: access, rendering, query counts, hostile input."""

import pytest
from django.urls import reverse

from matters import services
from matters.demo import answer_all, fill_section
from matters.models import CaseType, Matter
from tests.conftest import login_verified, make_user

pytestmark = pytest.mark.django_db


def first_client_section(matter, role="beneficiary"):
    from matters.questionnaire import visible_sections

    return visible_sections(matter.questionnaire, {}, role)[0]


def test_staff_matter_list_and_page_render(client, matter, paralegal, client_user):
    answer_all(matter, by=client_user, role=None, overrides={"marital_status": "married"})
    login_verified(client, paralegal)
    response = client.get(reverse("staff:matters"))
    assert response.status_code == 200
    assert matter.reference in response.content.decode()
    page = client.get(reverse("staff:matter", args=[matter.uuid]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Document checklist" in body and "Intake answers" in body
    # Answers read as answers: labels of choices, masked identity numbers, no raw dicts.
    assert (
        "Married" in body and "'label'" not in body and "{" not in body.split("Intake answers")[1]
    )
    assert "A123456789" not in body and "•••••6789" in body


def test_unassigned_staff_get_404_and_admin_sees_all(client, matter, db):
    from portal.accounts.models import Role, User

    other = make_user("other@firm.test", kind=User.Kind.STAFF, roles=[Role.PARALEGAL], mfa=True)
    login_verified(client, other)
    assert client.get(reverse("staff:matter", args=[matter.uuid])).status_code == 404
    assert matter.reference not in client.get(reverse("staff:matters")).content.decode()
    admin = make_user("root@firm.test", kind=User.Kind.STAFF, roles=[Role.ADMIN], mfa=True)
    login_verified(client, admin)
    assert client.get(reverse("staff:matter", args=[matter.uuid])).status_code == 200


def test_billing_sees_the_matter_but_not_its_file(client, matter, billing, client_user):
    answer_all(matter, by=client_user, role=None)
    login_verified(client, billing)
    body = client.get(reverse("staff:matter", args=[matter.uuid])).content.decode()
    assert matter.title in body
    assert "Intake answers" not in body and "Document checklist" not in body
    assert "Demo answer" not in body


@pytest.mark.parametrize("n", [3, 30])
def test_matter_list_uses_a_constant_number_of_queries(
    client, paralegal, attorney, i130, django_assert_max_num_queries, n
):
    for i in range(n):
        m = services.create_matter(
            case_type=i130,
            client_email=f"c{i}@client.test",
            client_name=f"C{i}",
            language="en",
            by=paralegal,
            attorney=attorney,
            invite=False,
        )
        services.create_task(matter=m, title="x", assignee=paralegal, due_date=None, by=paralegal)
    login_verified(client, paralegal)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("staff:matters") + "?missing=on&sort=next_due")
    assert response.status_code == 200 and response.content.decode().count("/staff/matters/") >= n


@pytest.mark.parametrize("extra", [0, 20])
def test_matter_page_uses_a_constant_number_of_queries(
    client, matter, paralegal, client_user, django_assert_max_num_queries, extra
):
    answer_all(matter, by=client_user, role=None)
    for i in range(extra):
        services.create_task(
            matter=matter, title=f"t{i}", assignee=paralegal, due_date=None, by=paralegal
        )
        services.add_rfe(
            matter=matter,
            notice_date=matter.created_at.date(),
            due_date=None,
            items=[f"item {i}"],
            notes="",
            by=paralegal,
        )
    login_verified(client, paralegal)
    with django_assert_max_num_queries(24):
        response = client.get(reverse("staff:matter", args=[matter.uuid]))
    assert response.status_code == 200


def test_client_answers_a_section_and_sees_specific_errors(client, matter, client_user):
    client.force_login(client_user)
    section = first_client_section(matter)
    url = reverse("intake_section", args=[matter.uuid, section["key"]])
    assert client.get(url).status_code == 200
    data = fill_section(section)
    required = next(
        q for q in section["questions"] if q.get("required") and q["type"] in ("text", "date")
    )
    data[f"q-{required['key']}"] = ""
    response = client.post(url, data)
    assert response.status_code == 400
    assert "This is required." in response.content.decode()
    matter.refresh_from_db()
    assert matter.intake_status == Matter.Intake.NOT_STARTED  # nothing half-written
    response = client.post(url, fill_section(section))
    assert response.status_code == 302
    assert "/intake/" in response.url


def test_autosave_keeps_a_partial_draft(client, matter, client_user):
    client.force_login(client_user)
    section = first_client_section(matter)
    url = reverse("intake_section", args=[matter.uuid, section["key"]])
    q = next(q for q in section["questions"] if q["type"] == "text" and not q.get("format"))
    response = client.post(url, {f"q-{q['key']}": "Solo esto"}, HTTP_X_AUTOSAVE="1")
    assert response.status_code == 200 and response.json()["saved"]
    assert services.read_answers(Matter.objects.get(pk=matter.pk))[q["key"]] == "Solo esto"


def test_answers_posted_to_another_clients_matter_are_404(client, matter, other_client_user):
    client.force_login(other_client_user)
    section = first_client_section(matter)
    response = client.post(
        reverse("intake_section", args=[matter.uuid, section["key"]]), fill_section(section)
    )
    assert response.status_code == 404
    assert client.get(reverse("client_matter", args=[matter.uuid])).status_code == 404
    matter.refresh_from_db()
    assert matter.answers == {}


def test_ten_thousand_fields_are_refused_and_the_draft_survives(client, matter, client_user):
    client.force_login(client_user)
    section = first_client_section(matter)
    url = reverse("intake_section", args=[matter.uuid, section["key"]])
    client.post(url, fill_section(section))
    before = services.read_answers(Matter.objects.get(pk=matter.pk))
    flood = {f"f{i}": "x" for i in range(10000)}
    response = client.post(url, flood)
    assert response.status_code == 400
    assert "too many" in response.content.decode().lower()
    assert services.read_answers(Matter.objects.get(pk=matter.pk)) == before


def test_html_and_sql_in_answers_are_stored_as_written_and_shown_escaped(
    client, matter, client_user, paralegal
):
    client.force_login(client_user)
    section = first_client_section(matter)
    q = next(q for q in section["questions"] if q["type"] == "text" and not q.get("format"))
    evil = "<script>alert(1)</script>'; DROP TABLE matters_matter; --"
    client.post(
        reverse("intake_section", args=[matter.uuid, section["key"]]),
        fill_section(section, {q["key"]: evil}),
    )
    assert services.read_answers(Matter.objects.get(pk=matter.pk))[q["key"]] == evil
    login_verified(client, paralegal)
    body = client.get(reverse("staff:matter", args=[matter.uuid])).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body


def test_client_home_and_matter_page_show_what_is_needed(client, matter, client_user, paralegal):
    req = matter.requests.filter(audience="beneficiary").first()
    services.mark_uploaded(request=req, by=client_user)
    services.reject_request(request=req, reason="Corners cut off", by=paralegal)
    client.force_login(client_user)
    home = client.get("/").content.decode()
    assert matter.case_type.name in home
    page = client.get(reverse("client_matter", args=[matter.uuid])).content.decode()
    assert "Corners cut off" in page and req.title in page


def test_staff_create_matter_and_invite_in_one_step(client, paralegal, attorney, mailoutbox):
    from django.test import TestCase

    login_verified(client, paralegal)
    ct = CaseType.objects.get(code="n400")
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("staff:matter_new"),
            {
                "case_type": ct.pk,
                "client_name": "Rosa Díaz",
                "client_email": "rosa@client.test",
                "role": "beneficiary",
                "language": "es",
                "attorney": attorney.pk,
            },
        )
    assert response.status_code == 302
    m = Matter.objects.get(contacts__email="rosa@client.test")
    assert m.responsible_attorney == attorney and paralegal in m.staff.all()
    assert (
        mailoutbox[-1].to == ["rosa@client.test"] and "portal de clientes" in mailoutbox[-1].subject
    )


def test_invalid_receipt_number_in_the_form_shows_a_message(client, matter, attorney):
    login_verified(client, attorney)
    response = client.post(
        reverse("staff:matter_receipt", args=[matter.uuid]),
        {"number": "IOE12", "form": "I-130"},
        follow=True,
    )
    assert "three letters" in response.content.decode()
    assert not matter.receipts.exists()


def test_revealing_identity_numbers_is_audited_and_billing_cannot(
    client, matter, paralegal, billing, client_user
):
    from audit.models import Event

    answer_all(matter, by=client_user, role=None)
    login_verified(client, paralegal)
    body = client.post(reverse("staff:matter_reveal", args=[matter.uuid])).content.decode()
    assert "A123456789" in body
    assert (
        Event.objects.filter(kind="intake.sensitive_revealed", actor_id=paralegal.pk).count() == 1
    )
    login_verified(client, billing)
    assert client.post(reverse("staff:matter_reveal", args=[matter.uuid])).status_code == 404


def test_list_filters_search_and_dates(client, matter, paralegal, attorney, i130):
    import datetime as dt

    other = services.create_matter(
        case_type=i130,
        client_email="zed@client.test",
        client_name="Zed Other",
        language="en",
        by=paralegal,
        attorney=attorney,
        invite=False,
    )
    services.add_receipt(
        matter=other, number="EAC2612345678", form="I-130", received_on=None, by=paralegal
    )
    services.change_stage(matter=other, stage=i130.stages[2]["key"], by=paralegal)
    services.create_task(
        matter=matter,
        title="late",
        assignee=paralegal,
        due_date=dt.date.today() - dt.timedelta(days=3),
        by=paralegal,
    )
    login_verified(client, paralegal)

    def refs(query):
        body = client.get(reverse("staff:matters") + query).content.decode()
        return {m.reference for m in (matter, other) if f">{m.reference}<" in body}

    assert refs("") == {matter.reference, other.reference}
    assert refs("?q=EAC2612345678") == {other.reference}
    assert refs("?q=zed") == {other.reference}
    assert refs(f"?q={matter.reference}") == {matter.reference}
    assert refs(f"?stage={i130.stages[2]['key']}") == {other.reference}
    assert refs("?overdue=on") == {matter.reference}

    response = client.post(
        reverse("staff:matter_dates", args=[matter.uuid]),
        {
            "priority_date": "2024-02-01",
            "biometrics_date": "not a date",
        },
        follow=True,
    )
    assert "Enter a valid date" in response.content.decode()
    matter.refresh_from_db()
    assert matter.priority_date is None  # nothing half-written
    client.post(reverse("staff:matter_dates", args=[matter.uuid]), {"priority_date": "2024-02-01"})
    matter.refresh_from_db()
    assert str(matter.priority_date) == "2024-02-01"


def test_country_names_are_in_the_clients_language(client, matter, client_user):
    client_user.preferred_language = "es"
    client_user.save()
    client.force_login(client_user)
    from matters.questionnaire import visible_sections

    section = next(
        s
        for s in visible_sections(matter.questionnaire, {}, "beneficiary")
        if any(q["type"] in ("country", "address") for q in s["questions"])
    )
    body = client.get(
        reverse("intake_section", args=[matter.uuid, section["key"]])
    ).content.decode()
    assert "México" in body and "Estados Unidos" in body
