"""Periodic compliance work: retention, the chain check, unusual-access alerts."""

from celery import shared_task


@shared_task(name="audit.run_retention")
def run_retention() -> int:
    from audit import retention

    return sum(1 for _ in retention.run_iter())


@shared_task(name="audit.check_chain")
def check_chain() -> bool:
    from audit import compliance

    return compliance.check_chain().ok


@shared_task(name="audit.scan_alerts")
def scan_alerts() -> int:
    from audit import compliance

    return compliance.scan_alerts()
