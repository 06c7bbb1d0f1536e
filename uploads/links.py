"""One-time upload links: send files for one request without an account."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from audit import record
from matters.models import DocumentRequest
from portal.accounts.notifications import notify
from uploads.models import UploadLink


class LinkError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_link(
    *, request: DocumentRequest, by, email: str, language: str, max_files: int | None = None
) -> tuple[UploadLink, str]:
    """A new link (only its hash is stored) and its absolute URL; ``by`` may be None when
    the reminder job makes it."""
    token = secrets.token_urlsafe(32)
    link = UploadLink.objects.create(
        request=request,
        token_hash=_hash(token),
        email=email,
        language=language,
        max_files=max_files or settings.UPLOAD_LINK_MAX_FILES,
        created_by=by if getattr(by, "pk", None) else None,
        expires_at=timezone.now() + timedelta(hours=settings.UPLOAD_LINK_HOURS),
    )
    record("upload_link.sent", actor=by, subject=link, data={"request": str(request.uuid)})
    return link, settings.SITE_URL + reverse("upload_link", args=[token])


def reminder_link(*, request: DocumentRequest, email: str, language: str) -> str:
    """A one-time upload link for a reminder (matters' hook; the job makes it, no actor)."""
    _link, url = create_link(request=request, by=None, email=email, language=language)
    return url


def send_link(*, request: DocumentRequest, by, max_files: int | None = None) -> UploadLink:
    """Create a link for the request's client and email it in their language."""
    contact = request.matter.contacts.filter(role=request.audience).select_related("user").first()
    if contact is None:
        raise LinkError(_("No client on this matter is asked for this document."))
    language = getattr(contact.user, "preferred_language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        # In the client's language, or the other one marked as such.
        title = request.localized("title").plain()
    with transaction.atomic():
        link, url = create_link(
            request=request, by=by, email=contact.email, language=language, max_files=max_files
        )
        transaction.on_commit(
            lambda: notify(
                template="upload_link",
                email=contact.email,
                language=language,
                context={
                    "url": url,
                    "title": title,
                    "expires_at": link.expires_at,
                    "max_files": link.max_files,
                },
            )
        )
    return link


def find(token: str) -> UploadLink:
    """The usable link for a token, or LinkError saying why not."""
    link = (
        UploadLink.objects.select_related("request__matter")
        .filter(token_hash=_hash(token or ""))
        .first()
    )
    if link is None:
        raise LinkError(
            _(
                "This link is not valid. Please use the link exactly as it arrived, or ask your legal team for a new one."
            )
        )
    if link.revoked_at or link.request.status == DocumentRequest.Status.WITHDRAWN:
        raise LinkError(_("This link is no longer needed. Thank you."))
    if timezone.now() >= link.expires_at:
        raise LinkError(_("This link has expired. Please ask your legal team for a new one."))
    if link.used_files >= link.max_files:
        raise LinkError(_("This link has already been used for all the files it allows."))
    return link


def claim(link: UploadLink, files: int) -> bool:
    """Take ``files`` uses at once; of simultaneous claims only those that fit succeed."""
    return bool(
        UploadLink.objects.filter(
            pk=link.pk,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            used_files__lte=F("max_files") - files,
        ).update(used_files=F("used_files") + files)
    )


def release(link: UploadLink, files: int) -> None:
    """A refused file gives its use back."""
    UploadLink.objects.filter(pk=link.pk, used_files__gte=files).update(
        used_files=F("used_files") - files
    )
