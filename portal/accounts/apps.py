from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from audit import history, hooks, kinds
from portal.accounts import crypto
from portal.accounts.events import KINDS


class AccountsConfig(AppConfig):
    """The accounts core: users, roles, second factors, invitations, sealing, notifications.

    Its label stays ``portal`` (``AUTH_USER_MODEL = "portal.User"``, its migrations' history).
    """

    name = "portal.accounts"
    label = "portal"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # App registry: the receivers import models; importing connects them.
        from portal.accounts import auth_events  # noqa: F401, PLC0415

        kinds.register(KINDS)
        history.track(
            self.get_model("User"), exclude_fields=["password", "last_login"], m2m_fields={"groups"}
        )
        history.track(self.get_model("Invitation"), exclude_fields=["token_hash"])
        hooks.set_staff_ids("portal.accounts.services.staff_ids")
        crypto.register_sealed(
            "portal.SealedTOTPDevice", "sealed_key", "portal.accounts.mfa_models.seed_purpose_of"
        )
