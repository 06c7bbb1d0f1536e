"""uploads.access: the documents each persona may review (text, fields, search) or read."""

from __future__ import annotations

from tests.uploads.helpers import png_bytes, store
from uploads.access import readable_documents, reviewable_documents
from uploads.services import destroy


def test_reviewers_see_the_live_documents_of_their_matters_only(
    matter, doc_request, client_user, paralegal, admin_user, billing, intake_user, vault_dir
):
    kept = store(doc_request, png_bytes(), by=client_user)
    gone = store(doc_request, png_bytes((320, 240)), by=client_user)
    destroy(document=gone, by=paralegal, reason="test")

    assert list(reviewable_documents(paralegal)) == [kept]
    assert list(reviewable_documents(admin_user)) == [kept]
    # Intake manages matters but does not review documents; Billing and clients never do.
    for user in (intake_user, billing, client_user):
        assert not reviewable_documents(user).exists()


def test_a_client_reads_their_own_documents_tombstones_included(
    doc_request, client_user, other_client_user, paralegal, billing, vault_dir
):
    own = store(doc_request, png_bytes(), by=client_user)
    shredded = store(doc_request, png_bytes((320, 240)), by=client_user)
    destroy(document=shredded, by=paralegal, reason="test")

    # A tombstone stays readable: the download answers with why the document is gone.
    assert set(readable_documents(client_user)) == {own, shredded}
    assert set(readable_documents(paralegal)) == {own, shredded}
    assert not readable_documents(other_client_user).exists()
    assert not readable_documents(billing).exists()
