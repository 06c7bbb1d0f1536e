"""Encrypted uploads and downloads of 32 MB and 256 MB files through the real views.

Runs the portal under gunicorn (one sync worker, as in the Dockerfile) in a subprocess
on 127.0.0.1 and streams multipart bodies to it with http.client, from memory, with a
Content-Length: the server reads the body off a socket, as in production, not from the
test client's BytesIO. Each size goes, interleaved, BENCH_REPEATS rounds, medians, to:

- the real ``document_upload`` view, signed in as a client past the second factor;
- stock Django: a view behind the same middleware and session that takes the same
  multipart body with Django's default upload handlers (in memory, then a temporary
  file) and saves ``request.FILES["file"]`` to a model's FileField (``default_storage``,
  plus the row's INSERT), the case the issue names;
- the raw ceiling, in this process: SHA-256 + AES-256-GCM of the same bytes from memory
  in 64 KiB segments, written to a file, no Django.

Downloads (no target): ``document_download`` against a stock ``FileResponse`` of the
plaintext and against decrypt + SHA-256 of the blob in this process. Memory, in rounds
of its own that are not timed: the worker's peak RSS growth during each request
(``VmHWM`` reset through ``/proc/self/clear_refs`` after ``gc.collect()`` and
``malloc_trim(0)``, so memory the allocator kept from an earlier request cannot hide a
growth).

The document is a valid PDF of the given size: a scan, one page per 4 MiB image
(2048 x 2048 gray, random samples, uncompressed). Shown for comparison, no target: a
"flat" PDF whose bytes are one stream object no page uses (the content checks never
read it; BENCH_DOC=flat puts the targets on it instead), stock Django reading 1 MiB at
a time like the vault handler, and the content checks alone. Ends with one ``target``
line per target; exits 1 when one fails. See bench/README.md.

    .venv/bin/python bench/vault.py
    BENCH_SQLITE=1 BENCH_REPEATS=9 .venv/bin/python bench/vault.py
"""

from __future__ import annotations

import gc
import hashlib
import http.client
import io
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import types
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import _benchdb  # noqa: E402

SERVE = len(sys.argv) > 2 and sys.argv[1] == "--serve"
BENCH_DB = "portal_bench_vault"  # never matters.py's portal_bench: they may run side by side
MIB = 1024 * 1024
SIZES = (32, 256)  # MiB
REPEATS = int(os.environ.get("BENCH_REPEATS", "7"))
MEM_ROUNDS = 3  # memory is measured apart, in requests that are not timed
DOC = os.environ.get("BENCH_DOC", "scan")
SEGMENT = 64 * 1024  # the vault's segment (uploads/VAULT.md)
SEND_CHUNK = 256 * 1024
IMAGE_SIDE = 2048  # 4 MiB of 8-bit gray per page
RSS_FLOOR_MB = 8.0  # growth below this is noise: the 256/32 ratio compares max(growth, 8)
SHAPES = {
    "scan": "a page per 4 MiB image, which the checks read",
    "flat": "its bytes in one stream no page uses, which the checks skip",
}
UPLOAD_VS_STOCK, UPLOAD_VS_CEILING, RSS_BOUND_MB, RSS_RATIO = 0.8, 0.3, 64.0, 1.2

if SERVE:
    _tmp = os.environ["PORTAL_VAR_DIR"]  # the parent's temporary directory
    DB_LABEL = ""
else:
    RUN = _benchdb.start(BENCH_DB, prefix="portal-bench-vault-")
    _tmp, DB_LABEL = RUN.tmp, RUN.label
    # The test-like environment start() set, where anything already set wins, except
    # what would send 256 MB blobs somewhere else than this run's temporary directory.
    os.environ["PORTAL_VAR_DIR"] = _tmp
    os.environ["UPLOAD_MAX_MB"] = str(max(SIZES) + 44)
    os.environ.pop("VAULT_S3_BUCKET", None)  # local vault files, in _tmp
    os.environ["TMPDIR"] = _tmp  # the server's temporary files too (gone with _tmp)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.decorators import login_required  # noqa: E402
from django.core.files.storage import default_storage, storages  # noqa: E402
from django.core.files.uploadhandler import (  # noqa: E402
    MemoryFileUploadHandler,
    TemporaryFileUploadHandler,
)
from django.db import models  # noqa: E402
from django.http import FileResponse, JsonResponse  # noqa: E402
from django.urls import clear_url_caches, include, path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt, csrf_protect  # noqa: E402

# Server side ------------------------------------------------------------------------------


class StockFile(models.Model):
    """Stock Django's way to keep an upload: a FileField on a row (a bench-only table)."""

    file = models.FileField(upload_to="stock/")

    class Meta:
        app_label = "uploads"
        db_table = "bench_stock_file"

    def __str__(self) -> str:
        return self.file.name


@login_required
def stock_upload(request):
    """Stock Django: default upload handlers, CSRF middleware, a FileField saved with its row."""
    f = request.FILES["file"]
    row = StockFile.objects.create(file=f)
    return JsonResponse({"name": row.file.name, "size": f.size})


class _MemoryHandler1M(MemoryFileUploadHandler):
    chunk_size = MIB


class _TemporaryHandler1M(TemporaryFileUploadHandler):
    chunk_size = MIB


@csrf_exempt  # the handlers must be set before the CSRF check reads the body
def stock_upload_1m(request):
    """Stock Django as above, reading the body 1 MiB at a time as the vault handler does
    (informational: how much of the difference is the chunk size)."""
    request.upload_handlers = [_MemoryHandler1M(request), _TemporaryHandler1M(request)]
    return csrf_protect(stock_upload)(request)


@login_required
def stock_download(request, name):
    return FileResponse(default_storage.open(f"stock/{name}", "rb"), as_attachment=True)


def rss(request):
    """The worker's pid, RSS and peak RSS (kB); ?reset=1 first frees what it can and
    resets the peak to the current RSS."""
    if request.GET.get("reset"):
        import ctypes

        gc.collect()
        ctypes.CDLL("libc.so.6").malloc_trim(0)
        Path("/proc/self/clear_refs").write_text("5")
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    kb = {k: int(fields[k].split()[0]) for k in ("VmRSS", "VmHWM")}
    return JsonResponse({"pid": os.getpid(), "rss_kb": kb["VmRSS"], "hwm_kb": kb["VmHWM"]})


bench_urls = types.ModuleType("bench_vault_urls")
bench_urls.urlpatterns = [
    path("bench/stock-upload/", stock_upload),
    path("bench/stock-upload-1m/", stock_upload_1m),
    path("bench/stock/<str:name>", stock_download),
    path("bench/rss/", rss),
    path("", include("portal.urls")),
]
sys.modules["bench_vault_urls"] = bench_urls
settings.ROOT_URLCONF = "bench_vault_urls"
clear_url_caches()


def serve(port: int) -> None:
    """gunicorn, one sync worker (the Dockerfile's worker class), app loaded before fork."""
    import pypdf  # noqa: F401  (imported before the fork, as a warm worker has it)
    from django.core.wsgi import get_wsgi_application
    from gunicorn.app.base import BaseApplication

    import uploads.checks
    import uploads.services  # noqa: F401

    class Server(BaseApplication):
        def load_config(self):
            for key, value in {
                "bind": f"127.0.0.1:{port}",
                "workers": 1,
                "worker_class": "sync",
                "timeout": 600,
                "graceful_timeout": 5,
                "preload_app": True,
                "loglevel": "warning",
                "errorlog": "-",
            }.items():
                self.cfg.set(key, value)

        def load(self):
            return get_wsgi_application()

    Server().run()


if SERVE:
    serve(int(sys.argv[2]))
    sys.exit(0)

# Client side ------------------------------------------------------------------------------

from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402

from matters import services as matter_services  # noqa: E402
from matters.models import CaseType  # noqa: E402
from portal.accounts.mfa_models import SealedTOTPDevice  # noqa: E402
from portal.accounts.models import Role, User  # noqa: E402
from portal.accounts.services import ensure_role_groups, set_roles  # noqa: E402
from uploads import checks, vault  # noqa: E402
from uploads.models import Document  # noqa: E402


def make_pdf(size: int, shape: str, rng: random.Random) -> bytes:
    """A valid PDF of ``size`` bytes (scan: that plus a few KiB).

    scan: one page per 2048x2048 8-bit gray image (4 MiB of random samples, no
    filter), each page drawing its image; flat: one empty page and one stream object
    of random bytes that nothing refers to.
    """
    pages: list[bytes] = []
    objs: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    if shape == "scan":
        image = IMAGE_SIDE * IMAGE_SIDE
        draw = f"q {IMAGE_SIDE} 0 0 {IMAGE_SIDE} 0 0 cm /Im0 Do Q".encode()
        for _ in range(max(1, -(-size // image))):
            page, img, content = len(objs) + 1, len(objs) + 2, len(objs) + 3
            pages.append(b"%d 0 R" % page)
            objs.append(
                f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {IMAGE_SIDE} {IMAGE_SIDE}] "
                f"/Resources << /XObject << /Im0 {img} 0 R >> >> /Contents {content} 0 R >>".encode()
            )
            objs.append(
                f"<< /Type /XObject /Subtype /Image /Width {IMAGE_SIDE} /Height {IMAGE_SIDE} "
                f"/ColorSpace /DeviceGray /BitsPerComponent 8 /Length {image} >>\nstream\n".encode()
                + rng.randbytes(image)
                + b"\nendstream"
            )
            objs.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(draw), draw))
        objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(pages), len(pages))
        return _pdf(objs)
    objs[1] = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>")
    noise = b"".join(rng.randbytes(min(4 * MIB, size - i)) for i in range(0, size, 4 * MIB))
    n = size - 1024
    while True:  # the stream's length so that the whole file is exactly ``size``
        data = _pdf([*objs, b"<< /Length %d >>\nstream\n%s\nendstream" % (n, noise[:n])])
        if len(data) == size:
            return data
        n += size - len(data)


def _pdf(objs: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (i, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % off for off in offsets))
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    )
    return out.getvalue()


# The server subprocess --------------------------------------------------------------------


def _die_with_parent() -> None:
    """In the server's process, before exec: SIGTERM when this script dies, however."""
    import ctypes

    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class Server:
    def __init__(self):
        self.log = open(Path(_tmp) / "server.log", "ab")  # noqa: SIM115
        self.proc = None
        for _ in range(20):
            self.port = random.randrange(20000, 32000)
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", self.port))
                except OSError:
                    continue
            self.proc = subprocess.Popen(  # noqa: S603
                [sys.executable, __file__, "--serve", str(self.port)],
                env=os.environ.copy(),
                stdout=self.log,
                stderr=self.log,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and self.proc.poll() is None:
                try:
                    self.worker = self.probe()["pid"]
                    return
                except OSError:
                    time.sleep(0.2)
            self.stop()
        raise RuntimeError(f"the server did not start; see the log:\n{self.log_tail()}")

    def log_tail(self) -> str:
        return (Path(_tmp) / "server.log").read_text(errors="replace")[-3000:]

    def request(self, method, url, *, body=None, length=0, headers=None, sink=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        try:
            hdrs = dict(headers or {})
            if body is not None:
                hdrs["Content-Length"] = str(length)
            conn.request(method, url, body=body, headers=hdrs)
            resp = conn.getresponse()
            if sink is None:
                return resp.status, resp.getheaders(), resp.read()
            n = 0
            while True:
                got = resp.readinto(sink)
                if not got:
                    return resp.status, resp.getheaders(), n
                n += got
        finally:
            conn.close()

    def probe(self, reset=False) -> dict:
        status, _, data = self.request("GET", "/bench/rss/?reset=1" if reset else "/bench/rss/")
        if status != 200:
            raise OSError(f"probe: HTTP {status}")
        return json.loads(data)

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # gunicorn: stop the worker, then itself
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)  # our own session only
                self.proc.wait()
        self.proc = None
        self.log.close()


# Measuring --------------------------------------------------------------------------------


class Portal:
    """A client with a document request, signed in past the second factor."""

    def __init__(self):
        call_command("migrate", verbosity=0)
        with connection.schema_editor() as editor:
            editor.create_model(StockFile)
        ensure_role_groups()
        paralegal = User.objects.create_user(
            "pablo@firm.test", None, kind=User.Kind.STAFF, full_name="Pablo Paralegal"
        )
        set_roles(user=paralegal, roles=[Role.PARALEGAL], by=None)
        self.user = User.objects.create_user(
            "alice@client.test", None, kind=User.Kind.CLIENT, full_name="Alice Client"
        )
        SealedTOTPDevice.create_for(self.user, confirmed=True)
        matter = matter_services.create_matter(
            case_type=CaseType.objects.get(code="i130"),
            client_email=self.user.email,
            client_name="Alice Client",
            language="en",
            by=paralegal,
            invite=False,
        )
        self.req = matter.requests.filter(audience="beneficiary").order_by("position").first()
        client = Client()
        client.force_login(self.user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = SealedTOTPDevice.objects.get(user=self.user).persistent_id
        session.save()
        csrf = _get_new_csrf_string()
        self.headers = {
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
            f"{settings.CSRF_COOKIE_NAME}={csrf}",
            "X-CSRFToken": csrf,
        }
        self.upload_url = reverse("document_upload", args=[matter.uuid, self.req.uuid])


def multipart(data: bytes, filename: str):
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()

    def chunks():
        yield head
        view = memoryview(data)
        for i in range(0, len(view), SEND_CHUNK):
            yield view[i : i + SEND_CHUNK]
        yield tail

    return chunks, len(head) + len(data) + len(tail), f"multipart/form-data; boundary={boundary}"


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


STOCK_URLS = {"stock": "/bench/stock-upload/", "stock_1m": "/bench/stock-upload-1m/"}


def upload(server, portal, data, *, stock: str = "", memory: dict | None = None):
    chunks, length, ctype = multipart(data, "scan.pdf")
    url = STOCK_URLS[stock] if stock else portal.upload_url
    if memory is not None:
        before = server.probe(reset=True)
    seconds, (status, _, body) = timed(
        lambda: server.request(
            "POST",
            url,
            body=chunks(),
            length=length,
            headers={**portal.headers, "Content-Type": ctype},
        )
    )
    if memory is not None:
        memory["growth_mb"] = (server.probe()["hwm_kb"] - before["rss_kb"]) / 1024
    if stock:
        assert status == 200, (status, body[:300])
        return seconds, json.loads(body)["name"].split("/", 1)[1]
    assert status in (201, 302), (status, body.decode(errors="replace")[-1500:])
    doc = Document.objects.filter(request=portal.req).order_by("-version").first()
    return seconds, doc


def download(server, portal, url, size, sink, memory: dict | None = None):
    if memory is not None:
        before = server.probe(reset=True)
    seconds, (status, _, n) = timed(
        lambda: server.request("GET", url, headers=portal.headers, sink=sink)
    )
    if memory is not None:
        memory["growth_mb"] = (server.probe()["hwm_kb"] - before["rss_kb"]) / 1024
    assert status == 200 and n == size, (url, status, n, size)
    return seconds


def ceiling_upload(data: bytes, target: Path) -> float:
    """SHA-256 + AES-256-GCM (vault segments) + writing, one process, from memory."""
    t0 = time.perf_counter()
    aead = AESGCM(AESGCM.generate_key(bit_length=256))
    prefix = os.urandom(7)
    header = b"PVLT\x01" + prefix + uuid.uuid4().bytes
    digest = hashlib.sha256()
    view = memoryview(data)
    last = (len(view) - 1) // SEGMENT
    with open(target, "wb") as out:
        out.write(header)
        for i in range(last + 1):
            chunk = view[i * SEGMENT : (i + 1) * SEGMENT]
            digest.update(chunk)
            nonce = prefix + i.to_bytes(4, "big") + (b"\x01" if i == last else b"\x00")
            out.write(aead.encrypt(nonce, chunk, header))
    digest.hexdigest()
    return time.perf_counter() - t0


def ceiling_download(doc: Document, blob: Path) -> float:
    """Decrypt + SHA-256 of the stored blob, one process (the vault's own decrypt)."""
    t0 = time.perf_counter()
    digest = hashlib.sha256()
    with open(blob, "rb") as f:
        for chunk in vault.decrypt(
            f, document_id=doc.uuid, key_id=doc.key_id, wrapped_key=doc.wrapped_key
        ):
            digest.update(chunk)
    assert digest.hexdigest() == doc.sha256
    return time.perf_counter() - t0


def checks_alone(data: bytes) -> tuple[float, float]:
    """The content checks on a sealed copy, in this process: seconds, traced peak MB."""
    import tracemalloc

    with tempfile.TemporaryFile(dir=_tmp) as tmp:
        document_id = uuid.uuid4()
        writer = vault.Writer(tmp, document_id)
        view = memoryview(data)
        for i in range(0, len(view), SEGMENT):
            writer.write(view[i : i + SEGMENT])
        sealed = writer.close()
        size = tmp.tell()

        def run():
            f = vault.VaultFile(
                tmp,
                size,
                document_id=document_id,
                key_id=sealed.key_id,
                wrapped_key=sealed.wrapped_key,
            )
            assert checks.check(f, checks.PDF) is not None

        run()  # imports, first use
        seconds, _ = timed(run)
        tracemalloc.start()
        try:
            run()
            peak = tracemalloc.get_traced_memory()[1] / MIB
        finally:
            tracemalloc.stop()
    return seconds, peak


def main() -> int:
    started = time.perf_counter()
    portal = Portal()
    rng = random.Random(20260509)
    other = "flat" if DOC == "scan" else "scan"
    docs = {(mb, shape): make_pdf(mb * MIB, shape, rng) for mb in SIZES for shape in (DOC, other)}
    expected = {key: hashlib.sha256(d).hexdigest() for key, d in docs.items()}
    media = Path(settings.MEDIA_ROOT)
    sink = bytearray(MIB)
    res: dict = {mb: {} for mb in SIZES}

    def add(mb, key, value):
        res[mb].setdefault(key, []).append(value)

    checks_cost = {key: checks_alone(d) for key, d in docs.items()}

    def vault_step(server, mb, shape, key, memory):
        data = docs[mb, shape]
        mem: dict | None = {} if memory else None
        seconds, doc = upload(server, portal, data, memory=mem)
        assert doc.size == len(data) and doc.sha256 == expected[mb, shape]
        up_growth = mem["growth_mb"] if memory else None
        url = reverse("document_download", args=[doc.uuid])
        down = download(server, portal, url, doc.size, sink, mem)
        blob = Path(storages["vault"].path(doc.blob_name))
        if memory:
            add(mb, f"mem_down_{key}", mem["growth_mb"])
            mem["growth_mb"] = up_growth
        else:
            add(mb, f"up_{key}", seconds)
            add(mb, f"down_{key}", down)
            if key == "vault":
                add(mb, "down_ceiling", ceiling_download(doc, blob))
        blob.unlink()
        return mem

    def stock_step(server, mb, kind, memory):
        data = docs[mb, DOC]
        mem: dict | None = {} if memory else None
        seconds, name = upload(server, portal, data, stock=kind, memory=mem)
        if not memory:
            add(mb, f"up_{kind}", seconds)
            if kind == "stock":
                url = f"/bench/stock/{name}"
                add(mb, "down_stock", download(server, portal, url, len(data), sink))
        (media / "stock" / name).unlink()
        return mem

    server = Server()
    try:
        # Warm-up: first requests import and compile what the timed ones then reuse.
        for _ in range(2):
            for shape in (DOC, other):
                small = make_pdf(2 * MIB, shape, rng)
                _, doc = upload(server, portal, small)
                url = reverse("document_download", args=[doc.uuid])
                download(server, portal, url, doc.size, sink)
            for kind in STOCK_URLS:
                _, name = upload(server, portal, small, stock=kind)
                download(server, portal, f"/bench/stock/{name}", len(small), sink)
        # Timing: interleaved, and the order flips every round, so noise hits all alike.
        steps = ("vault", "stock", "ceiling", "vault_other", "stock_1m")
        for r in range(REPEATS):
            for mb in SIZES:
                for step in steps if r % 2 == 0 else steps[::-1]:
                    if step == "ceiling":
                        target = Path(_tmp) / "ceiling.bin"
                        add(mb, "up_ceiling", ceiling_upload(docs[mb, DOC], target))
                        target.unlink()
                    elif step == "vault":
                        vault_step(server, mb, DOC, "vault", memory=False)
                    elif step == "vault_other":
                        vault_step(server, mb, other, "vault_other", memory=False)
                    else:
                        stock_step(server, mb, step, memory=False)
            print(f"round {r + 1}/{REPEATS} done, {time.perf_counter() - started:.0f}s", flush=True)
        # Memory: the worker's peak RSS during each request, in requests of their own
        # (the probe frees memory first, which would slow the request it precedes).
        for _ in range(MEM_ROUNDS):
            for mb in SIZES:
                add(mb, "mem_up_vault", vault_step(server, mb, DOC, "vault", True)["growth_mb"])
                mem = vault_step(server, mb, other, "vault_other", True)
                add(mb, "mem_up_vault_other", mem["growth_mb"])
                for kind in STOCK_URLS:
                    add(mb, f"mem_up_{kind}", stock_step(server, mb, kind, True)["growth_mb"])
    except BaseException:
        print(server.log_tail(), file=sys.stderr)
        raise
    finally:
        server.stop()

    med = {mb: {k: statistics.median(v) for k, v in res[mb].items()} for mb in SIZES}
    peak = {mb: {k: max(v) for k, v in res[mb].items()} for mb in SIZES}
    print()
    print(f"database: {DB_LABEL}; gunicorn, 1 sync worker; {REPEATS} interleaved rounds, medians")
    print(f"document: {DOC} PDF, {SHAPES[DOC]}")
    print(f"  for comparison, no target: a {other} PDF, {SHAPES[other]}")
    print("MB/s: MiB of file per second; ratio: throughput over the baseline named")
    header = f"{'':<42}" + "".join(f"{f'{mb} MB s':>10}{'MB/s':>7}{'ratio':>7}" for mb in SIZES)
    print(header)
    print("-" * len(header))
    rows = [
        ("upload: vault (document_upload)", "up_vault", None),
        ("upload: stock Django", "up_stock", None),
        ("upload: raw ceiling", "up_ceiling", None),
        ("upload: vault vs stock", "up_vault", "up_stock"),
        ("upload: vault vs ceiling", "up_vault", "up_ceiling"),
        (f"upload: vault, {other} PDF", "up_vault_other", None),
        (f"upload: vault, {other} PDF vs stock", "up_vault_other", "up_stock"),
        ("upload: stock Django, 1 MiB reads", "up_stock_1m", None),
        ("upload: vault vs stock with 1 MiB reads", "up_vault", "up_stock_1m"),
        ("download: vault (document_download)", "down_vault", None),
        ("download: stock FileResponse", "down_stock", None),
        ("download: ceiling decrypt+SHA-256", "down_ceiling", None),
        ("download: vault vs stock", "down_vault", "down_stock"),
        ("download: vault vs ceiling", "down_vault", "down_ceiling"),
    ]
    for label, key, base in rows:
        line = f"{label:<42}"
        for mb in SIZES:
            m = med[mb]
            if base is None:
                line += f"{m[key]:>10.3f}{len(docs[mb, DOC]) / MIB / m[key]:>7.0f}{'':>7}"
            else:
                line += f"{'':>10}{'':>7}{m[base] / m[key]:>7.2f}"
        print(line)
    for shape in (DOC, other):
        line = f"{f'content checks alone, {shape} PDF (s, MB)':<42}"
        for mb in SIZES:
            seconds, traced = checks_cost[mb, shape]
            line += f"{seconds:>10.3f}{traced:>7.0f}{'':>7}"
        print(line)
    print("  (in this process, on a sealed copy: seconds, and peak traced Python memory)")
    print()
    print(f"worker peak RSS growth during the request, MB: max (of {MEM_ROUNDS})")
    for label, key in (
        ("upload: vault", "mem_up_vault"),
        (f"upload: vault, {other} PDF", "mem_up_vault_other"),
        ("upload: stock Django", "mem_up_stock"),
        ("upload: stock Django, 1 MiB reads", "mem_up_stock_1m"),
        ("download: vault", "mem_down_vault"),
    ):
        print(f"{label:<42}" + "".join(f"{peak[mb][key]:>24.1f}" for mb in SIZES))
    print(f"total {time.perf_counter() - started:.0f}s")
    print()

    failed = False

    def target(name, value, op, bound):
        nonlocal failed
        ok = value >= bound if op == ">=" else value <= bound
        failed |= not ok
        print(f"target {name} {value:.2f} {op} {bound} {'PASS' if ok else 'FAIL'}")

    small_mb, big_mb = SIZES
    print(
        f"(rss_growth_256_vs_32 counts each growth as at least {RSS_FLOOR_MB:g} MB, so that "
        "noise on a near-zero growth cannot make the ratio)"
    )
    for mb in SIZES:
        ratio = med[mb]["up_stock"] / med[mb]["up_vault"]
        target(f"upload_vs_stock_django_{mb}mb", ratio, ">=", UPLOAD_VS_STOCK)
    for mb in SIZES:
        ratio = med[mb]["up_ceiling"] / med[mb]["up_vault"]
        target(f"upload_vs_raw_ceiling_{mb}mb", ratio, ">=", UPLOAD_VS_CEILING)
    for mb in SIZES:
        growth = peak[mb]["mem_up_vault"]
        target(f"upload_peak_rss_growth_mb_{mb}mb", growth, "<=", RSS_BOUND_MB)
    # The bound takes each size's worst round; the ratio, which asks whether memory
    # grows with the file, compares the sizes' median rounds, so that one noisy
    # round (about 1 MB either way here) cannot decide it.
    small, big = med[small_mb]["mem_up_vault"], med[big_mb]["mem_up_vault"]
    ratio = max(big, RSS_FLOOR_MB) / max(small, RSS_FLOOR_MB)
    target("rss_growth_256_vs_32", ratio, "<=", RSS_RATIO)
    return 1 if failed else 0


if __name__ == "__main__":
    RUN.run(main)
