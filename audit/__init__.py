"""The event log. ``audit.record()`` is the one way to write a security event."""


def record(kind, actor=None, subject=None, data=None, *, request=None):
    """Append one hash-chained event; see ``audit.services.record``."""
    # App registry: apps.py modules import this package before models can load.
    from audit.services import record as _record  # noqa: PLC0415

    return _record(kind, actor=actor, subject=subject, data=data, request=request)
