"""Onboarding help: the photo guide, the help page, and the links that lead to them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from matters import services as matter_services
from matters.models import CaseType
from tests.conftest import ensure_case_types, login_verified
from tests.uploads.helpers import png_bytes, store

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
GUIDE_DIR = ROOT / "static" / "img" / "guide"
PUBLIC_PAGES = ["photo_guide", "help"]


class Page(HTMLParser):
    """The parts of a page these tests look at."""

    def __init__(self, html: str):
        super().__init__()
        self.images: list[dict] = []
        self.links: list[str] = []
        self.headings: list[int] = []
        self.landmarks: set[str] = set()
        self.scripts = 0
        self.styled = 0
        self.html_lang = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "style" in a:
            self.styled += 1
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag == "img":
            self.images.append(a)
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag in {"main", "header", "footer", "nav"}:
            self.landmarks.add(tag)
        elif tag in {"script", "style"}:
            self.scripts += 1


def page(response) -> Page:
    assert response.status_code == 200, response.status_code
    return Page(response.content.decode())


@pytest.fixture
def matter(client_user, paralegal):
    ensure_case_types()
    return matter_services.create_matter(
        case_type=CaseType.objects.get(code="i130"),
        client_email=client_user.email,
        client_name="Alice Client",
        language="en",
        by=paralegal,
        invite=False,
    )


@pytest.fixture
def doc_request(matter):
    return (
        matter.requests.filter(audience="beneficiary", key="passport").first()
        or matter.requests.filter(audience="beneficiary").first()
    )


@pytest.fixture
def vault_dir(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "vault": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "vault")},
        },
    }
    return tmp_path / "vault"


# Public pages ------------------------------------------------------------------------


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_work_signed_out_without_scripts_or_inline_styles(client, name):
    p = page(client.get(reverse(name)))
    assert p.scripts == 0 and p.styled == 0
    assert {"main", "header", "footer", "nav"} <= p.landmarks
    # One h1, and no level skipped on the way down.
    assert p.headings[0] == 1 and p.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(p.headings, p.headings[1:], strict=False))
    assert reverse("help") in p.links  # the footer's Help link


def test_help_page_answers_the_common_problems_and_gives_the_contact(client, settings):
    settings.SUPPORT_EMAIL = "desk@firm.test"
    settings.SUPPORT_PHONE = "+1 (555) 010-0199"
    response = client.get(reverse("help"))
    html = response.content.decode()
    p = page(response)
    assert html.count("<details>") >= 8
    for words in ("too large", "HEIC", "Word", "mobile data", "camera", "wrong file", "password"):
        assert words in html, words
    assert "mailto:desk@firm.test" in p.links
    assert "tel:+15550100199" in p.links
    assert reverse("photo_guide") in p.links


def test_help_pages_refuse_posts(client):
    for name in PUBLIC_PAGES:
        assert client.post(reverse(name)).status_code == 405


def test_every_illustration_exists_is_small_and_has_alt_text(client):
    p = page(client.get(reverse("photo_guide")))
    prefix = f"{settings.STATIC_URL}img/guide/"
    pictures = [img for img in p.images if img["src"].startswith(prefix)]
    assert 4 <= len(pictures) <= 6
    for img in pictures:
        path = GUIDE_DIR / img["src"].removeprefix(prefix)
        assert path.is_file(), path
        assert path.stat().st_size < 4096, path
        assert len(img.get("alt", "").strip()) > 20, img
        assert img.get("width") and img.get("height")
        root = ET.parse(path).getroot()  # noqa: S314  (our own files)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert not any(el.tag.endswith("script") for el in root.iter())
    # Nothing in the folder is left unused.
    used = {img["src"].removeprefix(prefix) for img in pictures}
    assert used == {f.name for f in GUIDE_DIR.glob("*.svg")}
    # Served as static files, like the page expects.
    assert client.get(pictures[0]["src"]).status_code == 200


# Spanish -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_pages_render_in_spanish_from_the_browser(client, name):
    p = page(client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="es"))
    assert p.html_lang == "es"


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_pages_render_in_spanish_from_the_language_cookie(client, name):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    p = page(client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="en"))
    assert p.html_lang == "es"


def test_a_signed_in_client_in_spanish_gets_the_pages_in_spanish(client, client_user):
    client_user.preferred_language = "es"
    client_user.save(update_fields=["preferred_language"])
    login_verified(client, client_user)
    for name in [*PUBLIC_PAGES, "home"]:
        assert page(client.get(reverse(name))).html_lang == "es", name


def test_the_lang_link_sets_the_language_then_drops_the_parameter(client):
    url = reverse("photo_guide")
    response = client.get(f"{url}?lang=es")
    assert response.status_code == 302 and response["Location"] == url
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert page(client.get(url, HTTP_ACCEPT_LANGUAGE="en")).html_lang == "es"


def test_an_unknown_lang_is_ignored(client):
    url = reverse("help")
    response = client.get(f"{url}?lang=xx")
    assert response.status_code == 302 and response["Location"] == url
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_a_signed_in_users_own_language_wins_over_the_link(client, client_user):
    login_verified(client, client_user)
    url = reverse("photo_guide")
    response = client.get(f"{url}?lang=es")
    assert response.status_code == 302 and response["Location"] == url
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


# Links to the guide --------------------------------------------------------------------


def test_client_home_shows_the_guide_until_the_first_upload(
    client, client_user, doc_request, vault_dir
):
    login_verified(client, client_user)
    guide = reverse("photo_guide")
    assert guide in page(client.get(reverse("home"))).links
    store(doc_request, png_bytes(), by=client_user)
    assert guide not in page(client.get(reverse("home"))).links


def test_the_guide_box_can_be_hidden_with_a_link(client, client_user):
    login_verified(client, client_user)
    home = reverse("home")
    hide = f"{home}?guide=hide"
    assert hide in page(client.get(home)).links
    response = client.get(hide)
    assert response.status_code == 302 and response["Location"] == home
    p = page(client.get(home))
    assert reverse("photo_guide") not in p.links and hide not in p.links


def test_upload_page_links_to_the_guide(client, client_user, doc_request):
    login_verified(client, client_user)
    url = reverse("document_upload", args=[doc_request.matter.uuid, doc_request.uuid])
    assert reverse("photo_guide") in page(client.get(url)).links


@pytest.mark.parametrize("language", ["en", "es"])
def test_invitation_email_links_to_the_guide(client, intake_user, language):
    login_verified(client, intake_user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("staff:invitations"),
            {"full_name": "Carla Cliente", "email": "carla@client.test", "language": language},
        )
    assert response.status_code == 302
    message = mail.outbox[-1]
    guide_url = f"{settings.SITE_URL}{reverse('photo_guide')}?lang={language}"
    assert guide_url in message.body
    html = message.alternatives[0][0]
    assert f'href="{guide_url}"' in html
    # The link opens the guide, in the invitation's language, for someone signed out.
    client.logout()
    response = client.get(guide_url.removeprefix(settings.SITE_URL), follow=True)
    assert page(response).html_lang == language
