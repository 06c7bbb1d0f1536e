"""The Celery app. Redis from REDIS_URL, or files on disk in embedded mode.

Embedded mode (no REDIS_URL) uses kombu's filesystem transport: messages are
small JSON files under var/queue, so `make run` needs nothing but Python and
still runs background jobs in a separate worker process, as production does.
Messages carry ids only, never document contents. Configuration lives in
settings under the CELERY_ prefix.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
