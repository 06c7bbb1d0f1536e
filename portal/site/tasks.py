from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

LAST_PING_KEY = "portal:last-ping"


@shared_task(name="portal.ping", ignore_result=False)
def ping() -> str:
    """Proves the wiring: a worker took a task from the broker and reached the cache."""
    cache.set(LAST_PING_KEY, timezone.now().isoformat(), timeout=None)
    return "pong"
