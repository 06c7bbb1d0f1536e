"""End to end: a phone photo of a passport, uploaded over HTTP, read by a real Celery worker.

Real Redis broker, real Postgres (the worker connects to this test's database), real
Tesseract. The test does nothing after the upload but wait for the staff page.
"""

from __future__ import annotations

import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from matters import services as matter_services
from matters.models import CaseType
from tests.conftest import ensure_case_types, login_verified, need_service
from tests.uploads.passport import passport_photo
from tests.workers import celery_worker, worker_database_url
from uploads import ocr
from uploads.models import Document


@pytest.mark.django_db(transaction=True)
def test_a_passport_photo_is_read_by_the_worker_and_shown_to_staff(
    client, redis_url, postgres, client_user, paralegal
):
    ocr._binary.cache_clear()
    need_service("Tesseract", ocr.available(), "the tesseract binary is not installed")
    from portal.celery import app

    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge("ocr")  # nothing left over from earlier runs

    ensure_case_types()
    matter = matter_services.create_matter(
        case_type=CaseType.objects.get(code="i130"),
        client_email=client_user.email,
        client_name="Anna Eriksson",
        language="en",
        by=paralegal,
        invite=False,
    )
    req = matter.requests.get(audience="beneficiary", key="passport")
    photo, _ = passport_photo()

    env = {**os.environ, "DATABASE_URL": worker_database_url()}
    with celery_worker(env=env, queues=["ocr"]) as worker:
        client.force_login(client_user)
        response = client.post(
            reverse("document_upload", args=[matter.uuid, req.uuid]),
            {"file": SimpleUploadedFile("IMG_2041.jpg", photo, "image/jpeg")},
        )
        assert response.status_code == 302
        document = Document.objects.get(request=req)

        # Without further action: the staff page fills in once the worker is done.
        login_verified(client, paralegal)
        url = reverse("document_review", args=[document.uuid])
        deadline = time.monotonic() + 120
        page = ""
        while time.monotonic() < deadline:
            document.refresh_from_db()
            if document.ocr_status in (Document.Ocr.DONE, Document.Ocr.FAILED):
                page = client.get(url).content.decode()
                break
            time.sleep(0.5)
    log = worker.log
    assert document.ocr_status == Document.Ocr.DONE, (document.ocr_error, log[-3000:])
    assert "All check digits passed" in page
    for value in ("Eriksson", "Anna", "Maria", "L898902C3", "1974-08-12", "2031-04-15"):
        assert f'value="{value}"' in page, value
    assert "uploads.ocr_document" in log and "succeeded" in log
    assert "ERIKSSON" not in log  # no document text in the worker's log
