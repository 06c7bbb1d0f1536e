"""Periodic compliance work: retention, the chain check, unusual-access alerts."""

from celery import shared_task

from audit import compliance, retention


@shared_task(name="audit.run_retention")
def run_retention() -> int:
    return sum(1 for _ in retention.run_iter())


@shared_task(name="audit.check_chain")
def check_chain() -> bool:
    return compliance.check_chain().ok


@shared_task(name="audit.scan_alerts")
def scan_alerts() -> int:
    return compliance.scan_alerts()
