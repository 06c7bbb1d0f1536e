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
