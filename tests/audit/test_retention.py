"""Retention: policies destroy what is due (crypto-shredding), holds keep everything,
a crash half-way is finished by the next run, and the log stays verifiable."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audit import retention
from audit.models import Event, LegalHold, RetentionPolicy
from matters import services as matter_services
from matters.models import Matter
from tests.conftest import login_verified
from uploads.models import Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def zero_days():
    RetentionPolicy.objects.all().delete()
    return RetentionPolicy.objects.create(
        name="Documents: 0 days after closing",
        record="documents",
        trigger="matter_closed",
        days=0,
        action=RetentionPolicy.Action.DESTROY,
    )


def blobs(vault_dir) -> list[Path]:
    return [p for p in vault_dir.rglob("*") if p.is_file()] if vault_dir.exists() else []


def test_a_closed_matter_is_destroyed_under_a_zero_day_policy(
    client, admin_user, paralegal, matter, documents, zero_days, vault_dir
):
    assert blobs(vault_dir)
    assert retention.run(now=timezone.now()) == []  # still open: nothing due
    matter_services.close_matter(matter=matter, by=paralegal)
    done = retention.run(now=timezone.now() + dt.timedelta(seconds=1))
    assert {d.pk for d in done} == {d.pk for d in documents}
    assert blobs(vault_dir) == []
    for d in documents:
        d.refresh_from_db()
        assert d.wrapped_key == "" and d.preview_wrapped_key == "" and d.destroyed_at
        assert d.destroyed_policy == zero_days.name and d.blobs_deleted_at
        assert Event.objects.filter(kind="document.destroyed", subject_id=str(d.uuid)).exists()
    login_verified(client, paralegal)
    response = client.get(reverse("document_download", args=[documents[0].uuid]))
    assert response.status_code == 410
    page = response.content.decode()
    assert f"destroyed under the retention policy “{zero_days.name}” on" in page
    call_command("audit_verify", stdout=io.StringIO())  # the log still verifies
    # Run again: nothing more to do, no new events.
    count = Event.objects.count()
    assert retention.run(now=timezone.now() + dt.timedelta(seconds=2)) == []
    assert Event.objects.count() == count


@pytest.mark.parametrize("scope", ["matter", "client"])
def test_a_legal_hold_keeps_everything_until_released(
    admin_user, paralegal, client_user, matter, documents, zero_days, vault_dir, scope
):
    hold = retention.place_hold(
        by=admin_user,
        reason="Litigation pending",
        matter=matter if scope == "matter" else None,
        client=client_user if scope == "client" else None,
    )
    matter_services.close_matter(matter=matter, by=paralegal)
    later = timezone.now() + dt.timedelta(days=1)
    assert retention.run(now=later) == []
    assert len(blobs(vault_dir)) == 4  # both originals and their previews
    assert not Document.objects.filter(destroyed_at__isnull=False).exists()
    assert Event.objects.filter(kind="hold.placed").count() == 1
    retention.release_hold(hold=hold, by=admin_user, reason="Case settled")
    assert Event.objects.filter(kind="hold.released").count() == 1
    assert len(retention.run(now=later)) == 2 and blobs(vault_dir) == []


def test_holds_need_reasons(admin_user, matter):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        retention.place_hold(by=admin_user, reason=" ", matter=matter)
    assert not LegalHold.objects.exists()


def test_a_crash_between_steps_is_finished_by_the_next_run(
    paralegal, matter, documents, zero_days, vault_dir, monkeypatch
):
    matter_services.close_matter(matter=matter, by=paralegal)
    storage = storages["vault"]
    real_delete = storage.delete
    calls = {"n": 0}

    def crash(name):
        calls["n"] += 1
        raise OSError("killed between the key and the blob")

    monkeypatch.setattr(storage, "delete", crash)
    with pytest.raises(OSError):
        retention.run(now=timezone.now() + dt.timedelta(seconds=1))
    # The first document's key is gone (unreadable for ever), its blob still on disk.
    first = Document.objects.order_by("pk").first()
    assert first.destroyed_at and first.wrapped_key == "" and first.blobs_deleted_at is None
    assert blobs(vault_dir)
    monkeypatch.setattr(storage, "delete", real_delete)
    retention.run(now=timezone.now() + dt.timedelta(seconds=2))
    assert blobs(vault_dir) == []
    assert Document.objects.filter(blobs_deleted_at__isnull=True).count() == 0
    assert Event.objects.filter(kind="document.destroyed").count() == 2  # once each
    call_command("audit_verify", stdout=io.StringIO())


def test_replaced_versions_and_intake_answers(paralegal, client_user, matter, documents, vault_dir):
    RetentionPolicy.objects.all().delete()
    RetentionPolicy.objects.create(
        name="Old versions",
        record="documents",
        trigger="document_superseded",
        days=0,
        action="destroy",
    )
    RetentionPolicy.objects.create(
        name="Answers", record="intake_answers", trigger="matter_closed", days=0, action="destroy"
    )
    later = timezone.now() + dt.timedelta(seconds=1)
    done = retention.run(now=later)
    assert [d.pk for d in done] == [documents[0].pk]  # v1, replaced by v2
    Matter.objects.filter(pk=matter.pk).update(answers={"family_name": "Client"})
    matter_services.close_matter(matter=matter, by=paralegal)
    retention.run(now=timezone.now() + dt.timedelta(seconds=1))
    matter.refresh_from_db()
    assert matter.answers == {} and matter.answers_destroyed_policy == "Answers"


def test_dry_run_lists_and_changes_nothing(paralegal, matter, documents, zero_days, vault_dir):
    matter_services.close_matter(matter=matter, by=paralegal)
    out = io.StringIO()
    import time

    time.sleep(0.01)
    call_command("retention_run", "--dry-run", stdout=out)
    assert "would be destroyed under “Documents: 0 days after closing”" in out.getvalue()
    assert not Document.objects.filter(destroyed_at__isnull=False).exists()
    assert len(blobs(vault_dir)) == 4


def test_policies_reject_nonsense():
    from django.core.exceptions import ValidationError

    policy = RetentionPolicy(
        name="x", record="invoices", trigger="invoice_paid", days=1, action="destroy"
    )
    with pytest.raises(ValidationError):
        policy.full_clean()
    policy = RetentionPolicy(
        name="y", record="documents", trigger="invoice_paid", days=1, action="destroy"
    )
    with pytest.raises(ValidationError):
        policy.full_clean()


def test_the_daily_task_applies_the_policies(paralegal, matter, documents, zero_days, vault_dir):
    import time

    from audit.tasks import run_retention

    matter_services.close_matter(matter=matter, by=paralegal)
    time.sleep(0.01)
    assert run_retention.apply().get() == 2
    assert blobs(vault_dir) == []
