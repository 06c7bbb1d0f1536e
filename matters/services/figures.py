"""The matter list's figures: missing documents and next due dates, kept on the row."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from matters.models import (
    DocumentRequest,
    Matter,
    Task,
)

# The list's figures -----------------------------------------------------------------------------

OPEN_STATUSES = (DocumentRequest.Status.REQUESTED, DocumentRequest.Status.REJECTED)


def _figure_subqueries():
    open_requests = DocumentRequest.objects.filter(matter=OuterRef("pk"), status__in=OPEN_STATUSES)
    return {
        "open_requests": Coalesce(
            Subquery(open_requests.order_by().values("matter").annotate(n=Count("*")).values("n")),
            0,
        ),
        "next_request_due": Subquery(
            open_requests.filter(due_date__isnull=False).order_by("due_date").values("due_date")[:1]
        ),
        "next_task_due": Subquery(
            Task.objects.filter(
                matter=OuterRef("pk"), status=Task.Status.OPEN, due_date__isnull=False
            )
            .order_by("due_date")
            .values("due_date")[:1]
        ),
    }


def refresh_figures(matter: Matter | int) -> None:
    """Recount one matter's missing documents and next due dates (one UPDATE)."""
    pk = matter.pk if isinstance(matter, Matter) else matter
    # update() leaves updated_at alone: recounting is not a change to the matter.
    Matter.objects.filter(pk=pk).update(**_figure_subqueries())


def refresh_all_figures() -> int:
    """Recount every matter, after bulk loads or edits made outside the services."""
    return Matter.objects.update(**_figure_subqueries())
