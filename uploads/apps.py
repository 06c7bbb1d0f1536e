from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from audit import kinds
from uploads.events import KINDS


class UploadsConfig(AppConfig):
    name = "uploads"
    verbose_name = _("Documents")

    def ready(self) -> None:
        # App registry: the retention module queries models.
        from uploads import retention

        kinds.register(KINDS)
        retention.register()
