"""Compliance pages (Admin): dashboard, holds, alerts, audit trails and exports; the matter
export for case transfers (Admin or the responsible attorney)."""

from __future__ import annotations

import datetime as dt

from auditlog.models import LogEntry
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from audit import compliance, exports, retention
from audit.models import Alert, ChainCheck, Checkpoint, Event, LegalHold, RetentionPolicy
from audit.services import record
from matters import access as matter_access
from matters import references
from matters.models import Matter
from portal.accounts import access
from portal.accounts.models import User
from uploads import export as uploads_export
from uploads.models import Document

PAGE = 50


class HoldForm(forms.Form):
    matter = forms.CharField(
        label=gettext_lazy("Matter"),
        help_text=gettext_lazy(
            "Its matter number (M-00012), a USCIS receipt number, an invoice number or the "
            "client's email."
        ),
        max_length=references.MAX_REFERENCE,
        required=False,
    )
    client = forms.CharField(
        label=gettext_lazy("or a client (every matter of theirs)"),
        help_text=gettext_lazy("The client's email address."),
        max_length=254,
        required=False,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_matter(self):
        text = self.cleaned_data["matter"].strip()
        return references.resolve_matter(text) if text else None

    def clean_client(self):
        text = self.cleaned_data["client"].strip()
        return references.resolve_client(text) if text else None

    def clean(self):
        data = super().clean()
        if not self.errors and (data.get("matter") is None) == (data.get("client") is None):
            raise ValidationError(_("Give a matter or a client (one of the two), and a reason."))
        return data


@never_cache
@access.require(access.can_use_compliance)
def dashboard(request):
    since = timezone.now() - dt.timedelta(days=30)
    return render(
        request,
        "audit/dashboard.html",
        {
            "nearing": retention.nearing(days=30)[:100],
            "holds": retention.holds_in_force(),
            "failed_reads": Event.objects.filter(
                kind="document.unreadable", created_at__gte=since
            ).order_by("-seq")[:50],
            "last_check": ChainCheck.objects.first(),
            "checkpoints": Checkpoint.objects.order_by("-up_to_seq")[:5],
            "alerts": Alert.objects.filter(acknowledged_at__isnull=True)[:100],
            "policies": RetentionPolicy.objects.all(),
            "hold_form": HoldForm(),
        },
    )


@require_POST
@access.require(access.can_use_compliance)
def hold_place(request):
    form = HoldForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for m in errors:
                messages.error(request, m)
        return redirect("audit:dashboard")
    try:
        retention.place_hold(
            by=request.user,
            reason=form.cleaned_data["reason"],
            matter=form.cleaned_data["matter"],
            client=form.cleaned_data["client"],
        )
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(
            request, _("Legal hold placed: nothing of it will be destroyed until it is released.")
        )
    return redirect("audit:dashboard")


@require_POST
@access.require(access.can_use_compliance)
def hold_release(request, hold_id):
    hold = LegalHold.objects.filter(pk=hold_id, released_at__isnull=True).first()
    if hold is None:
        raise Http404
    try:
        subject = (
            Matter.objects.filter(pk=hold.matter_id).first()
            if hold.matter_id
            else User.objects.filter(pk=hold.client_id).first()
        )
        retention.release_hold(
            hold=hold, by=request.user, reason=request.POST.get("reason", ""), subject=subject
        )
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("Legal hold released."))
    return redirect("audit:dashboard")


@require_POST
@access.require(access.can_use_compliance)
def alert_ack(request, alert_id):
    alert = Alert.objects.filter(pk=alert_id).first()
    if alert is None:
        raise Http404
    compliance.acknowledge(alert=alert, by=request.user, note=request.POST.get("note", ""))
    messages.success(request, _("Alert acknowledged."))
    return redirect("audit:dashboard")


# Trails ----------------------------------------------------------------------------------------


class TrailFilter(forms.Form):
    matter = forms.CharField(
        label=gettext_lazy("Matter"),
        help_text=references.KINDS_HELP,
        max_length=references.MAX_REFERENCE,
        required=False,
    )
    document = forms.UUIDField(label=gettext_lazy("Document"), required=False)
    user = forms.EmailField(label=gettext_lazy("User (email)"), required=False)
    kind = forms.CharField(label=gettext_lazy("Kind starts with"), required=False, max_length=64)
    start = forms.DateField(label=gettext_lazy("From"), required=False)
    end = forms.DateField(label=gettext_lazy("To"), required=False)
    seqs = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)

    def clean_matter(self):
        text = self.cleaned_data["matter"].strip()
        return references.resolve_matter(text) if text else None


def _filtered(form):
    events = Event.objects.all()
    history = LogEntry.objects.all()
    if not form.is_valid():
        return events.none(), history.none()
    d = form.cleaned_data
    if d["matter"]:
        matter = d["matter"]
        ids = {str(matter.uuid)}
        ids |= {str(u) for u in matter.requests.values_list("uuid", flat=True)}
        ids |= {
            str(u)
            for u in Document.objects.filter(request__matter=matter).values_list("uuid", flat=True)
        }
        events = events.filter(subject_id__in=ids) | Event.objects.filter(
            data__matter=str(matter.uuid)
        )
        history = history.filter(object_pk__in=[str(matter.pk)])
    if d["document"]:
        events = events.filter(subject_id=str(d["document"]))
        history = history.none()
    if d["user"]:
        user = User.objects.filter(email__iexact=d["user"]).first()
        events = events.filter(actor_id=user.pk if user else -1)
        history = history.filter(actor_id=user.pk if user else -1)
    if d["kind"]:
        events = events.filter(kind__startswith=d["kind"])
        history = history.none()
    if d["start"]:
        events = events.filter(created_at__date__gte=d["start"])
        history = history.filter(timestamp__date__gte=d["start"])
    if d["end"]:
        events = events.filter(created_at__date__lte=d["end"])
        history = history.filter(timestamp__date__lte=d["end"])
    if d["seqs"]:
        seqs = [int(s) for s in d["seqs"].split(",") if s.strip().isdigit()][:200]
        events = events.filter(seq__in=seqs)
        history = history.none()
    return events, history


@never_cache
@access.require(access.can_use_compliance)
def trail(request):
    form = TrailFilter(request.GET or None)
    if request.GET:
        events, history = _filtered(form)
    else:
        events, history = Event.objects.all(), LogEntry.objects.all()
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    page = min(page, 1000)
    rows = compliance.trail(
        events=events, history=history, offset=(page - 1) * PAGE, limit=PAGE + 1
    )
    record(
        "audit.viewed",
        request=request,
        data={"filters": {k: v for k, v in request.GET.items() if k != "page"}, "page": page},
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/trail.html",
        {
            "form": form,
            "rows": rows[:PAGE],
            "page": page,
            "has_next": len(rows) > PAGE,
            "query": query.urlencode(),
        },
    )


# Exports -------------------------------------------------------------------------------------------


@never_cache
@access.require(access.can_use_compliance)
def export(request):
    fmt = request.GET.get("format", "jsonl")
    if fmt not in ("jsonl", "csv"):
        raise Http404
    try:
        start = dt.date.fromisoformat(request.GET["start"]) if request.GET.get("start") else None
        end = dt.date.fromisoformat(request.GET["end"]) if request.GET.get("end") else None
    except ValueError:
        messages.error(request, _("Enter the dates as year-month-day."))
        return redirect("audit:trail")
    tz = timezone.get_current_timezone()
    start_at = dt.datetime.combine(start, dt.time.min, tzinfo=tz) if start else None
    end_at = (
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz) if end else None
    )
    record(
        "audit.exported",
        request=request,
        data={"format": fmt, "start": str(start or ""), "end": str(end or "")},
    )
    lines = (
        exports.jsonl_lines(start_at, end_at)
        if fmt == "jsonl"
        else exports.csv_lines(start_at, end_at)
    )
    response = StreamingHttpResponse(
        (line.encode() for line in lines),
        content_type="application/x-ndjson" if fmt == "jsonl" else "text/csv; charset=utf-8",
    )
    name = f"audit-{start or 'start'}-{end or 'now'}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@access.require(access.is_staff_member)
def matter_export(request, matter_uuid):
    matter = Matter.objects.filter(uuid=matter_uuid).first()
    if matter is None or not matter_access.can_export_matter(request.user, matter):
        record("access.denied", request=request, data={"matter_export": str(matter_uuid)})
        raise Http404
    latest = uploads_export.current_documents(matter)
    record("matter.exported", request=request, subject=matter, data={"documents": len(latest)})
    response = StreamingHttpResponse(
        uploads_export.matter_zip(matter, latest, by=request.user, http_request=request),
        content_type="application/zip",
    )
    response["Content-Disposition"] = f'attachment; filename="{matter.reference}-documents.zip"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
