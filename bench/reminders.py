"""The reminder job over 10,000 open matters.

Seeds 10,000 open matters (a client with an account, three open document requests
each, requested four days ago: every matter is due for its day-3 reminder), then runs
``matters.reminders.send_due`` once (the locmem email backend: no network) and again
(nothing left: the rerun must send nothing). Prints the job's wall time, the database
time (the sum of the queries' durations, from Django's query log), the queries per
batch of 500 matters (which must not grow with the data: the job reads each batch in
a fixed number of queries, plus two writes per message sent), and one ``target`` line
per target:

- ``queries_per_batch_spread``: max minus min queries per batch of the first run,
  divided by the average (constant per batch: target <= 0.05);
- ``db_seconds_10k``: database time of the first run (target < 10 s on this machine's
  Postgres);
- ``rerun_sent``: messages sent by the second run (target == 0).

    .venv/bin/python bench/reminders.py
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import _benchdb  # noqa: E402

BENCH_DB = "portal_bench_reminders"
MATTERS = int(os.environ.get("BENCH_MATTERS", "10000"))
REQUESTS = 3

RUN = _benchdb.start(BENCH_DB, prefix="portal-bench-reminders-")
DB_LABEL = RUN.label

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.utils import timezone  # noqa: E402

from matters import reminders  # noqa: E402
from matters.models import CaseType, DocumentRequest, Matter, MatterContact  # noqa: E402
from portal.accounts.models import User  # noqa: E402


def seed(n: int) -> None:
    case_type = CaseType.objects.get(code="i130")
    version = case_type.versions.order_by("-pk").first() if hasattr(case_type, "versions") else None
    now = timezone.now()
    requested = now - dt.timedelta(days=4)
    users = User.objects.bulk_create(
        [
            User(email=f"client{i}@client.test", full_name=f"Client {i}", kind="client")
            for i in range(n)
        ],
        batch_size=2000,
    )
    fields = {"case_type": case_type, "stage": "intake", "intake_status": "submitted"}
    if version is not None:
        fields["questionnaire_version"] = version
    matters = Matter.objects.bulk_create(
        [Matter(title=f"Matter {i}", created_at=requested, **fields) for i in range(n)],
        batch_size=2000,
    )
    MatterContact.objects.bulk_create(
        [
            MatterContact(matter=m, user=u, email=u.email, name=u.full_name, role="beneficiary")
            for m, u in zip(matters, users, strict=True)
        ],
        batch_size=2000,
    )
    DocumentRequest.objects.bulk_create(
        [
            DocumentRequest(
                matter=m,
                key=f"doc{j}",
                title_en=f"Document {j}",
                title_es=f"Documento {j}",
                audience="beneficiary",
                requested_at=requested,
                position=j,
            )
            for m in matters
            for j in range(REQUESTS)
        ],
        batch_size=5000,
    )


def run_once() -> tuple[float, float, list[int], dict]:
    """Wall time, database time and queries per batch of one run of the job."""
    batches: list[int] = []
    original = reminders.BATCH
    counts = {"q": 0}

    class Counter:
        def __call__(self, execute, sql, params, many, context):
            counts["q"] += 1
            return execute(sql, params, many, context)

    # Queries per batch: the job's loop starts each batch with the matter query.
    marks: list[int] = []
    real_filter = Matter.objects.filter

    def filtered(*args, **kwargs):
        if kwargs.get("status") == Matter.Status.OPEN and "pk__gt" in kwargs:
            marks.append(counts["q"])
        return real_filter(*args, **kwargs)

    Matter.objects.filter = filtered
    settings.DEBUG = True  # the query log, for the database time
    reset_queries()
    try:
        with connection.execute_wrapper(Counter()):
            t0 = time.perf_counter()
            stats = reminders.send_due(now=timezone.now())
            wall = time.perf_counter() - t0
    finally:
        Matter.objects.filter = real_filter
        settings.DEBUG = False
        reminders.BATCH = original
    db = sum(float(q["time"]) for q in connection.queries)
    marks.append(counts["q"])
    batches = [b - a for a, b in itertools.pairwise(marks)][:-1]  # the last: empty
    return wall, db, batches, stats


def main() -> int:
    call_command("migrate", verbosity=0)
    settings.REMINDER_HOURS = (0, 24)  # no quiet hours: every client is reached in this run
    settings.REMINDER_DAYS = [3, 7, 14]
    t0 = time.perf_counter()
    seed(MATTERS)
    print(f"seeded {MATTERS:,} matters in {time.perf_counter() - t0:.1f}s", flush=True)
    mail.outbox = []
    wall, db, batches, stats = run_once()
    sent = stats.get("sent", 0)
    wall2, db2, _batches2, stats2 = run_once()
    spread = (max(batches) - min(batches)) / statistics.mean(batches) if batches else 0.0
    print()
    print(f"database: {DB_LABEL}")
    print(
        f"first run: {MATTERS:,} matters, {sent:,} messages, {wall:.1f}s wall, {db:.1f}s in the "
        f"database ({db / MATTERS * 1000:.2f} ms per matter), {sum(batches) / MATTERS:.2f} queries "
        f"per matter"
    )
    print(f"queries per batch of {reminders.BATCH}: {batches}")
    print(
        f"second run: {stats2.get('sent', 0)} sent, {wall2:.1f}s wall, {db2:.1f}s in the database"
    )
    print()
    failed = False

    def target(name, value, op, bound, fmt=".2f"):
        nonlocal failed
        ok = {"<=": value <= bound, "<": value < bound, "==": value == bound}[op]
        failed |= not ok
        print(f"target {name} {value:{fmt}} {op} {bound} {'PASS' if ok else 'FAIL'}")

    target("queries_per_batch_spread", spread, "<=", 0.05)
    target("db_seconds_10k", db, "<", 10.0, ".1f")
    target("rerun_sent", stats2.get("sent", 0), "==", 0, "d")
    assert sent == MATTERS, (sent, stats)
    return 1 if failed else 0


if __name__ == "__main__":
    RUN.run(main)
