from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The composition root: the site shell, home pages, compliance pages, demo data and
    the development runner. It may import every app; no app imports it."""

    name = "portal.site"
    label = "site"
    verbose_name = _("Portal")

    def ready(self) -> None:
        # Embedded mode's filesystem broker needs its folders before the first message.
        for folder in getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}).values():
            if isinstance(folder, str):
                Path(folder).mkdir(parents=True, exist_ok=True)
        if settings.FILE_UPLOAD_TEMP_DIR:
            Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
