"""Text recognition: the pipeline on real Tesseract, the task's states, the sweeper, review,
filling the matter, search and the access policy around them."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from audit.models import Event
from matters import services as matter_services
from matters.models import Task
from tests.conftest import login_verified, make_user, need_service
from tests.uploads.helpers import jpeg_bytes, store
from tests.uploads.passport import SPECIMEN, passport_page, passport_photo, photographed
from uploads import ocr, services
from uploads.models import Document, DocumentText

pytestmark = pytest.mark.django_db


@pytest.fixture
def tesseract():
    ocr._binary.cache_clear()
    need_service("Tesseract", ocr.available(), "the tesseract binary is not installed")


@pytest.fixture(scope="module")
def passport_jpeg():
    return passport_photo()[0]


@pytest.fixture
def passport_doc(doc_request, client_user, vault_dir, passport_jpeg):
    assert "passport" in doc_request.key
    return store(doc_request, passport_jpeg, by=client_user, name="passport.jpg")


# The pipeline, on real Tesseract ---------------------------------------------------------------


@pytest.mark.parametrize("angle", [-3.0, -1.5, 0.0, 2.0, 4.0])
def test_skew_is_measured_on_a_photographed_page(angle):
    page, _ = passport_page()
    photo = Image.open(io.BytesIO(photographed(page, angle=angle)))
    assert abs(ocr.skew_angle(photo.convert("L")) + angle) <= 0.5


def test_a_phone_photo_of_a_passport_gives_its_mrz(tesseract, passport_jpeg):
    reading = ocr.read_document(io.BytesIO(passport_jpeg), "image/jpeg", lang="eng", identity=True)
    zone = reading.mrz
    assert zone["valid"] is True, zone
    assert zone["surname"] == "ERIKSSON" and zone["given_names"] == "ANNA MARIA"
    assert zone["document_number"] == SPECIMEN["document_number"]
    assert zone["birth_date"] == "1974-08-12" and zone["expiry_date"] == "2031-04-15"
    assert "ERIKSSON" in reading.text


def test_pdf_pages_are_rendered_in_memory_and_read(tesseract):
    from weasyprint import HTML

    pdf = HTML(
        string="<h1>I-797C, Notice of Action</h1><p>Receipt Number: IOE0912345678</p>"
        "<p>Received Date: 03/14/2026</p><p>Notice Date: 03/20/2026</p>"
        "<p>Case Type: I130 - Petition for Alien Relative</p>"
    ).write_pdf()
    reading = ocr.read_document(io.BytesIO(pdf), "application/pdf", lang="eng", identity=False)
    assert len(reading.pages) == 1
    assert "IOE0912345678" in reading.text.replace(" ", "")


def test_an_undecodable_image_is_unreadable():
    with pytest.raises(ocr.Unreadable):
        list(ocr.pages(io.BytesIO(b"\xff\xd8\xff" + b"\x00" * 100), "image/jpeg", max_pages=2))


# The task's states ------------------------------------------------------------------------------


def test_reading_stores_sealed_text_and_fields(tesseract, passport_doc):
    assert services.run_ocr(passport_doc.pk) is None
    passport_doc.refresh_from_db()
    assert passport_doc.ocr_status == Document.Ocr.DONE and passport_doc.ocr_attempts == 1
    row = DocumentText.objects.get(document=passport_doc)
    # No plaintext in the row: the text is sealed, the search index holds keyed hashes.
    assert b"ERIKSSON" not in bytes(row.sealed) and b"L898902C3" not in bytes(row.sealed)
    assert "eriksson" not in row.search_tokens.lower() and row.mrz_valid is True
    event = Event.objects.get(kind="document.text_read")
    assert event.data["mrz_valid"] is True and "ERIKSSON" not in str(event.data)
    # Safe to run twice: a finished document is not read again.
    read_at = row.read_at
    assert services.run_ocr(passport_doc.pk) is None
    assert DocumentText.objects.get(pk=row.pk).read_at == read_at
    assert Event.objects.filter(kind="document.text_read").count() == 1


def test_a_transient_error_is_retried_with_backoff_then_fails_with_a_reason(
    passport_doc, monkeypatch, settings
):
    settings.OCR_MAX_ATTEMPTS = 3
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "languages", lambda preferred=None: "eng")

    def slow(*args, **kwargs):
        raise ocr.Timeout("a page took more than 60 s")

    monkeypatch.setattr(ocr, "read_document", slow)
    waits = []
    for _ in range(3):
        waits.append(services.run_ocr(passport_doc.pk))
        passport_doc.refresh_from_db()
    assert waits == [settings.OCR_RETRY_BASE, settings.OCR_RETRY_BASE * 2, None]
    assert passport_doc.ocr_status == Document.Ocr.FAILED
    assert passport_doc.ocr_error.startswith("timeout")
    assert Event.objects.filter(kind="document.ocr_failed", data__reason="timeout").exists()


def test_a_damaged_file_fails_at_once(tesseract, doc_request, client_user, vault_dir):
    # Valid enough to be accepted (sniffed and checked as a PNG), then its blob is swapped.
    document = store(doc_request, jpeg_bytes(), by=client_user, name="p.jpg")
    from django.core.files.storage import storages

    storages["vault"].delete(document.blob_name)
    storages["vault"].save(document.blob_name, io.BytesIO(b"PVLT" + b"\x00" * 200))
    assert services.run_ocr(document.pk) is None
    document.refresh_from_db()
    assert document.ocr_status == Document.Ocr.FAILED and document.ocr_error.startswith("damaged")


def test_a_worker_killed_mid_read_is_taken_over_after_the_stale_time(passport_doc, settings):
    Document.objects.filter(pk=passport_doc.pk).update(
        ocr_status=Document.Ocr.PROCESSING, ocr_updated_at=timezone.now()
    )
    assert services.claim_for_ocr(passport_doc.pk) is None  # someone is on it
    Document.objects.filter(pk=passport_doc.pk).update(
        ocr_updated_at=timezone.now() - dt.timedelta(minutes=settings.OCR_STALE_MINUTES + 1)
    )
    assert services.claim_for_ocr(passport_doc.pk) is not None


def test_a_document_that_keeps_killing_workers_is_given_up(passport_doc, settings, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: True)
    Document.objects.filter(pk=passport_doc.pk).update(ocr_attempts=settings.OCR_MAX_ATTEMPTS)
    assert services.run_ocr(passport_doc.pk) is None
    passport_doc.refresh_from_db()
    assert passport_doc.ocr_status == Document.Ocr.FAILED
    assert passport_doc.ocr_error.startswith("gave_up")


def test_the_sweeper_requeues_lost_work_only(
    doc_request, client_user, vault_dir, monkeypatch, settings
):
    sent = []
    from uploads import tasks

    monkeypatch.setattr(tasks.ocr_document, "apply_async", lambda args, **kw: sent.append(args[0]))
    monkeypatch.setattr(ocr, "available", lambda: True)
    old = timezone.now() - dt.timedelta(minutes=settings.OCR_STALE_MINUTES + 5)
    docs = [store(doc_request, jpeg_bytes(), by=client_user, name=f"{i}.jpg") for i in range(5)]
    states = [
        (Document.Ocr.PENDING, old),  # never queued (broker down) or message lost
        (Document.Ocr.PROCESSING, old),  # worker died
        (Document.Ocr.PENDING, timezone.now()),  # queued a moment ago: leave it
        (Document.Ocr.DONE, old),
        (Document.Ocr.UNAVAILABLE, old),  # tesseract now installed: read it
    ]
    for d, (status, when) in zip(docs, states, strict=True):
        Document.objects.filter(pk=d.pk).update(ocr_status=status, ocr_updated_at=when)
    assert services.sweep_ocr() == 3
    assert sorted(sent) == sorted([docs[0].pk, docs[1].pk, docs[4].pk])
    assert services.sweep_ocr() == 0  # just re-queued: fresh again
    assert set(Document.objects.filter(pk__in=sent).values_list("ocr_status", flat=True)) == {
        Document.Ocr.PENDING
    }


def test_an_upload_while_the_broker_is_down_still_works(
    client, client_user, doc_request, vault_dir, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from uploads import tasks

    def down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.ocr_document, "apply_async", down)
    client.force_login(client_user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("document_upload", args=[doc_request.matter.uuid, doc_request.uuid])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url, {"file": SimpleUploadedFile("p.jpg", jpeg_bytes())})
    assert response.status_code == 302 and len(callbacks) == 1
    assert Document.objects.get().ocr_status == Document.Ocr.PENDING  # the sweeper's turn


def test_an_upload_queues_its_reading_on_commit(
    client, client_user, doc_request, vault_dir, monkeypatch, django_capture_on_commit_callbacks
):
    from uploads import tasks

    sent = []
    monkeypatch.setattr(
        tasks.ocr_document, "apply_async", lambda args, **kw: sent.append((args, kw))
    )
    client.force_login(client_user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("document_upload", args=[doc_request.matter.uuid, doc_request.uuid])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(url, {"file": SimpleUploadedFile("p.jpg", jpeg_bytes())})
        assert sent == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert sent == [((Document.objects.get().pk,), {"retry": False})]


def test_without_tesseract_uploads_work_and_staff_see_why(
    client, passport_doc, paralegal, settings
):
    settings.TESSERACT_CMD = "/nonexistent/tesseract"
    ocr._binary.cache_clear()
    try:
        assert services.run_ocr(passport_doc.pk) is None
    finally:
        ocr._binary.cache_clear()
    passport_doc.refresh_from_db()
    assert passport_doc.ocr_status == Document.Ocr.UNAVAILABLE
    login_verified(client, paralegal)
    page = client.get(reverse("document_review", args=[passport_doc.uuid])).content.decode()
    assert "Text recognition unavailable" in page
    matter_page = client.get(reverse("staff:matter", args=[passport_doc.request.matter.uuid]))
    assert "Text recognition unavailable" in matter_page.content.decode()


# Staff review, filling the matter, expiry ------------------------------------------------------


@pytest.fixture
def read_passport(tesseract, passport_doc):
    services.run_ocr(passport_doc.pk)
    passport_doc.refresh_from_db()
    assert passport_doc.ocr_status == Document.Ocr.DONE
    return passport_doc


def test_review_page_shows_the_fields_beside_the_preview(client, paralegal, read_passport):
    login_verified(client, paralegal)
    response = client.get(reverse("document_review", args=[read_passport.uuid]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "All check digits passed" in page
    assert "TD3 · P" in page and "<dd>UTO</dd>" in page and "<dd>F</dd>" in page
    assert 'value="Eriksson"' in page and 'value="L898902C3"' in page
    assert 'value="1974-08-12"' in page and 'value="2031-04-15"' in page
    assert reverse("document_preview", args=[read_passport.uuid]) in page
    # Reading the text is a read of the document: on the record.
    assert Event.objects.filter(kind="document.text_viewed", actor_id=paralegal.pk).count() == 1


def review_post(client, document, **values):
    data = {
        "family_name": "Eriksson",
        "given_name": "Anna",
        "middle_name": "Maria",
        "date_of_birth": "1974-08-12",
        "country_of_citizenship": "",
        "passport_number": "L898902C3",
        "passport_country": "",
        "passport_expiration": "2031-04-15",
        "reference": "2026-12-01",
        **values,
    }
    return client.post(reverse("document_review", args=[document.uuid]), data)


def test_confirm_and_fill_the_matter(client, paralegal, read_passport):
    login_verified(client, paralegal)
    response = review_post(client, read_passport, given_name="Ana", fill="1")
    assert response.status_code == 302
    row = DocumentText.objects.get(document=read_passport)
    assert row.confirmed_by == paralegal and row.confirmed_at is not None
    matter = read_passport.request.matter
    matter.refresh_from_db()
    answers = matter_services.read_answers(matter)
    assert answers["family_name"] == "Eriksson" and answers["given_name"] == "Ana"
    assert answers["date_of_birth"] == "1974-08-12"
    assert answers["passport_number"] == "L898902C3"
    assert answers["passport_expiration"] == "2031-04-15"
    # The passport number is a sensitive answer: sealed, not in the plain JSON.
    assert "passport_number" not in matter.answers
    filled = Event.objects.get(kind="matter.answers_filled")
    assert filled.data["source"] == str(read_passport.uuid)
    assert "L898902C3" not in str(filled.data)
    assert Event.objects.filter(kind="document.fields_confirmed").count() == 1
    assert not Task.objects.filter(event="passport_expiring").exists()  # valid until 2031


def test_confirmed_values_are_checked(client, paralegal, read_passport):
    login_verified(client, paralegal)
    response = review_post(client, read_passport, date_of_birth="1974-13-40")
    assert response.status_code == 400
    assert DocumentText.objects.get(document=read_passport).confirmed_at is None


@pytest.mark.parametrize(
    "expiry,reference,task",
    [
        ("2027-03-01", "2026-12-01", True),  # within six months of the filing date
        ("2027-06-15", "2026-12-01", False),  # more than six months after
        ("2026-01-01", "2025-01-01", True),  # already expired today
        ("2027-06-01", "2026-12-01", True),  # exactly six months: not more
    ],
)
def test_an_expiring_passport_opens_one_task(
    client, paralegal, read_passport, expiry, reference, task
):
    login_verified(client, paralegal)
    for _ in range(2):
        review_post(client, read_passport, passport_expiration=expiry, reference=reference)
    tasks = Task.objects.filter(event="passport_expiring", matter=read_passport.request.matter)
    assert tasks.count() == (1 if task else 0)


def test_search_finds_words_within_visible_matters_only(client, paralegal, read_passport):
    login_verified(client, paralegal)
    page = client.get(reverse("document_search"), {"q": "eriksson"}).content.decode()
    assert "1 document found" in page and "<mark>ERIKSSON</mark>" in page
    assert (
        "0 documents found"
        in client.get(reverse("document_search"), {"q": "zzzqqq"}).content.decode()
    )
    assert Event.objects.filter(kind="document.search", data__query="eriksson").exists()

    stranger = make_user("pat@firm.test", kind="staff", roles=["Paralegal"], mfa=True)
    login_verified(client, stranger)
    page = client.get(reverse("document_search"), {"q": "eriksson"}).content.decode()
    assert "0 documents found" in page
    assert client.get(reverse("document_review", args=[read_passport.uuid])).status_code == 404


def test_destroying_a_document_removes_its_text(read_passport, paralegal):
    services.destroy(document=read_passport, by=paralegal, reason="test")
    assert not DocumentText.objects.filter(document=read_passport).exists()


def test_rotation_rewraps_the_text_key(read_passport, settings, paralegal):
    row = DocumentText.objects.get(document=read_passport)
    assert row.key_id == "t2"
    settings.PORTAL_KEYS = {"t3": b"\x07" * 32, **settings.PORTAL_KEYS}
    services.rotate_keys()
    settings.PORTAL_KEYS = {"t3": b"\x07" * 32}  # the old keys are gone
    row.refresh_from_db()
    assert row.key_id == "t3"
    reading = services.read_text(read_passport, by=paralegal)
    assert reading["mrz"]["surname"] == "ERIKSSON"


@override_settings(OCR_LANGUAGES=["eng", "spa"])
def test_languages_follow_what_is_installed(tesseract):
    assert ocr.languages(["spa"]).split("+")[0] == "spa"
    assert ocr.languages(["xx"]).split("+")[0] == "eng"


def test_reindex_after_a_secret_key_change(client, paralegal, read_passport, settings):
    from django.core.management import call_command

    settings.SECRET_KEY = "another-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123"
    login_verified(client, paralegal)
    page = client.get(reverse("document_search"), {"q": "eriksson"}).content.decode()
    assert "0 documents found" in page  # the old hashes no longer match
    call_command("ocr_reindex", stdout=io.StringIO())
    login_verified(client, paralegal)
    page = client.get(reverse("document_search"), {"q": "eriksson"}).content.decode()
    assert "1 document found" in page


def test_other_fields_show_their_confidence(client, paralegal, doc_request, client_user, vault_dir):
    """A notice's fields appear labelled, uncertain ones marked as such, never as fact."""
    from uploads.ocr import Reading

    document = store(doc_request, jpeg_bytes(), by=client_user, name="notice.jpg")
    reading = Reading(
        pages=[
            "I-797C Notice of Action\nReceipt Number: IOE0912345678\nNotice Date: 03/20/2026\n"
            "Received Date: 03/14/2026\nCase Type: I130\n"
        ],
        languages="eng",
    )
    Document.objects.filter(pk=document.pk).update(ocr_status=Document.Ocr.PROCESSING)
    services.save_reading(document, reading, kind="i797")
    login_verified(client, paralegal)
    page = client.get(reverse("document_review", args=[document.uuid])).content.decode()
    assert "Receipt number" in page and "IOE0912345678" in page
    assert "Notice date" in page and "2026-03-20" in page
