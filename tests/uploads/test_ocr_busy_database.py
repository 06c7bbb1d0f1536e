"""An OCR task that meets a busy database (SQLite's "database is locked" in the embedded
set-up) puts its document back in the queue and reads it on the retry."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from tests.uploads.helpers import jpeg_bytes, store
from uploads import ocr, tasks
from uploads.models import Document
from uploads.services import ocr_jobs

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("where", ["claim", "save"])
def test_a_locked_database_is_retried_not_left_processing(
    where, doc_request, client_user, vault_dir, monkeypatch, settings
):
    settings.OCR_RETRY_BASE = 0
    document = store(doc_request, jpeg_bytes(), by=client_user, name="scan.jpg")
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "languages", lambda preferred=None: "eng")
    monkeypatch.setattr(
        ocr, "read_document", lambda *a, **k: ocr.Reading(pages=["text"], languages="eng")
    )
    target = "claim_for_ocr" if where == "claim" else "save_reading"
    real = getattr(ocr_jobs, target)
    calls = []

    def locked_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real(*args, **kwargs)

    monkeypatch.setattr(ocr_jobs, target, locked_once)
    result = tasks.ocr_document.apply(args=[document.pk])
    assert result.successful(), result.traceback
    document.refresh_from_db()
    assert document.ocr_status == Document.Ocr.DONE and len(calls) == 2
