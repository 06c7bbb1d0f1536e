from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DraftingConfig(AppConfig):
    """USCIS forms filled from the intake, firm letters from templates, drafting help."""

    name = "drafting"
    verbose_name = _("Drafting")
