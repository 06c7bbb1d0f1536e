"""The staff matter list's search finds people, references and case types as people type them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from billing import services as billing_services
from billing.models import LineKind
from matters import services
from matters.models import CaseType
from matters.unaccent import fold
from tests.conftest import login_verified, make_user

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def people(i130, paralegal, attorney):
    """Three matters: José García-Núñez (I-130, a WAC receipt), Zoë Ødegaard (N-400),
    Mary Smith (I-130)."""

    def open_for(name, email, code="i130"):
        return services.create_matter(
            case_type=CaseType.objects.get(code=code),
            client_email=email,
            client_name=name,
            language="es",
            by=paralegal,
            attorney=attorney,
            invite=False,
        )

    jose = open_for("José García-Núñez", "jgn@client.test")
    services.add_receipt(
        matter=jose, number="WAC1901234567", form="I-130", received_on=None, by=paralegal
    )
    zoe = open_for("Zoë Ødegaard", "zoe@client.test", code="n400")
    mary = open_for("Mary Smith", "mary@client.test")
    services.add_receipt(
        matter=mary, number="IOE0999999999", form="I-130", received_on=None, by=paralegal
    )
    return {"jose": jose, "zoe": zoe, "mary": mary}


def found(client, people, query: str) -> set[str]:
    response = client.get(reverse("staff:matters"), {"q": query})
    assert response.status_code == 200
    body = response.content.decode()
    return {k for k, m in people.items() if f">{m.reference}<" in body}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Nunez", {"jose"}),
        ("NÚÑEZ", {"jose"}),
        ("nuñez", {"jose"}),
        ("garcia nunez", {"jose"}),
        ("Jose Garcia-Nunez", {"jose"}),
        ("odegaard", {"zoe"}),
        ("zoe", {"zoe"}),
        ("jgn@client.test", {"jose"}),
        ("wac", {"jose"}),
        ("WAC-19-012-34567", {"jose"}),
        ("wac 19 012 34567", {"jose"}),
        ("wac1901234567", {"jose"}),
        ("naturalization", {"zoe"}),
        ("naturalización", {"zoe"}),
        ("Naturalizacion", {"zoe"}),
        ("N-400", {"zoe"}),
        ("n400", {"zoe"}),
        ("petition for alien relative", {"jose", "mary"}),
        ("i-130 smith", {"mary"}),
        ("smith nunez", set()),
    ],
)
def test_search_finds_people_receipts_and_case_types(client, paralegal, people, query, expected):
    login_verified(client, paralegal)
    assert found(client, people, query) == expected


def test_search_takes_matter_and_invoice_numbers(client, paralegal, billing, people, client_user):
    mary = people["mary"]
    login_verified(client, paralegal)
    assert found(client, people, people["zoe"].reference.lower()) == {"zoe"}
    jose_user = make_user("jgn@client.test", full_name="José García-Núñez")
    services.attach_contacts(jose_user)
    invoice = billing_services.create_invoice(matter=people["jose"], client=jose_user, by=billing)
    billing_services.add_line(
        invoice=invoice, by=billing, kind=LineKind.FEE, description="Fee", unit_amount=100
    )
    invoice = billing_services.issue(invoice=invoice, by=billing)
    assert invoice.display_number.startswith("INV-")
    assert found(client, people, invoice.display_number) == {"jose"}
    assert found(client, people, invoice.display_number.lower().replace("-", " ")) == {"jose"}
    assert mary.reference.lower() not in invoice.display_number.lower()


def test_a_misspelt_name_is_found_on_postgres(client, paralegal, people, postgres):
    login_verified(client, paralegal)
    assert found(client, people, "Nunes") == {"jose"}
    # Numbers are never near misses of each other.
    assert found(client, people, "0999999998") == set()
    assert found(client, people, "0999999999") == {"mary"}


def test_search_stays_within_what_the_user_may_see(client, people):
    other = make_user("olga@firm.test", kind="staff", roles=["Paralegal"], mfa=True)
    login_verified(client, other)
    assert found(client, people, "Nunez") == set()


@pytest.mark.parametrize("length", [101, 3000])
def test_an_over_long_query_is_refused_with_a_message(client, paralegal, people, length):
    login_verified(client, paralegal)
    response = client.get(reverse("staff:matters"), {"q": "a" * length})
    body = response.content.decode()
    assert response.status_code == 200
    assert "A search can be at most 100 characters long" in body
    assert "no matters are listed" in body and "0 matters" in body
    assert not any(f">{m.reference}<" in body for m in people.values())


def test_fold_spells_letters_without_marks():
    assert fold("José García-Núñez") == "Jose Garcia-Nunez"
    assert fold("Zoë Ødegaard Straße Łódź") == "Zoe Odegaard Strasse Lodz"


def test_postgres_has_the_extensions_the_search_uses(postgres):
    with connection.cursor() as cur:
        cur.execute(
            "SELECT unaccent(lower('José García-NÚÑEZ')), word_similarity('nunes', 'nunez')"
        )
        folded, likeness = cur.fetchone()
    assert folded == "jose garcia-nunez" and likeness >= 0.5


def test_the_embedded_sqlite_setup_searches_without_accents(tmp_path):
    """The default set-up (no DATABASE_URL): migrations run and the search folds accents."""
    script = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "from matters import search\n"
        "from matters.models import CaseType, Matter, MatterContact\n"
        "ct = CaseType.objects.get(code='n400')\n"
        "m = Matter.objects.create(title='x', case_type=ct, stage='intake',"
        " questionnaire_version=ct.current_version())\n"
        "MatterContact.objects.create(matter=m, email='j@c.test', name='José García-Núñez',"
        " role='beneficiary')\n"
        "qs = Matter.objects.all()\n"
        "print(search.search(qs, 'NUNEZ').count(), search.search(qs, 'naturalización').count(),"
        " search.search(qs, 'smith').count())\n"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "PYTEST_XDIST_WORKER", "REDIS_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        PORTAL_VAR_DIR=str(tmp_path),
        DEBUG="1",
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split()[-3:] == ["1", "1", "0"], result.stdout
