from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    """USCIS case status tracking, the expiry engine and calendars."""

    name = "deadlines"
    verbose_name = _("Deadlines")
