"""A real Celery worker for the tests that need one: the one way tests start and stop it.

The worker is a separate process running ``celery -A portal worker`` from the project
root, with the solo pool and without gossip, mingle and heartbeats (nothing else talks
to it), logging at INFO so a test can read what it ran. Leaving the ``with`` block stops
it (TERM, then KILL if it has not gone after ``stop_timeout`` seconds) and keeps its
output in ``worker.log``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Worker:
    process: subprocess.Popen
    log: str = ""


def worker_database_url() -> str:
    """DATABASE_URL for a worker that must see this test's database (pytest-django's
    ``test_`` copy, not the database named in the environment)."""
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@contextmanager
def celery_worker(
    *,
    env: Mapping[str, str] | None = None,
    queues: Sequence[str] = (),
    stop_timeout: float = 30,
) -> Iterator[Worker]:
    """Run a worker for the duration of the block; ``env`` defaults to this process's."""
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "portal",
        "worker",
        "--pool=solo",
        *([f"--queues={','.join(queues)}"] if queues else []),
        "--loglevel=INFO",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=dict(os.environ if env is None else env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    worker = Worker(process)
    try:
        yield worker
    finally:
        process.terminate()
        try:
            out, _ = process.communicate(timeout=stop_timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            out, _ = process.communicate()
        worker.log = out or ""
