from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from audit import history, kinds, messages
from audit.events import KINDS


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        # App registry: these modules define or query models.
        from audit.alerts import MESSAGES
        from audit.retention import register_audit_events

        kinds.register(KINDS)
        messages.register(MESSAGES)
        register_audit_events()
        history.track(self.get_model("RetentionPolicy"))
        history.track(self.get_model("LegalHold"))
