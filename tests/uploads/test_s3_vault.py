"""The vault on S3-compatible object storage (django-storages), against a local S3.

No cloud here: moto's server speaks the S3 wire protocol on 127.0.0.1, and the
portal reaches it through the real django-storages backend and boto3's HTTP client,
with signed requests, exactly as it would reach a real bucket.
"""

from __future__ import annotations

import socket

import pytest
from django.urls import reverse

from audit.models import Event
from tests.conftest import login_verified
from tests.uploads.helpers import jpeg_bytes
from uploads.models import Document

pytestmark = pytest.mark.django_db

BUCKET = "portal-vault-test"
CREDENTIALS = {"access_key": "testing-key", "secret_key": "testing-secret"}


def free_port() -> int:
    """A free port below the ephemeral range (servers the tests start stay under 32768)."""
    import random

    for _ in range(50):
        port = random.randrange(20000, 32000)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3_vault(settings, s3_endpoint):
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
    )
    s3.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "vault": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                **CREDENTIALS,
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }
    yield s3
    for obj in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        s3.delete_object(Bucket=BUCKET, Key=obj["Key"])
    s3.delete_bucket(Bucket=BUCKET)


def objects(s3) -> dict[str, bytes]:
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    return {k: s3.get_object(Bucket=BUCKET, Key=k)["Body"].read() for k in keys}


def test_round_trip_tamper_and_destroy_on_object_storage(
    client, client_user, paralegal, doc_request, s3_vault
):
    from uploads import services

    content = jpeg_bytes()
    client.force_login(client_user)
    url = reverse("document_upload", args=[doc_request.matter.uuid, doc_request.uuid])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(url, {"file": SimpleUploadedFile("passport.jpg", content, "image/jpeg")})
    assert response.status_code == 302, response.content[:300]
    document = Document.objects.get()

    stored = objects(s3_vault)
    # The original and its preview, both sealed: no 16-byte window of the photo.
    assert set(stored) == {document.blob_name, document.preview_blob_name}
    blob = stored[document.blob_name]
    assert blob.startswith(b"PVLT")
    assert not any(blob[i : i + 16] in content for i in range(0, len(blob) - 16, 7))

    login_verified(client, paralegal)
    response = client.get(reverse("document_download", args=[document.uuid]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content

    # One flipped bit in the object: the download fails clearly and is on record.
    damaged = bytearray(blob)
    damaged[len(damaged) // 2] ^= 0x01
    s3_vault.put_object(Bucket=BUCKET, Key=document.blob_name, Body=bytes(damaged))
    response = client.get(reverse("document_download", args=[document.uuid]))
    assert response.status_code == 409
    assert content[:64] not in response.content
    assert Event.objects.filter(kind="document.unreadable", subject_id=str(document.uuid)).exists()

    # Crypto-shredding removes the keys from the row and the objects from the bucket.
    services.destroy(document=document, by=paralegal, reason="test")
    document.refresh_from_db()
    assert document.wrapped_key == "" and document.preview_wrapped_key == ""
    assert objects(s3_vault) == {}
