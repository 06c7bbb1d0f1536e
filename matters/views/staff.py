"""The staff workspace: matter list, matter page, tasks, and the actions on a matter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, F, Q, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_countries import countries

from audit import record
from matters import access as matter_access
from matters import forms, history, intake, retention, search, services
from matters import parts as doc_parts
from matters import questionnaire as qn
from matters.models import DocumentRequest, Matter, MatterContact, Task
from matters.views import common
from portal.accounts import access
from portal.accounts.models import Invitation, Role


def annotated_matters(user):
    """The matter list's rows in one query.

    The figures (documents missing, next due dates) are columns kept by
    ``services.refresh_figures``, so filtering and sorting read an index instead of
    counting rows per matter; only the 50 rows of a page look up their client's
    name. The large JSON columns stay in the database: the list shows none of them.
    """
    today = timezone.localdate()
    return (
        matter_access.visible_matters(user)
        .select_related("case_type", "responsible_attorney")
        .defer(
            "answers",
            "sealed_answers",
            "case_type__questionnaire",
            "case_type__checklist",
            "case_type__task_rules",
        )
        .annotate(
            overdue=Case(
                When(OVERDUE(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
    )


def OVERDUE(today):
    return Q(next_task_due__lt=today) | Q(next_request_due__lt=today)


@access.require(access.is_staff_member)
def matter_list(request):
    form = forms.MatterFilterForm(request.GET or None)
    qs = annotated_matters(request.user)
    sort = "-updated_at"
    if form.is_bound and not form.is_valid():
        # A filter that cannot be applied lists nothing, rather than every matter.
        qs = qs.none()
    elif form.is_valid():
        f = form.cleaned_data
        qs = search.search(qs, f["q"])
        if f["stage"]:
            qs = qs.filter(stage=f["stage"])
        if f["case_type"]:
            qs = qs.filter(case_type=f["case_type"])
        if f["assignee"]:
            a = f["assignee"]
            qs = qs.filter(
                Q(responsible_attorney=a)
                | Q(pk__in=Matter.staff.through.objects.filter(user=a).values("matter"))
            )
        if f["missing"]:
            qs = qs.filter(open_requests__gt=0)
        if f["overdue"]:
            qs = qs.filter(OVERDUE(timezone.localdate()))
        sort = f["sort"] or sort
    if sort == "next_due":
        qs = qs.order_by(F("next_task_due").asc(nulls_last=True), "-pk")
    else:
        qs = qs.order_by(sort)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    # Client names for this page only: a correlated subquery would be computed for
    # every matching row before the sort on some databases.
    names: dict[int, str] = {}
    for matter_id, name in (
        MatterContact.objects.filter(matter__in=[m.pk for m in page.object_list])
        .order_by("-pk")
        .values_list("matter_id", "name")
    ):
        names[matter_id] = name
    for m in page.object_list:
        m.client_name = names.get(m.pk, "")
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "matters/staff/list.html",
        {"form": form, "page": page, "params": params.urlencode(), "today": timezone.localdate()},
    )


@access.require(access.can_manage_matters)
def matter_new(request):
    form = forms.MatterCreateForm(request.POST or None, initial={"language": "es"})
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data
        matter = services.create_matter(
            case_type=f["case_type"],
            client_email=f["client_email"],
            client_name=f["client_name"],
            language=f["language"],
            role=f["role"],
            attorney=f["attorney"],
            staff=list(f["staff"]),
            by=request.user,
        )
        messages.success(
            request,
            _("Matter %(ref)s opened and %(email)s invited.")
            % {"ref": matter.reference, "email": f["client_email"]},
        )
        return redirect("staff:matter", matter_uuid=matter.uuid)
    return render(request, "matters/staff/new.html", {"form": form})


def _clients(user, matter: Matter, contacts: list[MatterContact], *, case_file: bool):
    """Each client of the matter; for those without an account yet, their last invitation
    and, for staff who invite, a form to send it again."""
    invites = case_file and access.can_invite_clients(user)
    waiting = [c.email for c in contacts if c.user_id is None] if invites else []
    last: dict[str, Invitation] = {}
    for inv in Invitation.objects.filter(email__in=waiting) if waiting else []:
        last.setdefault(inv.email.lower(), inv)
    out = []
    for c in contacts:
        invitation = last.get(c.email.lower())
        form = None
        if invites and c.user_id is None:
            form = forms.InviteForm(
                initial={
                    "email": c.email,
                    "language": invitation.language if invitation else get_language(),
                },
                auto_id=f"invite-{c.pk}-%s",
            )
        out.append({"contact": c, "invitation": invitation, "invite_form": form})
    return out


@access.require(access.is_staff_member)
def matter_detail(request, matter_uuid, *, reveal: bool = False):
    matter = matter_access.load_matter(request.user, matter_uuid, case_file=False)
    case_file = matter_access.sees_case_file(request.user, matter)
    contacts = list(matter.contacts.select_related("user"))
    staff = list(matter.staff.all())
    ctx = {
        "matter": matter,
        "case_file": case_file,
        "clients": _clients(request.user, matter, contacts, case_file=case_file),
        "receipts": list(matter.receipts.all()),
        "staff": staff,
        "stage_form": forms.StageForm(matter=matter),
        "held": retention.is_held(matter),
    }
    if case_file:
        # Each request's files (the vault's rows, reached by their relation: matters does not
        # import uploads), newest version first.
        requests = list(matter.requests.prefetch_related("documents"))
        children: dict[int, list] = {}
        for r in requests:
            r.versions = sorted(r.documents.all(), key=lambda d: -d.version)
            if r.parent_id:
                children.setdefault(r.parent_id, []).append(r)
        checklist = [
            {
                "request": r,
                "linked": children.get(r.pk, []),
                "complete": services.set_complete(r, children.get(r.pk, [])),
                # Each part (side, page) with its current file and the ones it replaced.
                "slots": doc_parts.slots(r, r.documents.all()),
                "labelled": doc_parts.labelled(r, r.documents.all()),
                "missing": [doc_parts.label(p) for p in doc_parts.missing(r, r.documents.all())],
            }
            for r in requests
            if r.parent_id is None and r.status != DocumentRequest.Status.WITHDRAWN
        ]
        tasks = list(matter.tasks.select_related("assignee"))
        bills = access.can_bill(request.user)
        # Billing's work shows on the matter, but only Billing marks it done.
        completable = {
            t.pk
            for t in tasks
            if t.status == Task.Status.OPEN and (t.role != Role.BILLING or bills)
        }
        answers = services.read_answers(matter)
        ctx.update(
            {
                "checklist": checklist,
                "withdrawn": [r for r in requests if r.status == DocumentRequest.Status.WITHDRAWN],
                "tasks": tasks,
                "completable": completable,
                "rfes": list(matter.rfes.all()),
                "intake": _intake_display(matter, answers, masked=not reveal),
                "revealed": reveal,
                "changes": intake.pending_changes(matter),
                "events": history.entries(matter, requests, tasks),
                "notes": list(matter.case_notes.all()),
                "note_form": forms.NoteForm(),
                "team_form": forms.TeamForm(
                    matter=matter,
                    initial={"attorney": matter.responsible_attorney_id, "staff": staff},
                ),
                "dates_form": forms.DatesForm(instance=matter),
                "receipt_form": forms.ReceiptForm(),
                "rfe_form": forms.RfeForm(),
                "task_form": forms.TaskForm(matter=matter),
                "reject_form": forms.RejectForm(),
                "request_form": forms.RequestForm(matter=matter),
                "can_review": access.can_review_documents(request.user),
                "can_export": matter_access.can_export_matter(request.user, matter),
                "reminders": list(matter.reminders.select_related("contact")[:10]),
                "can_manage": access.can_manage_matters(request.user),
            }
        )
    return render(request, "matters/staff/detail.html", ctx)


@require_POST
@access.require(access.can_manage_matters)
def matter_reveal(request, matter_uuid):
    """Identity numbers in full, for preparing forms; each reveal is on the audit trail."""
    matter = _matter_action(request, matter_uuid)
    record("intake.sensitive_revealed", actor=request.user, subject=matter, request=request)
    return matter_detail(request, matter_uuid, reveal=True)


def display_value(question: dict, value, *, masked: bool = False) -> str:
    if value is None or value == "":
        return ""
    if question.get("sensitive") and masked:
        return qn.mask(value)
    if question["type"] == "yesno":
        return _("Yes") if value else _("No")
    if question["type"] == "choice":
        for c in question["choices"]:
            if c["value"] == value:
                return qn.text(c["label"])
    if question["type"] == "country":
        return dict(countries).get(value, value)
    if question["type"] == "address" and isinstance(value, dict):
        parts = [
            value.get("street"),
            value.get("city"),
            value.get("state"),
            value.get("postal_code"),
            dict(countries).get(value.get("country") or "", ""),
        ]
        return ", ".join(p for p in parts if p)
    return str(value)


def _intake_display(matter, answers, *, masked: bool = True):
    sections = []
    for section in qn.visible_sections(matter.questionnaire, answers):
        rows: list[dict[str, Any]] = []
        for q in qn.visible_questions(section, answers):
            value = answers.get(q["key"])
            if q["type"] == "group":
                items = [
                    "; ".join(
                        f"{qn.text(sub['label'])}: {display_value(sub, row.get(sub['key']), masked=masked)}"
                        for sub in q["questions"]
                        if row.get(sub["key"]) not in (None, "")
                    )
                    for row in value or []
                ]
                rows.append({"label": qn.text(q["label"]), "entries": items})
            else:
                rows.append(
                    {
                        "label": qn.text(q["label"]),
                        "value": display_value(q, value, masked=masked),
                        "sensitive": bool(q.get("sensitive")),
                    }
                )
        sections.append(
            {
                "title": qn.text(section["title"]),
                "rows": rows,
                "complete": qn.section_complete(section, answers),
            }
        )
    return sections


# The helpers every action on a matter shares, under the names this module always used.
_matter_action = common.load_for_action
_back = common.back_to_matter
_errors = common.show_errors


@require_POST
@access.require(access.can_manage_matters)
def matter_stage(request, matter_uuid):
    matter = _matter_action(request, matter_uuid)
    form = forms.StageForm(request.POST, matter=matter)
    if form.is_valid():
        services.change_stage(matter=matter, stage=form.cleaned_data["stage"], by=request.user)
        messages.success(request, _("Stage changed."))
    else:
        _errors(request, form)
    return _back(matter)


@require_POST
@access.require(access.can_manage_matters)
def matter_close(request, matter_uuid):
    """Close (or reopen) a matter: closing starts the retention clocks."""
    matter = _matter_action(request, matter_uuid)
    if "reopen" in request.POST:
        services.reopen_matter(matter=matter, by=request.user)
        messages.success(request, _("Matter reopened."))
    else:
        services.close_matter(matter=matter, by=request.user)
        messages.success(request, _("Matter closed. Retention periods now run from today."))
    return _back(matter)


@require_POST
@access.require(access.can_manage_matters)
def matter_dates(request, matter_uuid):
    matter = _matter_action(request, matter_uuid)
    form = forms.DatesForm(request.POST, instance=Matter.objects.get(pk=matter.pk))
    if form.is_valid():
        services.update_details(matter=matter, by=request.user, **form.cleaned_data)
        messages.success(request, _("Dates saved."))
    else:
        _errors(request, form)
    return _back(matter)


@require_POST
@access.require(access.can_manage_matters)
def matter_receipt(request, matter_uuid):
    matter = _matter_action(request, matter_uuid)
    form = forms.ReceiptForm(request.POST)
    if form.is_valid():
        try:
            services.add_receipt(matter=matter, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Receipt number added."))
    else:
        _errors(request, form)
    return _back(matter)


@require_POST
@access.require(access.can_manage_matters)
def matter_rfe(request, matter_uuid):
    matter = _matter_action(request, matter_uuid)
    form = forms.RfeForm(request.POST)
    if form.is_valid():
        f = form.cleaned_data
        rfe = services.add_rfe(
            matter=matter,
            notice_date=f["notice_date"],
            due_date=f["due_date"],
            items=f["titles"],
            notes=f["notes"],
            by=request.user,
        )
        messages.success(
            request, _("RFE recorded; the response is due %(date)s.") % {"date": rfe.due_date}
        )
    else:
        _errors(request, form)
    return _back(matter)


@require_POST
@access.require(access.can_manage_matters)
def task_new(request, matter_uuid):
    matter = _matter_action(request, matter_uuid)
    form = forms.TaskForm(request.POST, matter=matter)
    if form.is_valid():
        services.create_task(matter=matter, by=request.user, **form.cleaned_data)
        messages.success(request, _("Task added."))
    else:
        _errors(request, form)
    return _back(matter)


@require_POST
@access.require(access.is_staff_member)
def task_done(request, task_uuid):
    task = get_object_or_404(matter_access.actionable_tasks(request.user), uuid=task_uuid)
    services.complete_task(task=task, by=request.user)
    next_url = request.POST.get("next", "")
    # Only back to a page of the workspace, never elsewhere.
    if next_url.startswith("/staff/") and not next_url.startswith("//"):
        return redirect(next_url)
    return _back(task.matter)


def _load_request(user, request_uuid):
    qs = DocumentRequest.objects.filter(
        matter__in=matter_access.case_file_matters(user).values("pk")
    )
    return get_object_or_404(qs.select_related("matter"), uuid=request_uuid)


@require_POST
@access.require(access.can_review_documents)
def request_accept(request, request_uuid):
    req = _load_request(request.user, request_uuid)
    try:
        services.accept_request(request=req, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Accepted: %(title)s") % {"title": req.title})
    return _back(req.matter)


@require_POST
@access.require(access.can_review_documents)
def request_reject(request, request_uuid):
    req = _load_request(request.user, request_uuid)
    form = forms.RejectForm(request.POST)
    if form.is_valid():
        services.reject_request(
            request=req,
            reason=form.cleaned_data["reason"],
            reason_es=form.cleaned_data["reason_es"],
            by=request.user,
        )
        messages.success(request, _("Sent back to the client: %(title)s") % {"title": req.title})
    else:
        _errors(request, form)
    return _back(req.matter)


@require_POST
@access.require(access.can_manage_matters)
def request_foreign(request, request_uuid):
    req = _load_request(request.user, request_uuid)
    services.mark_foreign_language(request=req, by=request.user)
    return _back(req.matter)


@require_POST
@access.require(access.can_manage_matters)
def request_foreign_undo(request, request_uuid):
    req = _load_request(request.user, request_uuid)
    try:
        services.unmark_foreign_language(request=req, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _("In English after all: the translation requests of %(title)s are withdrawn.")
            % {"title": req.title},
        )
    return _back(req.matter)


@require_POST
@access.require(access.can_manage_matters)
def request_new(request, matter_uuid):
    """Ask the client for a document the checklist does not have."""
    matter = _matter_action(request, matter_uuid)
    form = forms.RequestForm(request.POST, matter=matter)
    if form.is_valid():
        f = form.cleaned_data
        try:
            req = services.add_request(
                matter=matter,
                title_en=f["title_en"],
                title_es=f["title_es"],
                why_en=f["why_en"],
                why_es=f["why_es"],
                audience=f["audience"],
                due_date=f["due_date"],
                parts=f["parts"],
                by=request.user,
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(
                request, _("Requested from the client: %(title)s") % {"title": req.title}
            )
    else:
        _errors(request, form)
    return _back(matter)


@require_POST
@access.require(access.can_manage_matters)
def changes_confirm(request, matter_uuid):
    matter = _matter_action(request, matter_uuid)
    n = intake.confirm_changes(matter=matter, by=request.user)
    messages.success(
        request,
        ngettext("%(n)s changed answer confirmed.", "%(n)s changed answers confirmed.", n)
        % {"n": n},
    )
    return _back(matter)


def _task_page(request, tasks, title):
    tasks = tasks.select_related("matter", "assignee").order_by("due_date", "pk")[:200]
    return render(
        request,
        "matters/staff/tasks.html",
        {"tasks": tasks, "title": title, "today": timezone.localdate()},
    )


@access.require(access.is_staff_member)
def my_tasks(request):
    qs = matter_access.task_list(request.user).filter(status=Task.Status.OPEN)
    return _task_page(request, qs, _("My tasks"))


@access.require(access.is_staff_member)
def due_this_week(request):
    today = timezone.localdate()
    qs = matter_access.task_list(request.user).filter(
        status=Task.Status.OPEN, due_date__lte=today + dt.timedelta(days=7)
    )
    return _task_page(request, qs, _("Due this week"))
