from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """KPI aggregates, the dashboard and the monthly scorecard."""

    name = "reports"
    verbose_name = _("Reports")
