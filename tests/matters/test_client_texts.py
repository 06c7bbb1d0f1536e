"""Texts staff write for clients, in two languages; "not in English" asked and undone.

An RFE item, a custom request or a reason for sending a document back can be written in
English, Spanish or both; a client reads their own language, or the other one marked as
such (never English silently stored as Spanish). "My document is not in English" asks
before adding the translation requests, and can be undone while nothing was sent.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import Event
from matters import reminders, services
from matters.bilingual import lines, pick
from matters.models import DocumentRequest
from tests.conftest import login_verified
from tests.uploads.helpers import jpeg_bytes, store

pytestmark = pytest.mark.django_db

NOTE_ES = "en inglés, aún sin traducir"


@pytest.fixture
def vault_dir(settings, tmp_path):
    """A vault of its own for the test (as in tests/uploads)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "vault": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "vault")},
        },
    }
    return tmp_path / "vault"


@pytest.fixture
def spanish_client(client_user):
    client_user.preferred_language = "es"
    client_user.save(update_fields=["preferred_language"])
    return client_user


def rfe_requests(matter):
    return list(matter.requests.filter(source="rfe").order_by("pk"))


def test_rfe_items_in_both_languages_reach_the_client_in_theirs(
    client, matter, paralegal, spanish_client
):
    login_verified(client, paralegal)
    notice = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    response = client.post(
        reverse("staff:matter_rfe", args=[matter.uuid]),
        {
            "notice_date": notice,
            "items": "Employer letter\nPay stubs",
            "items_es": "Carta del empleador\nTalones de pago\n",
        },
    )
    assert response.status_code == 302
    # A second RFE written in English only.
    client.post(
        reverse("staff:matter_rfe", args=[matter.uuid]),
        {"notice_date": notice, "items": "Tax transcript", "items_es": ""},
    )
    letter, stubs, tax = rfe_requests(matter)
    assert (letter.title_en, letter.title_es) == ("Employer letter", "Carta del empleador")
    assert stubs.title_es == "Talones de pago"
    # Never English copied into the Spanish column, which hid that it was untranslated.
    assert (tax.title_en, tax.title_es) == ("Tax transcript", "")

    client.force_login(spanish_client)
    page = client.get(reverse("client_matter", args=[matter.uuid])).content.decode()
    assert "<strong>Carta del empleador</strong>" in page
    marked = f'<span lang="en">Tax transcript</span> <small class="fallback-note">({NOTE_ES})'
    assert marked in page
    upload = client.get(reverse("document_upload", args=[matter.uuid, tax.uuid]))
    assert marked in upload.content.decode()


def test_rfe_items_that_do_not_pair_are_refused(client, matter, paralegal):
    login_verified(client, paralegal)
    response = client.post(
        reverse("staff:matter_rfe", args=[matter.uuid]),
        {
            "notice_date": timezone.localdate().isoformat(),
            "items": "One\nTwo",
            "items_es": "Uno\nDos\nTres",
        },
        follow=True,
    )
    assert "same order (2 in English, 3 in Spanish)" in response.content.decode()
    assert not matter.rfes.exists() and not rfe_requests(matter)


def test_a_send_back_reason_reads_in_the_clients_language_or_says_it_is_not(
    client, matter, paralegal, spanish_client, vault_dir
):
    req = matter.requests.get(key="passport", audience="beneficiary")
    store(req, jpeg_bytes(), by=spanish_client)
    req.refresh_from_db()
    login_verified(client, paralegal)
    response = client.post(
        reverse("staff:request_reject", args=[req.uuid]),
        {"reason": "The photo is blurry", "reason_es": "La foto está borrosa"},
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert (req.rejection_reason, req.rejection_reason_es) == (
        "The photo is blurry",
        "La foto está borrosa",
    )
    client.force_login(spanish_client)
    page = client.get(reverse("client_matter", args=[matter.uuid])).content.decode()
    assert "La foto está borrosa" in page and "The photo is blurry" not in page

    # Written in English only: the Spanish reader sees it, marked.
    store(req, jpeg_bytes((700, 500)), by=spanish_client)
    req.refresh_from_db()
    services.reject_request(request=req, reason="Cut off at the bottom", by=paralegal)
    page = client.get(reverse("document_upload", args=[matter.uuid, req.uuid])).content.decode()
    assert '<span lang="en">Cut off at the bottom</span> <small class="fallback-note">' in page
    assert NOTE_ES in page
    # ... and a reason with no text in either language is refused.
    login_verified(client, paralegal)
    client.post(reverse("staff:request_reject", args=[req.uuid]), {"reason": " ", "reason_es": ""})
    req.refresh_from_db()
    assert req.rejection_reason == "Cut off at the bottom"


def test_staff_ask_for_a_custom_document_once_even_when_the_form_is_sent_twice(
    client, matter, paralegal, spanish_client
):
    login_verified(client, paralegal)
    data = {
        "title_en": "Lease agreement",
        "title_es": "Contrato de arrendamiento",
        "why_en": "It shows where you live.",
        "why_es": "",
        "parts": "",
        "audience": "beneficiary",
    }
    for _ in range(2):  # back and resubmit
        response = client.post(reverse("staff:request_new", args=[matter.uuid]), data)
        assert response.status_code == 302
    custom = matter.requests.filter(source=DocumentRequest.Source.STAFF)
    assert custom.count() == 1
    lease = custom.get()
    assert lease.parts == [] and lease.is_open
    # A card with two sides, titled in Spanish only.
    client.post(
        reverse("staff:request_new", args=[matter.uuid]),
        {"title_en": "", "title_es": "Cédula", "parts": "front,back", "audience": "beneficiary"},
    )
    card = custom.get(title_es="Cédula")
    assert card.parts == ["front", "back"]
    with translation.override("en"):
        assert card.localized("title").fallback and card.localized("title").lang == "es"
    # Nothing without a title.
    response = client.post(
        reverse("staff:request_new", args=[matter.uuid]),
        {"title_en": "", "title_es": "", "audience": "beneficiary"},
        follow=True,
    )
    assert "Give the document a title in either language." in response.content.decode()
    assert custom.count() == 2

    client.force_login(spanish_client)
    page = client.get(reverse("client_matter", args=[matter.uuid])).content.decode()
    assert "Contrato de arrendamiento" in page
    assert '<span lang="en">It shows where you live.</span>' in page


def test_reminders_mark_a_title_not_in_the_clients_language(matter, paralegal, spanish_client):
    services.add_rfe(
        matter=matter,
        notice_date=timezone.localdate(),
        due_date=None,
        items=["Tax transcript"],
        notes="",
        by=paralegal,
    )
    req = rfe_requests(matter)[0]
    with translation.override("es"):
        assert (
            reminders._title({"kind": "document", "request": str(req.uuid)}, {str(req.uuid): req})
            == f"Tax transcript ({NOTE_ES})"
        )


def test_pick_and_lines():
    with translation.override("es"):
        assert str(pick({"en": "A", "es": "B"})) == "B"
        fallback = pick({"en": "A", "es": " "})
        assert fallback.fallback and fallback.text == "A" and fallback.plain() == f"A ({NOTE_ES})"
    assert lines("a\n\nb", "") == [{"en": "a", "es": ""}, {"en": "b", "es": ""}]
    with pytest.raises(ValueError):
        lines("a", "x\ny")


# "My document is not in English" ---------------------------------------------------------


def foreign_url(req, undo=False):
    name = "client_request_foreign_undo" if undo else "client_request_foreign"
    return reverse(name, args=[req.matter.uuid, req.uuid])


def test_not_in_english_asks_before_adding_and_can_be_undone(client, matter, client_user):
    req = matter.requests.get(key="birth_certificate", audience="beneficiary")
    client.force_login(client_user)
    page = client.get(reverse("client_matter", args=[matter.uuid])).content.decode()
    assert f'href="{foreign_url(req)}"' in page  # a link to a question, not a POST

    # The question: nothing is added by asking, nor by a POST without the answer.
    question = client.get(foreign_url(req))
    assert question.status_code == 200
    assert "Is your document in another language?" in question.content.decode()
    client.post(foreign_url(req), {})
    req.refresh_from_db()
    assert not req.in_foreign_language and not req.linked.exists()

    response = client.post(foreign_url(req), {"confirm": "1"})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.in_foreign_language
    assert {r.link for r in req.linked.filter(status="requested")} == {
        "translation",
        "translator_certificate",
    }
    page = client.get(reverse("client_matter", args=[matter.uuid])).content.decode()
    assert "Undo: my document is in English" in page

    # Undone: both withdrawn, audited, gone from the client's list and the counts.
    response = client.post(foreign_url(req, undo=True), follow=True)
    assert "The translation and the certificate are off your list." in response.content.decode()
    req.refresh_from_db()
    assert not req.in_foreign_language
    assert set(req.linked.values_list("status", flat=True)) == {"withdrawn"}
    assert Event.objects.filter(kind="request.translation_withdrawn", subject_id=str(req.uuid))
    page = client.get(reverse("client_matter", args=[matter.uuid])).content.decode()
    assert "Certified English translation" not in page
    matter.refresh_from_db()
    assert (
        matter.open_requests == matter.requests.filter(status__in=["requested", "rejected"]).count()
    )

    # Said again: the same two items come back, not two more.
    client.post(foreign_url(req), {"confirm": "1"})
    assert req.linked.count() == 2
    assert set(req.linked.values_list("status", flat=True)) == {"requested"}


def test_undo_is_refused_once_a_translation_was_sent(
    client, matter, client_user, paralegal, vault_dir
):
    req = matter.requests.get(key="birth_certificate", audience="beneficiary")
    services.mark_foreign_language(request=req, by=client_user)
    translation_request = req.linked.get(link="translation")
    store(translation_request, jpeg_bytes(), by=client_user)
    client.force_login(client_user)
    response = client.post(foreign_url(req, undo=True), follow=True)
    assert "A file was already sent for the translation" in response.content.decode()
    req.refresh_from_db()
    assert req.in_foreign_language
    assert req.linked.filter(status="withdrawn").count() == 0
    with pytest.raises(ValidationError):
        services.unmark_foreign_language(request=req, by=paralegal)


def test_staff_can_undo_it_too(client, matter, paralegal):
    req = matter.requests.get(key="birth_certificate", audience="beneficiary")
    services.mark_foreign_language(request=req, by=paralegal)
    login_verified(client, paralegal)
    page = client.get(reverse("staff:matter", args=[matter.uuid])).content.decode()
    assert "In English after all: withdraw the translation" in page
    client.post(reverse("staff:request_foreign_undo", args=[req.uuid]))
    client.post(reverse("staff:request_foreign_undo", args=[req.uuid]))  # twice: no error
    req.refresh_from_db()
    assert not req.in_foreign_language
    assert Event.objects.filter(kind="request.translation_withdrawn").count() == 1
