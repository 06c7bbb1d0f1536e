"""The embedded set-up (`make run`) under modest concurrency: no "database is locked".

A real `manage.py runportal` (the development server and a Celery worker with beat, as
`make run` starts them) runs against a SQLite file of its own, not the test database. One
client then sends 30 uploads and 30 intake autosaves, with invoice PDFs and authenticator
set-ups mixed in, five requests at a time, while the worker reads the uploads' text. No
request may answer 5xx, and neither the server nor the worker may log a locked database.
"""

from __future__ import annotations

import http.cookiejar
import io
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "demo-portal-2026"  # seed_demo's demo password
LOCKED = "database is locked"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def embedded_env(var_dir: Path) -> dict[str, str]:
    """`make run`'s environment: DEBUG, no DATABASE_URL and no REDIS_URL (SQLite, the
    filesystem broker and the file cache), state in a directory of this test's own."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "CELERY_TASK_ALWAYS_EAGER", "SECRET_KEY")
    }
    env.update(
        DEBUG="1",
        PORTAL_VAR_DIR=str(var_dir),
        ALLOWED_HOSTS="127.0.0.1",
        SESSION_COOKIE_SECURE="0",
        EMAIL_URL="dummymail://",
        OMP_THREAD_LIMIT="1",
        PYTHONUNBUFFERED="1",
    )
    return env


class Browser:
    """A cookie-keeping HTTP client (the standard library's), like one phone's browser."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), urllib.request.ProxyHandler({})
        )

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        req = urllib.request.Request(  # noqa: S310 (http://127.0.0.1 only)
            self.base + path, data=body, method=method, headers=headers or {}
        )
        req.add_header("Referer", self.base + path)
        try:
            with self.opener.open(req, timeout=120) as response:
                return response.status, response.read(), response.url
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read(), exc.url

    def get(self, path: str):
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict[str, str], headers=None):
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf(), **fields}).encode()
        return self.request(
            "POST",
            path,
            body,
            {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})},
        )

    def post_file(self, path: str, name: str, content: bytes, content_type: str):
        boundary = uuid.uuid4().hex
        body = (
            (
                f"--{boundary}\r\n"
                'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
                f"{self.csrf()}\r\n"
                f"--{boundary}\r\n"
                f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.request(
            "POST",
            path,
            body,
            {"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )


@pytest.fixture
def portal(tmp_path):
    """`make run` on a fresh SQLite file: migrate, seed_demo, runportal; yields its URL."""
    env = embedded_env(tmp_path / "var")
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        subprocess.run(
            manage + command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=300
        )
    port = free_port()
    log_path = tmp_path / "runportal.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [*manage, "runportal", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its worker too is stopped with the group below
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2):  # noqa: S310
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError(log_path.read_text()) from None
                time.sleep(0.3)
        yield base, tmp_path / "var" / "portal.sqlite3", log_path
    finally:
        os.killpg(server.pid, 15)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)
            server.wait()


def rows(db: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(db, timeout=30) as conn:
        return conn.execute(sql, params).fetchall()


def as_uuid(value: str) -> str:
    return str(uuid.UUID(value))


def test_uploads_and_autosaves_five_at_a_time_never_lock_the_database(portal):
    base, db, log_path = portal
    browser = Browser(base)
    browser.get("/accounts/login/")
    status, _body, url = browser.post_form(
        "/accounts/login/", {"login": "client@demo.test", "password": PASSWORD}
    )
    assert status == 200 and "/accounts/login/" not in url, url

    # What the client's pages link to: their matters, the requests they may upload to, and
    # an intake section not yet submitted.
    home = browser.get("/")[1].decode()
    matters = list(dict.fromkeys(re.findall(r'href="/matters/([0-9a-f-]{36})/"', home)))
    assert matters, home
    uploads, sections = [], []
    for matter in matters:
        page = browser.get(f"/matters/{matter}/")[1].decode()
        uploads += re.findall(
            r'href="(/matters/[0-9a-f-]{36}/requests/[0-9a-f-]{36}/upload/)"', page
        )
        status, form, url = browser.get(f"/matters/{matter}/intake/")
        path = urllib.parse.urlsplit(url).path
        if status == 200 and not path.endswith("/review/"):
            sections.append((path, form.decode()))
    assert uploads and sections, (uploads, sections)
    section_path, form = sections[0]
    field_name = re.findall(r'<(?:input|textarea|select)[^>]*name="(?!csrf)([^"]+)"', form)[0]
    invoices = [as_uuid(r[0]) for r in rows(db, "SELECT uuid FROM billing_invoice")]
    assert invoices, "seed_demo makes invoices"

    # A plain page: quick for the worker to read, so the test waits on locks, not on OCR.
    buf = io.BytesIO()
    Image.new("RGB", (480, 360), "white").save(buf, "JPEG")
    photo = buf.getvalue()

    def upload(i: int):
        path = uploads[i % len(uploads)]
        return "upload", browser.post_file(path, f"scan-{i}.jpg", photo, "image/jpeg")[0]

    def autosave(i: int):
        status = browser.post_form(
            section_path,
            {field_name: f"draft {i}"},
            headers={"X-Autosave": "1", "X-CSRFToken": browser.csrf()},
        )[0]
        return "autosave", status

    def invoice_pdf(i: int):
        return "pdf", browser.get(f"/invoices/{invoices[i % len(invoices)]}/pdf/")[0]

    def mfa_setup(i: int):
        return "mfa", browser.get("/accounts/mfa/setup/")[0]

    jobs = (
        [(upload, i) for i in range(30)]
        + [(autosave, i) for i in range(30)]
        + [(invoice_pdf, i) for i in range(6)]
        + [(mfa_setup, i) for i in range(6)]
    )
    jobs = [jobs[i] for i in sorted(range(len(jobs)), key=lambda i: (i * 7919) % len(jobs))]
    with ThreadPoolExecutor(max_workers=5) as pool:
        results = list(pool.map(lambda job: job[0](job[1]), jobs))

    failures = [r for r in results if r[1] >= 500]
    assert not failures, (failures, log_path.read_text()[-5000:])
    assert {kind for kind, status in results if status < 400} == {
        "upload",
        "autosave",
        "pdf",
        "mfa",
    }, results

    # The worker reads every upload's text meanwhile and after; none may fail on a lock.
    deadline = time.monotonic() + 240
    while rows(
        db, "SELECT count(*) FROM uploads_document WHERE ocr_status IN ('pending', 'processing')"
    )[0][0]:
        assert time.monotonic() < deadline, "OCR did not finish"
        time.sleep(1)
    log = log_path.read_text()
    assert LOCKED not in log, log[-5000:]
    assert rows(db, "SELECT count(*) FROM uploads_document")[0][0] >= 30
    assert rows(db, "PRAGMA journal_mode")[0][0] == "wal"
