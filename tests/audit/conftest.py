"""Fixtures shared by the compliance tests: a matter with two document versions."""

import pytest

from matters import services as matter_services
from matters.models import CaseType
from tests.uploads.helpers import jpeg_bytes, png_bytes, store


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


@pytest.fixture
def matter(client_user, paralegal, admin_user):
    from tests.conftest import ensure_case_types

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
def documents(matter, client_user, vault_dir):
    req = matter.requests.get(audience="beneficiary", key="passport")
    return [
        store(req, jpeg_bytes(), by=client_user, name="passport.jpg"),
        store(req, png_bytes(), by=client_user, name="passport-2.png"),
    ]
