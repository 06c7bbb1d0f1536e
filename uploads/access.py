"""Who may see which documents: querysets built on the role predicates."""

from __future__ import annotations

from django.db.models import QuerySet

from matters.access import case_file_matters
from portal.accounts.access import can_review_documents
from uploads.models import Document


def reviewable_documents(user) -> QuerySet[Document]:
    """Documents (not destroyed) on matters whose file the user sees, for document reviewers:
    their recognised text, proposed fields and search."""
    if not can_review_documents(user):
        return Document.objects.none()
    return Document.objects.filter(
        request__matter__in=case_file_matters(user).values("pk"), wrapped_key__gt=""
    )
