"""Event kinds the audit app records itself (and the one every app shares)."""

from django.utils.translation import gettext_lazy as _

KINDS = {
    "access.denied": _("Access refused"),
    "alert.acknowledged": _("Alert acknowledged"),
    "audit.exported": _("Audit log exported"),
    "audit.pruned": _("Old audit events pruned behind a checkpoint"),
    "audit.viewed": _("Audit trail viewed"),
    "hold.placed": _("Legal hold placed"),
    "hold.released": _("Legal hold released"),
}
