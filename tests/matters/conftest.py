import pytest

from matters import services
from matters.models import CaseType
from portal.accounts.models import Role, User
from tests.conftest import make_user


@pytest.fixture
def attorney(db):
    return make_user("alicia@firm.test", kind=User.Kind.STAFF, roles=[Role.ATTORNEY], mfa=True)


@pytest.fixture
def i130(db):
    from tests.conftest import ensure_case_types

    ensure_case_types()
    return CaseType.objects.get(code="i130")


@pytest.fixture
def matter(db, i130, client_user, attorney, paralegal):
    """An I-130 for Alice, with Alicia as attorney and Pablo assigned."""
    return services.create_matter(
        case_type=i130,
        client_email=client_user.email,
        client_name="Alice Client",
        language="en",
        by=paralegal,
        attorney=attorney,
        invite=False,
    )
