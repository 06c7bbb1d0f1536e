"""The checklist: document requests as the case type and the answers say, and their review."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import record
from matters import parts as doc_parts
from matters import questionnaire as qn
from matters.models import (
    DocumentRequest,
    Matter,
    Task,
)
from matters.services.answers import read_answers
from matters.services.common import today
from matters.services.figures import refresh_figures
from matters.services.tasks import run_rule
from portal.accounts.models import User

# Text of requests the portal adds itself; stored in each language a request row holds.
TRANSLATION_TITLE = gettext_lazy("Certified English translation")
CERTIFICATE_TITLE = gettext_lazy("Translator's certificate")
TRANSLATION_WHY = gettext_lazy(
    "USCIS requires a full English translation of every document in another language, with "
    "the translator's signed statement that they are competent and the translation is "
    "complete and accurate."
)
RFE_WHY = gettext_lazy(
    "USCIS asked for this in a Request for Evidence. We must answer by the deadline."
)


def per_language(render: Callable[[str], str]) -> dict[str, str]:
    """``render(lang)`` under each language a request row stores (its ``_en``/``_es``)."""
    out = {}
    for lang in ("en", "es"):
        with translation.override(lang):
            out[lang] = render(lang)
    return out


# The checklist ----------------------------------------------------------------------------------


def _request_from_item(matter: Matter, item: dict, position: int, source: str) -> DocumentRequest:
    return DocumentRequest(
        matter=matter,
        key=item["key"],
        title_en=item["title"]["en"],
        title_es=item["title"]["es"],
        why_en=item["why"]["en"],
        why_es=item["why"]["es"],
        formats=item.get("formats", ["pdf", "jpg", "png"]),
        parts=list(item.get("parts") or []),
        example=item.get("example", ""),
        audience=item.get("audience", ["beneficiary"])[0],
        due_date=today() + dt.timedelta(days=item.get("due_days", 14)),
        translation_possible=item.get("translation_possible", False),
        source=source,
        position=position,
    )


def sync_requests(matter: Matter, *, by: User | None, answers: dict | None = None) -> None:
    """Make the checklist match the case type and the answers given so far.

    Items whose condition holds are requested; conditional items that no longer
    apply are withdrawn when nothing was sent for them yet, and come back if the
    answer changes again.
    """
    answers = read_answers(matter) if answers is None else answers
    existing = {
        r.key: r
        for r in matter.requests.filter(parent__isnull=True, source__in=["checklist", "intake"])
    }
    new = []
    for position, item in enumerate(matter.case_type.checklist):
        wanted = qn.evaluate(item.get("show_if"), answers)
        current = existing.get(item["key"])
        source = (
            DocumentRequest.Source.INTAKE
            if item.get("show_if")
            else DocumentRequest.Source.CHECKLIST
        )
        if wanted and current is None:
            new.append(_request_from_item(matter, item, position, source))
        elif wanted and current is not None and current.status == DocumentRequest.Status.WITHDRAWN:
            current.status = DocumentRequest.Status.REQUESTED
            current.save(update_fields=["status", "updated_at"])
            record("request.reopened", actor=by, subject=current, data={"key": current.key})
        elif (
            not wanted
            and current is not None
            and current.status == DocumentRequest.Status.REQUESTED
        ):
            current.status = DocumentRequest.Status.WITHDRAWN
            current.save(update_fields=["status", "updated_at"])
            record("request.withdrawn", actor=by, subject=current, data={"key": current.key})
    if new:
        DocumentRequest.objects.bulk_create(new)
        for r in new:
            record("request.created", actor=by, subject=r, data={"key": r.key, "source": r.source})
    refresh_figures(matter)


def add_request(
    *,
    matter: Matter,
    title_en: str,
    title_es: str,
    why_en: str = "",
    why_es: str = "",
    audience: str = "beneficiary",
    due_date: dt.date | None = None,
    parts: list[str] | None = None,
    by: User,
) -> DocumentRequest:
    """A document staff ask for beyond the checklist, written in English, Spanish or both.

    The same title asked again on the same matter while the first is still open (a form
    sent twice, two tabs) answers with the request already there.
    """
    title_en, title_es = title_en.strip()[:200], title_es.strip()[:200]
    if not title_en and not title_es:
        raise ValidationError({"title_en": _("Give the document a title in either language.")})
    problems = doc_parts.validate(parts or None)
    if problems:
        raise ValidationError({"parts": problems})
    with transaction.atomic():
        Matter.objects.select_for_update().filter(pk=matter.pk).first()
        existing = (
            matter.requests.filter(
                source=DocumentRequest.Source.STAFF,
                parent__isnull=True,
                title_en=title_en,
                title_es=title_es,
                audience=audience,
            )
            .exclude(status__in=[DocumentRequest.Status.WITHDRAWN, DocumentRequest.Status.ACCEPTED])
            .first()
        )
        if existing is not None:
            return existing
        position = (matter.requests.aggregate(p=Max("position"))["p"] or 0) + 1
        request = DocumentRequest.objects.create(
            matter=matter,
            key=f"staff_{uuid.uuid4().hex[:12]}",
            title_en=title_en,
            title_es=title_es,
            why_en=why_en.strip(),
            why_es=why_es.strip(),
            formats=["pdf", "jpg", "png", "heic", "tiff"],
            parts=list(parts or []),
            audience=audience,
            due_date=due_date or today() + dt.timedelta(days=14),
            source=DocumentRequest.Source.STAFF,
            position=position,
        )
        record(
            "request.created",
            actor=by,
            subject=request,
            data={"key": request.key, "source": request.source, "parts": request.parts},
        )
        refresh_figures(matter)
    return request


def mark_foreign_language(*, request: DocumentRequest, by: User) -> None:
    """A document not in English needs its certified translation and the translator's
    certificate. Items withdrawn by an earlier "undo" are asked for again, not doubled."""
    if not request.translation_possible or request.in_foreign_language:
        return
    with transaction.atomic():
        request.in_foreign_language = True
        request.save(update_fields=["in_foreign_language", "updated_at"])
        earlier = {r.link: r for r in request.linked.all()}
        for link, label in (
            (DocumentRequest.Link.TRANSLATION, TRANSLATION_TITLE),
            (DocumentRequest.Link.CERTIFICATE, CERTIFICATE_TITLE),
        ):
            if link in earlier:
                item = earlier[link]
                if item.status == DocumentRequest.Status.WITHDRAWN:
                    item.status = DocumentRequest.Status.REQUESTED
                    item.requested_at = timezone.now()
                    item.reminder_steps = []
                    item.save(
                        update_fields=["status", "requested_at", "reminder_steps", "updated_at"]
                    )
                    record("request.reopened", actor=by, subject=item, data={"key": item.key})
                continue
            # per_language calls it at once, so it sees this pass's label (binding it as a
            # default argument instead leaves mypy unable to infer the lambda's type).
            titles = per_language(
                lambda lang: (
                    f"{label}: {getattr(request, f'title_{lang}') or request.title_en}"  # noqa: B023
                )
            )
            why = per_language(lambda lang: str(TRANSLATION_WHY))
            DocumentRequest.objects.create(
                matter=request.matter,
                parent=request,
                link=link,
                key=f"{request.key}_{link}",
                title_en=titles["en"][:200],
                title_es=titles["es"][:200],
                why_en=why["en"],
                why_es=why["es"],
                formats=["pdf", "jpg", "png"],
                audience=request.audience,
                due_date=request.due_date,
                source=request.source,
                position=request.position,
            )
        record("request.needs_translation", actor=by, subject=request)
        refresh_figures(request.matter_id)


def unmark_foreign_language(*, request: DocumentRequest, by: User) -> None:
    """Undo "my document is not in English": the translation and the certificate it added
    are withdrawn, as long as nothing was sent for them. Once a file came for either,
    it is for staff to decide, and this says so (a ``ValidationError``)."""
    with transaction.atomic():
        locked = DocumentRequest.objects.select_for_update().get(pk=request.pk)
        if not locked.in_foreign_language:
            return
        linked = list(
            locked.linked.select_for_update().exclude(status=DocumentRequest.Status.WITHDRAWN)
        )
        if any(
            r.status != DocumentRequest.Status.REQUESTED or r.documents.exists() for r in linked
        ):
            raise ValidationError(
                _(
                    "A file was already sent for the translation, so it cannot be taken off "
                    "your list here. Write to your legal team if it is not needed."
                )
            )
        locked.in_foreign_language = False
        locked.save(update_fields=["in_foreign_language", "updated_at"])
        for r in linked:
            r.status = DocumentRequest.Status.WITHDRAWN
            r.save(update_fields=["status", "updated_at"])
            record("request.withdrawn", actor=by, subject=r, data={"key": r.key})
        record(
            "request.translation_withdrawn",
            actor=by,
            subject=locked,
            data={"withdrawn": [str(r.uuid) for r in linked]},
        )
        refresh_figures(locked.matter_id)
    request.in_foreign_language = False


def missing_parts(request: DocumentRequest) -> list[str]:
    """The named parts (front, back) of a request that no file stands for yet.

    Its files are the vault's rows, reached by their relation (matters does not import
    uploads); a prefetched ``documents`` costs no query.
    """
    if not request.parts:
        return []
    return doc_parts.missing(request, request.documents.all())


def set_complete(request: DocumentRequest, linked: list[DocumentRequest] | None = None) -> bool:
    """A document counts only with every part it needs (both sides of a card), and with its
    translation and certificate when it is not in English."""
    if request.status != DocumentRequest.Status.ACCEPTED:
        return False
    if missing_parts(request):
        return False
    if not request.in_foreign_language:
        return True
    linked = list(request.linked.all()) if linked is None else linked
    kinds = {r.link for r in linked if r.status == DocumentRequest.Status.ACCEPTED}
    return {DocumentRequest.Link.TRANSLATION, DocumentRequest.Link.CERTIFICATE} <= kinds


def mark_uploaded(*, request: DocumentRequest, by: User | None) -> None:
    """``request`` is current (the caller locked or just saved it): its times_requested
    names the round of review this upload starts.

    A request of several parts waits for all of them: with the front in and the back
    missing it stays open (the client is asked for the back, nobody is asked to review
    half a card), and the upload of the last part sends it to review.
    """
    gaps = missing_parts(request)
    if gaps:
        record("request.part_uploaded", actor=by, subject=request, data={"missing": gaps})
        return
    with transaction.atomic():
        request.status = DocumentRequest.Status.UPLOADED
        request.save(update_fields=["status", "updated_at"])
        record("request.uploaded", actor=by, subject=request)
        n = request.times_requested
        run_rule(request.matter, "document_uploaded", key=f"uploaded:{request.uuid}:{n}")
        refresh_figures(request.matter_id)


def accept_request(*, request: DocumentRequest, by: User) -> None:
    gaps = missing_parts(request)
    if gaps:
        raise ValidationError(
            _("%(title)s: still missing %(parts)s. Wait for the client, or send it back.")
            % {"title": request.title, "parts": ", ".join(doc_parts.label(p) for p in gaps)}
        )
    with transaction.atomic():
        request.status = DocumentRequest.Status.ACCEPTED
        request.rejection_reason = ""
        request.rejection_reason_es = ""
        request.save(
            update_fields=["status", "rejection_reason", "rejection_reason_es", "updated_at"]
        )
        record("request.accepted", actor=by, subject=request)
        _close_review_task(request, by)
        if checklist_complete(request.matter):
            run_rule(request.matter, "all_documents_accepted", key="all_documents_accepted")
        refresh_figures(request.matter_id)


def reject_request(*, request: DocumentRequest, reason: str, by: User, reason_es: str = "") -> None:
    """Send a document back with what to fix, in English (``reason``) and Spanish
    (``reason_es``); one of them is enough, and the client reads the other marked as such."""
    reason, reason_es = reason.strip(), reason_es.strip()
    if not reason and not reason_es:
        raise ValidationError({"reason": _("Write a reason the client can act on.")})
    with transaction.atomic():
        request.status = DocumentRequest.Status.REJECTED
        request.rejection_reason = reason[:2000]
        request.rejection_reason_es = reason_es[:2000]
        request.times_requested += 1
        # A new round: reminders count again from today.
        request.requested_at = timezone.now()
        request.reminder_steps = []
        request.save(
            update_fields=[
                "status",
                "rejection_reason",
                "rejection_reason_es",
                "times_requested",
                "requested_at",
                "reminder_steps",
                "updated_at",
            ]
        )
        record(
            "request.rejected",
            actor=by,
            subject=request,
            data={"reason": reason[:500], "reason_es": reason_es[:500]},
        )
        _close_review_task(request, by)
        refresh_figures(request.matter_id)


def _close_review_task(request: DocumentRequest, by: User) -> None:
    Task.objects.filter(
        matter=request.matter,
        dedupe_key__startswith=f"uploaded:{request.uuid}:",
        status=Task.Status.OPEN,
    ).update(status=Task.Status.DONE, completed_at=timezone.now(), completed_by=by)


def checklist_complete(matter: Matter) -> bool:
    requests = list(
        matter.requests.exclude(status=DocumentRequest.Status.WITHDRAWN).prefetch_related(
            "documents"
        )
    )
    tops = [r for r in requests if r.parent_id is None]
    if not tops:
        return False
    by_parent: dict[int, list] = {}
    for r in requests:
        if r.parent_id:
            by_parent.setdefault(r.parent_id, []).append(r)
    return all(set_complete(r, by_parent.get(r.pk, [])) for r in tops)
