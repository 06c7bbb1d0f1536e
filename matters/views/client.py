"""The client's side: my matters, what the firm needs now, and the intake questionnaire."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_countries import countries

from matters import access as matter_access
from matters import intake, services
from matters import parts as doc_parts
from matters import questionnaire as qn
from matters.models import DocumentRequest
from portal.accounts import access

# Anything due this soon (or overdue) is urgent, and so is everything USCIS asked for.
URGENT_DAYS = 14


def needed_now(requests, *, today: dt.date | None = None) -> list[DocumentRequest]:
    """The open requests, urgent first, then by due date (undated last), each marked with
    ``urgent``, ``is_rfe`` and ``days_left`` for the page to say why."""
    today = today or timezone.localdate()
    needed = [r for r in requests if r.is_open]
    for r in needed:
        r.is_rfe = r.rfe_id is not None or r.source == DocumentRequest.Source.RFE
        r.days_left = (r.due_date - today).days if r.due_date else None
        r.urgent = r.is_rfe or (r.days_left is not None and r.days_left <= URGENT_DAYS)
    needed.sort(key=lambda r: (not r.urgent, r.due_date or dt.date.max, r.position, r.pk))
    return needed


def client_matters(user):
    """The client's matters with the requests addressed to them, in three queries."""
    matters = list(
        matter_access.case_file_matters(user)
        .select_related("case_type", "questionnaire_version")
        .prefetch_related("contacts")
        .order_by("-created_at")
    )
    roles = {}
    for m in matters:
        roles[m.pk] = next((c.role for c in m.contacts.all() if c.user_id == user.pk), None)
    requests = DocumentRequest.objects.filter(matter__in=matters).exclude(
        status=DocumentRequest.Status.WITHDRAWN
    )
    by_matter: dict[int, list] = {}
    for r in requests:
        if r.audience == roles.get(r.matter_id):
            by_matter.setdefault(r.matter_id, []).append(r)
    out = []
    for m in matters:
        reqs = by_matter.get(m.pk, [])
        answers = services.read_answers(m)
        needed = needed_now(reqs)
        out.append(
            {
                "matter": m,
                "role": roles[m.pk],
                "requests": reqs,
                "open": needed,
                "urgent": [r for r in needed if r.urgent],
                "progress": qn.progress(m.questionnaire, answers, roles[m.pk]),
            }
        )
    return out


def _client_matter(request, matter_uuid):
    if not access.is_client(request.user):
        raise Http404
    matter = matter_access.load_matter(request.user, matter_uuid)
    role = matter_access.client_role(request.user, matter)
    return matter, role


@never_cache
@login_required
def matter_page(request, matter_uuid):
    matter, role = _client_matter(request, matter_uuid)
    requests = list(
        matter.requests.filter(audience=role)
        .exclude(status=DocumentRequest.Status.WITHDRAWN)
        .prefetch_related(
            Prefetch("linked", to_attr="linked_items"),
            # The files, by their relation (matters does not import uploads): which sides
            # of a card are in.
            "documents",
        )
    )
    for r in requests:
        files = r.documents.all()
        r.part_slots = doc_parts.slots(r, files) if doc_parts.labelled(r, files) else []
        r.missing_parts = [
            {"key": p, "label": doc_parts.label(p)} for p in doc_parts.missing(r, files)
        ]
        r.received_parts = [s for s in r.part_slots if s.received]
    tops = [r for r in requests if r.parent_id is None]
    answers = services.read_answers(matter)
    return render(
        request,
        "matters/client/matter.html",
        {
            "matter": matter,
            "needed": needed_now(requests),
            "checklist": tops,
            "progress": qn.progress(matter.questionnaire, answers, role),
            "sections": [
                {
                    "key": s["key"],
                    "title": qn.text(s["title"]),
                    "complete": qn.section_complete(s, answers)
                    and any(q["key"] in answers for q in s["questions"]),
                }
                for s in qn.visible_sections(matter.questionnaire, answers, role)
            ],
        },
    )


@never_cache
@login_required
def intake_start(request, matter_uuid):
    matter, role = _client_matter(request, matter_uuid)
    progress = qn.progress(matter.questionnaire, services.read_answers(matter), role)
    if progress.next_section:
        return redirect(
            "intake_section", matter_uuid=matter.uuid, section_key=progress.next_section
        )
    return redirect("intake_review", matter_uuid=matter.uuid)


def _field_rows(section, answers, posted=None):
    """The section's questions with their current values, ready for the template."""
    country_choices = list(countries)
    rows = []
    for q in section["questions"]:
        row = {
            "q": q,
            "key": q["key"],
            "label": qn.text(q["label"]),
            "help": qn.text(q.get("help")),
            "visible": qn.evaluate(q.get("show_if"), answers),
            "show_if": q.get("show_if"),
            "value": answers.get(q["key"]),
        }
        if q["type"] == "choice":
            row["choices"] = [(c["value"], qn.text(c["label"])) for c in q["choices"]]
        if q["type"] in ("country", "address"):
            row["countries"] = country_choices
        if q["type"] == "group":
            existing = list(answers.get(q["key"]) or [])
            row["rows"] = [
                {"index": i, "values": values}
                for i, values in enumerate([*existing, {}][: qn.MAX_GROUP_ROWS])
            ]
            row["subs"] = [
                {
                    "q": sub,
                    "key": sub["key"],
                    "label": qn.text(sub["label"]),
                    "choices": [(c["value"], qn.text(c["label"])) for c in sub.get("choices", [])],
                    "countries": country_choices if sub["type"] in ("country", "address") else None,
                }
                for sub in q["questions"]
            ]
        rows.append(row)
    return rows


@never_cache
@login_required
def intake_section(request, matter_uuid, section_key):
    matter, role = _client_matter(request, matter_uuid)
    answers = services.read_answers(matter)
    sections = qn.visible_sections(matter.questionnaire, answers, role)
    section = next((s for s in sections if s["key"] == section_key), None)
    if section is None:
        raise Http404
    errors = {}
    if request.method == "POST":
        autosave = request.headers.get("X-Autosave") == "1"
        try:
            result = intake.save_section(
                matter=matter,
                section_key=section_key,
                data=request.POST,
                by=request.user,
                role=role,
                draft=autosave or "save_draft" in request.POST,
            )
        except intake.IntakeError as exc:
            raise Http404 from exc
        if autosave:
            return JsonResponse({"saved": True, "errors": result.errors})
        if result.ok:
            answers = services.read_answers(matter)
            if "save_draft" in request.POST:
                messages.success(
                    request, _("Saved. You can come back and finish later, from any device.")
                )
                return redirect("client_matter", matter_uuid=matter.uuid)
            nxt = qn.progress(matter.questionnaire, answers, role).next_section
            sections = qn.visible_sections(matter.questionnaire, answers, role)
            keys = [s["key"] for s in sections]
            after = (
                keys[keys.index(section_key) + 1]
                if section_key in keys and keys.index(section_key) + 1 < len(keys)
                else None
            )
            target = after or nxt
            if target:
                return redirect("intake_section", matter_uuid=matter.uuid, section_key=target)
            return redirect("intake_review", matter_uuid=matter.uuid)
        errors = result.errors
        answers = {**answers, **result.answers}
    index = [s["key"] for s in sections].index(section_key)
    return render(
        request,
        "matters/client/intake_section.html",
        {
            "matter": matter,
            "section": section,
            "title": qn.text(section["title"]),
            "intro": qn.text(section.get("intro")),
            "rows": _field_rows(section, answers),
            "errors": errors,
            "step": index + 1,
            "steps": len(sections),
            "previous": sections[index - 1]["key"] if index else None,
            "progress": qn.progress(matter.questionnaire, answers, role),
        },
        status=400 if errors else 200,
    )


@never_cache
@login_required
def intake_review(request, matter_uuid):
    matter, role = _client_matter(request, matter_uuid)
    missing = intake.missing_sections(matter, role)
    if request.method == "POST":
        missing = intake.submit_intake(matter=matter, by=request.user, role=role)
        if not missing:
            messages.success(request, _("Thank you. Your answers were sent to your legal team."))
            return redirect("client_matter", matter_uuid=matter.uuid)
    return render(
        request,
        "matters/client/intake_review.html",
        {
            "matter": matter,
            "missing": [{"key": s["key"], "title": qn.text(s["title"])} for s in missing],
        },
    )


@never_cache
@login_required
def request_foreign(request, matter_uuid, request_uuid):
    """ "My document is not in English": first a page that says what it adds, then, once
    the client confirms, the translation and the translator's certificate."""
    matter, role = _client_matter(request, matter_uuid)
    req = get_object_or_404(matter.requests, uuid=request_uuid, audience=role, parent__isnull=True)
    if not req.translation_possible:
        raise Http404
    if request.method == "POST" and "confirm" in request.POST:
        services.mark_foreign_language(request=req, by=request.user)
        messages.info(
            request,
            _(
                "Thank you. We added the translation and the translator's certificate to your "
                "list. If this was a mistake, you can undo it there."
            ),
        )
        return redirect("client_matter", matter_uuid=matter.uuid)
    if req.in_foreign_language:
        return redirect("client_matter", matter_uuid=matter.uuid)
    return render(request, "matters/client/foreign_confirm.html", {"matter": matter, "req": req})


@login_required
@require_POST
def request_foreign_undo(request, matter_uuid, request_uuid):
    matter, role = _client_matter(request, matter_uuid)
    req = get_object_or_404(matter.requests, uuid=request_uuid, audience=role, parent__isnull=True)
    try:
        services.unmark_foreign_language(request=req, by=request.user)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Done. The translation and the certificate are off your list."))
    return redirect("client_matter", matter_uuid=matter.uuid)
