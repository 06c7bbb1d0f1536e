from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    """Secure messages between clients and the firm, per matter, and the staff inbox."""

    name = "conversations"
    verbose_name = _("Messages")
