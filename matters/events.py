"""Event kinds that matters records, with the labels the matter history shows."""

from django.utils.translation import gettext_lazy as _

KINDS = {
    "matter.created": _("Matter opened"),
    "matter.stage_changed": _("Stage changed"),
    "matter.details_changed": _("Dates changed"),
    "matter.team_changed": _("Attorney or staff changed"),
    "matter.note_added": _("Case note added"),
    "matter.receipt_added": _("Receipt number added"),
    "matter.rfe_entered": _("RFE recorded"),
    "matter.closed": _("Matter closed"),
    "matter.reopened": _("Matter reopened"),
    "matter.answers_filled": _("Answers filled from a document"),
    "matter.answers_destroyed": _("Intake answers destroyed under a retention policy"),
    "matters.imported": _("Matters imported"),
    "intake.saved": _("Answers saved"),
    "intake.submitted": _("Intake submitted"),
    "intake.changes_confirmed": _("Changed answers confirmed"),
    "intake.sensitive_revealed": _("Identity numbers shown"),
    "request.created": _("Document requested"),
    "request.uploaded": _("Document uploaded"),
    "request.accepted": _("Document accepted"),
    "request.rejected": _("Document sent back"),
    "request.withdrawn": _("Document no longer needed"),
    "request.reopened": _("Document needed again"),
    "request.needs_translation": _("Translation requested"),
    "task.created": _("Task created"),
    "task.completed": _("Task done"),
    "task.reassigned": _("Task reassigned"),
    "reminder.failed": _("Reminder could not be sent"),
    "reminders.preferences_changed": _("Reminder preferences changed"),
}
