"""Background jobs of the vault: reading documents (OCR) and the sweeper behind it."""

from __future__ import annotations

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import OperationalError

from uploads.services import ocr_jobs


@shared_task(
    bind=True,
    name="uploads.ocr_document",
    acks_late=True,  # a worker killed mid-page leaves the message for another
    reject_on_worker_lost=True,
    max_retries=None,  # the document's own attempt count decides (OCR_MAX_ATTEMPTS)
    soft_time_limit=settings.OCR_PAGE_TIMEOUT * (settings.OCR_MAX_PAGES + 2),
    time_limit=settings.OCR_PAGE_TIMEOUT * (settings.OCR_MAX_PAGES + 2) + 30,
)
def ocr_document(self, document_id: int) -> None:
    """Read one document by id; safe to run twice (the row is claimed, results replaced)."""
    try:
        retry_in = ocr_jobs.run_ocr(document_id)
    except SoftTimeLimitExceeded:
        retry_in = ocr_jobs.give_back(document_id, "timeout: the document took too long")
    except OperationalError as exc:
        # The database stayed busy past its timeout (SQLite in the embedded set-up) or went
        # away: transient, and this task is idempotent, so the document is queued again
        # rather than left to the sweeper. A claim that never happened is retried a few times.
        retry_in = ocr_jobs.give_back(document_id, f"database: {exc}")
        if retry_in is None and self.request.retries < settings.OCR_MAX_ATTEMPTS:
            retry_in = settings.OCR_RETRY_BASE
    if retry_in is not None:
        raise self.retry(countdown=retry_in)


@shared_task(name="uploads.sweep_ocr")
def sweep_ocr() -> int:
    return ocr_jobs.sweep_ocr()
