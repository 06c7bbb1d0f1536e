from dataclasses import dataclass
from urllib.parse import urlparse

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from portal.accounts.models import User


@dataclass(frozen=True)
class FirmSite:
    """What allauth's emails call the "site": the firm, not the request's host name."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Clients join by invitation from the firm; staff accounts are made by Admin.
        return False

    def get_login_redirect_url(self, request):
        user = request.user
        if user.is_authenticated and user.is_firm_staff:
            return reverse("staff:home")
        return super().get_login_redirect_url(request)

    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.FIRM_NAME}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Sign-in codes, resets and confirmations go out in the recipient's language."""
        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        language = getattr(user, "preferred_language", None) or translation.get_language()
        context = {
            **context,
            "current_site": FirmSite(settings.FIRM_NAME, urlparse(settings.SITE_URL).netloc),
        }
        with translation.override(language):
            super().send_mail(template_prefix, email, context)
