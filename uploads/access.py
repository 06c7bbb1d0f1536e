"""Which documents a user may read or review: the uploads app's access querysets.

Built on the accounts core's role predicates and the matters a user's case file covers;
views load documents through these, never by filtering by hand.
"""

from __future__ import annotations

from django.db.models import F, QuerySet

from matters.access import case_file_matters
from portal.accounts.access import can_review_documents, is_client
from uploads.models import Document


def reviewable_documents(user) -> QuerySet[Document]:
    """Documents (not destroyed) on matters whose file the user sees, for document reviewers:
    their recognised text, proposed fields and search."""
    if not can_review_documents(user):
        return Document.objects.none()
    return Document.objects.filter(
        request__matter__in=case_file_matters(user).values("pk"), wrapped_key__gt=""
    )


def readable_documents(user) -> QuerySet[Document]:
    """Documents the user may read, tombstones included (they answer with why they are gone)."""
    qs = Document.objects.filter(request__matter__in=case_file_matters(user).values("pk"))
    if is_client(user):
        # The client's own part of the case only (same contact row for both conditions).
        qs = qs.filter(
            request__matter__contacts__user=user,
            request__audience=F("request__matter__contacts__role"),
        )
    return qs.select_related("request")
