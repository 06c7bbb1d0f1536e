"""Set-up and clean-up for every benchmark: the one place the bench scripts get them from.

A run (``start``) is a temporary directory, the same kind of environment the tests use,
and the database the benchmark seeds: a dedicated Postgres database when one answers,
else a temporary SQLite file. ``BenchRun.run(main)`` runs the script's ``main`` and then
closes the connection, drops the database (unless ``BENCH_KEEP_DB=1``) and removes the
temporary directory, whatever happened. Not a benchmark itself (``make bench`` skips
``_*.py``).
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn
from urllib.parse import urlsplit, urlunsplit

# Lazy: reading it needs settings only when cleanup runs, long after django.setup().
from django.db import connection


def local_postgres() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def admin_sql(*statements: str) -> None:
    """Run statements on the server's ``postgres`` database (create and drop)."""
    import psycopg

    parts = urlsplit(os.environ["DATABASE_URL"])
    with psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        for sql in statements:
            conn.execute(sql)


def prepare(db_name: str, tmp: str) -> str:
    """Point DATABASE_URL at a fresh database; returns a label for the report.

    With Postgres it is always ``db_name``, whatever name the URL carries, so a
    benchmark never drops another database; otherwise a temporary SQLite file.
    """
    url = os.environ.get("DATABASE_URL", "")
    if not url and os.environ.get("BENCH_SQLITE") != "1" and local_postgres():
        # The targets are about production, which runs Postgres: use it when it is here.
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    parts = urlsplit(url)
    if os.environ.get("BENCH_SQLITE") == "1" or not parts.scheme.startswith("postgres"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        return "sqlite (temporary file)" + (
            f"; DATABASE_URL {parts.scheme}: ignored" if url and "sqlite" not in url else ""
        )
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{db_name}"))
    admin_sql(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)', f'CREATE DATABASE "{db_name}"')
    return f"postgresql ({parts.hostname}:{parts.port or 5432}/{db_name})"


def drop(db_name: str) -> None:
    admin_sql(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


TEST_LIKE_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings",
    "DEBUG": "0",
    "SECRET_KEY": "bench-secret-key-not-for-production-0123456789abcdefghijklmnopq",
    "PORTAL_KEYS": "t2:" + "B" * 43 + ",t1:" + "A" * 43,
    "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "1",
    "STATIC_MANIFEST": "0",
    "EMAIL_URL": "memorymail://",
    "SMS_BACKEND": "portal.accounts.notifications.LocmemSMSBackend",
    "SITE_URL": "http://testserver",
    "LOG_LEVEL": "WARNING",
}


def use_test_environment(tmp: str, **extra: str) -> None:
    """The same kind of environment the tests use, files under ``tmp``; anything already
    set in the environment wins."""
    for name, value in {**TEST_LIKE_ENV, "PORTAL_VAR_DIR": tmp, **extra}.items():
        os.environ.setdefault(name, value)


@dataclass
class BenchRun:
    db_name: str
    tmp: str  # the run's temporary directory, also PORTAL_VAR_DIR
    label: str  # which database, for the report

    def cleanup(self) -> None:
        connection.close()
        if connection.vendor == "postgresql" and os.environ.get("BENCH_KEEP_DB") != "1":
            drop(self.db_name)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run(self, main: Callable[[], int]) -> NoReturn:
        """Run ``main``, clean up whatever happens, exit with ``main``'s code."""
        code = 1
        try:
            code = main()
        finally:
            self.cleanup()
        sys.exit(code)


def start(db_name: str, *, prefix: str, **env: str) -> BenchRun:
    """A temporary directory, the test-like environment (``env`` added; anything already
    set wins) and a fresh database; call before ``django.setup()``."""
    tmp = tempfile.mkdtemp(prefix=prefix)
    use_test_environment(tmp, **env)
    return BenchRun(db_name=db_name, tmp=tmp, label=prepare(db_name, tmp))
