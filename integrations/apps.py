from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    """Outbound webhooks through an outbox, the read API, and document sync."""

    name = "integrations"
    verbose_name = _("Integrations")
