"""Business operations on matters, by concern; this package's public API.

Other apps call these names from ``matters.services``; inside matters, import from the
module that owns the operation.
"""

from matters.services.answers import answers_purpose, fill_answers, read_answers, write_answers
from matters.services.checklist import (
    accept_request,
    add_request,
    checklist_complete,
    mark_foreign_language,
    mark_uploaded,
    missing_parts,
    per_language,
    reject_request,
    set_complete,
    sync_requests,
    unmark_foreign_language,
)
from matters.services.common import today
from matters.services.figures import OPEN_STATUSES, refresh_all_figures, refresh_figures
from matters.services.lifecycle import (
    DETAIL_FIELDS,
    RFE_DEFAULT_DAYS,
    add_receipt,
    add_rfe,
    attach_contacts,
    change_stage,
    close_matter,
    create_matter,
    reopen_matter,
    update_details,
)
from matters.services.notes import add_note
from matters.services.tasks import (
    add_months,
    assignee_for,
    complete_task,
    create_task,
    flag_expiring_passport,
    open_task,
    run_rule,
)
from matters.services.team import TeamChange, change_team

__all__ = [
    "DETAIL_FIELDS",
    "OPEN_STATUSES",
    "RFE_DEFAULT_DAYS",
    "TeamChange",
    "accept_request",
    "add_months",
    "add_note",
    "add_receipt",
    "add_request",
    "add_rfe",
    "answers_purpose",
    "assignee_for",
    "attach_contacts",
    "change_stage",
    "change_team",
    "checklist_complete",
    "close_matter",
    "complete_task",
    "create_matter",
    "create_task",
    "fill_answers",
    "flag_expiring_passport",
    "mark_foreign_language",
    "mark_uploaded",
    "missing_parts",
    "open_task",
    "per_language",
    "read_answers",
    "refresh_all_figures",
    "refresh_figures",
    "reject_request",
    "reopen_matter",
    "run_rule",
    "set_complete",
    "sync_requests",
    "today",
    "unmark_foreign_language",
    "update_details",
    "write_answers",
]
