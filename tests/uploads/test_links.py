"""One-time upload links: without an account, expiring, bounded, audited."""

import re
import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from audit.models import Event
from matters.models import DocumentRequest
from tests.conftest import login_verified, need_service
from tests.uploads.helpers import jpeg_bytes
from uploads import links
from uploads.models import Document, UploadLink

pytestmark = pytest.mark.django_db


def send(client, paralegal, doc_request):
    login_verified(client, paralegal)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("upload_link_send", args=[doc_request.uuid]))
    assert response.status_code == 302
    url = re.search(r"http://testserver(/u/\S+)", mail.outbox[-1].body)[1]
    return url


def test_a_link_works_without_an_account_and_then_stops(
    paralegal, doc_request, client_user, vault_dir, settings
):
    settings.UPLOAD_LINK_MAX_FILES = 2
    url = send(Client(), paralegal, doc_request)
    assert mail.outbox[-1].to == [client_user.email]
    anon = Client()
    assert anon.get(url).status_code == 200
    for i in range(2):
        r = anon.post(
            url, {"file": SimpleUploadedFile(f"p{i}.jpg", jpeg_bytes((900 + i, 700)), "image/jpeg")}
        )
        assert r.status_code == 200 and "We received" in r.content.decode()
    r = anon.post(url, {"file": SimpleUploadedFile("p3.jpg", jpeg_bytes(), "image/jpeg")})
    assert r.status_code == 410 and "already been used" in r.content.decode()
    assert Document.objects.count() == 2
    assert Document.objects.filter(uploaded_by__isnull=True).count() == 2
    doc_request.refresh_from_db()
    assert doc_request.status == DocumentRequest.Status.UPLOADED
    assert Event.objects.filter(kind="upload_link.used").count() == 2
    assert Event.objects.filter(kind="upload_link.refused").count() == 1
    assert UploadLink.objects.get().token_hash not in url


def test_expired_link_is_refused(paralegal, doc_request, vault_dir):
    url = send(Client(), paralegal, doc_request)
    with time_machine.travel(timezone.now() + timedelta(hours=73)):
        r = Client().post(url, {"file": SimpleUploadedFile("p.jpg", jpeg_bytes(), "image/jpeg")})
    assert r.status_code == 410 and "expired" in r.content.decode()
    assert not Document.objects.exists()


def test_a_refused_file_gives_its_use_back(paralegal, doc_request, vault_dir):
    url = send(Client(), paralegal, doc_request)
    r = Client().post(url, {"file": SimpleUploadedFile("p.jpg", b"<html></html>", "image/jpeg")})
    assert r.status_code == 400 and "not accepted" in r.content.decode()
    assert UploadLink.objects.get().used_files == 0


def test_tampered_token_is_refused(client, paralegal, doc_request, vault_dir):
    url = send(Client(), paralegal, doc_request)
    r = Client().get(url[:-3] + "xyz/")
    assert r.status_code == 410 and "not valid" in r.content.decode()


def test_link_page_speaks_the_clients_language(paralegal, doc_request, client_user, vault_dir):
    client_user.preferred_language = "es"
    client_user.save()
    url = send(Client(), paralegal, doc_request)
    assert (
        "por favor" in mail.outbox[-1].subject.lower() or "envíe" in mail.outbox[-1].subject.lower()
    )
    body = Client().get(url).content.decode()
    assert '<html lang="es">' in body


def test_twenty_concurrent_uses_give_one_success(paralegal, doc_request, transactional_db):
    need_service("PostgreSQL", connection.vendor == "postgresql", "concurrent writers need it")
    link = links.send_link(request=doc_request, by=paralegal, max_files=1)
    results = []

    def use():
        from django.db import connections

        try:
            results.append(links.claim(UploadLink.objects.get(pk=link.pk), 1))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=use) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(True) == 1
    assert UploadLink.objects.get(pk=link.pk).used_files == 1
