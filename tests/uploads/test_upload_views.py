"""Uploading through HTTP, reading back, refusals, tampering, rotation."""

import io
import uuid
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from audit.models import Event
from matters.models import DocumentRequest
from tests.conftest import login_verified
from tests.uploads.helpers import jpeg_bytes, png_bytes
from uploads.models import Document

pytestmark = pytest.mark.django_db


def upload_url(req):
    return reverse("document_upload", args=[req.matter.uuid, req.uuid])


def post_file(client, req, content: bytes, name="photo.jpg", **extra):
    return client.post(
        upload_url(req), {"file": SimpleUploadedFile(name, content, "image/jpeg")}, **extra
    )


def blob_of(document):
    from pathlib import Path

    from django.core.files.storage import storages

    return Path(storages["vault"].path(document.blob_name))


def blobs(vault_dir):
    return [p for p in vault_dir.rglob("*") if p.is_file()] if vault_dir.exists() else []


def test_round_trip_through_http(client, client_user, paralegal, doc_request, vault_dir):
    content = jpeg_bytes()
    client.force_login(client_user)
    response = post_file(client, doc_request, content, name="passport.jpg")
    assert response.status_code == 302, response.content[:500]
    document = Document.objects.get()
    assert document.sha256 and document.content_type == "image/jpeg" and document.version == 1
    doc_request.refresh_from_db()
    assert doc_request.status == DocumentRequest.Status.UPLOADED
    blob = blob_of(Document.objects.get())
    data = blob.read_bytes()
    assert not any(data[i : i + 16] in content for i in range(0, len(data) - 16, 7))

    login_verified(client, paralegal)
    response = client.get(reverse("document_download", args=[document.uuid]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert Event.objects.filter(kind="document.download", actor_id=paralegal.pk).count() == 1
    assert Event.objects.filter(kind="document.uploaded").count() == 1


def test_reupload_is_a_new_version(client, client_user, doc_request, vault_dir):
    client.force_login(client_user)
    post_file(client, doc_request, jpeg_bytes())
    post_file(client, doc_request, jpeg_bytes((640, 480)))
    assert list(doc_request.documents.order_by("version").values_list("version", flat=True)) == [
        1,
        2,
    ]


def test_others_get_404(client, client_user, other_client_user, billing, doc_request, vault_dir):
    client.force_login(client_user)
    post_file(client, doc_request, jpeg_bytes())
    document = Document.objects.get()
    url = reverse("document_download", args=[document.uuid])
    client.force_login(other_client_user)
    assert client.get(url).status_code == 404
    assert post_file(client, doc_request, jpeg_bytes()).status_code == 404
    login_verified(client, billing)
    assert client.get(url).status_code == 404
    assert Event.objects.filter(kind="access.denied").count() >= 2
    assert Document.objects.count() == 1


def _bomb_png() -> bytes:
    """A PNG header claiming 50,000 x 50,000 pixels with a tiny compressed body."""
    import struct

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", 50000, 50000, 8, 2, 0, 0, 0)
    raw = zlib.compress(b"\x00" * 1000)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def _pdf(extra_catalog: str = "", extra_objects: str = "", trailer_extra: str = "") -> bytes:
    objs = [
        f"<< /Type /Catalog /Pages 2 0 R {extra_catalog} >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ]
    if extra_objects:
        objs.append(extra_objects)
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n{body}\nendobj\n".encode())
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


HOSTILE = {
    "empty": (b"", "empty"),
    "html_as_jpg": (b"<html><script>alert(1)</script></html>", "not accepted"),
    "svg": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "not accepted",
    ),
    "gif_renamed_png": (b"GIF89a" + b"\x00" * 100, "not accepted"),
    "bomb_png": (_bomb_png(), "far larger than a photo"),
    "truncated_jpeg": (jpeg_bytes()[:3000], "damaged or incomplete"),
    "jpeg_html_polyglot": (
        jpeg_bytes() + b"<html><script>alert(document.cookie)</script>",
        "not a plain picture",
    ),
    "pdf_javascript": (
        _pdf(
            extra_catalog="/OpenAction 4 0 R",
            extra_objects="<< /S /JavaScript /JS (app.alert(1)) >>",
        ),
        "JavaScript",
    ),
    "pdf_launch": (
        _pdf(extra_catalog="/OpenAction 4 0 R", extra_objects="<< /S /Launch /F (calc.exe) >>"),
        "other programs",
    ),
    "pdf_embedded": (
        _pdf(extra_catalog="/Names << /EmbeddedFiles 4 0 R >>", extra_objects="<< /Names [] >>"),
        "other files inside",
    ),
    "pdf_encrypted": (
        _pdf(trailer_extra="/Encrypt << /Filter /Standard /V 1 /R 2 /O (x) /U (y) /P -4 >>"),
        "password",
    ),
    "pdf_truncated": (_pdf()[:60], "damaged or incomplete"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_files_are_refused_with_a_clear_message_and_leave_nothing(
    client, client_user, doc_request, vault_dir, case
):
    content, message = HOSTILE[case]
    client.force_login(client_user)
    response = post_file(client, doc_request, content, name="passport.jpg")
    assert response.status_code == 400, case
    assert message in response.content.decode(), response.content.decode()[-1500:]
    assert not Document.objects.exists()
    assert blobs(vault_dir) == []
    doc_request.refresh_from_db()
    assert doc_request.status == DocumentRequest.Status.REQUESTED


def test_refusals_are_in_the_clients_language(client, client_user, doc_request, vault_dir):
    client_user.preferred_language = "es"
    client_user.save()
    client.force_login(client_user)
    response = post_file(client, doc_request, b"<html></html>")
    assert "no se acepta" in response.content.decode()


def test_a_good_pdf_is_accepted(client, client_user, doc_request, vault_dir):
    client.force_login(client_user)
    response = client.post(
        upload_url(doc_request), {"file": SimpleUploadedFile("scan.pdf", _pdf(), "application/pdf")}
    )
    assert response.status_code == 302
    assert Document.objects.get().content_type == "application/pdf"


def test_too_large_and_too_many(client, client_user, doc_request, vault_dir, settings):
    settings.UPLOAD_MAX_BYTES = 200_000
    client.force_login(client_user)
    response = post_file(client, doc_request, b"\xff\xd8\xff" + b"\x00" * 300_000)
    assert response.status_code == 400 and "too large" in response.content.decode()
    files = [SimpleUploadedFile(f"p{i}.png", png_bytes(), "image/png") for i in range(11)]
    response = client.post(upload_url(doc_request), {"file": files})
    assert response.status_code == 400 and "Too many files" in response.content.decode()
    assert not Document.objects.exists() and blobs(vault_dir) == []


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("../../etc/passwd\u202egnp.exe", "passwdgnp.jpg"),
        ("x.jpg.php", "x.jpg.jpg"),
        ("x.php\x00.jpg", "x.php.jpg"),
        ("C:\\Users\\me\\passport.jpg", "passport.jpg"),
        ("CON.jpg", "document.jpg"),
        ("-rf.jpg", "rf.jpg"),
        ("a" * 300 + ".jpg", "a" * 120 + ".jpg"),
    ],
)
def test_file_names_are_made_safe(raw, expected):
    from uploads.checks import safe_name

    assert safe_name(raw, "image/jpeg") == expected


def _tamper_and_download(client, paralegal, vault_dir, mutate):
    document = Document.objects.get()
    blob = blob_of(Document.objects.get())
    blob.write_bytes(mutate(blob.read_bytes()))
    login_verified(client, paralegal)
    response = client.get(reverse("document_download", args=[document.uuid]))
    assert response.status_code == 409
    assert "integrity check" in response.content.decode()
    assert Event.objects.filter(kind="document.unreadable").exists()
    assert not Event.objects.filter(kind="document.download").exists()


@pytest.mark.parametrize("mutation", ["flip", "truncate", "swap"])
def test_tampered_blob_is_refused_and_audited(
    client, client_user, paralegal, doc_request, vault_dir, mutation
):
    from uploads.vault import HEADER_LEN, SEGMENT, TAG

    client.force_login(client_user)
    post_file(client, doc_request, jpeg_bytes((1600, 1200)))
    s = SEGMENT + TAG

    def mutate(data):
        if mutation == "flip":
            return data[:-20] + bytes([data[-20] ^ 1]) + data[-19:]
        if mutation == "truncate":
            return data[: HEADER_LEN + s]
        return (
            data[:HEADER_LEN]
            + data[HEADER_LEN + s : HEADER_LEN + 2 * s]
            + data[HEADER_LEN : HEADER_LEN + s]
            + data[HEADER_LEN + 2 * s :]
        )

    _tamper_and_download(client, paralegal, vault_dir, mutate)


def test_blobs_swapped_between_documents_fail(
    client, client_user, paralegal, doc_request, vault_dir
):
    client.force_login(client_user)
    post_file(client, doc_request, jpeg_bytes())
    post_file(client, doc_request, jpeg_bytes((700, 500)))
    a, b = Document.objects.order_by("version")
    from django.core.files.storage import storages

    store = storages["vault"]
    from pathlib import Path

    pa, pb = Path(store.path(a.blob_name)), Path(store.path(b.blob_name))
    da, db_ = pa.read_bytes(), pb.read_bytes()
    pa.write_bytes(db_)
    pb.write_bytes(da)
    login_verified(client, paralegal)
    assert client.get(reverse("document_download", args=[a.uuid])).status_code == 409
    assert client.get(reverse("document_download", args=[b.uuid])).status_code == 409


def test_rotate_keys_and_remove_the_old_key(
    client, client_user, paralegal, doc_request, vault_dir, settings
):
    client.force_login(client_user)
    contents = [jpeg_bytes((300 + i * 10, 200)) for i in range(5)]
    for c in contents:
        post_file(client, doc_request, c)
    old_ring = dict(settings.PORTAL_KEYS)
    assert set(Document.objects.values_list("key_id", flat=True)) == {"t2"}
    new_ring = {"t3": b"\x07" * 32, **old_ring}
    settings.PORTAL_KEYS = new_ring

    # Interrupted: a first run that stops after two rows; the rerun finishes.
    from uploads import services, vault

    original = vault.rewrap
    calls = {"n": 0}

    def flaky(*args):
        calls["n"] += 1
        if calls["n"] > 2:
            raise KeyboardInterrupt
        return original(*args)

    vault.rewrap = flaky
    try:
        with pytest.raises(KeyboardInterrupt):
            services.rotate_keys(batch=1)
    finally:
        vault.rewrap = original
    assert Document.objects.filter(key_id="t3").count() == 2
    call_command("rotate_keys", stdout=io.StringIO())
    call_command("rotate_keys", stdout=io.StringIO())  # twice: nothing left to do
    assert set(Document.objects.values_list("key_id", flat=True)) == {"t3"}

    settings.PORTAL_KEYS = {"t3": b"\x07" * 32}  # the old keys are gone
    call_command("vault_verify", stdout=io.StringIO())
    login_verified(client, paralegal)
    for document in Document.objects.order_by("version"):
        body = b"".join(
            client.get(reverse("document_download", args=[document.uuid])).streaming_content
        )
        assert body == contents[document.version - 1]


def test_vault_verify_names_a_damaged_document(client, client_user, doc_request, vault_dir):
    from django.core.management.base import CommandError

    client.force_login(client_user)
    post_file(client, doc_request, jpeg_bytes())
    blob = blob_of(Document.objects.get())
    data = bytearray(blob.read_bytes())
    data[-5] ^= 0xFF
    blob.write_bytes(bytes(data))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 documents failed"):
        call_command("vault_verify", stdout=io.StringIO(), stderr=err)
    assert str(Document.objects.get().uuid) in err.getvalue()


def test_staff_accept_after_upload_feeds_tasks(
    client, client_user, paralegal, doc_request, vault_dir
):
    client.force_login(client_user)
    post_file(client, doc_request, jpeg_bytes())
    login_verified(client, paralegal)
    page = client.get(reverse("staff:matter", args=[doc_request.matter.uuid])).content.decode()
    assert reverse("document_download", args=[Document.objects.get().uuid]) in page
    client.post(reverse("staff:request_accept", args=[doc_request.uuid]))
    doc_request.refresh_from_db()
    assert doc_request.status == DocumentRequest.Status.ACCEPTED
    assert uuid.UUID(str(Document.objects.get().uuid))


def test_no_plaintext_on_disk_during_a_200_mb_upload(
    client, client_user, doc_request, vault_dir, settings
):
    import os
    import tempfile
    import time

    from uploads.handlers import VaultUploadHandler

    settings.UPLOAD_MAX_BYTES = 300 * 1024 * 1024
    marker = b"PLAINTEXT-MARKER-0123456789abcdef"  # 33 bytes, repeated through the file
    size = 200 * 1024 * 1024
    content = b"\xff\xd8\xff" + marker * (size // len(marker))
    roots = [
        tempfile.gettempdir(),
        str(settings.MEDIA_ROOT),
        str(vault_dir),
        settings.FILE_UPLOAD_TEMP_DIR,
    ]
    started = time.time()
    scans = []

    def scan():
        hits = []
        for root in roots:
            for dirpath, _dirs, files in os.walk(root):
                for name in files:
                    path = os.path.join(dirpath, name)
                    try:
                        if os.path.getmtime(path) < started - 1:
                            continue
                        with open(path, "rb") as fh:
                            while chunk := fh.read(8 * 1024 * 1024):
                                if marker[:16] in chunk:
                                    hits.append(path)
                                    break
                    except OSError:
                        continue
        scans.append(len(hits))
        return hits

    original = VaultUploadHandler.receive_data_chunk

    def spying(self, raw_data, start):
        result = original(self, raw_data, start)
        if start // (50 * 1024 * 1024) != (start + len(raw_data)) // (50 * 1024 * 1024):
            assert scan() == []  # at 50, 100, 150 and 200 MB: ciphertext only
        return result

    VaultUploadHandler.receive_data_chunk = spying
    try:
        client.force_login(client_user)
        response = post_file(client, doc_request, content, name="big.jpg")
    finally:
        VaultUploadHandler.receive_data_chunk = original
    assert len(scans) >= 3
    assert response.status_code == 400  # not a real picture: refused, and nothing kept
    assert scan() == [] and blobs(vault_dir) == []


def _photo_with_gps_and_rotation() -> bytes:
    from PIL import Image

    img = Image.new("RGB", (1200, 900), (230, 230, 230))
    for x in range(0, 1200, 40):
        for y in range(0, 900, 3):
            img.putpixel((x, y), (20, 20, 20))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x8825] = {1: "N", 2: (40.0, 44.0, 54.36), 3: "W", 4: (73.0, 59.0, 8.36)}  # GPS
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif, quality=90)
    return buf.getvalue()


def test_preview_is_rotated_stripped_and_sealed(
    client, client_user, paralegal, doc_request, vault_dir
):
    from PIL import Image

    original = _photo_with_gps_and_rotation()
    client.force_login(client_user)
    response = post_file(client, doc_request, original)
    document = Document.objects.get()
    assert response.url == reverse(
        "document_check", args=[doc_request.matter.uuid, doc_request.uuid, document.uuid]
    )
    page = client.get(response.url).content.decode()
    assert reverse("document_preview", args=[document.uuid]) in page
    preview_bytes = b"".join(
        client.get(reverse("document_preview", args=[document.uuid])).streaming_content
    )
    img = Image.open(io.BytesIO(preview_bytes))
    assert img.format == "JPEG" and img.size == (900, 1200)  # orientation applied
    assert not img.getexif() and b"GPS" not in preview_bytes and b"Exif" not in preview_bytes
    from django.core.files.storage import storages

    sealed = storages["vault"].open(document.preview_blob_name).read()
    assert sealed.startswith(b"PVLT") and preview_bytes[100:132] not in sealed


def test_dark_photo_gets_a_hint_and_can_be_retaken(client, client_user, doc_request, vault_dir):
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (1600, 1200), (10, 10, 12)).save(buf, "JPEG")
    client.force_login(client_user)
    response = post_file(client, doc_request, buf.getvalue())
    page = client.get(response.url).content.decode()
    assert "too dark" in page
    document = Document.objects.get()
    response = client.post(response.url, {"retake": "1"})
    assert response.url == upload_url(doc_request)
    document.refresh_from_db()
    assert document.wrapped_key == "" and document.destroyed_at
    doc_request.refresh_from_db()
    assert doc_request.status == DocumentRequest.Status.REQUESTED
    assert Event.objects.filter(kind="document.retaken").exists()


def test_confirming_keeps_the_upload(client, client_user, doc_request, vault_dir):
    client.force_login(client_user)
    response = post_file(client, doc_request, jpeg_bytes((1600, 1200)))
    response = client.post(response.url, {"confirm": "1"})
    assert response.url == reverse("client_matter", args=[doc_request.matter.uuid])
    assert Document.objects.get().confirmed_at is not None


# The body parser (python-multipart behind VaultUploadHandler.handle_raw_input) --------------


def raw_post(client, req, body: bytes, boundary: str, **extra):
    return client.generic(
        "POST",
        upload_url(req),
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
        **extra,
    )


def part(boundary: str, disposition: str, content: bytes, content_type: str = "") -> bytes:
    head = f"--{boundary}\r\nContent-Disposition: form-data; {disposition}\r\n"
    if content_type:
        head += f"Content-Type: {content_type}\r\n"
    return head.encode() + b"\r\n" + content + b"\r\n"


def test_the_no_javascript_form_passes_its_csrf_token_in_the_body(
    client, client_user, doc_request, vault_dir
):
    """A plain form post: the token is a body field, checked after the file was sealed."""
    from django.middleware.csrf import _get_new_csrf_string

    client.handler.enforce_csrf_checks = True
    client.force_login(client_user)
    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    content = jpeg_bytes()
    b = "x" * 20
    body = (
        part(b, 'name="csrfmiddlewaretoken"', token.encode())
        + part(b, 'name="file"; filename="passport.jpg"', content, "image/jpeg")
        + f"--{b}--\r\n".encode()
    )
    assert raw_post(client, doc_request, body, b).status_code == 302
    assert Document.objects.get().sha256 == __import__("hashlib").sha256(content).hexdigest()

    kept = blobs(vault_dir)
    forged = body.replace(token.encode(), _get_new_csrf_string().encode())
    assert raw_post(client, doc_request, forged, b).status_code == 403
    assert Document.objects.count() == 1 and blobs(vault_dir) == kept
    assert list(Path(settings_tmp()).glob("vault-*")) == []  # the sealed part went too


def test_utf8_names_and_empty_file_inputs(client, client_user, doc_request, vault_dir):
    client.force_login(client_user)
    b = "bOuNdArY"
    body = (
        part(b, 'name="file"; filename=""', b"", "application/octet-stream")  # input left empty
        + part(
            b,
            "name=\"file\"; filename*=UTF-8''pasaporte%20Mar%C3%ADa.jpg",
            jpeg_bytes(),
            "image/jpeg",
        )
        + f"--{b}--\r\n".encode()
    )
    assert raw_post(client, doc_request, body, b).status_code == 302
    assert Document.objects.get().display_name == "pasaporte María.jpg"


@pytest.mark.parametrize(
    "body",
    [
        b'--B\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n'
        + b"\xff\xd8\xff" * 100,  # cut off: no closing boundary
        b"--B\r\nno header separator at all" + b"x" * 100,
        b"garbage before any boundary",
    ],
    ids=["truncated", "bad-headers", "no-boundary"],
)
def test_a_malformed_body_is_a_400_and_leaves_nothing(
    client, client_user, doc_request, vault_dir, body
):
    client.force_login(client_user)
    response = raw_post(client, doc_request, body, "B")
    assert response.status_code == 400, response.status_code
    assert not Document.objects.exists() and blobs(vault_dir) == []
    assert list(Path(settings_tmp()).glob("vault-*")) == []


def settings_tmp():
    from django.conf import settings

    return settings.FILE_UPLOAD_TEMP_DIR


def test_form_fields_are_bounded(client, client_user, doc_request, vault_dir, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    client.force_login(client_user)
    b = "B"
    body = b"".join(part(b, f'name="f{i}"', b"v") for i in range(10)) + b"--B--\r\n"
    assert raw_post(client, doc_request, body, b).status_code == 400
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = part(b, 'name="note"', b"v" * 5000) + b"--B--\r\n"
    assert raw_post(client, doc_request, body, b).status_code == 400
    assert not Document.objects.exists()


def _pdf_with_root(root_object: bytes) -> bytes:
    """A PDF whose trailer's /Root is object 1, written as given, with a correct xref."""
    objects = [root_object, b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_a_pdf_whose_catalog_is_not_a_dictionary_is_refused_as_damaged():
    """A hostile catalog (/Root pointing at a number) is a clear refusal, not a 500."""
    from uploads import checks

    with pytest.raises(checks.Refused) as refused:
        checks.check_pdf(io.BytesIO(_pdf_with_root(b"42")))
    assert refused.value.code == "damaged"
