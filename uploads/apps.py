from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from audit import kinds, retention_kinds
from matters import hooks as matter_hooks
from uploads.events import KINDS


class UploadsConfig(AppConfig):
    name = "uploads"
    verbose_name = _("Documents")

    def ready(self) -> None:
        kinds.register(KINDS)
        retention_kinds.register(
            retention_kinds.RecordKind(
                key="documents",
                label=_("Documents"),
                triggers={
                    "matter_closed": _("Matter closed"),
                    "document_superseded": _("Document replaced by a newer version"),
                },
                handler="uploads.retention",
            )
        )
        # Reminders may carry one-time upload links (REMINDER_UPLOAD_LINKS).
        matter_hooks.set_reminder_upload_link("uploads.links.reminder_link")
