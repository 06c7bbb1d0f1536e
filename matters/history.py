"""A matter's history as people read it: each event's label and what it changed.

The event log keeps codes and raw values (``matter.stage_changed`` with ``{"from": "intake",
"to": "filed"}``); the matter page shows "Stage changed: Intake → Filed with USCIS", dates
in the reader's format, and the title of the task or document an event was about. Labels
come from ``audit.kinds``, so an event of any app reads as words, never as its code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from audit import kinds
from audit.models import Event
from matters.models import DocumentRequest, Matter, Task

SUBJECT_TYPES = ("matters.matter", "matters.documentrequest", "matters.task", "uploads.document")
LIMIT = 100


@dataclass
class Entry:
    event: Event
    label: str
    detail: str

    @property
    def created_at(self) -> dt.datetime:
        return self.event.created_at

    @property
    def actor_label(self) -> str:
        return self.event.actor_label


@dataclass
class _Context:
    matter: Matter
    subject_title: str


def _date(value: Any) -> str:
    if not value:
        return "—"
    try:
        return date_format(dt.date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
    except ValueError:
        return str(value)


def _field_label(name: str) -> str:
    try:
        field = Matter._meta.get_field(name)
        return str(capfirst(getattr(field, "verbose_name", name)))
    except FieldDoesNotExist:  # a field that no longer exists, in an old event
        return name


def _value(name: str, value: Any) -> str:
    return _date(value) if name.endswith("_date") else (str(value) if value else "—")


def _details_changed(data: dict, ctx: _Context) -> str:
    changes = data.get("changes")
    if isinstance(changes, dict):
        pairs = {k: v for k, v in changes.items() if isinstance(v, list) and len(v) == 2}
        return "; ".join(
            f"{_field_label(k)}: {_value(k, before)} → {_value(k, after)}"
            for k, (before, after) in pairs.items()
        )
    # Events written before the history kept the value before: the new value only.
    return "; ".join(
        f"{_field_label(k)}: → {_value(k, v)}" for k, v in data.items() if k != "notes"
    )


def _stage_changed(data: dict, ctx: _Context) -> str:
    stage = ctx.matter.case_type.stage_label
    return f"{stage(str(data.get('from', '')))} → {stage(str(data.get('to', '')))}"


def _receipt_added(data: dict, ctx: _Context) -> str:
    number = data.get("number", "")
    return f"{number} ({data['form']})" if data.get("form") else str(number)


def _rfe_entered(data: dict, ctx: _Context) -> str:
    return _("notice of %(notice)s, response due %(due)s") % {
        "notice": _date(data.get("notice_date")),
        "due": _date(data.get("due_date")),
    }


def _team_changed(data: dict, ctx: _Context) -> str:
    parts = []
    before, after = (data.get("attorney") or [None, None])[:2]
    if before != after:
        parts.append(
            _("responsible attorney: %(before)s → %(after)s")
            % {"before": before or "—", "after": after or "—"}
        )
    if data.get("added"):
        parts.append(_("joined: %(names)s") % {"names": ", ".join(data["added"])})
    if data.get("removed"):
        parts.append(_("left: %(names)s") % {"names": ", ".join(data["removed"])})
    return "; ".join(parts)


def _task_reassigned(data: dict, ctx: _Context) -> str:
    return _("%(task)s: %(before)s → %(after)s") % {
        "task": ctx.subject_title,
        "before": data.get("from_name") or data.get("from") or "—",
        "after": data.get("to_name") or data.get("to") or _("the team"),
    }


def _subject_title(data: dict, ctx: _Context) -> str:
    return ctx.subject_title


DESCRIBE: dict[str, Callable[[dict, _Context], str]] = {
    "matter.details_changed": _details_changed,
    "matter.stage_changed": _stage_changed,
    "matter.receipt_added": _receipt_added,
    "matter.rfe_entered": _rfe_entered,
    "matter.team_changed": _team_changed,
    "task.reassigned": _task_reassigned,
}


def entries(
    matter: Matter, requests: Iterable[DocumentRequest], tasks: Iterable[Task]
) -> list[Entry]:
    """The newest ``LIMIT`` events about the matter, its requests, tasks and documents,
    each with its label and what it changed."""
    requests, tasks = list(requests), list(tasks)
    documents = [d for r in requests for d in getattr(r, "versions", [])]
    titles: dict[str, str] = {str(matter.uuid): ""}
    titles.update({str(r.uuid): r.title for r in requests})
    titles.update({str(t.uuid): t.title for t in tasks})
    titles.update({str(d.uuid): getattr(d, "display_name", "") for d in documents})
    events = Event.objects.filter(
        subject_type__in=SUBJECT_TYPES, subject_id__in=list(titles)
    ).order_by("-seq")[:LIMIT]
    out = []
    for event in events:
        ctx = _Context(matter=matter, subject_title=titles.get(event.subject_id, ""))
        describe = DESCRIBE.get(event.kind, _subject_title)
        data = event.data if isinstance(event.data, dict) else {}
        try:
            detail = describe(data, ctx)
        except (KeyError, TypeError, ValueError):
            detail = ""  # an event whose data has an older shape still shows its label
        out.append(Entry(event=event, label=kinds.label(event.kind), detail=detail))
    return out
