"""The database a benchmark seeds: a dedicated Postgres database when one answers, else SQLite.

Shared by the bench scripts; not a benchmark itself (``make bench`` skips ``_*.py``).
"""

from __future__ import annotations

import os
import socket
from urllib.parse import urlsplit, urlunsplit


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
