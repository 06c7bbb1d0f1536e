"""Tasks: one per key, titles rendered in the reader's language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from matters.services import flag_expiring_passport, open_task


@pytest.mark.django_db
def test_a_task_written_by_a_job_reads_in_each_readers_language(matter, paralegal):
    with translation.override("en"):  # the job runs in English
        task = flag_expiring_passport(
            matter=matter,
            expires=dt.date(2020, 1, 31),
            reference=dt.date(2020, 1, 1),
            by=paralegal,
            source="doc-1",
        )
    task.refresh_from_db()
    with translation.override("es"):
        assert task.title == "El pasaporte vence el 2020-01-31: pida al cliente que lo renueve"
    with translation.override("en"):
        assert task.title == "Passport expires 2020-01-31: ask the client to renew it"


@pytest.mark.django_db
def test_open_task_is_idempotent_per_key(matter):
    first, created = open_task(
        matter=matter, key="k:1", message="billing.task.client_dispute", role="Billing", event="k"
    )
    again, created_again = open_task(
        matter=matter, key="k:1", message="billing.task.client_dispute", role="Billing", event="k"
    )
    assert created and not created_again and first.pk == again.pk
