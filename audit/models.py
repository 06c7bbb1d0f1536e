from django.db import models
from django.utils.translation import gettext_lazy as _


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
