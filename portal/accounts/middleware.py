"""Session lifetime, the user's language, and the second-factor gate."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit import record
from portal.accounts.access import needs_second_factor
from portal.accounts.mfa_models import SealedTOTPDevice
from portal.accounts.session_keys import MFA_REQUIRED, SESSION_SEEN, SESSION_STARTED

# Views a signed-in user who still owes a second factor may reach.
MFA_EXEMPT_VIEWS = {
    "mfa_setup",
    "mfa_verify",
    "account_logout",
    "set_language",
    "healthz",
}


class SessionLifetimeMiddleware:
    """Staff: 30 minutes idle, 12 hours in all. Clients: a longer idle limit.

    Times are stored as epoch seconds in the server-side session, so sign-out
    and expiry take effect on the server, not just in the browser.
    """

    # Write the last-seen time at most this often, not on every request.
    TOUCH_EVERY = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            now = timezone.now().timestamp()
            started = request.session.get(SESSION_STARTED, now)
            seen = request.session.get(SESSION_SEEN, now)
            if user.is_firm_staff:
                idle, total = settings.STAFF_SESSION_IDLE, settings.STAFF_SESSION_MAX
            else:
                idle, total = settings.CLIENT_SESSION_IDLE, None
            expired = now - seen > idle.total_seconds() or (
                total is not None and now - started > total.total_seconds()
            )
            if expired:
                record("auth.session_expired", actor=user, request=request)
                logout(request)
                messages.info(request, _("Your session ended. Please sign in again."))
                return redirect(f"{reverse('account_login')}?{urlencode({'next': request.path})}")
            if SESSION_STARTED not in request.session:
                request.session[SESSION_STARTED] = now
            if now - seen >= self.TOUCH_EVERY or SESSION_SEEN not in request.session:
                request.session[SESSION_SEEN] = now
        return self.get_response(request)


class UserLanguageMiddleware:
    """A signed-in user's preferred language drives every page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.preferred_language:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        return self.get_response(request)


class SecondFactorMiddleware:
    """Until a second factor is verified, staff reach only the MFA pages.

    This covers every view, the Django admin included, so a new staff view
    cannot forget it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.url_name in MFA_EXEMPT_VIEWS:
            return None
        if request.path.startswith(settings.STATIC_URL):
            return None
        if MFA_REQUIRED not in request.session:
            request.session[MFA_REQUIRED] = needs_second_factor(user)
        if not request.session[MFA_REQUIRED]:
            return None
        has_device = SealedTOTPDevice.objects.filter(user=user, confirmed=True).exists()
        target = reverse("mfa_verify" if has_device else "mfa_setup")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
