"""Case types, matters, contacts, intake answers, document requests, tasks, RFEs."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from audit import messages
from matters import bilingual
from matters import parts as doc_parts
from matters import questionnaire as qn
from matters.defaults import DEFAULT_TASK_RULES
from portal.accounts.models import Role

RECEIPT_PREFIXES = ("IOE", "EAC", "WAC", "LIN", "SRC", "NBC", "MSC", "YSC")
RECEIPT_RE = re.compile(r"^({})\d{{10}}$".format("|".join(RECEIPT_PREFIXES)))


def validate_receipt_number(value: str) -> None:
    if not RECEIPT_RE.match(value or ""):
        raise ValidationError(
            _(
                "A USCIS receipt number is three letters for the service centre (%(centres)s) "
                "followed by ten digits, for example IOE0123456789."
            ),
            params={"centres": ", ".join(RECEIPT_PREFIXES)},
            code="receipt",
        )


class Bilingual:
    """Models with ``<name>_en`` and ``<name>_es`` columns read in the active language
    (a column without a suffix is the English one), falling back to the other."""

    def localized(self, name: str) -> bilingual.Localized:
        texts = {}
        for lang in bilingual.LANGUAGES:
            value = getattr(self, f"{name}_{lang}", None)
            if value is None and lang == "en":
                value = getattr(self, name, "")
            texts[lang] = value or ""
        return bilingual.pick(texts)

    def tr(self, name: str) -> str:
        return self.localized(name).text


class ContactRole(models.TextChoices):
    BENEFICIARY = "beneficiary", _("Beneficiary")
    PETITIONER = "petitioner", _("Petitioner")
    SPONSOR = "sponsor", _("Sponsor")
    EMPLOYER_HR = "employer_hr", _("Employer HR contact")


class CaseType(Bilingual, models.Model):
    class Category(models.TextChoices):
        FAMILY = "family", _("Family-based")
        EMPLOYMENT = "employment", _("Employment-based")
        HUMANITARIAN = "humanitarian", _("Humanitarian")
        NATURALIZATION = "naturalization", _("Naturalization")
        DACA = "daca", _("DACA / work permit")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120)
    forms = models.CharField(_("forms"), max_length=100, blank=True)
    stages = models.JSONField(_("stages"), default=list)
    questionnaire = models.JSONField(_("intake questionnaire"))
    checklist = models.JSONField(_("document checklist"), default=list)
    task_rules = models.JSONField(_("task rules"), default=dict, blank=True)
    # Days after a document is requested (or intake opened) when the client is reminded.
    reminder_days = models.JSONField(_("reminder days"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["category", "name_en"]
        verbose_name = _("case type")
        verbose_name_plural = _("case types")

    def __str__(self) -> str:
        return f"{self.tr('name')} ({self.forms})" if self.forms else self.tr("name")

    def save(self, *args, **kwargs):
        # Validated on every save, whoever saves: the admin, a migration or code.
        self.clean()
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.current_version()

    def current_version(self) -> QuestionnaireVersion:
        """The questionnaire as it stands, as a numbered version (made when it changed)."""
        latest = self.versions.order_by("-number").first()
        if latest is None or latest.schema != self.questionnaire:
            latest = QuestionnaireVersion.objects.create(
                case_type=self,
                number=(latest.number + 1) if latest else 1,
                schema=self.questionnaire,
            )
        return latest

    @property
    def name(self) -> str:
        return self.tr("name")

    def clean(self) -> None:
        errors = []
        try:
            qn.validate_schema(self.questionnaire)
        except qn.SchemaError as exc:
            errors += exc.errors
        else:
            try:
                qn.validate_checklist(self.checklist, self.questionnaire)
            except qn.SchemaError as exc:
                errors += exc.errors
        keys = [s.get("key") for s in self.stages if isinstance(s, dict)]
        if not keys or len(keys) != len(set(keys)) or len(keys) != len(self.stages):
            errors.append("stages: a non-empty list of {key, label} with unique keys")
        unknown = set(self.task_rules or {}) - {
            "intake_submitted",
            "document_uploaded",
            "all_documents_accepted",
            "rfe_entered",
        }
        if unknown:
            errors.append(f"task_rules: unknown events {sorted(unknown)}")
        if errors:
            raise ValidationError({"questionnaire": errors})

    def stage_label(self, key: str) -> str:
        for stage in self.stages:
            if stage["key"] == key:
                return qn.text(stage["label"])
        return key

    def rule(self, event: str) -> dict | None:
        return {**DEFAULT_TASK_RULES, **(self.task_rules or {})}.get(event)


class QuestionnaireVersion(models.Model):
    """One version of a case type's questionnaire. Matters keep the version they opened with,
    so editing a case type never moves the ground under answers already given."""

    case_type = models.ForeignKey(
        CaseType, on_delete=models.PROTECT, related_name="versions", verbose_name=_("case type")
    )
    number = models.PositiveIntegerField(_("version"))
    schema = models.JSONField(_("questionnaire"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["case_type", "number"]
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        constraints = [
            models.UniqueConstraint(
                fields=["case_type", "number"], name="questionnaire_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_type.code} v{self.number}"


class Matter(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Intake(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    case_type = models.ForeignKey(
        CaseType, on_delete=models.PROTECT, related_name="matters", verbose_name=_("case type")
    )
    questionnaire_version = models.ForeignKey(
        QuestionnaireVersion,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("questionnaire version"),
    )
    stage = models.CharField(_("stage"), max_length=40, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    responsible_attorney = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible attorney"),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="assigned_matters",
        verbose_name=_("assigned staff"),
    )
    form_numbers = models.CharField(_("form numbers"), max_length=100, blank=True)
    priority_date = models.DateField(_("priority date"), null=True, blank=True)
    filing_date = models.DateField(_("filing date"), null=True, blank=True)
    biometrics_date = models.DateField(_("biometrics appointment"), null=True, blank=True)
    interview_date = models.DateField(_("interview"), null=True, blank=True)
    target_filing_date = models.DateField(_("filing target"), null=True, blank=True)
    intake_status = models.CharField(
        _("intake"), max_length=12, choices=Intake.choices, default=Intake.NOT_STARTED
    )
    intake_submitted_at = models.DateTimeField(_("intake submitted"), null=True, blank=True)
    # Figures for the matter list, kept by matters.services.refresh_figures whenever a
    # request or task changes, so that filtering and sorting 10,000 matters reads
    # columns instead of counting rows (bench/matters.py).
    open_requests = models.PositiveIntegerField(_("documents missing"), default=0)
    next_task_due = models.DateField(_("next task due"), null=True, blank=True)
    next_request_due = models.DateField(_("next document due"), null=True, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    sealed_answers = models.TextField(_("sensitive answers (sealed)"), blank=True)
    created_at = models.DateTimeField(_("opened"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Retention: when the intake answers were destroyed under a policy (a tombstone).
    answers_destroyed_at = models.DateTimeField(null=True, blank=True)
    intake_reminder_steps = models.JSONField(default=list, blank=True)
    answers_destroyed_policy = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("matter")
        verbose_name_plural = _("matters")
        indexes = [
            models.Index(fields=["next_task_due", "id"], name="matter_next_task_due"),
            # Covers the "missing documents" and "overdue" filters, counts included.
            models.Index(
                fields=["open_requests", "next_task_due", "next_request_due"],
                name="matter_list_figures",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def questionnaire(self) -> dict:
        return self.questionnaire_version.schema

    @property
    def reference(self) -> str:
        return f"M-{self.pk:05d}" if self.pk else "M-new"

    @property
    def stage_label(self) -> str:
        return self.case_type.stage_label(self.stage)


class MatterContact(models.Model):
    """A client's part in a matter. ``user`` is empty until the invited client opens an account."""

    matter = models.ForeignKey(
        Matter, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("matter")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matter_contacts",
        verbose_name=_("account"),
    )
    email = models.EmailField(_("email address"))
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("part in the case"), max_length=20, choices=ContactRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["matter", "email"], name="matter_contact_unique")
        ]
        verbose_name = _("client contact")
        verbose_name_plural = _("client contacts")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class CaseNote(models.Model):
    """One entry of a matter's running case-notes log: dated, signed, never changed.

    A correction is a new note; the log reads as it was written. (The matter's single
    free-text notes field became the first entry of each log: ``ORIGIN_EARLIER``.)
    """

    class Origin(models.TextChoices):
        WRITTEN = "written", _("Written in the log")
        EARLIER = "earlier", _("The matter's notes from before the log")
        IMPORT = "import", _("Imported from the firm's case list")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    matter = models.ForeignKey(
        Matter, on_delete=models.CASCADE, related_name="case_notes", verbose_name=_("matter")
    )
    body = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    # The signature as it read when written: a later change of name does not rewrite it.
    author_label = models.CharField(_("signed"), max_length=254, blank=True)
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.WRITTEN
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self) -> str:
        return f"{self.matter_id} {self.created_at:%Y-%m-%d %H:%M} {self.author_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Case notes are never changed: add a new note instead.")
        super().save(*args, **kwargs)


class ReceiptNumber(models.Model):
    matter = models.ForeignKey(
        Matter, on_delete=models.CASCADE, related_name="receipts", verbose_name=_("matter")
    )
    number = models.CharField(
        _("receipt number"), max_length=13, unique=True, validators=[validate_receipt_number]
    )
    form = models.CharField(_("form"), max_length=20, blank=True)
    received_on = models.DateField(_("notice date"), null=True, blank=True)

    class Meta:
        ordering = ["received_on", "number"]
        verbose_name = _("USCIS receipt")
        verbose_name_plural = _("USCIS receipts")

    def __str__(self) -> str:
        return self.number


class Rfe(models.Model):
    """A Request for Evidence from USCIS, with its response deadline."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    matter = models.ForeignKey(
        Matter, on_delete=models.CASCADE, related_name="rfes", verbose_name=_("matter")
    )
    notice_date = models.DateField(_("notice date"))
    due_date = models.DateField(_("response due"))
    notes = models.TextField(_("what USCIS asks for"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("recorded"))

    class Meta:
        ordering = ["due_date"]
        verbose_name = _("request for evidence")
        verbose_name_plural = _("requests for evidence")

    def __str__(self) -> str:
        return f"RFE {self.notice_date}"


class DocumentRequest(Bilingual, models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        UPLOADED = "uploaded", _("Uploaded, waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Needs a new file")
        WITHDRAWN = "withdrawn", _("No longer needed")

    class Link(models.TextChoices):
        MAIN = "", _("Document")
        TRANSLATION = "translation", _("Certified English translation")
        CERTIFICATE = "translator_certificate", _("Translator's certificate")

    class Source(models.TextChoices):
        CHECKLIST = "checklist", _("Case type checklist")
        INTAKE = "intake", _("Intake answers")
        RFE = "rfe", _("Request for evidence")
        STAFF = "staff", _("Added by staff")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    matter = models.ForeignKey(
        Matter, on_delete=models.CASCADE, related_name="requests", verbose_name=_("matter")
    )
    key = models.CharField(max_length=60, blank=True, verbose_name=_("checklist key"))
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_es = models.CharField(_("title (Spanish)"), max_length=200)
    why_en = models.TextField(_("why it is needed (English)"), blank=True)
    why_es = models.TextField(_("why it is needed (Spanish)"), blank=True)
    formats = models.JSONField(_("accepted formats"), default=list)
    # The named parts it takes (matters.parts), e.g. ["front", "back"]; empty: one
    # document of as many pages as the client has.
    parts = models.JSONField(_("parts"), default=list, blank=True)
    example = models.CharField(_("example image"), max_length=200, blank=True)
    audience = models.CharField(
        max_length=20,
        choices=ContactRole.choices,
        default="beneficiary",
        verbose_name=_("addressed to"),
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED, db_index=True
    )
    # Why staff sent it back, in English (this column) and in Spanish (``_es``): the
    # client reads it in their language, or in the other with a note saying so.
    rejection_reason = models.TextField(_("reason"), blank=True)
    rejection_reason_es = models.TextField(_("reason (Spanish)"), blank=True)
    times_requested = models.PositiveSmallIntegerField(default=1, verbose_name=_("times requested"))
    source = models.CharField(
        max_length=10, choices=Source.choices, default=Source.CHECKLIST, verbose_name=_("source")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="linked",
        verbose_name=_("belongs to"),
    )
    link = models.CharField(
        max_length=24, choices=Link.choices, default=Link.MAIN, blank=True, verbose_name=_("kind")
    )
    translation_possible = models.BooleanField(
        default=False, verbose_name=_("may need a translation")
    )
    in_foreign_language = models.BooleanField(_("not in English"), default=False)
    rfe = models.ForeignKey(
        Rfe,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("request for evidence"),
    )
    position = models.PositiveIntegerField(default=0, verbose_name=_("position"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))
    # When it last became "requested" (opened, or sent back), and which reminder
    # steps (days after that) have been sent since: reset when it is sent back.
    requested_at = models.DateTimeField(default=timezone.now, verbose_name=_("requested"))
    reminder_steps = models.JSONField(default=list, blank=True)
    # Not a field: the staff matter page sets it to the request's files (uploads' Document
    # rows, which matters does not import), newest first.
    versions: list[Any]

    class Meta:
        ordering = ["position", "created_at"]
        verbose_name = _("document request")
        verbose_name_plural = _("document requests")
        indexes = [models.Index(fields=["matter", "status"])]

    def __str__(self) -> str:
        return self.title_en

    def clean(self) -> None:
        problems = doc_parts.validate(self.parts or None)
        if problems:
            raise ValidationError({"parts": problems})

    @property
    def title(self) -> str:
        return self.tr("title")

    @property
    def why(self) -> str:
        return self.tr("why")

    @property
    def has_rejection_reason(self) -> bool:
        return bool(self.rejection_reason or self.rejection_reason_es)

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.REQUESTED, self.Status.REJECTED)


class Task(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    matter = models.ForeignKey(
        Matter, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("matter")
    )
    # The title is a message key with parameters (audit.messages), rendered in the reader's
    # language: a Spanish-speaking paralegal reads a task a job wrote in Spanish.
    title_key = models.CharField(_("task"), max_length=80, default=messages.TEXT)
    title_params = models.JSONField(_("task details"), default=dict, blank=True)
    role = models.CharField(_("role"), max_length=20, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("assignee"),
    )
    due_date = models.DateField(_("due"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    event = models.CharField(max_length=40, blank=True, verbose_name=_("event"))
    # Rule-made tasks carry a key so that an event seen twice makes one task.
    dedupe_key = models.CharField(max_length=120, blank=True, verbose_name=_("rule key"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))
    completed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("completed"))
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completed by"),
    )

    class Meta:
        ordering = ["status", "due_date", "created_at"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.UniqueConstraint(
                fields=["matter", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="task_dedupe_unique",
            )
        ]

    def __str__(self) -> str:
        with translation.override("en"):
            return self.title

    @property
    def title(self) -> str:
        return messages.render(self.title_key, self.title_params)

    @property
    def role_label(self) -> str:
        """The role the task waits for, in the reader's language ("" for the matter's team)."""
        return str(dict(Role.choices).get(self.role, self.role))

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == self.Status.OPEN
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )


class AnswerChange(models.Model):
    """An answer the client changed after submitting the intake, for staff to confirm."""

    matter = models.ForeignKey(
        Matter, on_delete=models.CASCADE, related_name="answer_changes", verbose_name=_("matter")
    )
    question = models.CharField(max_length=60, verbose_name=_("question"))
    # Before and after are sealed: they may be identity numbers.
    sealed_values = models.TextField(verbose_name=_("before and after (sealed)"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(default=timezone.now, verbose_name=_("changed"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("confirmed"))

    class Meta:
        ordering = ["changed_at"]
        verbose_name = _("answer change")
        verbose_name_plural = _("answer changes")

    def __str__(self) -> str:
        return f"{self.question} @ {self.changed_at:%Y-%m-%d}"


class Reminder(models.Model):
    """One reminder message to one client on one channel on one local day.

    The unique key makes a rerun of the job a no-op; ``items`` keeps what it said was
    missing, so a failed send is retried with the same content and nothing is lost.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("Text message")

    class Status(models.TextChoices):
        PENDING = "pending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(max_length=200, unique=True)
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="reminders")
    contact = models.ForeignKey(MatterContact, on_delete=models.CASCADE, related_name="reminders")
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    language = models.CharField(max_length=8)
    items = models.JSONField(default=list)
    escalated = models.BooleanField(default=False)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self) -> str:
        return self.key
