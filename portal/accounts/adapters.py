from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from audit.services import client_ip
from portal.accounts import throttle
from portal.accounts.models import User


@dataclass(frozen=True)
class FirmSite:
    """What allauth's emails call the "site": the firm, not the request's host name."""

    name: str
    domain: str


def site_link(url_or_path: str) -> str:
    """``url_or_path`` on the portal's public address (``SITE_URL``).

    Links in mail never come from the request's Host header: a request with a forged Host
    (or one that reached the portal through an alias) would otherwise send the recipient a
    working reset link on someone else's server.
    """
    parts = urlsplit(url_or_path)
    path = parts.path or "/"
    return settings.SITE_URL + path + (f"?{parts.query}" if parts.query else "")


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Clients join by invitation from the firm; staff accounts are made by Admin.
        return False

    def get_login_redirect_url(self, request):
        user = request.user
        if user.is_authenticated and user.is_firm_staff:
            return reverse("staff:home")
        return super().get_login_redirect_url(request)

    def get_client_ip(self, request) -> str:
        """The address every allauth limit is keyed on: the audit log's resolver, which
        believes X-Forwarded-For only from TRUSTED_PROXIES."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def pre_authenticate(self, request, **credentials) -> None:
        # The portal's limits first (per account and address, then the account's ceiling),
        # then allauth's per-address one.
        if throttle.refused(request, credentials.get("email") or ""):
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request, **credentials) -> None:
        throttle.failed(request, credentials.get("email") or "")
        super().authentication_failed(request, **credentials)

    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.FIRM_NAME}] {subject}"

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return site_link(path.replace("UID-KEY", quote(key)))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return site_link(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Sign-in codes, resets and confirmations go out in the recipient's language, with
        every link on ``SITE_URL``."""
        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        language = getattr(user, "preferred_language", None) or translation.get_language()
        context = {
            **{
                # Any link allauth built from the request (today or in a later release) is
                # moved onto SITE_URL; sign-up is closed, so no mail offers it.
                name: site_link(value)
                if name.endswith("_url") and isinstance(value, str)
                else value
                for name, value in context.items()
                if name != "signup_url"
            },
            "current_site": FirmSite(settings.FIRM_NAME, urlsplit(settings.SITE_URL).netloc),
            "support_email": settings.SUPPORT_EMAIL,
            "support_phone": settings.SUPPORT_PHONE,
        }
        with translation.override(language):
            super().send_mail(template_prefix, email, context)
