from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from audit import history, kinds, messages, retention_kinds
from audit.alert_titles import MESSAGES
from audit.events import KINDS


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        kinds.register(KINDS)
        messages.register(MESSAGES)
        retention_kinds.register(
            retention_kinds.RecordKind(
                key="audit_events",
                label=_("Audit events"),
                triggers={"recorded": _("Recorded")},
                handler="audit.retention_events",
                actions=(retention_kinds.DESTROY,),
            )
        )
        history.track(self.get_model("RetentionPolicy"))
        history.track(self.get_model("LegalHold"))
