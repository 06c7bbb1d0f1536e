"""The access policy: the one place that answers "may this user do X to Y".

Views never filter by hand: they call a rule here or load objects through the
querysets here. A denied object answers 404, never 403, so ids leak nothing.
Later issues add their querysets (``visible_matters`` and the like) here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import Http404

from portal.models import Invitation, Role

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
    from portal.mfa_models import SealedTOTPDevice

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


def can_import(user) -> bool:
    return is_staff_member(user) and user.has_role(Role.INTAKE, Role.ADMIN)


def case_file_matters(user):
    """Matters whose case file (answers, documents, tasks) the user may see."""
    from django.db.models import Exists, OuterRef, Q

    from matters.models import Matter, MatterContact

    if not user.is_authenticated or not user.is_active:
        return Matter.objects.none()
    if is_client(user):
        mine = MatterContact.objects.filter(matter=OuterRef("pk"), user=user)
        return Matter.objects.filter(Exists(mine))
    if not can_manage_matters(user):
        return Matter.objects.none()
    if user.has_role(Role.ADMIN):
        return Matter.objects.all()
    assigned = Matter.staff.through.objects.filter(matter=OuterRef("pk"), user=user)
    return Matter.objects.filter(Q(responsible_attorney=user) | Q(Exists(assigned)))


def visible_matters(user):
    """Matters the user may see at all. Billing sees every matter's name, never its file."""
    from matters.models import Matter

    if is_staff_member(user) and user.has_role(Role.BILLING):
        return Matter.objects.all()
    return case_file_matters(user)


def sees_case_file(user, matter) -> bool:
    return case_file_matters(user).filter(pk=matter.pk).exists()


def load_matter(user, matter_uuid, *, case_file: bool = True):
    """The matter, or 404 when the policy says no (never 403: ids leak nothing)."""
    qs = case_file_matters(user) if case_file else visible_matters(user)
    matter = (
        qs.select_related("case_type", "responsible_attorney", "questionnaire_version")
        .filter(uuid=matter_uuid)
        .first()
    )
    if matter is None:
        raise Http404
    return matter


def can_use_compliance(user) -> bool:
    """The compliance dashboard, holds, alerts, audit trails and exports: Admin only."""
    return is_staff_member(user) and user.has_role(Role.ADMIN)


def can_export_matter(user, matter) -> bool:
    """A matter's documents in one zip (case transfers): Admin or its responsible attorney."""
    if not is_staff_member(user):
        return False
    return user.has_role(Role.ADMIN) or (
        user.has_role(Role.ATTORNEY) and matter.responsible_attorney_id == user.pk
    )


def can_bill(user) -> bool:
    """Billing staff (and Admin) issue invoices, record payments and handle disputes."""
    return is_staff_member(user) and user.has_role(Role.BILLING, Role.ADMIN)


def billable_invoices(user):
    from billing.models import Invoice

    return Invoice.objects.all() if can_bill(user) else Invoice.objects.none()


def client_invoices(user):
    """A client's own invoices once issued (drafts are the firm's business)."""
    from billing.models import Invoice

    if not is_client(user) or not user.is_active:
        return Invoice.objects.none()
    return Invoice.objects.filter(client=user).exclude(status=Invoice.Status.DRAFT)


def reviewable_documents(user):
    """Documents (not destroyed) on matters whose file the user sees, for document reviewers:
    their recognised text, proposed fields and search."""
    from uploads.models import Document

    if not can_review_documents(user):
        return Document.objects.none()
    return Document.objects.filter(
        request__matter__in=case_file_matters(user).values("pk"), wrapped_key__gt=""
    )


def client_request(user, matter_uuid, request_uuid):
    """A document request the client answers for (its audience is the client's role on
    the matter), on one of the client's own matters; 404 otherwise. One query."""
    from django.db.models import Exists, OuterRef

    from matters.models import DocumentRequest, MatterContact

    if not is_client(user) or not user.is_active:
        raise Http404
    answers_for = MatterContact.objects.filter(
        matter=OuterRef("matter"), user=user, role=OuterRef("audience")
    )
    req = (
        DocumentRequest.objects.filter(
            Exists(answers_for), uuid=request_uuid, matter__uuid=matter_uuid
        )
        .exclude(status=DocumentRequest.Status.WITHDRAWN)
        .select_related("matter__case_type")
        .first()
    )
    if req is None:
        raise Http404
    return req


def client_role(user, matter) -> str | None:
    contact = matter.contacts.filter(user=user).first()
    return contact.role if contact else None


def visible_tasks(user):
    from matters.models import Task

    return Task.objects.filter(matter__in=case_file_matters(user).values("pk"))


# View decorator ------------------------------------------------------------------------


def require(rule: Callable[[object], bool]):
    """Anonymous users go to sign-in; signed-in users the rule refuses get a 404."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not rule(request.user):
                from audit import record

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
        from allauth.account.internal.flows.reauthentication import did_recently_reauthenticate
        from allauth.core.exceptions import ReauthenticationRequired
        from django.utils import timezone

        from portal.middleware import SESSION_STARTED

        started = request.session.get(SESSION_STARTED, 0)
        fresh_sign_in = timezone.now().timestamp() - started < RECENT_AUTHENTICATION_SECONDS
        if not (fresh_sign_in or did_recently_reauthenticate(request)):
            raise ReauthenticationRequired
        return view(request, *args, **kwargs)

    return wrapped
