"""An ID card, front then back, from a phone in Spanish; staff review it as one item.

María (Spanish, asking for asylum) sends the front of her national identity card, keeps the photo, is
asked for the back, leaves, comes back from her case page ("Falta: Reverso") and sends
the back. The front is still there; the card goes to review only now. A paralegal sees
one item with both sides labelled, moves between them on the review page and accepts
it. María also says her birth certificate is not in English, is asked first, and
undoes it; an RFE item the firm wrote in English only is marked as such for her.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from matters import services as matter_services
from matters.models import CaseType, DocumentRequest
from portal.accounts.models import Role, User
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_family_case import (
    assert_accessible,
    assert_fits_phone,
    path_of,
    restore_default_case_types,
    sign_in,
    submit,
)
from tests.browser.test_upload import DESKTOP, photo_jpeg, staff_sign_in
from tests.conftest import PASSWORD, make_user
from uploads.models import Document

pytestmark = pytest.mark.browser

CARD_ES = "Cédula de identidad u otra identificación de su país"
CARD_EN = "National identity card or other ID from your country"
BIRTH_ES = "Acta de nacimiento"


def send_photo(page, path) -> None:
    """Pick a photo and send it (upload.js), landing on the photo check page."""
    form = page.locator("form[data-upload]")
    form.locator("input[type=file]").set_input_files(str(path))
    form.get_by_role("button", name="Enviar", exact=True).click()
    page.wait_for_url(re.compile(r"/documents/[0-9a-f-]{36}/$"), timeout=60_000)
    expect(page.locator("h1")).to_have_text("Revise su foto")


def test_front_then_back_in_spanish_on_a_phone(live_server, browser, page, axe_source, tmp_path):
    base = live_server.url
    restore_default_case_types()
    ARTIFACTS.mkdir(exist_ok=True)
    paralegal = make_user("paula@firm.test", kind=User.Kind.STAFF, roles=[Role.PARALEGAL], mfa=True)
    maria = make_user("maria@client.test", full_name="María García", preferred_language="es")
    matter = matter_services.create_matter(
        case_type=CaseType.objects.get(code="i589"),
        client_email=maria.email,
        client_name="María García",
        language="es",
        by=paralegal,
        invite=False,
    )
    card = matter.requests.get(key="national_id")
    assert card.parts == ["front", "back"]
    matter_services.add_rfe(
        matter=matter,
        notice_date=timezone.localdate(),
        due_date=None,
        items=["Tax transcript"],  # written in English only
        notes="",
        by=paralegal,
    )
    front_photo, back_photo = tmp_path / "frente.jpg", tmp_path / "reverso.jpg"
    front_photo.write_bytes(photo_jpeg(seed=1))
    back_photo.write_bytes(photo_jpeg(seed=2))
    matter_url = f"/matters/{matter.uuid}/"

    # 1. The front ------------------------------------------------------------------------
    sign_in(page, base, maria.email, PASSWORD)
    page.goto(f"{base}{matter_url}")
    needed = page.locator("ul.needed li", has_text=CARD_ES)
    submit(page, needed.get_by_role("link", name="Enviar este documento"))
    expect(page.locator("h1")).to_have_text(CARD_ES)
    expect(page.locator("form[data-upload] .part-title")).to_have_text("Frente")
    expect(page.locator("ul.parts li.missing")).to_have_count(2)
    assert_fits_phone(page, "the upload page of a two-sided card")
    assert_accessible(page, axe_source, "the upload page of a two-sided card")
    send_photo(page, front_photo)
    expect(page.locator("main .part-title")).to_have_text("Frente")
    submit(page, page.get_by_role("button", name="Usar esta foto", exact=True))

    # ... leads straight to the back.
    expect(page.locator("main .messages")).to_contain_text(
        "Recibido: Frente. Ahora envíe: Reverso."
    )
    expect(page.locator("form[data-upload] .part-title")).to_have_text("Reverso")
    expect(page.locator("ul.parts li.received")).to_contain_text("Frente")
    page.screenshot(path=str(ARTIFACTS / "two-sided-back-step.png"), full_page=True)
    card.refresh_from_db()
    assert card.status == DocumentRequest.Status.REQUESTED  # half a card is not for review

    # 2. She leaves, and comes back from her case page later --------------------------------
    page.goto(f"{base}{matter_url}")
    needed = page.locator("ul.needed li", has_text=CARD_ES)
    expect(needed.locator(".parts-status")).to_contain_text("Recibido: Frente")
    expect(needed.locator(".parts-status")).to_contain_text("Falta: Reverso")
    # An RFE item the firm did not translate says so.
    rfe = page.locator("ul.needed li", has_text="Tax transcript")
    expect(rfe.locator('span[lang="en"]')).to_have_text("Tax transcript")
    expect(rfe.locator(".fallback-note")).to_have_text("(en inglés, aún sin traducir)")
    assert_fits_phone(page, "the case page with half a card")
    assert_accessible(page, axe_source, "the case page with half a card")
    submit(page, needed.get_by_role("link", name="Enviar: Reverso"))
    expect(page.locator("form[data-upload] .part-title")).to_have_text("Reverso")
    send_photo(page, back_photo)
    submit(page, page.get_by_role("button", name="Usar esta foto", exact=True))
    assert path_of(page) == matter_url
    expect(page.locator("main .messages")).to_contain_text(
        "Gracias. Recibimos su archivo y lo vamos a revisar."
    )
    expect(page.locator("ul.needed li", has_text=CARD_ES)).to_have_count(0)
    item = page.locator("section[aria-labelledby=docs-heading] li.req", has_text=CARD_ES)
    expect(item.locator(".badge").first).to_have_text("Archivo recibido, en revisión")
    expect(item.locator("li.part.received")).to_have_count(2)
    page.screenshot(path=str(ARTIFACTS / "two-sided-done.png"), full_page=True)
    docs = {d.part: d for d in Document.objects.filter(request=card)}
    assert set(docs) == {"front", "back"} and docs["front"].version == 1
    assert docs["front"].destroyed_at is None  # the back did not replace it

    # 3. "My document is not in English": asked first, and undone -----------------------------
    birth = page.locator("section[aria-labelledby=docs-heading] li.req", has_text=BIRTH_ES)
    submit(page, birth.get_by_role("link", name="Mi documento no está en inglés"))
    expect(page.locator("h1")).to_have_text("¿Su documento está en otro idioma?")
    assert_fits_phone(page, "the not-in-English question")
    assert_accessible(page, axe_source, "the not-in-English question")
    # Going back changes nothing; answering yes adds the two items.
    page.go_back()
    expect(birth.locator(".linked")).to_have_count(0)
    submit(page, birth.get_by_role("link", name="Mi documento no está en inglés"))
    submit(page, page.get_by_role("button", name="Sí, no está en inglés"))
    birth = page.locator("section[aria-labelledby=docs-heading] li.req", has_text=BIRTH_ES)
    expect(birth.locator(".linked")).to_have_count(2)
    expect(birth.locator(".linked").first).to_contain_text("Traducción certificada al inglés")
    submit(page, birth.get_by_role("button", name="Deshacer: mi documento está en inglés"))
    expect(page.locator("main .messages")).to_contain_text("ya no están en su lista")
    birth = page.locator("section[aria-labelledby=docs-heading] li.req", has_text=BIRTH_ES)
    expect(birth.locator(".linked")).to_have_count(0)
    expect(birth.get_by_role("link", name="Mi documento no está en inglés")).to_have_count(1)

    # 4. The paralegal reviews the card as one item ------------------------------------------
    staff_ctx = browser.new_context(viewport=DESKTOP, device_scale_factor=1, locale="en-US")
    staff_ctx.set_default_timeout(10_000)
    try:
        staff = staff_ctx.new_page()
        staff_sign_in(staff, base, paralegal.email)
        staff.goto(f"{base}/staff/matters/{matter.uuid}/")
        item = staff.locator(
            "section[aria-labelledby=checklist-heading] li.req",
            has_text=CARD_EN,
        )
        expect(item.locator("li.part")).to_have_count(2)
        expect(item.locator("li.part").nth(0)).to_contain_text("Front")
        expect(item.locator("li.part").nth(1)).to_contain_text("Back")
        submit(staff, item.locator("li.part").nth(0).get_by_role("link", name="Review"))
        expect(staff.locator("h1")).to_contain_text("· Front")
        submit(staff, staff.locator("nav.parts-nav").get_by_role("link", name="Back"))
        expect(staff.locator("h1")).to_contain_text("· Back")
        expect(staff.locator('nav.parts-nav [aria-current="page"]')).to_have_text("Back")
        staff.go_back()
        staff.goto(f"{base}/staff/matters/{matter.uuid}/")
        item = staff.locator(
            "section[aria-labelledby=checklist-heading] li.req",
            has_text=CARD_EN,
        )
        submit(staff, item.get_by_role("button", name="Accept"))
        expect(item.locator(".badge").first).to_have_text("Accepted")
        expect(item.locator(".badge.ok", has_text="Complete")).to_have_count(1)
        staff.screenshot(path=str(ARTIFACTS / "two-sided-staff.png"), full_page=True)
    finally:
        staff_ctx.close()
    card.refresh_from_db()
    assert card.status == DocumentRequest.Status.ACCEPTED
