from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from audit import history, kinds
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
        # App registry: these modules import models, so they load once apps are ready.
        from audit import compliance
        from portal.accounts import auth_events  # noqa: F401 (connects receivers)
        from portal.accounts.mfa_models import SealedTOTPDevice, seed_purpose

        kinds.register(KINDS)
        User = self.get_model("User")
        history.track(User, exclude_fields=["password", "last_login"], m2m_fields={"groups"})
        history.track(self.get_model("Invitation"), exclude_fields=["token_hash"])
        compliance.set_staff_source(
            lambda: User.objects.filter(kind=User.Kind.STAFF).values_list("pk", flat=True)
        )
        crypto.register_sealed(
            SealedTOTPDevice.objects.all, "sealed_key", lambda d: seed_purpose(d.user_id)
        )
