"""Import the firm's existing case list from CSV: check every row first, then all or nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit import record
from matters import services
from matters.models import (
    CaseNote,
    CaseType,
    ContactRole,
    ReceiptNumber,
    validate_receipt_number,
)
from matters.services.notes import MAX_NOTE
from portal.accounts.models import Role, User
from portal.accounts.services import invite_client

COLUMNS = [
    "client_name",
    "client_email",
    "client_language",
    "client_role",
    "case_type",
    "stage",
    "attorney_email",
    "priority_date",
    "filing_date",
    "receipt_number",
    "receipt_form",
    "notes",
]
REQUIRED = {"client_name", "client_email", "case_type"}
MAX_ROWS = 20000


@dataclass
class RowProblem:
    row: int
    column: str
    message: str


@dataclass
class Report:
    rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    created: int = 0
    invited: int = 0
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def _date(value: str):
    return dt.date.fromisoformat(value) if value else None


def _check_row(n: int, row: dict, ctx: dict, report: Report) -> dict[str, Any]:
    def problem(column, message):
        report.problems.append(RowProblem(n, column, message))

    clean = {k: (row.get(k) or "").replace("\x00", "").strip() for k in COLUMNS}
    for col in REQUIRED:
        if not clean[col]:
            problem(col, _("This column is required."))
    email = User.objects.normalize_email(clean["client_email"])
    if clean["client_email"] and ("@" not in email or " " in email or len(email) > 254):
        problem("client_email", _("Not an email address."))
    if email in ctx["staff_emails"]:
        problem("client_email", _("This address belongs to a member of the firm."))
    case_type = ctx["case_types"].get(clean["case_type"].lower())
    if clean["case_type"] and case_type is None:
        problem("case_type", _("Unknown case type “%(code)s”.") % {"code": clean["case_type"]})
    if case_type and clean["stage"] and clean["stage"] not in [s["key"] for s in case_type.stages]:
        problem(
            "stage", _("Unknown stage “%(stage)s” for this case type.") % {"stage": clean["stage"]}
        )
    language = clean["client_language"] or "en"
    if language not in dict(settings.LANGUAGES):
        problem("client_language", _("Use en or es."))
    role = clean["client_role"] or ContactRole.BENEFICIARY
    if role not in ContactRole.values:
        problem(
            "client_role", _("Use one of: %(roles)s.") % {"roles": ", ".join(ContactRole.values)}
        )
    attorney = None
    if clean["attorney_email"]:
        attorney = ctx["attorneys"].get(clean["attorney_email"].lower())
        if attorney is None:
            problem("attorney_email", _("No attorney of the firm has this address."))
    dates = {}
    for col in ("priority_date", "filing_date"):
        try:
            dates[col] = _date(clean[col])
        except ValueError:
            problem(col, _("Write dates as YYYY-MM-DD."))
    if len(clean["notes"]) > MAX_NOTE:
        problem("notes", _("At most %(n)s characters.") % {"n": MAX_NOTE})
    receipt = clean["receipt_number"].upper().replace("-", "").replace(" ", "")
    if receipt:
        try:
            validate_receipt_number(receipt)
        except ValidationError as exc:
            problem("receipt_number", " ".join(exc.messages))
        else:
            if (
                receipt in ctx["receipts_seen"]
                or ReceiptNumber.objects.filter(number=receipt).exists()
            ):
                problem("receipt_number", _("This receipt number appears twice."))
            ctx["receipts_seen"].add(receipt)
    return {
        **clean,
        "client_email": email,
        "client_language": language,
        "client_role": role,
        "case_type": case_type,
        "attorney": attorney,
        "receipt_number": receipt,
        **dates,
    }


def _invite_new_clients(rows: Sequence[dict[str, Any] | None], *, by: User) -> int:
    """One invitation per client without an account, however many rows name them, in the
    language and under the name of their first row."""
    first: dict[str, dict] = {}
    for row in rows:
        if row is not None:
            first.setdefault(row["client_email"], row)
    have_accounts = {
        e.lower()
        for e in User.objects.filter(email__in=list(first)).values_list("email", flat=True)
    }
    invited = 0
    for email, row in first.items():
        if email.lower() in have_accounts:
            continue
        invite_client(
            email=email, full_name=row["client_name"], language=row["client_language"], by=by
        )
        invited += 1
    return invited


def import_csv(file, *, by: User, commit: bool, send_invitations: bool = False) -> Report:
    report = Report()
    try:
        text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
        reader = csv.DictReader(text)
        header = [h.strip() for h in (reader.fieldnames or [])]
    except (UnicodeDecodeError, csv.Error):
        report.problems.append(RowProblem(1, "", _("The file is not a UTF-8 CSV file.")))
        return report
    missing = [c for c in REQUIRED if c not in header]
    unknown = [h for h in header if h not in COLUMNS]
    if missing or unknown:
        report.problems.append(
            RowProblem(
                1,
                "",
                _(
                    "The header must use these columns: %(cols)s. Missing: %(missing)s. Unknown: %(unknown)s."
                )
                % {
                    "cols": ", ".join(COLUMNS),
                    "missing": ", ".join(missing) or "-",
                    "unknown": ", ".join(unknown) or "-",
                },
            )
        )
        return report
    ctx = {
        "case_types": {c.code: c for c in CaseType.objects.all()},
        "attorneys": {
            u.email: u
            for u in User.objects.filter(kind=User.Kind.STAFF, groups__name=Role.ATTORNEY)
        },
        "staff_emails": set(
            User.objects.filter(kind=User.Kind.STAFF).values_list("email", flat=True)
        ),
        "receipts_seen": set(),
    }
    rows = []
    try:
        for n, raw in enumerate(reader, start=2):
            if n - 1 > MAX_ROWS:
                report.problems.append(
                    RowProblem(n, "", _("At most %(n)s rows per file.") % {"n": MAX_ROWS})
                )
                break
            report.rows += 1
            rows.append(_check_row(n, {k.strip(): v for k, v in raw.items() if k}, ctx, report))
    except (UnicodeDecodeError, csv.Error) as exc:
        report.problems.append(
            RowProblem(report.rows + 2, "", _("The file cannot be read: %(e)s") % {"e": exc})
        )
    if not commit or not report.ok:
        return report
    with transaction.atomic():
        for row in rows:
            matter = services.create_matter(
                case_type=row["case_type"],
                client_email=row["client_email"],
                client_name=row["client_name"],
                language=row["client_language"],
                role=row["client_role"],
                attorney=row["attorney"],
                by=by,
                invite=False,
            )
            if row["stage"]:
                matter.stage = row["stage"]
            matter.priority_date, matter.filing_date = row["priority_date"], row["filing_date"]
            matter.save(update_fields=["stage", "priority_date", "filing_date", "updated_at"])
            if row["notes"]:
                # The firm's old notes open the case-notes log, signed by whoever imported.
                services.add_note(
                    matter=matter, body=row["notes"], by=by, origin=CaseNote.Origin.IMPORT
                )
            if row["receipt_number"]:
                services.add_receipt(
                    matter=matter,
                    number=row["receipt_number"],
                    form=row["receipt_form"],
                    received_on=None,
                    by=by,
                )
            report.created += 1
        if send_invitations:
            report.invited = _invite_new_clients(rows, by=by)
        record(
            "matters.imported",
            actor=by,
            data={"rows": report.created, "invited": report.invited},
        )
    report.committed = True
    return report
