"""Uploading to a document request, checking the photo, and reading documents back."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from audit import record
from matters import access as matter_access
from matters import parts as doc_parts
from matters.models import DocumentRequest
from portal.accounts import access
from uploads import checks, links, vault
from uploads.access import readable_documents, reviewable_documents
from uploads.fields import HIGH
from uploads.forms import FieldsForm
from uploads.handlers import VaultUploadHandler
from uploads.models import Document, DocumentText
from uploads.preview import HINTS
from uploads.services import ocr_jobs, review, search, storage


def _client_request(user, matter_uuid, request_uuid) -> DocumentRequest:
    return matter_access.client_request(user, matter_uuid, request_uuid)


@never_cache
@login_required
@csrf_exempt  # the token is checked below, after the encrypting handler is in place
def upload(request, matter_uuid, request_uuid):
    # The upload handlers must be set before anything reads the body, which the CSRF
    # middleware would do; hence csrf_exempt here and csrf_protect on the inner view.
    request.upload_handlers = [
        VaultUploadHandler(
            request, max_bytes=settings.UPLOAD_MAX_BYTES, max_files=settings.UPLOAD_MAX_FILES
        )
    ]
    return _upload(request, matter_uuid, request_uuid)


def _files(req) -> list[Document]:
    return list(req.documents.exclude(wrapped_key="").order_by("-version"))


def _part_asked(request, req, documents) -> str:
    """The part the page is for: the one in the address (a "send the back" link), else
    the first one missing."""
    asked = request.POST.get("part") if request.method == "POST" else request.GET.get("part")
    if asked is None:
        return doc_parts.default(req, documents)
    return asked


@csrf_protect
def _upload(request, matter_uuid, request_uuid):
    req = _client_request(request.user, matter_uuid, request_uuid)
    error = None
    documents = _files(req)
    part = _part_asked(request, req, documents)
    if request.method == "POST":
        handler = request.upload_handlers[0]
        files = request.FILES.getlist("file")
        try:
            if handler.refusal is not None:
                error = handler.refusal.message
            elif not files:
                error = _("Choose a file or take a photo first.")
            else:
                # Which part each file is, decided before anything is kept.
                keys = doc_parts.assign(req, documents, part, len(files))
                stored = [
                    storage.store_upload(
                        request=req, upload=f, by=request.user, http_request=request, part=key
                    )
                    for f, key in zip(files, keys, strict=True)
                ]
                return _uploaded(request, req, stored[-1])
        except (doc_parts.PartError, checks.Refused) as exc:
            error = exc.message
        finally:
            for f in files:
                f.close()
        documents = _files(req)
    if part not in doc_parts.choosable(req, documents):
        part = doc_parts.default(req, documents)
    return render(
        request,
        "uploads/upload.html",
        {
            "req": req,
            "matter": req.matter,
            "error": error,
            "documents": documents,
            "part": part,
            "part_title": _part_title(req, documents, part),
            "slots": doc_parts.slots(req, documents),
            "labelled": doc_parts.labelled(req, documents),
            "new_page": doc_parts.NEW_PAGE,
            "can_add_page": doc_parts.NEW_PAGE in doc_parts.choosable(req, documents),
            "several": not req.parts,
            "max_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024),
        },
        status=400 if error else 200,
    )


def _part_title(req, documents, part: str) -> str:
    """What the form sends, in words: "Back", "Page 3 (new)", "Page 2 (instead of the one
    you sent)"; nothing for the first file of a one-page document."""
    if req.parts:
        return doc_parts.label(part)
    if part == doc_parts.NEW_PAGE:
        return _("Page %(n)s (new)") % {"n": doc_parts.pages(documents) + 1}
    if not doc_parts.pages(documents):
        return ""
    return _("%(part)s (instead of the one you sent)") % {"part": doc_parts.label(part)}


def _next_step(request, req, document) -> str:
    """Where the client goes once a file is in: the next missing side, or the matter."""
    documents = _files(req)
    gaps = doc_parts.missing(req, documents)
    if gaps:
        messages.success(
            request,
            _("Received: %(done)s. Now send: %(missing)s.")
            % {"done": doc_parts.label(document.part), "missing": doc_parts.label(gaps[0])},
        )
        return _upload_url(req, gaps[0])
    messages.success(request, _("Thank you. We received your file and will review it."))
    return reverse("client_matter", args=[req.matter.uuid])


def _upload_url(req, part: str) -> str:
    """The upload page for ``part`` (the address names it unless it is the one offered
    first anyway)."""
    url = reverse("document_upload", args=[req.matter.uuid, req.uuid])
    if part == doc_parts.default(req, _files(req)):
        return url
    return f"{url}?{urlencode({'part': part})}"


def _uploaded(request, req, document):
    if document.preview_blob_name:
        target = reverse("document_check", args=[req.matter.uuid, req.uuid, document.uuid])
    else:
        target = _next_step(request, req, document)
    if request.headers.get("X-Requested-With") == "fetch":
        response = render(request, "uploads/uploaded.html", {"req": req}, status=201)
        response["X-Next"] = target
        return response
    return redirect(target)


def _retakable(req, document) -> bool:
    """Only the newest file of its part, sent in this round and not yet reviewed, can be
    taken back: an accepted file, or one staff already sent back, is history."""
    if req.status == DocumentRequest.Status.ACCEPTED or document.uploaded_at < req.requested_at:
        return False
    newest = (
        req.documents.exclude(wrapped_key="")
        .filter(part=document.part)
        .order_by("-version")
        .first()
    )
    return newest == document


@never_cache
@login_required
def check(request, matter_uuid, request_uuid, document_uuid):
    """Right after a photo arrives: the client sees it, with hints, and keeps or retakes it."""
    req = _client_request(request.user, matter_uuid, request_uuid)
    document = get_object_or_404(req.documents.exclude(wrapped_key=""), uuid=document_uuid)
    if request.method == "POST":
        if "retake" in request.POST:
            if _retakable(req, document):
                storage.withdraw_upload(document=document, by=request.user, http_request=request)
            return redirect(_upload_url(req, document.part))
        storage.confirm_upload(document=document, by=request.user, http_request=request)
        if "more" in request.POST and not req.parts:
            messages.success(
                request,
                _("Received: %(done)s. Now send the next page.")
                % {"done": doc_parts.label(document.part)},
            )
            return redirect(_upload_url(req, doc_parts.NEW_PAGE))
        return redirect(_next_step(request, req, document))
    documents = _files(req)
    return render(
        request,
        "uploads/check.html",
        {
            "req": req,
            "matter": req.matter,
            "document": document,
            "part_label": doc_parts.label(document.part)
            if doc_parts.labelled(req, documents)
            else "",
            "can_add_page": doc_parts.NEW_PAGE in doc_parts.choosable(req, documents),
            "hints": [HINTS[h] for h in document.hints if h in HINTS],
        },
    )


@never_cache
@login_required
def preview(request, document_uuid):
    return _serve(request, document_uuid, purpose="preview")


@never_cache
@login_required
def download(request, document_uuid):
    return _serve(request, document_uuid, purpose="download")


def _serve(request, document_uuid, *, purpose: str):
    document = readable_documents(request.user).filter(uuid=document_uuid).first()
    if document is not None and purpose == "preview" and not document.preview_blob_name:
        document = None
    if document is None:
        record("access.denied", request=request, data={"document": str(document_uuid)})
        raise Http404
    if document.destroyed_at is not None:
        return render(request, "uploads/destroyed.html", {"document": document}, status=410)
    try:
        chunks = storage.read(document, by=request.user, http_request=request, purpose=purpose)
    except vault.VaultError:
        return render(request, "uploads/unreadable.html", {"document": document}, status=409)
    if purpose == "preview":
        response = StreamingHttpResponse(chunks, content_type="image/jpeg")
        response["Content-Length"] = str(document.preview_size)
        filename = document.display_name.rsplit(".", 1)[0] + "-preview.jpg"
    else:
        response = StreamingHttpResponse(chunks, content_type=document.content_type)
        response["Content-Length"] = str(document.size)
        filename = document.display_name
    # Never rendered by the portal's origin: a download, typed, sandboxed, not cached.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


# One-time links -------------------------------------------------------------------------


@never_cache
@csrf_exempt  # checked in the inner view, once the encrypting handler is in place
def link_upload(request, token):
    request.upload_handlers = [
        VaultUploadHandler(
            request, max_bytes=settings.UPLOAD_MAX_BYTES, max_files=settings.UPLOAD_LINK_MAX_FILES
        )
    ]
    return _link_upload(request, token)


@csrf_protect
def _link_upload(request, token):
    try:
        link = links.find(token)
    except links.LinkError as exc:
        record("upload_link.refused", request=request, data={"reason": str(exc)[:120]})
        return render(request, "uploads/link_invalid.html", {"message": exc.message}, status=410)
    with translation.override(link.language):
        request.LANGUAGE_CODE = link.language
        req = link.request
        error = None
        documents = _files(req)
        part = _part_asked(request, req, documents)
        if request.method == "POST":
            handler = request.upload_handlers[0]
            files = request.FILES.getlist("file")
            try:
                # Which part each file is, decided before the link is charged.
                keys = doc_parts.assign(req, documents, part, len(files)) if files else []
                if handler.refusal is not None:
                    error = handler.refusal.message
                elif not files:
                    error = _("Choose a file or take a photo first.")
                elif not links.claim(link, len(files)):
                    record(
                        "upload_link.refused",
                        subject=link,
                        request=request,
                        data={"reason": "used up"},
                    )
                    return render(
                        request,
                        "uploads/link_invalid.html",
                        {
                            "message": _(
                                "This link has already been used for all the files it allows."
                            )
                        },
                        status=410,
                    )
                else:
                    try:
                        for f, key in zip(files, keys, strict=True):
                            storage.store_upload(
                                request=req, upload=f, by=None, http_request=request, part=key
                            )
                    except checks.Refused:
                        links.release(link, len(files))
                        raise
                    record(
                        "upload_link.used",
                        subject=link,
                        request=request,
                        data={"files": len(files)},
                    )
                    return render(request, "uploads/link_done.html", {"req": req})
            except (checks.Refused, doc_parts.PartError) as exc:
                error = exc.message
            finally:
                for f in files:
                    f.close()
            documents = _files(req)
        return render(
            request,
            "uploads/link.html",
            {
                "req": req,
                "link": link,
                "error": error,
                "part": doc_parts.default(req, documents),
                "slots": doc_parts.slots(req, documents),
                "labelled": doc_parts.labelled(req, documents),
                "max_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024),
                "left": link.max_files - link.used_files,
            },
            status=400 if error else 200,
        )


@require_POST
@access.require(access.can_manage_matters)
def send_link(request, request_uuid):
    """Staff: email the client a one-time link for this request."""
    req = get_object_or_404(
        DocumentRequest.objects.filter(
            matter__in=matter_access.case_file_matters(request.user).values("pk")
        ),
        uuid=request_uuid,
    )
    try:
        link = links.send_link(request=req, by=request.user)
    except links.LinkError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Upload link sent to %(email)s.") % {"email": link.email})
    return redirect("staff:matter", matter_uuid=req.matter.uuid)


# Staff: what the OCR read, confirmed and put to use -----------------------------------------


def _reviewable(request, document_uuid) -> Document:
    document = (
        reviewable_documents(request.user)
        .select_related("request__matter__case_type", "uploaded_by")
        .filter(uuid=document_uuid)
        .first()
    )
    if document is None:
        record("access.denied", request=request, data={"document": str(document_uuid)})
        raise Http404
    return document


FIELD_LABELS = {
    "receipt_number": gettext_lazy("Receipt number"),
    "notice_date": gettext_lazy("Notice date"),
    "received_date": gettext_lazy("Received date"),
    "priority_date": gettext_lazy("Priority date"),
    "notice_type": gettext_lazy("Kind of notice"),
    "appointment_date": gettext_lazy("Appointment date"),
    "form": gettext_lazy("Form"),
    "beneficiary": gettext_lazy("Beneficiary"),
    "applicant": gettext_lazy("Applicant"),
    "petitioner": gettext_lazy("Petitioner"),
    "full_name": gettext_lazy("Full name"),
    "given_names": gettext_lazy("Given names"),
    "surname": gettext_lazy("Family name"),
    "birth_date": gettext_lazy("Date of birth"),
    "birth_place": gettext_lazy("Place of birth"),
    "father_name": gettext_lazy("Father"),
    "mother_name": gettext_lazy("Mother"),
    "registration_number": gettext_lazy("Registration number"),
    "passport_number": gettext_lazy("Passport number"),
    "expiry_date": gettext_lazy("Expiration date"),
    "issue_date": gettext_lazy("Date of issue"),
    "nationality": gettext_lazy("Nationality"),
    "spouse_names": gettext_lazy("Spouses"),
    "marriage_date": gettext_lazy("Date of marriage"),
    "marriage_place": gettext_lazy("Place of marriage"),
    "account_holder": gettext_lazy("Account holder"),
    "statement_period_start": gettext_lazy("Statement from"),
    "statement_period_end": gettext_lazy("Statement to"),
    "ending_balance": gettext_lazy("Ending balance"),
    "account_last4": gettext_lazy("Account ending in"),
}


def _confidence_label(confidence: float) -> str:
    if confidence >= 0.95:
        return "confirmed"
    return "likely" if confidence >= HIGH else "uncertain"


@never_cache
@access.require(access.can_review_documents)
def document_review(request, document_uuid):
    document = _reviewable(request, document_uuid)
    matter = document.request.matter
    reading = ocr_jobs.read_text(document, by=request.user, http_request=request)
    proposals = review.proposals(reading) if reading else {}
    confirmed = (reading or {}).get("confirmed") or {}
    if request.method == "POST" and reading is not None:
        form = FieldsForm(request.POST)
        if form.is_valid():
            values = {
                k: (v.isoformat() if hasattr(v, "isoformat") else str(v or ""))
                for k, v in form.cleaned_data.items()
                if k != "reference"
            }
            result = review.confirm_fields(
                document=document,
                values=values,
                reference=form.cleaned_data["reference"],
                by=request.user,
                http_request=request,
            )
            messages.success(request, _("The fields are confirmed."))
            if result["expiry_task"] is not None:
                messages.warning(
                    request,
                    _("The passport expires too soon: a task was opened to ask for a renewal."),
                )
            if "fill" in request.POST:
                return _fill(request, document)
            return redirect("document_review", document_uuid=document.uuid)
    else:
        initial = {k: confirmed.get(k) or p["value"] for k, p in proposals.items()}
        initial.update({k: v for k, v in confirmed.items() if v})
        initial["reference"] = matter.target_filing_date or timezone.localdate()
        form = FieldsForm(initial=initial)
    rows = []
    for name in review.CONFIRM_KEYS:
        p = proposals.get(name)
        rows.append(
            {
                "field": form[name],
                "proposal": p,
                "label": _confidence_label(p["confidence"]) if p else "",
            }
        )
    other = [
        {
            **f,
            "label": _confidence_label(f["confidence"]),
            "title": FIELD_LABELS.get(f["name"], f["name"].replace("_", " ")),
        }
        for f in (reading or {}).get("fields") or []
        if f["name"] != "document_kind"
    ]
    zone = (reading or {}).get("mrz")
    # The request is reviewed as one item: every part of it (both sides of a card, each
    # page) is a click away, and a missing one is named.
    siblings = list(document.request.documents.all())
    labelled = doc_parts.labelled(document.request, siblings)
    return render(
        request,
        "uploads/review.html",
        {
            "document": document,
            "matter": matter,
            "part_label": doc_parts.label(document.part) if labelled else "",
            "slots": doc_parts.slots(document.request, siblings) if labelled else [],
            "reading": reading,
            "zone": zone,
            "zone_checks": _check_rows(zone),
            "rows": rows,
            "form": form,
            "other_fields": other,
            "confirmed": confirmed,
            "text_row": (reading or {}).get("row"),
            "ocr_reason": _ocr_reason(document),
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )


def _check_rows(zone) -> list[dict]:
    if not zone:
        return []
    labels = {
        "document_number": _("Document number"),
        "birth_date": _("Date of birth"),
        "expiry_date": _("Expiration date"),
        "optional_data": _("Personal number"),
        "composite": _("Whole zone (composite)"),
    }
    return [{"label": labels.get(k, k), "ok": ok} for k, ok in zone.get("checks", {}).items()]


def _ocr_reason(document: Document) -> str:
    code = (document.ocr_error or "").split(":", 1)[0]
    reasons = {
        "unavailable": _(
            "Text recognition is not installed on this server; the document itself is fine."
        ),
        "unreadable": _("The file could not be read as pages of text."),
        "damaged": _("The stored file could not be opened."),
        "timeout": _("Reading took too long."),
        "transient": _("Reading was interrupted."),
        "gave_up": _("Reading was interrupted too many times."),
    }
    return str(reasons.get(code, _("The text could not be read."))) if code else ""


@require_POST
@access.require(access.can_review_documents)
def document_fill(request, document_uuid):
    document = _reviewable(request, document_uuid)
    return _fill(request, document)


def _fill(request, document):
    try:
        changed = review.fill_matter(document=document, by=request.user, http_request=request)
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
        return redirect("document_review", document_uuid=document.uuid)
    except DocumentText.DoesNotExist:
        raise Http404 from None
    if changed:
        messages.success(
            request,
            ngettext(
                "%(n)s answer of the matter was filled from this document.",
                "%(n)s answers of the matter were filled from this document.",
                len(changed),
            )
            % {"n": len(changed)},
        )
    else:
        messages.info(request, _("The matter already had these answers."))
    return redirect("document_review", document_uuid=document.uuid)


@never_cache
@access.require(access.can_review_documents)
def document_search(request):
    query = (request.GET.get("q") or "").strip()[:200]
    results = []
    if query:
        found, words = search.search(request.user, query)
        for row in found:
            payload = ocr_jobs.open_text(row)
            results.append(
                {
                    "document": row.document,
                    "matter": row.document.request.matter,
                    "parts": search.snippet("\n".join(payload["pages"]), words),
                }
            )
        record(
            "document.search",
            request=request,
            data={"query": query, "results": [str(r["document"].uuid) for r in results][:50]},
        )
    return render(request, "uploads/search.html", {"query": query, "results": results})
