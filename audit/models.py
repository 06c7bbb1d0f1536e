from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit import messages, retention_kinds


class Event(models.Model):
    """One append-only, hash-chained row of the event log.

    ``seq`` is gap-free and assigned under a lock, so a deleted row shows as a
    hole and a reordered one as a broken link. On Postgres a trigger refuses
    UPDATE and DELETE. The actor is kept by id and label, not a foreign key:
    deleting a user must never have to touch the log.
    """

    seq = models.BigIntegerField(_("sequence"), unique=True)
    created_at = models.DateTimeField(_("time (UTC)"), db_index=True)
    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("actor"), max_length=254, blank=True)
    subject_type = models.CharField(_("subject type"), max_length=64, blank=True)
    subject_id = models.CharField(_("subject id"), max_length=64, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind}"


# Retention, legal holds and alerts (the compliance officer's tools) ---------------------------


class RetentionPolicy(models.Model):
    """How long a kind of record is kept after a trigger, and what happens then.

    The kinds of record and their triggers are declared by the apps that own the records
    (``audit.retention.register``); audit itself knows only its own events.
    """

    class Action(models.TextChoices):
        DESTROY = "destroy", _("Destroy")
        ARCHIVE = "archive", _("Archive")

    name = models.CharField(_("name"), max_length=120, unique=True)
    record = models.CharField(_("records"), max_length=20, choices=retention_kinds.record_choices)
    document_type = models.CharField(
        _("document type (checklist key; empty: all)"), max_length=60, blank=True
    )
    trigger = models.CharField(
        _("counted from"), max_length=24, choices=retention_kinds.trigger_choices
    )
    days = models.PositiveIntegerField(_("kept for (days)"))
    action = models.CharField(_("then"), max_length=10, choices=Action.choices)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["record", "document_type", "name"]
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        retention_kinds.validate_policy(self)


class LegalHold(models.Model):
    """While in force, nothing of the matter (or of the client) is destroyed.

    The matter and the client are referenced by id and a label, not by foreign key: audit is
    the ground layer and knows no other app's tables. Each app that registers records for
    retention says how a hold on a matter or a client reaches them.
    """

    matter_id = models.BigIntegerField(_("matter"), null=True, blank=True, db_index=True)
    matter_label = models.CharField(_("matter"), max_length=300, blank=True)
    client_id = models.BigIntegerField(_("client"), null=True, blank=True, db_index=True)
    client_label = models.CharField(_("client"), max_length=300, blank=True)
    reason = models.TextField(_("reason"))
    placed_by_id = models.BigIntegerField(null=True, blank=True)
    placed_by_label = models.CharField(_("placed by"), max_length=254, blank=True)
    placed_at = models.DateTimeField(default=timezone.now)
    released_by_id = models.BigIntegerField(null=True, blank=True)
    released_by_label = models.CharField(_("released by"), max_length=254, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-placed_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(matter_id__isnull=False) | models.Q(client_id__isnull=False),
                name="hold_has_a_scope",
            )
        ]

    def __str__(self) -> str:
        return self.matter_label or self.client_label or f"hold {self.pk}"


class Alert(models.Model):
    """An unusual access found by a rule, until a person looks at it.

    The title is a message key with parameters (``audit.messages``), rendered in the
    reader's language, not in the language of the job that found it.
    """

    rule = models.CharField(max_length=30)
    key = models.CharField(max_length=200, unique=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_label = models.CharField(max_length=254, blank=True)
    title_key = models.CharField(max_length=80, default="text")
    title_params = models.JSONField(default=dict, blank=True)
    event_seqs = models.JSONField(default=list)
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    acknowledged_by_id = models.BigIntegerField(null=True, blank=True)
    acknowledged_by_label = models.CharField(max_length=254, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-last_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return messages.render(self.title_key, self.title_params)


class ChainCheck(models.Model):
    """Each periodic verification of the event log's chain."""

    ran_at = models.DateTimeField(default=timezone.now)
    ok = models.BooleanField()
    checked = models.BigIntegerField(default=0)
    broken_seq = models.BigIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"{self.ran_at}: {'ok' if self.ok else 'broken'}"


class Checkpoint(models.Model):
    """A sealed summary of a pruned prefix of the event log.

    Pruning removes the oldest events; the checkpoint keeps what verification
    needs to start after them: the last removed event's seq and hash. Its
    ``signature`` is an HMAC (keyed from SECRET_KEY) over all its other fields,
    ``prev_signature`` included, so checkpoints form a chain of their own and
    neither can be edited, dropped or forged without the key. See
    ``audit.checkpoints``.
    """

    up_to_seq = models.BigIntegerField(_("up to sequence"), unique=True)
    last_hash = models.CharField(_("hash of the last removed event"), max_length=64)
    removed_count = models.BigIntegerField(_("events removed"))
    first_removed_at = models.DateTimeField(_("first removed event (UTC)"))
    last_removed_at = models.DateTimeField(_("last removed event (UTC)"))
    created_at = models.DateTimeField(_("time (UTC)"))
    prev_signature = models.CharField(_("previous checkpoint's signature"), max_length=64)
    signature = models.CharField(_("signature"), max_length=64, unique=True)

    class Meta:
        ordering = ["up_to_seq"]
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")

    def __str__(self) -> str:
        return _("checkpoint up to #%(seq)s") % {"seq": self.up_to_seq}
