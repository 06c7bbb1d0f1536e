"""Tasks: opened once per key for a role on the matter, by rules, people and jobs."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.utils import timezone

from audit import messages, record
from matters.models import (
    Matter,
    Task,
)
from matters.services.common import today
from matters.services.figures import refresh_figures
from portal.accounts.models import Role, User

# Tasks ----------------------------------------------------------------------------------------------


def assignee_for(matter: Matter, role: str) -> User | None:
    """Who on the matter holds ``role``: its responsible attorney for Attorney work, else the
    first active assigned staff member with the role. None leaves the task to the role."""
    if role == Role.ATTORNEY and matter.responsible_attorney_id:
        return matter.responsible_attorney
    return matter.staff.filter(groups__name=role, is_active=True).order_by("pk").first()


def open_task(
    *,
    matter: Matter,
    key: str,
    message: str,
    params: dict[str, Any] | None = None,
    role: str,
    event: str,
    due_date: dt.date | None = None,
    by: User | None = None,
    data: dict[str, Any] | None = None,
) -> tuple[Task, bool]:
    """Open one task per ``key`` on the matter for whoever holds ``role`` on it.

    The public way for any app to put work on a matter's task list. ``message`` is a key
    registered with ``audit.messages`` (the title is rendered in the reader's language);
    ``key`` makes the call idempotent: the same event seen twice (a replayed webhook, a rerun
    job) returns the existing task. Returns the task and whether it was created. The caller
    recounts the matter's figures once its whole operation is done.
    """
    existing = Task.objects.filter(matter=matter, dedupe_key=key).first()
    if existing is not None:
        return existing, False
    task, created = Task.objects.get_or_create(
        matter=matter,
        dedupe_key=key,
        defaults={
            "title_key": message,
            "title_params": params or {},
            "role": role,
            "assignee": assignee_for(matter, role),
            "due_date": due_date or today() + dt.timedelta(days=2),
            "event": event,
        },
    )
    if created:
        record(
            "task.created",
            actor=by,
            subject=task,
            data={"event": event, "matter": str(matter.uuid), **(data or {})},
        )
    return task, created


def run_rule(matter: Matter, event: str, *, key: str, due: dt.date | None = None) -> Task | None:
    """Make the task the case type's rule says this event calls for, once per key.

    The caller recounts the matter's figures once its whole operation is done.
    """
    rule = matter.case_type.rule(event)
    if not rule:
        return None
    task, _created = open_task(
        matter=matter,
        key=key,
        message=messages.TEXT,
        params={"text": rule["title"]},
        role=rule["role"],
        event=event,
        due_date=due or today() + dt.timedelta(days=rule.get("due_days", 2)),
    )
    return task


def create_task(*, matter: Matter, title: str, assignee: User | None, due_date, by: User) -> Task:
    task = Task.objects.create(
        matter=matter,
        title_key=messages.TEXT,
        title_params={"text": title},
        assignee=assignee,
        due_date=due_date,
    )
    record("task.created", actor=by, subject=task, data={"matter": str(matter.uuid)})
    refresh_figures(matter)
    return task


def complete_task(*, task: Task, by: User) -> None:
    updated = Task.objects.filter(pk=task.pk, status=Task.Status.OPEN).update(
        status=Task.Status.DONE, completed_at=timezone.now(), completed_by=by
    )
    if updated:
        record("task.completed", actor=by, subject=task)
        refresh_figures(task.matter_id)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it has none (31 Aug + 6)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def flag_expiring_passport(
    *, matter: Matter, expires: dt.date, reference: dt.date, by: User, source: str
) -> Task | None:
    """A task when a passport expires within six months of ``reference`` (or has expired)."""
    day = today()
    if expires > add_months(reference, 6) and expires > day:
        return None
    task, _created = open_task(
        matter=matter,
        key=f"passport_expiry:{source}",
        message="matters.task.passport_expiring",
        params={"date": expires.isoformat()},
        role=Role.PARALEGAL,
        event="passport_expiring",
        due_date=min(day + dt.timedelta(days=7), max(expires, day)),
        by=by,
        data={"reference": reference.isoformat()},
    )
    return task
