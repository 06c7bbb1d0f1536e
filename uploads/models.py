"""Documents in the vault: one row per uploaded version, pointing at its ciphertext."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Document(models.Model):
    """One version of a file sent for a document request. Bytes live only in the vault."""

    class Ocr(models.TextChoices):
        PENDING = "pending", _("Waiting to be read")
        PROCESSING = "processing", _("Being read")
        DONE = "done", _("Text read")
        FAILED = "failed", _("Text could not be read")
        UNAVAILABLE = "unavailable", _("Text recognition unavailable")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(
        "matters.DocumentRequest",
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("document request"),
    )
    version = models.PositiveIntegerField(_("version"))
    # Which part of the request this file is (matters.parts): "front", "back", "" for
    # the first page, "page-2"...; the newest version of each part is the current one.
    part = models.CharField(_("part"), max_length=20, blank=True, default="")
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
    # The tombstone: why it was destroyed (a retention policy's name, or the reason given),
    # and when its blobs were deleted too (a crash between the two is finished next run).
    destroyed_reason = models.CharField(_("destroyed because"), max_length=200, blank=True)
    destroyed_policy = models.CharField(_("retention policy"), max_length=200, blank=True)
    blobs_deleted_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    # Text recognition: state only; the text itself is sealed in DocumentText.
    ocr_status = models.CharField(
        _("text recognition"), max_length=12, choices=Ocr.choices, default=Ocr.PENDING
    )
    ocr_error = models.CharField(_("why the text could not be read"), max_length=200, blank=True)
    ocr_attempts = models.PositiveSmallIntegerField(default=0)
    ocr_updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["request", "-version"]
        indexes = [models.Index(fields=["ocr_status", "ocr_updated_at"], name="document_ocr_queue")]
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
    # Empty when the reminder job made it (the firm chose links in reminders).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
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


def text_id(document_uuid: uuid.UUID) -> uuid.UUID:
    """The id a document's recognised text is sealed under (its own data key)."""
    return uuid.uuid5(document_uuid, "text")


class DocumentText(models.Model):
    """What the OCR worker read from a document, sealed like the document itself.

    ``sealed`` is a vault blob (uploads/VAULT.md) of a JSON payload: the text of each
    page, the machine-readable zone, the proposed fields and, once staff confirm
    them, the confirmed values. Only keyed hashes of its words are in clear
    (``search_tokens``), so that staff can search without the database holding text.
    """

    document = models.OneToOneField(
        Document, on_delete=models.CASCADE, related_name="text", verbose_name=_("document")
    )
    key_id = models.CharField(_("key id"), max_length=32, db_index=True)
    wrapped_key = models.TextField(_("wrapped data key"))
    sealed = models.BinaryField(_("sealed text"))
    search_tokens = models.TextField(blank=True)
    pages = models.PositiveSmallIntegerField(_("pages read"), default=0)
    languages = models.CharField(_("languages"), max_length=40, blank=True)
    mrz_valid = models.BooleanField(_("machine-readable zone checks passed"), null=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), default=timezone.now)

    class Meta:
        verbose_name = _("document text")
        verbose_name_plural = _("document texts")

    def __str__(self) -> str:
        return f"text of {self.document_id}"
