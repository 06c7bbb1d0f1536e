"""The accounts core's half of the access policy: roles and firm-wide rights.

It answers "which role, which firm-wide right" (role predicates, the view decorators);
each app's ``access.py`` builds its querysets (``matters.access.visible_matters`` and the
like) on these predicates. Views never filter by hand, and a denied object answers 404,
never 403, so ids leak nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from allauth.account.internal.flows.reauthentication import did_recently_reauthenticate
from allauth.core.exceptions import ReauthenticationRequired
from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from audit import record
from portal.accounts.mfa_models import SealedTOTPDevice
from portal.accounts.models import Invitation, Role
from portal.accounts.session_keys import SESSION_STARTED

STAFF_ROLES = frozenset(Role.values)
INVITING_ROLES = (Role.INTAKE, Role.PARALEGAL, Role.ATTORNEY, Role.ADMIN)


def is_client(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.kind == user.Kind.CLIENT)


def is_staff_member(user) -> bool:
    """Firm staff holding at least one role. A staff account without a role sees nothing."""
    return bool(
        user.is_authenticated and user.is_active and user.is_firm_staff and user.roles & STAFF_ROLES
    )


def needs_second_factor(user) -> bool:
    """Staff always; clients once they have opted in by confirming a device."""
    if not user.is_authenticated:
        return False
    if user.is_firm_staff:
        return True
    return SealedTOTPDevice.objects.filter(user=user, confirmed=True).exists()


# Rules ------------------------------------------------------------------------------


def can_use_staff_workspace(user) -> bool:
    return is_staff_member(user)


def can_invite_clients(user) -> bool:
    return is_staff_member(user) and user.has_role(*INVITING_ROLES)


def can_use_admin_site(user) -> bool:
    return is_staff_member(user) and user.has_role(Role.ADMIN)


# Querysets ----------------------------------------------------------------------------


def visible_invitations(user) -> QuerySet[Invitation]:
    """Admins see every invitation; other inviting staff see the ones they sent."""
    if not can_invite_clients(user):
        return Invitation.objects.none()
    qs = Invitation.objects.select_related("invited_by")
    if user.has_role(Role.ADMIN):
        return qs
    return qs.filter(invited_by=user)


CASE_ROLES = (Role.INTAKE, Role.PARALEGAL, Role.ATTORNEY, Role.ADMIN)


def can_manage_matters(user) -> bool:
    """Open matters, edit their dates and tasks: everyone but Billing."""
    return is_staff_member(user) and user.has_role(*CASE_ROLES)


def can_review_documents(user) -> bool:
    return is_staff_member(user) and user.has_role(Role.PARALEGAL, Role.ATTORNEY, Role.ADMIN)


def can_use_compliance(user) -> bool:
    """The compliance dashboard, holds, alerts, audit trails and exports: Admin only."""
    return is_staff_member(user) and user.has_role(Role.ADMIN)


def can_bill(user) -> bool:
    """Billing staff (and Admin) issue invoices, record payments and handle disputes."""
    return is_staff_member(user) and user.has_role(Role.BILLING, Role.ADMIN)


def can_import(user) -> bool:
    return is_staff_member(user) and user.has_role(Role.INTAKE, Role.ADMIN)


# View decorator ------------------------------------------------------------------------


def require(rule: Callable[[object], bool]):
    """Anonymous users go to sign-in; signed-in users the rule refuses get a 404."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not rule(request.user):
                record("access.denied", request=request, data={"path": request.path[:200]})
                raise Http404
            return view(request, *args, **kwargs)

        wrapped.access_rule = rule
        return wrapped

    return decorator


RECENT_AUTHENTICATION_SECONDS = 300


def require_recent_authentication(view):
    """Step-up: sensitive changes need a sign-in or a password re-entry in the last 5 minutes."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        started = request.session.get(SESSION_STARTED, 0)
        fresh_sign_in = timezone.now().timestamp() - started < RECENT_AUTHENTICATION_SECONDS
        if not (fresh_sign_in or did_recently_reauthenticate(request)):
            raise ReauthenticationRequired
        return view(request, *args, **kwargs)

    return wrapped
