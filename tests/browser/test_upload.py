"""A client sends a photo of a document from a phone; staff download it and accept it.

The client opens the matter page, follows "Send this document" for the passport,
picks a real JPEG and sends it. The upload goes through static/js/upload.js (an
XHR with a progress bar); the test slows the upload down with Chromium's network
emulation so the bar can be watched while it fills. The photo check page then
shows the sealed preview (served as a sandboxed attachment, which an <img> still
renders), and the client keeps the photo. A paralegal signs in with password and
authenticator code, downloads the file (byte for byte the original) and accepts it.
"""

from __future__ import annotations

import io
import json
import random
import re

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from matters import services as matter_services
from matters.models import CaseType, DocumentRequest
from portal.accounts.models import Role, User
from tests.browser.conftest import ARTIFACTS, PHONE
from tests.browser.test_family_case import (
    assert_accessible,
    assert_fits_phone,
    path_of,
    restore_default_case_types,
    sign_in,
    submit,
)
from tests.conftest import PASSWORD, TOTP_KEY, make_user, totp_now
from uploads.models import Document

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHOTO_NAME = "passport-photo.jpg"
PHOTO_SIZE = (1600, 1200)
# Upload speed while the photo is sent (bytes/s): the ~0.6 MB photo takes ~4-5 s,
# long enough to watch the bar fill, short enough for the suite.
SLOW_UPLOAD = 128 * 1024
NO_HINTS_TEXT = "Can you read every word and number on it? If so, keep it."
THANKS = "Thank you. We received your file and will review it."

# Runs in every page of the client's context before the page's own scripts: it
# writes each change of the upload bar to sessionStorage, which outlives the
# navigation to the check page (an in-page variable would not). Init scripts are
# injected by the browser, so the page's CSP (script-src 'self') does not block them.
RECORD_PROGRESS = """
(() => {
  const KEY = "upload-progress-log";
  const watch = () => {
    const bar = document.querySelector(".upload-progress");
    if (!bar) { return; }
    new MutationObserver(() => {
      const log = JSON.parse(sessionStorage.getItem(KEY) || "[]");
      log.push({
        hidden: bar.hidden,
        role: bar.getAttribute("role"),
        now: bar.getAttribute("aria-valuenow"),
        cls: bar.querySelector(".bar") && bar.querySelector(".bar").className,
      });
      sessionStorage.setItem(KEY, JSON.stringify(log));
    }).observe(bar, {attributes: true, subtree: true});
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
"""


def photo_jpeg(size=PHOTO_SIZE, seed: int = 7) -> bytes:
    """A photo-like JPEG: a bright, detailed document lying well inside the frame on a
    smooth background, so the photo check (uploads.preview.quality_hints) has no hint."""
    rnd = random.Random(seed)
    w, h = size
    bg = Image.linear_gradient("L").resize((w, h)).point(lambda v: 110 + v // 6)
    img = Image.merge("RGB", (bg.point(lambda v: v + 30), bg.point(lambda v: v + 10), bg))
    doc = Image.new("RGB", (w - 400, h - 300), (236, 232, 222))
    draw = ImageDraw.Draw(doc)
    draw.rectangle((40, 40, 300, 360), fill=(180, 170, 160))  # the holder's photo
    y = 50
    while y < doc.height - 60:  # lines of "text"
        x = 340 if y < 380 else 40
        while x < doc.width - 80:
            word = rnd.randint(20, 90)
            draw.rectangle((x, y, x + word, y + 14), fill=(30, 30, 45))
            x += word + rnd.randint(10, 20)
        y += rnd.randint(30, 42)
    grain = Image.effect_noise(doc.size, 22).convert("RGB")  # paper grain: detail and size
    img.paste(Image.blend(doc, grain, 0.3), (200, 150))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=95)
    return buf.getvalue()


def throttle_upload(cdp, bytes_per_second: int) -> None:
    """Chromium's DevTools network emulation; -1 means no limit."""
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 0,
            "downloadThroughput": -1,
            "uploadThroughput": bytes_per_second,
        },
    )


def staff_sign_in(page, base: str, email: str) -> None:
    """Password, then the authenticator code, on the real pages."""
    sign_in(page, base, email, PASSWORD)
    assert path_of(page) == "/accounts/mfa/verify/", page.url
    page.fill("input[name=code]", totp_now(TOTP_KEY))
    submit(page, page.locator("main form [type=submit]"))
    assert path_of(page) == "/staff/", page.url


def test_client_sends_photo_and_staff_accept_it(
    live_server, browser, context, page, axe_source, tmp_path
):
    base = live_server.url
    restore_default_case_types()
    ARTIFACTS.mkdir(exist_ok=True)
    paralegal = make_user("paula@firm.test", kind=User.Kind.STAFF, roles=[Role.PARALEGAL], mfa=True)
    client = make_user("alice@client.test", full_name="Alice Client")
    matter = matter_services.create_matter(
        case_type=CaseType.objects.get(code="i130"),
        client_email=client.email,
        client_name="Alice Client",
        language="en",
        by=paralegal,
        invite=False,
    )
    req = matter.requests.get(audience="beneficiary", key="passport")
    assert req.status == DocumentRequest.Status.REQUESTED
    matter_url = f"/matters/{matter.uuid}/"
    upload_url = f"/matters/{matter.uuid}/requests/{req.uuid}/upload/"

    original = photo_jpeg()
    assert 300_000 < len(original) < 5_000_000, len(original)
    photo = tmp_path / PHOTO_NAME
    photo.write_bytes(original)

    # 1. The client signs in on a phone and opens the passport request -------------------
    context.add_init_script(RECORD_PROGRESS)
    sign_in(page, base, client.email, PASSWORD)
    assert path_of(page) == "/", page.url
    page.goto(f"{base}{matter_url}")
    needed = page.locator("ul.needed li", has_text=req.title_en)
    expect(needed).to_have_count(1)
    submit(page, needed.get_by_role("link", name="Send this document"))
    assert path_of(page) == upload_url, page.url
    expect(page.locator("h1")).to_have_text(req.title_en)
    form = page.locator("form[data-upload]")
    progress = form.locator(".upload-progress")
    expect(progress).to_be_hidden()
    assert_fits_phone(page, "the upload page")
    assert_accessible(page, axe_source, "the upload page")

    # 2. ... picks the photo and sends it, on a slow connection -------------------------
    form.locator("input[type=file]").set_input_files(str(photo))
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    throttle_upload(cdp, SLOW_UPLOAD)
    check_path = re.compile(
        rf"{re.escape(base)}/matters/{matter.uuid}/requests/{req.uuid}/documents/[0-9a-f-]{{36}}/$"
    )
    with page.expect_response(lambda r: r.url.endswith("/preview/")) as preview_info:
        form.get_by_role("button", name="Send").click()
        # The bar shows up and fills while the photo is on its way.
        expect(progress).to_be_visible()
        expect(progress).to_have_attribute("role", "progressbar")
        page.wait_for_function(
            """() => {
                const v = Number(document.querySelector(".upload-progress")
                    .getAttribute("aria-valuenow"));
                return v > 0 && v < 100;
            }"""
        )
        assert_accessible(page, axe_source, "the upload page while the photo is sent")
        page.wait_for_url(check_path, timeout=60_000)
    throttle_upload(cdp, -1)

    # Everything the bar did, recorded across the navigation.
    log = json.loads(page.evaluate("sessionStorage.getItem('upload-progress-log') || '[]'"))
    values = [int(e["now"]) for e in log if e["now"] is not None]
    assert values, log
    assert values == sorted(values), f"the bar went backwards: {values}"
    assert len(set(values)) >= 3, f"the bar jumped instead of filling: {values}"
    assert values[-1] == 100, values
    assert all(e["role"] == "progressbar" and not e["hidden"] for e in log if e["now"]), log
    assert log[-1]["cls"] == "bar w100", log[-1]

    # 3. The check page shows the preview -------------------------------------------------
    document = Document.objects.get(request=req)
    assert path_of(page) == (
        f"/matters/{matter.uuid}/requests/{req.uuid}/documents/{document.uuid}/"
    )
    expect(page.locator("h1")).to_have_text("Check your photo")
    preview_response = preview_info.value
    assert preview_response.status == 200
    headers = preview_response.headers
    assert headers["content-type"] == "image/jpeg"
    assert headers["content-disposition"].startswith("attachment;"), headers
    assert "sandbox" in headers["content-security-policy"], headers
    img = page.locator("main img.preview")
    expect(img).to_be_visible()
    expect(img).to_have_attribute("alt", f"Your photo of: {req.title_en}")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
    natural = img.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert natural == list(PHOTO_SIZE), natural  # decoded, not a broken-image icon
    box = img.bounding_box()
    assert box and 100 < box["width"] <= PHONE["width"], box  # scaled down to the phone
    assert_fits_phone(page, "the photo check page")
    # A bright, sharp, whole document: no hints, just the question.
    expect(page.locator("main .message.warning")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(NO_HINTS_TEXT)
    expect(page.get_by_role("button", name="Take it again")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "upload-check.png"), full_page=True)
    assert_accessible(page, axe_source, "the photo check page")

    # ... and the client keeps it.
    submit(page, page.get_by_role("button", name="Use this photo", exact=True))
    assert path_of(page) == matter_url, page.url
    expect(page.locator("main .messages .success")).to_contain_text(THANKS)
    expect(page.locator("ul.needed li", has_text=req.title_en)).to_have_count(0)
    docs = page.locator("section[aria-labelledby=docs-heading] li.req", has_text=req.title_en)
    expect(docs.locator(".badge")).to_have_text("Uploaded, waiting for review")
    document.refresh_from_db()
    assert document.confirmed_at is not None
    assert document.display_name == PHOTO_NAME
    assert document.size == len(original)

    # 4. The paralegal downloads the photo and accepts it ---------------------------------
    staff_ctx = browser.new_context(
        viewport=DESKTOP, device_scale_factor=1, locale="en-US", accept_downloads=True
    )
    staff_ctx.set_default_timeout(10_000)
    try:
        staff = staff_ctx.new_page()
        staff_sign_in(staff, base, paralegal.email)
        staff_matter = f"/staff/matters/{matter.uuid}/"
        staff.goto(f"{base}{staff_matter}")
        assert path_of(staff) == staff_matter, staff.url
        item = staff.locator(
            "section[aria-labelledby=checklist-heading] li.req", has_text=req.title_en
        )
        expect(item).to_have_count(1)
        expect(item.locator(".badge").first).to_have_text("Uploaded, waiting for review")
        link = item.locator(f"a[href='/documents/{document.uuid}/']")
        expect(link).to_have_text(PHOTO_NAME)
        with staff.expect_download() as download_info:
            link.click()
        download = download_info.value
        assert download.suggested_filename == PHOTO_NAME
        saved = tmp_path / "downloaded.jpg"
        download.save_as(saved)
        assert saved.read_bytes() == original, "the download differs from the photo sent"

        submit(staff, item.get_by_role("button", name="Accept"))
        assert path_of(staff) == staff_matter, staff.url
        expect(staff.locator("main .messages .success")).to_contain_text(
            f"Accepted: {req.title_en}"
        )
        item = staff.locator(
            "section[aria-labelledby=checklist-heading] li.req", has_text=req.title_en
        )
        expect(item.locator(".badge").first).to_have_text("Accepted")
        expect(item.get_by_role("button", name="Accept")).to_have_count(0)
        staff.screenshot(path=str(ARTIFACTS / "upload-staff.png"), full_page=True)
        req.refresh_from_db()
        assert req.status == DocumentRequest.Status.ACCEPTED
    finally:
        staff_ctx.close()
