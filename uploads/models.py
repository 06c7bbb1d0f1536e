"""Documents in the vault: one row per uploaded version, pointing at its ciphertext."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Document(models.Model):
    """One version of a file sent for a document request. Bytes live only in the vault."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(
        "matters.DocumentRequest",
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("document request"),
    )
    version = models.PositiveIntegerField(_("version"))
    display_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=60)
    size = models.BigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256 of the content"), max_length=64)
    blob_name = models.CharField(_("blob"), max_length=200, unique=True)
    key_id = models.CharField(_("key id"), max_length=32, db_index=True)
    # Empty once destroyed: without its data key the blob can never be read again.
    wrapped_key = models.TextField(_("wrapped data key"), blank=True)
    flags = models.JSONField(_("warnings"), default=list, blank=True)
    hints = models.JSONField(_("photo hints"), default=list, blank=True)
    # The preview (a re-encoded JPEG without metadata) is a second blob with its own key.
    preview_blob_name = models.CharField(_("preview blob"), max_length=200, blank=True)
    preview_key_id = models.CharField(_("preview key id"), max_length=32, blank=True)
    preview_wrapped_key = models.TextField(_("preview wrapped key"), blank=True)
    preview_size = models.BigIntegerField(_("preview size"), default=0)
    preview_sha256 = models.CharField(max_length=64, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed by the client"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    destroyed_at = models.DateTimeField(_("destroyed"), null=True, blank=True)

    class Meta:
        ordering = ["request", "-version"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(fields=["request", "version"], name="document_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.display_name} (v{self.version})"


class UploadLink(models.Model):
    """A link that lets someone send files for one request without an account.

    The token is 256 random bits; only its SHA-256 is stored. It expires, and it
    takes a bounded number of files, counted with a conditional UPDATE so that
    simultaneous uses cannot overshoot.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(
        "matters.DocumentRequest",
        on_delete=models.CASCADE,
        related_name="upload_links",
        verbose_name=_("document request"),
    )
    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField(_("sent to"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    max_files = models.PositiveSmallIntegerField(_("files allowed"), default=3)
    used_files = models.PositiveSmallIntegerField(_("files received"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("one-time upload link")
        verbose_name_plural = _("one-time upload links")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(used_files__lte=models.F("max_files")),
                name="upload_link_bounded",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.used_files}/{self.max_files})"
