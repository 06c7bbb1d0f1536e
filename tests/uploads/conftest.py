import pytest

from matters import services as matter_services
from matters.models import CaseType


@pytest.fixture
def matter(db, client_user, paralegal):
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
def doc_request(matter):
    return (
        matter.requests.filter(audience="beneficiary", key="passport").first()
        or matter.requests.filter(audience="beneficiary").first()
    )


@pytest.fixture
def vault_dir(settings, tmp_path):
    """A vault of its own for the test, so scans see only this test's blobs."""
    settings.STORAGES = {
        **settings.STORAGES,
        "vault": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "vault")},
        },
    }
    return tmp_path / "vault"
