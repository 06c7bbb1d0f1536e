"""The client's "What we need from you now": urgent first (RFE evidence, due within 14 days),
then by due date, and urgent said in words, not by colour alone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from matters import services
from matters.models import DocumentRequest

pytestmark = pytest.mark.django_db


def positions(body: str, titles: list[str]) -> list[int]:
    return [body.index(t) for t in titles]


def test_needed_now_orders_by_urgency_and_due_date_and_says_why(
    client, matter, client_user, paralegal
):
    services.attach_contacts(client_user)
    today = timezone.localdate()
    matter.requests.update(status=DocumentRequest.Status.ACCEPTED)

    def ask(key, days):
        return DocumentRequest.objects.create(
            matter=matter,
            key=key,
            title_en=f"DOC-{key}",
            title_es=f"DOC-{key}",
            formats=["pdf"],
            audience="beneficiary",
            due_date=today + dt.timedelta(days=days) if days is not None else None,
            position=len(key),
        )

    far, soon, undated, overdue = (
        ask("far", 40), ask("soon", 5), ask("undated", None), ask("overdue", -2)
    )  # fmt: skip
    today_item = ask("today", 0)
    rfe = services.add_rfe(
        matter=matter,
        notice_date=today - dt.timedelta(days=3),
        due_date=today + dt.timedelta(days=80),
        items=["RFE-joint bank statements"],
        notes="",
        by=paralegal,
    )
    rfe_request = rfe.requests.get()
    DocumentRequest.objects.filter(pk=rfe_request.pk).update(audience="beneficiary")
    client.force_login(client_user)
    page = client.get(reverse("client_matter", args=[matter.uuid])).content.decode()
    now = page.split('id="now-heading"')[1].split("</section>")[0]
    order = [f"DOC-{overdue.key}", f"DOC-{today_item.key}", f"DOC-{soon.key}"]
    order += ["RFE-joint bank statements"]
    order += [f"DOC-{far.key}", f"DOC-{undated.key}"]
    assert positions(now, order) == sorted(positions(now, order)), now
    items = now.split("<li")[1:]
    urgent = [i for i in items if "Urgent" in i]
    assert len(urgent) == 4  # overdue, due today, due in 5 days, and the RFE evidence
    assert all(
        'class="urgent"' in i and '<strong class="badge urgent">Urgent</strong>' in i
        for i in urgent
    )
    assert "5 days left" in now and "it was due on" in now and "(due today)" in now
    assert "USCIS asked for this in a request for evidence" in now
    # The home page says how many are urgent and names the first.
    home = client.get("/").content.decode()
    assert "4 urgent" in home and f"First: DOC-{overdue.key}" in home


def test_urgent_reads_in_spanish(client, matter, client_user):
    services.attach_contacts(client_user)
    client_user.preferred_language = "es"
    client_user.save()
    req = matter.requests.filter(audience="beneficiary").first()
    DocumentRequest.objects.filter(pk=req.pk).update(
        due_date=timezone.localdate() + dt.timedelta(days=1)
    )
    client.force_login(client_user)
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    page = client.get(reverse("client_matter", args=[matter.uuid])).content.decode()
    assert "Urgente" in page and "queda 1 día" in page
