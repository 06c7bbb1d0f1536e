"""Who works on a matter: its responsible attorney and assigned staff, and where their open
tasks go when they change."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit import record
from matters.models import Matter, Task
from matters.services.figures import refresh_figures
from portal.accounts.access import CASE_ROLES, is_staff_member
from portal.accounts.models import Role, User

# The role someone held on a matter, when a task of theirs names none: the narrowest first.
ROLE_ORDER = (Role.PARALEGAL, Role.INTAKE, Role.ATTORNEY, Role.ADMIN)


@dataclass
class TeamChange:
    """What ``change_team`` did: who joined and left, and where the open tasks went."""

    added: list[User] = field(default_factory=list)
    removed: list[User] = field(default_factory=list)
    attorney_changed: bool = False
    moved: list[tuple[Task, User]] = field(default_factory=list)
    unassigned: list[Task] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.attorney_changed)


def _role_of(person: User, task: Task, *, was_attorney: bool) -> str:
    if task.role:
        return task.role
    if was_attorney:
        return Role.ATTORNEY
    return next((r for r in ROLE_ORDER if person.has_role(r)), "")


def _successor(
    role: str, *, attorney: User | None, newcomers: list[User], team: list[User]
) -> User | None:
    """Who takes over work of ``role``: the new attorney for Attorney work, else whoever
    joined with that role (the replacement), else whoever on the team already holds it."""
    if role == Role.ATTORNEY and attorney is not None:
        return attorney
    for person in [*newcomers, *team]:
        if role and person.has_role(role):
            return person
    return None


def change_team(
    *, matter: Matter, attorney: User | None, staff: Iterable[User], by: User
) -> TeamChange:
    """Set the matter's responsible attorney and assigned staff.

    Open tasks assigned to someone who leaves the matter follow their role: the new attorney
    takes the old one's, a paralegal who joins takes the leaving paralegal's, or a paralegal
    already on the matter does. With nobody for the role the task stays open for the team,
    unassigned (it shows on the role's lists and, without a role, on the whole team's).
    Done and cancelled tasks keep the name of whoever did them.
    """
    if matter.status != Matter.Status.OPEN:
        raise ValidationError(_("The matter is closed: reopen it to change who works on it."))
    wanted = {u.pk: u for u in staff}
    if attorney is not None and not (
        is_staff_member(attorney) and attorney.has_role(Role.ATTORNEY)
    ):
        raise ValidationError({"attorney": _("Choose an active attorney of the firm.")})
    for person in wanted.values():
        if not (is_staff_member(person) and person.has_role(*CASE_ROLES)):
            raise ValidationError(
                {"staff": _("%(name)s cannot work on matters.") % {"name": person}}
            )
    result = TeamChange()
    with transaction.atomic():
        locked = Matter.objects.select_for_update().get(pk=matter.pk)
        before_attorney = locked.responsible_attorney
        before = {u.pk: u for u in locked.staff.all()}
        result.added = [u for pk, u in wanted.items() if pk not in before]
        result.removed = [u for pk, u in before.items() if pk not in wanted]
        result.attorney_changed = locked.responsible_attorney_id != getattr(attorney, "pk", None)
        if not result.changed:
            return result
        locked.responsible_attorney = attorney
        locked.save(update_fields=["responsible_attorney", "updated_at"])
        locked.staff.set(wanted.values())
        matter.responsible_attorney = attorney

        stays = set(wanted) | ({attorney.pk} if attorney is not None else set())
        newcomers = [*result.added, *([attorney] if result.attorney_changed and attorney else [])]
        team = [*wanted.values(), *([attorney] if attorney else [])]
        leaving = (
            Task.objects.filter(matter=locked, status=Task.Status.OPEN, assignee__isnull=False)
            .exclude(assignee_id__in=stays)
            .select_related("assignee")
            .select_for_update(of=("self",))
        )
        for task in leaving:
            was = task.assignee
            if was is None:  # the query keeps assigned tasks only
                continue
            was_attorney = before_attorney is not None and was.pk == before_attorney.pk
            role = _role_of(was, task, was_attorney=was_attorney)
            heir = _successor(role, attorney=attorney, newcomers=newcomers, team=team)
            task.assignee = heir
            if heir is not None:
                result.moved.append((task, heir))
            else:
                # Unassigned work must reach someone: a role nobody on the matter holds
                # would put it on no list, so it becomes the whole team's.
                task.role = role if role and any(p.has_role(role) for p in team) else ""
                result.unassigned.append(task)
            task.save(update_fields=["assignee", "role"])
            record(
                "task.reassigned",
                actor=by,
                subject=task,
                data={
                    "matter": str(locked.uuid),
                    "from": was.email,
                    "to": heir.email if heir else None,
                    "from_name": was.get_full_name(),
                    "to_name": heir.get_full_name() if heir else None,
                    "role": task.role,
                },
            )
        record(
            "matter.team_changed",
            actor=by,
            subject=locked,
            data={
                "attorney": [
                    before_attorney.get_full_name() if before_attorney else None,
                    attorney.get_full_name() if attorney else None,
                ],
                "added": [u.get_full_name() for u in result.added],
                "removed": [u.get_full_name() for u in result.removed],
                "tasks_moved": len(result.moved),
                "tasks_unassigned": len(result.unassigned),
            },
        )
    refresh_figures(matter)
    return result
