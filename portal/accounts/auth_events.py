"""Security events from Django's authentication signals.

Sign-in happens inside allauth and Django's admin, so their signals are the
only reliable hook; everything else in the portal records events explicitly.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from audit import record
from portal.accounts.access import needs_second_factor
from portal.accounts.session_keys import MFA_REQUIRED, SESSION_SEEN, SESSION_STARTED


@receiver(user_logged_in, dispatch_uid="portal.signed_in")
def signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = timezone.now().timestamp()
        request.session[SESSION_STARTED] = now
        request.session[SESSION_SEEN] = now
        request.session[MFA_REQUIRED] = needs_second_factor(user)
    record("auth.signed_in", actor=user, subject=user, request=request)


@receiver(user_logged_out, dispatch_uid="portal.signed_out")
def signed_out(sender, request, user, **kwargs):
    if user is not None:
        record("auth.signed_out", actor=user, subject=user, request=request)


@receiver(user_login_failed, dispatch_uid="portal.sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    # Only the address tried; the password never reaches the log.
    tried = credentials.get("email") or credentials.get("username") or ""
    record("auth.sign_in_failed", request=request, data={"email": str(tried)[:254]})
