"""Messages that matters stores as keys (task titles), rendered in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from audit.messages import Message


def _deadline_at_risk(params: Mapping[str, Any]) -> str:
    missing = int(params.get("missing", 0))
    return ngettext(
        "%(missing)d document still missing before the deadline of %(date)s",
        "%(missing)d documents still missing before the deadline of %(date)s",
        missing,
    ) % {"missing": missing, "date": params.get("date", "")}


MESSAGES: dict[str, Message] = {
    "matters.task.passport_expiring": _("Passport expires %(date)s: ask the client to renew it"),
    "matters.task.deadline_at_risk": _deadline_at_risk,
}
