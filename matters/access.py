"""Who may see which matters, requests and tasks: querysets built on the role predicates.

Views load matters through these (404 when the policy says no, never 403: ids leak
nothing) and never filter by hand.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from matters.models import DocumentRequest, Matter, MatterContact, Task
from portal.accounts.access import can_bill, can_manage_matters, is_client, is_staff_member
from portal.accounts.models import Role


def case_file_matters(user) -> QuerySet[Matter]:
    """Matters whose case file (answers, documents, tasks) the user may see."""
    if not user.is_authenticated or not user.is_active:
        return Matter.objects.none()
    if is_client(user):
        mine = MatterContact.objects.filter(matter=OuterRef("pk"), user=user)
        return Matter.objects.filter(Exists(mine))
    if not can_manage_matters(user):
        return Matter.objects.none()
    if user.has_role(Role.ADMIN):
        return Matter.objects.all()
    return assigned_matters(user)


def visible_matters(user) -> QuerySet[Matter]:
    """Matters the user may see at all. Billing sees every matter's name, never its file."""
    if is_staff_member(user) and user.has_role(Role.BILLING):
        return Matter.objects.all()
    return case_file_matters(user)


def sees_case_file(user, matter: Matter) -> bool:
    return case_file_matters(user).filter(pk=matter.pk).exists()


def load_matter(user, matter_uuid, *, case_file: bool = True) -> Matter:
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


def can_export_matter(user, matter: Matter) -> bool:
    """A matter's documents in one zip (case transfers): Admin or its responsible attorney."""
    if not is_staff_member(user):
        return False
    return user.has_role(Role.ADMIN) or (
        user.has_role(Role.ATTORNEY) and matter.responsible_attorney_id == user.pk
    )


def client_request(user, matter_uuid, request_uuid) -> DocumentRequest:
    """A document request the client answers for (its audience is the client's role on
    the matter), on one of the client's own matters; 404 otherwise. One query."""
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


def client_role(user, matter: Matter) -> str | None:
    contact = matter.contacts.filter(user=user).first()
    return contact.role if contact else None


def visible_tasks(user) -> QuerySet[Task]:
    return Task.objects.filter(matter__in=case_file_matters(user).values("pk"))


def assigned_matters(user) -> QuerySet[Matter]:
    """Matters the user works on by name: their responsible attorney or assigned staff (an
    Admin sees every case file but is on the team of only these)."""
    assigned = Matter.staff.through.objects.filter(matter=OuterRef("pk"), user=user)
    return Matter.objects.filter(Q(responsible_attorney=user) | Q(Exists(assigned)))


def task_list(user) -> QuerySet[Task]:
    """The user's task list ("My tasks"), every role alike: the tasks assigned to them, each
    of their roles' tasks that nobody holds yet, and the unassigned tasks their matter teams
    share (no role named). Billing's unassigned tasks reach Billing on every matter (it sees
    every matter's name); another role's reach it only on the matters whose file it sees.
    A task for a role the user does not hold is never on their list."""
    if not is_staff_member(user):
        return Task.objects.none()
    cond = Q(assignee=user, matter__in=visible_matters(user).values("pk"))
    case_roles = sorted(user.roles - {Role.BILLING})
    if case_roles:
        cond |= Q(
            assignee__isnull=True,
            role__in=case_roles,
            matter__in=case_file_matters(user).values("pk"),
        )
    if user.has_role(Role.BILLING):
        cond |= Q(assignee__isnull=True, role=Role.BILLING)
    if can_manage_matters(user):
        cond |= Q(assignee__isnull=True, role="", matter__in=assigned_matters(user).values("pk"))
    return Task.objects.filter(cond)


def actionable_tasks(user) -> QuerySet[Task]:
    """Tasks the user may mark done: those on their list, and the case work of the matters
    whose file they see (a colleague's task included); Billing's own work stays Billing's."""
    if not is_staff_member(user):
        return Task.objects.none()
    case_work = visible_tasks(user)
    if not can_bill(user):
        case_work = case_work.exclude(role=Role.BILLING)
    return Task.objects.filter(
        Q(pk__in=task_list(user).values("pk")) | Q(pk__in=case_work.values("pk"))
    )
