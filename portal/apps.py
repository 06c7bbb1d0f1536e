from pathlib import Path

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from portal import auth_events  # noqa: F401  (connects sign-in receivers)
        from portal.models import Invitation, User

        auditlog.register(User, exclude_fields=["password", "last_login"], m2m_fields={"groups"})
        auditlog.register(Invitation, exclude_fields=["token_hash"])

        from matters.models import CaseType, DocumentRequest, Matter, Task

        auditlog.register(CaseType)
        auditlog.register(Matter, exclude_fields=["answers", "sealed_answers"])
        auditlog.register(DocumentRequest)
        auditlog.register(Task)
        from audit.models import LegalHold, RetentionPolicy
        from billing.models import Invoice, LineTemplate

        auditlog.register(RetentionPolicy)
        auditlog.register(LegalHold)
        auditlog.register(LineTemplate)
        auditlog.register(Invoice)

        from django.conf import settings

        # Embedded mode's filesystem broker needs its folders before the first message.
        for folder in getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}).values():
            if isinstance(folder, str):
                Path(folder).mkdir(parents=True, exist_ok=True)
        if settings.FILE_UPLOAD_TEMP_DIR:
            Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
