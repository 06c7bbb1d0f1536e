"""The event log: recording overhead per request, chain verification, streamed exports.

- ``audit_overhead_ratio``: a typical request, an Admin's GET of a staff matter page
  (the real view, a matter with its checklist, tasks and history), with one extra
  ``audit.record(...)`` against the same request without it, through the full
  middleware stack with Django's test client; BENCH_REQUESTS (1,000) of each,
  interleaved, medians. Target <= 1.10. For reference it also prints the same pair
  on a trivial view (no target): there one durable INSERT under the chain's lock
  (about 1.3 ms on Postgres) is most of the request.
- ``verify_vs_sha256``: ``audit.chain.verify`` over the first 50,000 events read from
  the database (as ``audit_verify`` reads them), against bare SHA-256 over the same
  bytes (prev_hash, newline, canonical JSON) from memory in the same process;
  interleaved rounds, medians. Target <= 60 (see bench/README.md).
- ``export_100k_peak_mb``: ``audit.exports.jsonl_lines`` over 100,000 events written
  to a file: the larger of the process's peak RSS growth (``VmHWM`` reset through
  ``/proc/self/clear_refs``; sees the database driver's buffers too) and, in a second
  pass to /dev/null, tracemalloc's peak (sees Python objects even in memory the
  allocator already held). Target < 50. Then the file is checked with
  ``verify_lines``: ``export_100k_verified_events`` must equal the events exported.

The 100,000 events are bulk-inserted as a valid chain (hashes computed with
``chain_hash``), not recorded one by one. Database as for the other benchmarks, but
its own: ``portal_bench_audit`` on a local Postgres (dropped at the end;
BENCH_KEEP_DB=1 keeps it), or a temporary SQLite file with BENCH_SQLITE=1 or without
Postgres. Ends with one ``target`` line per target; exits 1 when one fails.

    .venv/bin/python bench/audit.py
    BENCH_SQLITE=1 BENCH_REQUESTS=1000 .venv/bin/python bench/audit.py
"""

from __future__ import annotations

import ctypes
import datetime as dt
import gc
import hashlib
import os
import statistics
import sys
import time
import tracemalloc
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
# This file is bench/audit.py: with bench/ first on sys.path, "import audit" would
# find it instead of the app. The project comes first; bench/ only for _benchdb.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
sys.path.insert(0, str(ROOT))
sys.path.append(str(BENCH))

import _benchdb  # noqa: E402

BENCH_DB = "portal_bench_audit"
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "1000"))
WARMUP = 50
EXPORT_EVENTS = 100_000
VERIFY_EVENTS = 50_000
VERIFY_ROUNDS = int(os.environ.get("BENCH_VERIFY_ROUNDS", "5"))
OVERHEAD_BOUND = 1.10
VERIFY_BOUND = 60
EXPORT_MB_BOUND = 50

RUN = _benchdb.start(BENCH_DB, prefix="portal-bench-audit-")
DB_LABEL = RUN.label

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import clear_url_caches, include, path  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402

import audit  # noqa: E402
from audit import kinds  # noqa: E402
from audit.chain import GENESIS, canonical, chain_hash, event_fields, verify  # noqa: E402
from audit.exports import jsonl_lines, verify_lines  # noqa: E402
from audit.models import Event  # noqa: E402

kinds.register({"bench.viewed": "bench.viewed"})
from portal.accounts.mfa_models import SealedTOTPDevice  # noqa: E402
from portal.accounts.models import Role, User  # noqa: E402

assert Path(audit.__file__).parent == ROOT / "audit", audit.__file__


# Two small views, the same but for one audit.record() call (reference only), and the
# typical request: the real staff matter page, with and without one more event.
def plain_view(request):
    return HttpResponse(f"hello {request.user.pk}")


def recorded_view(request):
    audit.record("bench.viewed", request=request, data={"path": request.path})
    return HttpResponse(f"hello {request.user.pk}")


TYPICAL: dict = {}


def typical_view(request):
    from matters.views.staff import matter_detail

    return matter_detail(request, matter_uuid=TYPICAL["matter"])


def typical_recorded_view(request):
    from matters.views.staff import matter_detail

    audit.record("bench.viewed", request=request, data={"path": request.path})
    return matter_detail(request, matter_uuid=TYPICAL["matter"])


bench_urls = types.ModuleType("bench_audit_urls")
bench_urls.urlpatterns = [
    path("bench/plain/", plain_view),
    path("bench/recorded/", recorded_view),
    path("bench/typical/", typical_view),
    path("bench/typical-recorded/", typical_recorded_view),
    path("", include("portal.urls")),
]
sys.modules["bench_audit_urls"] = bench_urls
settings.ROOT_URLCONF = "bench_audit_urls"
clear_url_caches()


# Seeding ----------------------------------------------------------------------------------

KINDS = ["document.downloaded", "auth.signed_in", "matter.viewed", "invoice.sent", "task.done"]
AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
]


def seed_chain(n: int, *, start: dt.datetime, batch: int = 5000) -> None:
    """n valid events after the current head, one per millisecond from ``start``."""
    head = Event.objects.order_by("-seq").first()
    seq, prev = (head.seq, head.hash) if head else (0, GENESIS)
    for lo in range(0, n, batch):
        rows = []
        for i in range(lo, min(lo + batch, n)):
            seq += 1
            event = Event(
                seq=seq,
                created_at=start + dt.timedelta(milliseconds=i),
                kind=KINDS[i % len(KINDS)],
                actor_id=1000 + i % 37,
                actor_label=f"staff{i % 37}@firm.test",
                subject_type="matters.matter" if i % 3 else "uploads.document",
                subject_id=f"5f0c6d1e-8a3b-4c2d-9e7f-{i:012d}",
                data={
                    "matter": f"Client {i % 997:04d} - I-130",
                    "stage": "evidence",
                    "note": "Pasaporte y acta de nacimiento — revisión" if i % 4 == 0 else "",
                    "ids": [i, i + 1, i + 2],
                },
                ip=f"203.0.113.{i % 250 + 1}" if i % 5 else None,
                user_agent=AGENTS[i % 2],
                prev_hash=prev,
            )
            event.hash = prev = chain_hash(prev, event_fields(event))
            rows.append(event)
        Event.objects.bulk_create(rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE audit_event")


# Memory -----------------------------------------------------------------------------------


def _status_kb(*names: str) -> dict[str, int]:
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return {name: int(fields[name].split()[0]) for name in names}


def reset_peak() -> int | None:
    """Free what can be freed, reset VmHWM to VmRSS; the RSS in kB (None without /proc)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
        Path("/proc/self/clear_refs").write_text("5")
        return _status_kb("VmRSS")["VmRSS"]
    except OSError:
        return None


def peak_growth_mb(before_kb: int | None) -> float | None:
    if before_kb is None:
        return None
    return (_status_kb("VmHWM")["VmHWM"] - before_kb) / 1024


# Measuring --------------------------------------------------------------------------------


def signed_in_client(user) -> Client:
    """A session past password and second factor (tests/conftest.py login_verified)."""
    client = Client()
    client.force_login(user)
    device = SealedTOTPDevice.objects.get(user=user, confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def measure_overhead(client: Client) -> dict[str, float]:
    urls = {
        "plain": "/bench/plain/",
        "recorded": "/bench/recorded/",
        "typical": "/bench/typical/",
        "typical_recorded": "/bench/typical-recorded/",
    }
    for url in urls.values():
        for _ in range(WARMUP):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
    before = Event.objects.count()
    times: dict[str, list[float]] = {name: [] for name in urls}
    for _ in range(REQUESTS):
        for name, url in urls.items():
            t0 = time.perf_counter()
            response = client.get(url)
            times[name].append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    assert Event.objects.count() - before >= 2 * REQUESTS  # one event per recorded GET
    return {name: statistics.median(ts) for name, ts in times.items()}


def measure_verify() -> dict[str, float]:
    """verify() over the first VERIFY_EVENTS events from the database vs bare SHA-256."""
    payloads = [
        e.prev_hash.encode() + b"\n" + canonical(event_fields(e))
        for e in Event.objects.filter(seq__lte=VERIFY_EVENTS).order_by("seq").iterator(2000)
    ]
    assert len(payloads) == VERIFY_EVENTS
    size_mb = sum(map(len, payloads)) / 2**20
    sha, ver, read = [], [], []
    for _ in range(VERIFY_ROUNDS):
        t0 = time.perf_counter()
        for payload in payloads:
            hashlib.sha256(payload).hexdigest()
        sha.append(time.perf_counter() - t0)
        # Reading the rows alone, for the breakdown (no target).
        t0 = time.perf_counter()
        for _event in Event.objects.filter(seq__lte=VERIFY_EVENTS).order_by("seq").iterator(2000):
            pass
        read.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        verdict = verify(
            Event.objects.filter(seq__lte=VERIFY_EVENTS).order_by("seq").iterator(chunk_size=2000)
        )
        ver.append(time.perf_counter() - t0)
        assert verdict.ok and verdict.checked == VERIFY_EVENTS, verdict
    return {
        "sha": statistics.median(sha),
        "verify": statistics.median(ver),
        "read": statistics.median(read),
        "mb": size_mb,
    }


def measure_export(start: dt.datetime, target: Path) -> dict:
    # The figure the target reads: peak RSS growth while the file is written.
    before = reset_peak()
    t0 = time.perf_counter()
    lines = 0
    with target.open("w", encoding="utf-8", newline="") as f:
        for line in jsonl_lines(start, None):
            f.write(line)
            lines += 1
    seconds = time.perf_counter() - t0
    rss_mb = peak_growth_mb(before)

    # Python's own allocations, in a second pass to /dev/null (tracemalloc slows it).
    gc.collect()
    tracemalloc.start()
    with open(os.devnull, "w", encoding="utf-8") as f:
        for line in jsonl_lines(start, None):
            f.write(line)
    traced_mb = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()

    # The file, checked on its own.
    before = reset_peak()
    t0 = time.perf_counter()
    with target.open(encoding="utf-8", newline="") as f:
        verdict = verify_lines(f, "jsonl")
    verify_s = time.perf_counter() - t0
    return {
        "lines": lines,
        "seconds": seconds,
        "file_mb": target.stat().st_size / 2**20,
        "rss_mb": rss_mb,
        "traced_mb": traced_mb,
        "verdict": verdict,
        "verify_s": verify_s,
        "verify_rss_mb": peak_growth_mb(before),
    }


def main() -> int:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    admin = User.objects.create_user(
        "ada@firm.test", None, kind=User.Kind.STAFF, full_name="Ada Admin"
    )
    admin.groups.set(Group.objects.filter(name__in=[Role.ADMIN]))
    SealedTOTPDevice.create_for(admin, confirmed=True)

    # Before the events of the requests (recorded now): one day ago, 1 ms apart.
    existing = Event.objects.count()
    start = timezone.now() - dt.timedelta(days=1)
    t0 = time.perf_counter()
    seed_chain(EXPORT_EVENTS, start=start)
    print(f"seeded {EXPORT_EVENTS:,} events in {time.perf_counter() - t0:.1f}s", flush=True)

    exp = measure_export(start, Path(RUN.tmp) / "audit.jsonl")
    print(f"exported {exp['lines']:,} events in {exp['seconds']:.1f}s", flush=True)
    ver = measure_verify()
    print("verification measured", flush=True)
    from matters import services as matter_services
    from matters.models import CaseType

    matter = matter_services.create_matter(
        case_type=CaseType.objects.get(code="i130"),
        client_email="carla@client.test",
        client_name="Carla Client",
        language="en",
        by=admin,
        invite=False,
    )
    TYPICAL["matter"] = matter.uuid
    client = signed_in_client(admin)
    t0 = time.perf_counter()
    over = measure_overhead(client)
    print(f"{4 * REQUESTS:,} GETs in {time.perf_counter() - t0:.1f}s", flush=True)

    verdict = exp["verdict"]
    overhead = over["typical_recorded"] / over["typical"]
    verify_ratio = ver["verify"] / ver["sha"]
    print()
    print(f"database: {DB_LABEL}")
    print(
        f"requests ({REQUESTS:,} each, interleaved, medians): staff matter page "
        f"{over['typical']:.3f} ms, with one more audit.record {over['typical_recorded']:.3f} ms "
        f"(+{over['typical_recorded'] - over['typical']:.3f} ms)"
    )
    print(
        f"  reference, a trivial view: {over['plain']:.3f} ms, with audit.record "
        f"{over['recorded']:.3f} ms (ratio {over['recorded'] / over['plain']:.2f}, no target)"
    )
    print(
        f"verify {VERIFY_EVENTS:,} events ({ver['mb']:.1f} MB canonical, {VERIFY_ROUNDS} rounds, "
        f"medians): chain.verify {ver['verify']:.2f}s "
        f"({VERIFY_EVENTS / ver['verify']:,.0f} events/s), bare SHA-256 "
        f"{ver['sha'] * 1000:.1f} ms; reading the rows alone {ver['read']:.2f}s "
        f"({ver['read'] / ver['sha']:.0f}x SHA-256)"
    )
    rss = "n/a (no /proc)" if exp["rss_mb"] is None else f"{exp['rss_mb']:.1f} MB"
    print(
        f"export: {exp['lines']:,} lines ({existing} events were there before the seed), "
        f"{exp['file_mb']:.1f} MB in {exp['seconds']:.1f}s; peak RSS growth {rss}, "
        f"tracemalloc peak {exp['traced_mb']:.1f} MB"
    )
    vrss = "n/a" if exp["verify_rss_mb"] is None else f"{exp['verify_rss_mb']:.1f} MB"
    print(
        f"verify_lines on the file: ok={verdict.ok}, {verdict.checked:,} events "
        f"#{verdict.first_seq}..#{verdict.last_seq}, anchor "
        f"{'GENESIS' if verdict.anchor_prev_hash == GENESIS else verdict.anchor_prev_hash}, "
        f"{exp['verify_s']:.1f}s, peak RSS growth {vrss}"
        + ("" if verdict.ok else f"; broken at line {verdict.broken_line}: {verdict.reason}")
    )
    print(f"total {time.perf_counter() - started:.0f}s")
    print()

    failed = False

    def target(name, value, op, bound, fmt=".2f"):
        nonlocal failed
        ok = {"<=": value <= bound, "<": value < bound, "==": value == bound}[op]
        failed |= not ok
        print(f"target {name} {value:{fmt}} {op} {bound} {'PASS' if ok else 'FAIL'}")

    target("audit_overhead_ratio", overhead, "<=", OVERHEAD_BOUND)
    target("verify_vs_sha256", verify_ratio, "<=", VERIFY_BOUND, ".1f")
    # The larger of the two: RSS sees the driver's buffers, tracemalloc the Python objects
    # placed in memory the allocator had kept from the seeding (which RSS cannot see).
    memory = max(exp["rss_mb"] or 0.0, exp["traced_mb"])
    target("export_100k_peak_mb", memory, "<", EXPORT_MB_BOUND, ".1f")
    checked = verdict.checked if verdict.ok else -1
    target("export_100k_verified_events", checked, "==", exp["lines"], "d")
    return 1 if failed else 0


if __name__ == "__main__":
    RUN.run(main)
