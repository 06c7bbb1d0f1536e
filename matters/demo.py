"""Demo matters for `seed_demo`: three case types at different stages, so the portal looks alive."""

from __future__ import annotations

import datetime as dt

from django.test import RequestFactory
from django.utils import timezone

from matters import intake, services
from matters import questionnaire as qn
from matters.models import CaseType, DocumentRequest, Matter
from portal.accounts.models import User


def _post(data: dict):
    return RequestFactory().post("/", data).POST


SAMPLE = {
    "text": "Demo",
    "textarea": "Demo answer.",
    "email": "maria@example.test",
    "phone": "(212) 555-0100",
    "date": "1990-04-25",
    "country": "MX",
    "yesno": "no",
}
FORMAT_SAMPLE = {"a_number": "A123456789", "ssn": "123-45-6789", "passport": "G12345678"}


def fill_section(section: dict, overrides: dict | None = None) -> dict:
    """A plausible POST for every question of a section (demo data, tests, benchmarks)."""
    overrides = overrides or {}
    data: dict[str, str] = {}

    def put(name: str, q: dict):
        if q["key"] in overrides:
            data[name] = overrides[q["key"]]
        elif q["type"] == "address":
            data.update(
                {
                    f"{name}-street": "1 Main St",
                    f"{name}-city": "Newark",
                    f"{name}-state": "NJ",
                    f"{name}-postal_code": "07102",
                    f"{name}-country": "US",
                }
            )
        elif q["type"] == "choice":
            data[name] = q["choices"][0]["value"]
        elif q.get("format"):
            data[name] = FORMAT_SAMPLE[q["format"]]
        else:
            data[name] = SAMPLE.get(q["type"], "Demo")

    for q in section["questions"]:
        if q["type"] == "group":
            for sub in q["questions"]:
                put(f"q-{q['key']}-0-{sub['key']}", sub)
        else:
            put(f"q-{q['key']}", q)
    return data


def answer_all(
    matter: Matter,
    *,
    by: User,
    role: str | None,
    overrides: dict | None = None,
    only_first: bool = False,
) -> None:
    """Fill every section the client would see, in order, as a client would."""
    done: set[str] = set()
    while True:
        answers = services.read_answers(matter)
        pending = [
            s
            for s in qn.visible_sections(matter.questionnaire, answers, role)
            if s["key"] not in done
        ]
        if not pending:
            return
        section = pending[0]
        intake.save_section(
            matter=matter,
            section_key=section["key"],
            data=_post(fill_section(section, overrides)),
            by=by,
            role=role,
        )
        done.add(section["key"])
        if only_first:
            return


def seed_matters(*, client: User, intake_user: User, paralegal: User, attorney: User) -> int:
    if Matter.objects.filter(contacts__user=client).exists():
        return 0
    today = timezone.localdate()

    def open_matter(code: str) -> Matter:
        return services.create_matter(
            case_type=CaseType.objects.get(code=code),
            client_email=client.email,
            client_name=client.full_name,
            language=client.preferred_language,
            attorney=attorney,
            staff=[paralegal],
            by=intake_user,
            invite=False,
        )

    # 1. Marriage-based petition: intake done, documents coming in.
    i130 = open_matter("i130")
    answer_all(
        i130, by=client, role=None, overrides={"marital_status": "married", "has_children": "yes"}
    )
    intake.submit_intake(matter=i130, by=client, role=None)
    services.update_details(
        matter=i130, by=attorney, target_filing_date=today + dt.timedelta(days=30)
    )
    reqs = list(i130.requests.filter(parent__isnull=True).order_by("position"))
    if reqs:
        services.mark_uploaded(request=reqs[0], by=client)
        services.accept_request(request=reqs[0], by=paralegal)
    if len(reqs) > 1:
        services.mark_uploaded(request=reqs[1], by=client)
        services.reject_request(
            request=reqs[1],
            by=paralegal,
            reason="The photo is blurry; please retake it in daylight with all four corners visible.",
        )
    if len(reqs) > 2:
        services.mark_uploaded(request=reqs[2], by=client)
    services.change_stage(matter=i130, stage=i130.case_type.stages[1]["key"], by=attorney)

    # 2. Naturalization: the client has just started the questionnaire.
    n400 = open_matter("n400")
    answer_all(n400, by=client, role="beneficiary", only_first=True)

    # 3. H-1B: filed, with a receipt, biometrics and an RFE to answer.
    h1b = open_matter("i129_h1b")
    answer_all(h1b, by=client, role=None)
    intake.submit_intake(matter=h1b, by=client, role=None)
    stages = [s["key"] for s in h1b.case_type.stages]
    services.change_stage(
        matter=h1b, stage="filed" if "filed" in stages else stages[-2], by=attorney
    )
    services.update_details(
        matter=h1b,
        by=attorney,
        filing_date=today - dt.timedelta(days=40),
        biometrics_date=today + dt.timedelta(days=9),
    )
    services.add_receipt(
        matter=h1b,
        number="WAC2690012345",
        form="I-129",
        received_on=today - dt.timedelta(days=35),
        by=attorney,
    )
    services.add_rfe(
        matter=h1b,
        notice_date=today - dt.timedelta(days=5),
        due_date=None,
        items=[
            {
                "en": "Employer's letter describing the specialty occupation duties",
                "es": "Carta del empleador que describa las funciones del puesto especializado",
            },
            {"en": "Degree evaluation", "es": ""},  # left untranslated: shown as such
        ],
        notes="Specialty occupation evidence",
        by=attorney,
    )
    for r in h1b.requests.filter(source=DocumentRequest.Source.CHECKLIST)[:3]:
        services.mark_uploaded(request=r, by=client)
        services.accept_request(request=r, by=paralegal)
    return 3
