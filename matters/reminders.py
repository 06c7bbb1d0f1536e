"""Bringing clients back: reminders for missing documents and unfinished intake.

A periodic job (``send_due``) walks open matters in batches of ``BATCH`` with a fixed
number of queries per batch. For each client contact it gathers what is missing and
due for a reminder today:

- documents still requested (or sent back), on the case type's cadence of days since
  they were requested (``CaseType.reminder_days``, else ``REMINDER_DAYS``); a missed
  step is caught up once, not sent twice;
- the intake questionnaire, while unsubmitted, on the same cadence from the opening;
- near a deadline (filing target, biometrics, interview, an RFE's due date within
  ``REMINDER_ESCALATE_DAYS``) every open item, every day, and one task for the
  matter's paralegal.

One message per client, channel and local day says exactly what is missing, each
item with a signed one-click link to its upload page. Email always (the firm must be
able to reach the client), a text message too where the client opted in with a phone
number. Nothing goes out in the client's quiet hours (their own time zone): the next
run sends it. Each message is a ``Reminder`` row whose unique key makes reruns
harmless; a failed send is retried by the next runs, then shown to staff.

What a reminder keeps (``items``) is language-neutral: each item's kind and, for a
document, the request's id. Titles are rendered in the reader's language when the
message is sent (the recipient's) or the history shown (the active language).
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from audit import record
from matters import hooks
from matters.models import DocumentRequest, Matter, MatterContact, Reminder, Rfe, Task
from matters.services import open_task
from portal.accounts.models import Role
from portal.accounts.notifications import EMAIL, SMS, notify

log = logging.getLogger(__name__)

BATCH = 500
LINK_SALT = "matters.reminder-link"
OPEN = (DocumentRequest.Status.REQUESTED, DocumentRequest.Status.REJECTED)

INTAKE_TITLE = _("Your intake questionnaire")
GONE_REQUEST_TITLE = _("A document we asked for")  # its request no longer exists


def cadence(matter: Matter) -> list[int]:
    return sorted(matter.case_type.reminder_days or settings.REMINDER_DAYS)


def link_token(contact_user_id: int, request_uuid) -> str:
    return signing.dumps(
        {"u": contact_user_id, "r": str(request_uuid)}, salt=LINK_SALT, compress=True
    )


def read_link(token: str) -> dict | None:
    try:
        return signing.loads(token, salt=LINK_SALT, max_age=settings.REMINDER_LINK_DAYS * 86400)
    except signing.BadSignature:
        return None


def _zone(user) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(getattr(user, "time_zone", "") or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def quiet(user, now: dt.datetime) -> bool:
    local = now.astimezone(_zone(user))
    start, end = settings.REMINDER_HOURS
    return not (start <= local.hour < end)


def _step_due(age_days: int, steps: list[int], done: list[int]) -> int | None:
    """The latest cadence step reached and not yet sent (earlier missed ones are covered)."""
    reached = [s for s in steps if s <= age_days]
    if not reached or reached[-1] in done:
        return None
    return reached[-1]


def _deadlines(matter: Matter, rfes: list[Rfe]) -> list[dt.date]:
    dates = [matter.target_filing_date, matter.biometrics_date, matter.interview_date]
    dates += [r.due_date for r in rfes if r.due_date]
    return [d for d in dates if d]


def send_due(*, now: dt.datetime | None = None) -> dict:
    """One pass over open matters; returns counts. Safe to run as often as you like."""
    now = now or timezone.now()
    stats: defaultdict[str, int] = defaultdict(int)
    retry_failed(now=now, stats=stats)
    last = 0
    while True:
        matters = list(
            Matter.objects.filter(status=Matter.Status.OPEN, pk__gt=last)
            .select_related("case_type")
            .order_by("pk")[:BATCH]
        )
        if not matters:
            break
        last = matters[-1].pk
        ids = [m.pk for m in matters]
        requests = defaultdict(list)
        for r in DocumentRequest.objects.filter(matter_id__in=ids, status__in=OPEN).order_by(
            "position"
        ):
            requests[r.matter_id].append(r)
        contacts = defaultdict(list)
        for c in MatterContact.objects.filter(matter_id__in=ids).select_related("user"):
            contacts[c.matter_id].append(c)
        rfes = defaultdict(list)
        for rfe in Rfe.objects.filter(
            matter_id__in=ids, due_date__gte=now.date() - dt.timedelta(days=1)
        ):
            rfes[rfe.matter_id].append(rfe)
        today_keys = set(
            Reminder.objects.filter(
                matter_id__in=ids, created_at__gte=now - dt.timedelta(days=2)
            ).values_list("key", flat=True)
        )
        tasks_made = set(
            Task.objects.filter(matter_id__in=ids, event="deadline_at_risk").values_list(
                "dedupe_key", flat=True
            )
        )
        to_send: list[Reminder] = []
        step_updates: dict[int, list[int]] = {}
        intake_updates: dict[int, list[int]] = {}
        for matter in matters:
            steps = cadence(matter)
            today = now.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).date()
            soon = today + dt.timedelta(days=settings.REMINDER_ESCALATE_DAYS)
            at_risk = [d for d in _deadlines(matter, rfes[matter.pk]) if today <= d <= soon]
            open_requests = requests[matter.pk]
            if at_risk and open_requests:
                key = f"deadline_at_risk:{matter.uuid}:{min(at_risk).isoformat()}"
                if key not in tasks_made:
                    _risk_task(matter, key, min(at_risk), len(open_requests))
                    stats["tasks"] += 1
            for contact in contacts[matter.pk]:
                user = contact.user
                if user is None or not user.is_active:
                    continue  # an invitation not yet accepted: the invitation itself reminds
                if quiet(user, now):
                    stats["quiet"] += 1
                    continue
                local_day = now.astimezone(_zone(user)).date()
                items = []
                for r in open_requests:
                    if r.audience != contact.role:
                        continue
                    age = (now - r.requested_at).days
                    step = _step_due(age, steps, step_updates.get(r.pk, r.reminder_steps))
                    if at_risk:
                        step = -1  # daily while a deadline is near
                    if step is None:
                        continue
                    items.append(_item(r, user, step))
                    if step >= 0:
                        step_updates[r.pk] = sorted(
                            {*r.reminder_steps, *[s for s in steps if s <= step]}
                        )
                if matter.intake_status != Matter.Intake.SUBMITTED and contact.role in (
                    "beneficiary",
                    "petitioner",
                ):
                    age = (now - matter.created_at).days
                    step = _step_due(
                        age, steps, intake_updates.get(matter.pk, matter.intake_reminder_steps)
                    )
                    if step is not None:
                        items.append(
                            {
                                "kind": "intake",
                                "url": reverse("intake_start", args=[matter.uuid]),
                                "step": step,
                            }
                        )
                        intake_updates[matter.pk] = sorted(
                            {*matter.intake_reminder_steps, *[s for s in steps if s <= step]}
                        )
                if not items:
                    continue
                channels = [Reminder.Channel.EMAIL]
                if user.sms_opt_in and user.phone:
                    channels.append(Reminder.Channel.SMS)
                for channel in channels:
                    key = f"{contact.pk}:{channel}:{local_day.isoformat()}"
                    if key in today_keys:
                        stats["already"] += 1
                        continue
                    to_send.append(
                        Reminder(
                            key=key,
                            matter=matter,
                            contact=contact,
                            channel=channel,
                            language=user.preferred_language or "en",
                            items=items,
                            escalated=bool(at_risk),
                        )
                    )
        with transaction.atomic():
            made = Reminder.objects.bulk_create(to_send, ignore_conflicts=True)
            # Steps are marked with the messages, in the same transaction.
            changed = DocumentRequest.objects.filter(pk__in=list(step_updates))
            rows = list(changed.only("pk"))
            for r in rows:
                r.reminder_steps = step_updates[r.pk]
            DocumentRequest.objects.bulk_update(rows, ["reminder_steps"])
            mrows = list(Matter.objects.filter(pk__in=list(intake_updates)).only("pk"))
            for m in mrows:
                m.intake_reminder_steps = intake_updates[m.pk]
            Matter.objects.bulk_update(mrows, ["intake_reminder_steps"])
        # ignore_conflicts leaves pks unset on some backends: read back what is pending.
        pending = Reminder.objects.filter(
            key__in=[r.key for r in made], status=Reminder.Status.PENDING, attempts=0
        ).select_related("contact__user", "matter")
        # The batch's requests are loaded already: titles need no further query.
        known = {str(r.uuid): r for rows in requests.values() for r in rows}
        _deliver_all(pending, stats, known=known)
    return dict(stats)


def _deliver_all(
    reminders_: Iterable[Reminder], stats, *, known: dict[str, DocumentRequest] | None = None
) -> None:
    """Send each; the successes are marked in one UPDATE (failures one by one)."""
    reminders_ = list(reminders_)
    requests = _requests_named([r.items for r in reminders_], known=known)
    sent = [r.pk for r in reminders_ if _deliver(r, stats, requests)]
    if sent:
        Reminder.objects.filter(pk__in=sent).update(
            status=Reminder.Status.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1
        )


def _item(r: DocumentRequest, user, step: int) -> dict:
    return {
        "kind": "document",
        "request": str(r.uuid),
        "url": reverse("reminder_link", args=[link_token(user.pk, r.uuid)]),
        "rejected": r.status == DocumentRequest.Status.REJECTED,
        "step": step,
    }


def _requests_named(
    items_lists: Iterable[list[dict]], *, known: dict[str, DocumentRequest] | None = None
) -> dict[str, DocumentRequest]:
    """The document requests the items name, by uuid: ``known`` ones, the rest in one query."""
    found = dict(known or {})
    wanted = {
        i["request"]
        for items in items_lists
        for i in items
        if i.get("kind") == "document" and i.get("request") not in found
    }
    if wanted:
        for r in DocumentRequest.objects.filter(uuid__in=wanted).only(
            "uuid", "title_en", "title_es"
        ):
            found[str(r.uuid)] = r
    return found


def _title(item: dict, requests: dict[str, DocumentRequest]) -> str:
    """An item's title in the active language (a document's comes from its request)."""
    if item.get("kind") == "document":
        request = requests.get(item.get("request", ""))
        # A title staff wrote in one language only says so ("... (in English, ...)").
        return (
            request.localized("title").plain() if request is not None else str(GONE_REQUEST_TITLE)
        )
    return str(INTAKE_TITLE)


def with_titles(reminders_: Iterable[Reminder]) -> list[tuple[Reminder, list[dict]]]:
    """Each reminder with its items, titled in the active language (the reader's), for
    the history; one query for all the requests they name."""
    reminders_ = list(reminders_)
    requests = _requests_named([r.items for r in reminders_])
    return [(r, [{**i, "title_text": _title(i, requests)} for i in r.items]) for r in reminders_]


def _risk_task(matter, key: str, deadline: dt.date, missing: int) -> None:
    open_task(
        matter=matter,
        key=key,
        message="matters.task.deadline_at_risk",
        params={"missing": missing, "date": deadline.isoformat()},
        role=Role.PARALEGAL,
        event="deadline_at_risk",
        due_date=deadline - dt.timedelta(days=2) if deadline > timezone.localdate() else deadline,
    )


def _deliver(reminder: Reminder, stats, requests: dict[str, DocumentRequest]) -> bool:
    user = reminder.contact.user
    # Reminders are queued only for contacts with an account, and an account is never unlinked.
    assert user is not None
    lang = reminder.language if reminder.language in ("en", "es") else "en"
    with translation.override(lang):
        titles = [_title(i, requests) for i in reminder.items]
    items = [
        {
            **i,
            "title_text": title,
            "link": _upload_link(reminder, i, lang) or settings.SITE_URL.rstrip("/") + i["url"],
        }
        for i, title in zip(reminder.items, titles, strict=True)
    ]
    try:
        notify(
            template="reminder",
            user=user,
            language=lang,
            channel=EMAIL if reminder.channel == Reminder.Channel.EMAIL else SMS,
            context={
                "name": user.full_name or reminder.contact.name,
                "matter": reminder.matter.title,
                "items": items,
                "escalated": reminder.escalated,
                "preferences_url": settings.SITE_URL.rstrip("/") + reverse("reminder_preferences"),
            },
        )
    except Exception as exc:
        attempts = reminder.attempts + 1
        status = (
            Reminder.Status.FAILED
            if attempts >= settings.REMINDER_ATTEMPTS
            else Reminder.Status.PENDING
        )
        Reminder.objects.filter(pk=reminder.pk).update(
            attempts=attempts, status=status, last_error=f"{type(exc).__name__}: {exc}"[:200]
        )
        log.warning(
            "reminder %s failed (attempt %s): %s", reminder.pk, attempts, type(exc).__name__
        )
        stats["failed"] += 1
        if status == Reminder.Status.FAILED:
            record(
                "reminder.failed",
                subject=reminder.matter,
                data={"reminder": reminder.key, "channel": reminder.channel, "attempts": attempts},
            )
        return False
    stats["sent"] += 1
    return True


def _upload_link(reminder: Reminder, item: dict, language: str) -> str | None:
    """Where the firm chose it (REMINDER_UPLOAD_LINKS), a one-time upload link that works
    without signing in, instead of the signed link to the portal's page."""
    make_link = hooks.reminder_upload_link()
    if not settings.REMINDER_UPLOAD_LINKS or make_link is None or item.get("kind") != "document":
        return None
    request = DocumentRequest.objects.filter(uuid=item["request"]).first()
    if request is None or request.status not in OPEN:
        return None
    return make_link(request=request, email=reminder.contact.email, language=language)


def retry_failed(*, now: dt.datetime, stats) -> None:
    """Messages whose send failed and that have tries left (their content is kept)."""
    _deliver_all(
        list(
            Reminder.objects.filter(
                Q(status=Reminder.Status.PENDING, attempts__gt=0)
                | Q(status=Reminder.Status.PENDING, created_at__lt=now - dt.timedelta(minutes=10))
            ).select_related("contact__user", "matter")[:BATCH]
        ),
        stats,
    )
