"""The compliance pages: dashboard, trails (events and model history together), exports,
holds and alerts through the pages, and the matter export for case transfers."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from django.urls import reverse

from audit import compliance
from audit.models import Alert, ChainCheck, Event, LegalHold
from tests.conftest import login_verified, make_user

pytestmark = pytest.mark.django_db


def test_dashboard_shows_chain_holds_alerts_and_failed_reads(client, admin_user, matter):
    compliance.check_chain()
    Alert.objects.create(
        rule="bulk_download",
        key="bulk_download:1:2026-11-01T10:00",
        actor_label="pat@firm.test",
        title_key="text",
        title_params={"text": "pat@firm.test downloaded 25 documents in 10 minutes"},
        event_seqs=[1, 2],
        first_at="2026-11-01T10:00:00Z",
        last_at="2026-11-01T10:09:00Z",
    )
    login_verified(client, admin_user)
    client.post(reverse("audit:hold_place"), {"matter": str(matter.uuid), "reason": "Subpoena"})
    assert LegalHold.objects.filter(matter_id=matter.pk, released_at__isnull=True).exists()
    page = client.get(reverse("audit:dashboard")).content.decode()
    assert "Intact:" in page and "Subpoena" in page and "downloaded 25 documents" in page
    assert f"{reverse('audit:trail')}?seqs=1,2" in page
    alert = Alert.objects.get()
    client.post(reverse("audit:alert_ack", args=[alert.pk]), {"note": "Approved bulk review"})
    alert.refresh_from_db()
    assert alert.acknowledged_by_id == admin_user.pk and alert.note == "Approved bulk review"
    assert Event.objects.filter(kind="alert.acknowledged").exists()
    hold = LegalHold.objects.get()
    client.post(reverse("audit:hold_release", args=[hold.pk]), {"reason": ""})
    assert LegalHold.objects.get().released_at is None  # a reason is required
    client.post(reverse("audit:hold_release", args=[hold.pk]), {"reason": "Closed"})
    assert LegalHold.objects.get().released_at is not None


def test_a_broken_chain_raises_an_alert_once(admin_user):
    from django.db import connection

    from audit import record

    record("x.one")
    record("x.two")
    table = Event._meta.db_table
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":  # an attacker with the database's owner rights
            cur.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        Event.objects.filter(seq=1).update(kind="x.tampered")
        if connection.vendor == "postgresql":
            cur.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
    assert compliance.check_chain().ok is False
    compliance.check_chain()
    assert Alert.objects.filter(rule="chain_broken").count() == 1
    assert ChainCheck.objects.filter(ok=False).count() == 2


def test_trail_merges_events_and_model_history_with_filters(
    client, admin_user, paralegal, matter, documents
):
    login_verified(client, admin_user)
    page = client.get(reverse("audit:trail"), {"matter": str(matter.uuid)}).content.decode()
    assert "document.uploaded" in page
    page = client.get(reverse("audit:trail"), {"document": str(documents[0].uuid)}).content.decode()
    assert "document.uploaded" in page and "request.uploaded" not in page
    page = client.get(reverse("audit:trail"), {"user": paralegal.email}).content.decode()
    assert paralegal.email in page
    page = client.get(reverse("audit:trail")).content.decode()
    assert "change" in page  # django-auditlog rows are in the same list
    assert Event.objects.filter(kind="audit.viewed").count() == 4


def test_export_streams_and_verifies_on_its_own(client, admin_user, matter, documents, tmp_path):
    from django.core.management import call_command

    login_verified(client, admin_user)
    response = client.get(reverse("audit:export"), {"format": "jsonl"})
    assert response.status_code == 200 and response.streaming
    path = tmp_path / "audit.jsonl"
    path.write_bytes(b"".join(response.streaming_content))
    assert len(path.read_text().splitlines()) >= 5
    call_command("audit_verify_export", str(path), stdout=io.StringIO())
    assert Event.objects.filter(kind="audit.exported").exists()
    csv_response = client.get(reverse("audit:export"), {"format": "csv"})
    csv_path = tmp_path / "audit.csv"
    csv_path.write_bytes(b"".join(csv_response.streaming_content))
    call_command("audit_verify_export", str(csv_path), stdout=io.StringIO())


def test_matter_export_zip_has_the_documents_and_a_manifest(
    client,
    admin_user,
    matter,
    documents,
    client_user,
):
    attorney = make_user("ann@firm.test", kind="staff", roles=["Attorney"], mfa=True)
    login_verified(client, attorney)
    url = reverse("audit:matter_export", args=[matter.uuid])
    assert client.get(url).status_code == 404  # not this matter's responsible attorney
    matter.responsible_attorney = attorney
    matter.save()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    manifest = json.loads(archive.read("manifest.json"))
    # The current version of each request only: v2 (the PNG) of the passport.
    assert [f["version"] for f in manifest["files"]] == [2]
    entry = manifest["files"][0]
    assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"]
    assert archive.read("SHA256SUMS").decode() == f"{entry['sha256']}  {entry['path']}\n"
    assert Event.objects.filter(kind="matter.exported", actor_id=attorney.pk).exists()
    assert Event.objects.filter(kind="document.exported").count() == 1


def test_scanning_twice_makes_one_alert_per_situation(staff_user, settings):
    import datetime as dt

    from django.utils import timezone

    from audit import record

    settings.AUDIT_ALERT_BULK_COUNT = 3
    for _ in range(5):
        record("document.download", actor=staff_user, data={"request": "r"})
    now = timezone.now() + dt.timedelta(seconds=1)
    assert compliance.scan_alerts(until=now) >= 1
    assert compliance.scan_alerts(until=now) == 0  # the same situations: no new alerts
    alert = Alert.objects.get(rule="bulk_download")
    assert alert.actor_id == staff_user.pk and alert.data["count"] == 5
