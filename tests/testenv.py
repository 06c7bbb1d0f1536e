"""Environment defaults for the test run, loaded before Django's settings.

Registered with ``-p tests.testenv`` so it runs before pytest-django imports
the settings. Tests use the same settings module as production; only these
variables differ. Anything already set in the environment wins (CI sets
DATABASE_URL, REDIS_URL and REQUIRE_SERVICES).
"""

import os
import tempfile
from urllib.parse import urlsplit, urlunsplit

_var = tempfile.mkdtemp(prefix="portal-test-")

for name, value in {
    "DEBUG": "0",
    "SECRET_KEY": "test-secret-key-not-for-production-0123456789abcdefghijklmnop",
    # Two keys: "t2" is current, "t1" an older one still on the ring.
    "PORTAL_KEYS": "t2:" + "B" * 43 + ",t1:" + "A" * 43,
    "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "1",
    "STATIC_MANIFEST": "0",
    "EMAIL_URL": "memorymail://",
    "SMS_BACKEND": "portal.accounts.notifications.LocmemSMSBackend",
    "PORTAL_VAR_DIR": _var,
    "SITE_URL": "http://testserver",
    "AUDIT_STRICT_KINDS": "1",
}.items():
    os.environ.setdefault(name, value)


def _redis_per_worker() -> None:
    """Under pytest-xdist each worker gets a Redis database of its own: the cache (whose
    clear() flushes its database) and the Celery broker are shared state between tests.
    Database ``base * workers + n`` keeps runs that start from different bases apart."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    url = os.environ.get("REDIS_URL", "")
    if not worker.startswith("gw") or not url:
        return
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    db = (base * count + int(worker[2:])) % 16
    os.environ["REDIS_URL"] = urlunsplit(parts._replace(path=f"/{db}"))


_redis_per_worker()
