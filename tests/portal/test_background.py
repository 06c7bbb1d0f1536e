"""Background jobs: a real Celery worker on Redis, and the embedded (no-Redis) mode."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from tests.workers import ROOT, celery_worker


def test_real_worker_on_redis_runs_ping(redis_url):
    from django.conf import settings

    from portal.site.tasks import ping

    assert redis_url == settings.CELERY_BROKER_URL
    with celery_worker(stop_timeout=20) as worker:
        result = ping.delay()
        assert result.get(timeout=60) == "pong"
    assert "portal.ping" in worker.log and "succeeded" in worker.log


def manage_shell(env: dict, code: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=60,
        capture_output=True,
        text=True,
    ).stdout.strip()


def test_embedded_mode_runs_jobs_through_files(tmp_path):
    """Without REDIS_URL a worker still takes the task, from kombu's filesystem transport."""
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    env["PORTAL_VAR_DIR"] = str(tmp_path)
    with celery_worker(env=env, stop_timeout=20) as worker:
        manage_shell(env, "from portal.site.tasks import ping; ping.delay()")
        read = (
            "from django.core.cache import cache; from portal.site.tasks import LAST_PING_KEY;"
            "print(cache.get(LAST_PING_KEY) or '')"
        )
        deadline = time.monotonic() + 60
        seen = ""
        while time.monotonic() < deadline and not seen:
            seen = manage_shell(env, read)
            if not seen:
                time.sleep(1)
    assert seen, worker.log
    assert "filesystem" in worker.log
    # kombu's exchange tables live in the var directory, not in the working directory.
    assert (tmp_path / "queue" / "control" / "celery.exchange").is_file()
