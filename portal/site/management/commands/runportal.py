"""`make run`: the web server and a background worker (with its scheduler) together."""

import atexit
import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the development web server and a Celery worker with beat, side by side."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, **options):
        worker = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--beat",
                "--pool=solo",
                "--loglevel=INFO",
                "--queues=celery,ocr",
                "--schedule",
                str(settings.VAR_DIR / "celerybeat-schedule"),
            ],
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )

        def stop_worker() -> None:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()

        atexit.register(stop_worker)
        self.stdout.write(f"Background worker started (pid {worker.pid}).")
        try:
            # No autoreloader: it would start a second worker in its child process.
            call_command("runserver", options["addrport"], use_reloader=False)
        finally:
            stop_worker()
