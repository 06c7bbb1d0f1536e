"""Uploading to a document request, and reading documents back."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from matters.models import DocumentRequest
from portal import access
from uploads import checks, services, vault
from uploads.handlers import VaultUploadHandler
from uploads.models import Document


def _client_request(user, matter_uuid, request_uuid) -> DocumentRequest:
    if not access.is_client(user):
        raise Http404
    matter = access.load_matter(user, matter_uuid)
    role = access.client_role(user, matter)
    return get_object_or_404(
        matter.requests.exclude(status=DocumentRequest.Status.WITHDRAWN).select_related("matter"),
        uuid=request_uuid,
        audience=role,
    )


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


@csrf_protect
def _upload(request, matter_uuid, request_uuid):
    req = _client_request(request.user, matter_uuid, request_uuid)
    error = None
    if request.method == "POST":
        handler = request.upload_handlers[0]
        files = request.FILES.getlist("file")
        if handler.refusal is not None:
            error = handler.refusal.message
        elif not files:
            error = _("Choose a file or take a photo first.")
        else:
            try:
                for f in files:
                    services.store_upload(
                        request=req, upload=f, by=request.user, http_request=request
                    )
            except checks.Refused as exc:
                error = exc.message
            else:
                messages.success(request, _("Thank you. We received your file and will review it."))
                if request.headers.get("X-Requested-With") == "fetch":
                    return render(request, "uploads/uploaded.html", {"req": req}, status=201)
                return redirect("client_matter", matter_uuid=req.matter.uuid)
            finally:
                for f in files:
                    f.close()
    documents = list(req.documents.order_by("-version"))
    return render(
        request,
        "uploads/upload.html",
        {
            "req": req,
            "matter": req.matter,
            "error": error,
            "documents": documents,
            "max_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024),
        },
        status=400 if error else 200,
    )


def _readable_documents(user):
    qs = Document.objects.filter(
        request__matter__in=access.case_file_matters(user).values("pk"), wrapped_key__gt=""
    )
    if access.is_client(user):
        qs = qs.filter(request__matter__contacts__user=user, request__audience=_role_expr())
    return qs.select_related("request")


def _role_expr():
    from django.db.models import F

    return F("request__matter__contacts__role")


@never_cache
@login_required
def download(request, document_uuid):
    document = _readable_documents(request.user).filter(uuid=document_uuid).first()
    if document is None:
        from audit import record

        record("access.denied", request=request, data={"document": str(document_uuid)})
        raise Http404
    try:
        chunks = services.read(document, by=request.user, http_request=request)
    except vault.VaultError:
        return render(request, "uploads/unreadable.html", {"document": document}, status=409)
    response = StreamingHttpResponse(chunks, content_type=document.content_type)
    response["Content-Length"] = str(document.size)
    response["Content-Disposition"] = f'attachment; filename="{document.display_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    # Even opened directly, the bytes can run nothing and reach nothing.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["Cache-Control"] = "private, no-store"
    return response
