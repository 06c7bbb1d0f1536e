"""Two-sided and multi-page documents: a file per part, the missing side added later.

A green card is asked for front and back: the client sends the front, the request stays
open and says the back is missing, nobody is asked to review half a card, and Accept
refuses it; the back sent later completes it without replacing the front. A birth
certificate takes as many pages as the client has; adding a page never replaces one.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit import retention
from audit.models import Event, RetentionPolicy
from matters import parts
from matters import services as matter_services
from matters.models import CaseType, DocumentRequest, Task
from tests.conftest import ensure_case_types, login_verified
from tests.uploads.helpers import jpeg_bytes, png_bytes, store
from uploads import links
from uploads.export import current_documents
from uploads.models import Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(matter, paralegal):
    """A two-sided card the firm asks the client for."""
    return matter_services.add_request(
        matter=matter,
        title_en="Work permit (EAD)",
        title_es="Permiso de trabajo (EAD)",
        parts=["front", "back"],
        by=paralegal,
    )


@pytest.fixture
def certificate(matter):
    return matter.requests.get(key="birth_certificate", audience="beneficiary")


def upload_url(req, part=None):
    url = reverse("document_upload", args=[req.matter.uuid, req.uuid])
    return url if part is None else f"{url}?part={part}"


def send(client, req, *contents, part=None, names=None, **extra):
    names = names or [f"photo-{i}.jpg" for i in range(len(contents))]
    files = [SimpleUploadedFile(n, c, "image/jpeg") for n, c in zip(names, contents, strict=True)]
    data = {"file": files}
    if part is not None:
        data["part"] = part
    return client.post(upload_url(req), data, **extra)


def live(req):
    return {
        d.part: d.version
        for d in req.documents.filter(destroyed_at__isnull=True).order_by("version")
    }


def test_cards_with_two_sides_ask_for_front_and_back_from_the_case_type(paralegal, client_user):
    ensure_case_types()
    n400 = CaseType.objects.get(code="n400")
    item = next(i for i in n400.checklist if i["key"] == "green_card")
    assert item["parts"] == ["front", "back"]
    matter = matter_services.create_matter(
        case_type=n400,
        client_email=client_user.email,
        client_name="Alice",
        language="en",
        by=paralegal,
        invite=False,
    )
    green_card = matter.requests.get(key="green_card")
    assert green_card.parts == ["front", "back"]
    # Documents of one piece default to one part, with pages.
    assert matter.requests.get(key="passport").parts == []
    # The case-type format refuses parts it does not know.
    n400.checklist[0]["parts"] = ["front", "side"]
    with pytest.raises(ValidationError, match="unknown parts"):
        n400.save()


def test_front_then_back_in_two_steps(client, client_user, paralegal, card, vault_dir):
    client.force_login(client_user)
    # The upload page asks for the front first.
    page = client.get(upload_url(card)).content.decode()
    assert 'name="part" value="front"' in page and "Still needed" in page

    response = send(client, card, jpeg_bytes())
    assert response.status_code == 302
    front = Document.objects.get()
    assert front.part == "front"
    card.refresh_from_db()
    # Half a card: still open for the client, no review task for staff.
    assert card.status == DocumentRequest.Status.REQUESTED
    assert not Task.objects.filter(event="document_uploaded").exists()
    assert Event.objects.filter(kind="request.part_uploaded").count() == 1

    # Keeping the photo leads straight to the back.
    response = client.post(response.url, {"confirm": "1"})
    assert response.status_code == 302
    assert response.url == upload_url(card)  # the back is what the page offers now
    page = client.get(response.url).content.decode()
    assert "Received: Front. Now send: Back." in page
    assert 'name="part" value="back"' in page
    matter_page = client.get(reverse("client_matter", args=[card.matter.uuid])).content.decode()
    assert "Still needed:" in matter_page and "?part=back" in matter_page

    # The back, sent later, completes the card without replacing the front.
    response = send(client, card, jpeg_bytes((700, 500)), part="back")
    assert response.status_code == 302
    assert live(card) == {"front": 1, "back": 2}
    card.refresh_from_db()
    assert card.status == DocumentRequest.Status.UPLOADED
    assert Task.objects.filter(event="document_uploaded").count() == 1
    response = client.post(response.url, {"confirm": "1"})
    assert response.url == reverse("client_matter", args=[card.matter.uuid])

    # Staff see one item with both sides labelled, and can accept it.
    login_verified(client, paralegal)
    detail = client.get(reverse("staff:matter", args=[card.matter.uuid])).content.decode()
    assert "<strong>Front</strong>" in detail and "<strong>Back</strong>" in detail
    back = card.documents.get(part="back")
    review = client.get(reverse("document_review", args=[back.uuid])).content.decode()
    assert "Work permit (EAD) · Back" in review
    assert reverse("document_review", args=[front.uuid]) in review  # the front, one click away
    client.post(reverse("staff:request_accept", args=[card.uuid]))
    card.refresh_from_db()
    assert card.status == DocumentRequest.Status.ACCEPTED
    assert matter_services.set_complete(card)


def test_half_a_card_cannot_be_accepted_or_count_as_complete(
    client, client_user, paralegal, card, vault_dir
):
    store(card, jpeg_bytes(), by=client_user)  # no part named: the first one missing
    card.refresh_from_db()
    assert live(card) == {"front": 1}
    with pytest.raises(ValidationError, match="still missing Back"):
        matter_services.accept_request(request=card, by=paralegal)
    login_verified(client, paralegal)
    response = client.post(reverse("staff:request_accept", args=[card.uuid]), follow=True)
    assert "still missing Back" in response.content.decode()
    card.refresh_from_db()
    assert card.status != DocumentRequest.Status.ACCEPTED
    # Even a request marked accepted behind the services' back is not complete.
    DocumentRequest.objects.filter(pk=card.pk).update(status=DocumentRequest.Status.ACCEPTED)
    card.refresh_from_db()
    assert not matter_services.set_complete(card)
    assert not matter_services.checklist_complete(card.matter)


def test_both_photos_in_one_post_are_front_and_back(client, client_user, card, vault_dir):
    client.force_login(client_user)
    response = send(client, card, jpeg_bytes(), jpeg_bytes((700, 500)), names=["f.jpg", "b.jpg"])
    assert response.status_code == 302
    assert {d.part: d.display_name for d in card.documents.all()} == {
        "front": "f.jpg",
        "back": "b.jpg",
    }
    card.refresh_from_db()
    assert card.status == DocumentRequest.Status.UPLOADED


def test_three_photos_for_two_sides_or_an_unknown_side_store_nothing(
    client, client_user, card, vault_dir
):
    client.force_login(client_user)
    response = send(client, card, jpeg_bytes(), jpeg_bytes(), jpeg_bytes())
    assert response.status_code == 400
    assert "This document has 2 sides: send one file for each side." in response.content.decode()
    response = send(client, card, jpeg_bytes(), part="side")
    assert response.status_code == 400
    assert "Choose which side you are sending: Front, Back." in response.content.decode()
    assert not Document.objects.exists()
    assert not [p for p in vault_dir.rglob("*") if p.is_file()] if vault_dir.exists() else True


def test_replacing_one_side_keeps_the_other_and_its_history(
    client, client_user, paralegal, card, vault_dir, settings
):
    client.force_login(client_user)
    send(client, card, jpeg_bytes(), part="front")
    send(client, card, jpeg_bytes((700, 500)), part="back")
    card.refresh_from_db()
    matter_services.reject_request(request=card, reason="The front is blurry", by=paralegal)
    send(client, card, jpeg_bytes((900, 700)), part="front")
    assert live(card) == {"front": 3, "back": 2}
    card.refresh_from_db()
    assert card.status == DocumentRequest.Status.UPLOADED
    # The current file of each side goes into a case-transfer export.
    current = current_documents(card.matter)
    assert {(d.part, d.version) for d in current if d.request_id == card.pk} == {
        ("front", 3),
        ("back", 2),
    }
    # The replaced front is an earlier version for staff; the back is not "replaced".
    login_verified(client, paralegal)
    detail = client.get(reverse("staff:matter", args=[card.matter.uuid])).content.decode()
    assert "1 earlier version" in detail
    # Retention of replaced versions takes the old front only, never the back.
    RetentionPolicy.objects.all().delete()
    RetentionPolicy.objects.create(
        name="Old versions",
        record="documents",
        trigger="document_superseded",
        days=0,
        action="destroy",
    )
    done = retention.run(now=timezone.now() + dt.timedelta(seconds=1))
    destroyed = Document.objects.filter(pk__in=[d.pk for d in done])
    assert [(d.part, d.version) for d in destroyed] == [("front", 1)]
    assert live(card) == {"front": 3, "back": 2}


def test_the_export_zip_names_each_side(client, client_user, paralegal, card, vault_dir):
    from uploads.export import matter_zip

    store(card, jpeg_bytes(), by=client_user)
    send_back = jpeg_bytes((700, 500))
    client.force_login(client_user)
    send(client, card, send_back, part="back")
    data = b"".join(
        matter_zip(card.matter, current_documents(card.matter), by=paralegal, http_request=None)
    )
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert f"{card.key}/front-v1-photo.jpg" in names
    assert f"{card.key}/back-v2-photo-0.jpg" in names


def test_pages_are_added_never_replaced(client, client_user, certificate, vault_dir):
    client.force_login(client_user)
    page = client.get(upload_url(certificate)).content.decode()
    assert "Several pages?" in page and " multiple" in page
    send(client, certificate, jpeg_bytes())
    # Two tabs each adding a page: two new pages, the first page untouched.
    send(client, certificate, jpeg_bytes((700, 500)), part=parts.NEW_PAGE)
    send(client, certificate, jpeg_bytes((640, 480)), part=parts.NEW_PAGE)
    assert live(certificate) == {"": 1, "page-2": 2, "page-3": 3}
    page = client.get(upload_url(certificate)).content.decode()
    assert "Replace: Page 1" in page and "Replace: Page 3" in page
    assert 'name="part" value="new"' in page and "Page 4 (new)" in page
    # Replacing page 2 is a new version of page 2 only.
    send(client, certificate, png_bytes(), part="page-2")
    assert live(certificate) == {"": 1, "page-2": 4, "page-3": 3}
    # A page that does not follow is refused.
    response = send(client, certificate, jpeg_bytes(), part="page-9")
    assert response.status_code == 400
    assert "That page is not part of this document." in response.content.decode()


def test_a_photo_kept_with_add_another_page_opens_the_next_page(
    client, client_user, certificate, vault_dir
):
    client.force_login(client_user)
    response = send(client, certificate, jpeg_bytes())
    check = client.get(response.url).content.decode()
    assert "Use this photo and add another page" in check
    response = client.post(response.url, {"more": "1"})
    assert response.url == upload_url(certificate)  # a new page is what is offered next
    page = client.get(response.url).content.decode()
    assert "Now send the next page." in page and 'name="part" value="new"' in page


def test_pages_stop_at_the_limit(client_user, certificate, vault_dir):
    for n in range(1, parts.MAX_PAGES + 1):
        store_part(certificate, client_user, parts.page_key(n))
    certificate.refresh_from_db()
    assert parts.NEW_PAGE not in parts.choosable(certificate, certificate.documents.all())
    from uploads import checks

    with pytest.raises(checks.Refused, match="at most 20 pages"):
        store_part(certificate, client_user, parts.NEW_PAGE)
    assert certificate.documents.count() == parts.MAX_PAGES


def store_part(req, by, part):
    from tests.uploads.helpers import sealed_upload
    from uploads import services

    return services.store_upload(
        request=req, upload=sealed_upload(jpeg_bytes((64, 64))), by=by, part=part
    )


def test_retaking_the_back_reopens_the_request_for_the_back(client, client_user, card, vault_dir):
    client.force_login(client_user)
    send(client, card, jpeg_bytes(), part="front")
    response = send(client, card, jpeg_bytes((700, 500)), part="back")
    card.refresh_from_db()
    assert card.status == DocumentRequest.Status.UPLOADED
    response = client.post(response.url, {"retake": "1"})
    assert response.url == upload_url(card)  # the back is what the page offers
    card.refresh_from_db()
    assert card.status == DocumentRequest.Status.REQUESTED
    assert live(card) == {"front": 1}
    # The front, sent before and still unreviewed, can be retaken too.
    front = card.documents.get(part="front")
    check = reverse("document_check", args=[card.matter.uuid, card.uuid, front.uuid])
    client.post(check, {"retake": "1"})
    assert live(card) == {}


def test_a_photo_staff_sent_back_cannot_be_retaken(client, client_user, paralegal, card, vault_dir):
    client.force_login(client_user)
    send(client, card, jpeg_bytes(), jpeg_bytes((700, 500)))
    card.refresh_from_db()
    matter_services.reject_request(request=card, reason="blurry", by=paralegal)
    front = card.documents.get(part="front")
    check = reverse("document_check", args=[card.matter.uuid, card.uuid, front.uuid])
    client.post(check, {"retake": "1"})
    assert live(card) == {"front": 1, "back": 2}  # history, not the client's to take back


def test_a_one_time_link_takes_both_sides(client, paralegal, card, vault_dir, settings):
    _link, absolute = links.create_link(
        request=card, by=paralegal, email="a@client.test", language="en", max_files=3
    )
    url = absolute.removeprefix(settings.SITE_URL)
    page = client.get(url).content.decode()
    assert "Choose one photo of each side, the front first." in page
    response = client.post(url, {"file": [SimpleUploadedFile("a.jpg", jpeg_bytes(), "image/jpeg")]})
    assert response.status_code == 200
    assert live(card) == {"front": 1}
    response = client.post(
        url, {"file": [SimpleUploadedFile("b.jpg", jpeg_bytes((700, 500)), "image/jpeg")]}
    )
    assert live(card) == {"front": 1, "back": 2}
    card.refresh_from_db()
    assert card.status == DocumentRequest.Status.UPLOADED
