"""CSV import: a dry run reports every row's problems; an import is all or nothing."""

import io

import pytest

from matters import importer
from matters.models import Matter

pytestmark = pytest.mark.django_db

HEADER = ",".join(importer.COLUMNS)


def csv_file(rows: list[str], header: str = HEADER) -> io.BytesIO:
    return io.BytesIO(("\n".join([header, *rows]) + "\n").encode())


def good_row(i: int) -> str:
    return f"Client {i},c{i}@client.test,es,beneficiary,i130,,alicia@firm.test,2024-01-0{1 + i % 9},,,,note {i}"


def test_dry_run_writes_nothing_then_import_writes_all(paralegal, attorney):
    rows = [good_row(i) for i in range(5)]
    report = importer.import_csv(csv_file(rows), by=paralegal, commit=False)
    assert report.ok and report.rows == 5 and not report.committed
    assert not Matter.objects.exists()
    report = importer.import_csv(csv_file(rows), by=paralegal, commit=True)
    assert report.committed and report.created == 5
    assert Matter.objects.count() == 5
    m = Matter.objects.get(contacts__email="c3@client.test")
    assert m.responsible_attorney == attorney and str(m.priority_date) == "2024-01-04"


def test_wrong_header_is_refused(paralegal):
    report = importer.import_csv(
        csv_file([good_row(1)], header="name,mail,type"), by=paralegal, commit=True
    )
    assert not report.ok and "header" in report.problems[0].message
    assert not Matter.objects.exists()


@pytest.mark.parametrize(
    "bad_row,column",
    [
        ("Client X,x@client.test,es,beneficiary,i999,,,,,,,", "case_type"),
        ("Client X,x@client.test,es,beneficiary,i130,,,2024-13-45,,,,", "priority_date"),
        ("Client X,x@client.test,es,beneficiary,i130,,,,,IOE12,,", "receipt_number"),
        ("Client X,not-an-email,es,beneficiary,i130,,,,,,,", "client_email"),
    ],
)
def test_a_bad_row_5000_stops_the_whole_import(paralegal, attorney, bad_row, column):
    rows = [good_row(i) for i in range(4998)] + [bad_row]  # the bad row is line 5000 of the file
    report = importer.import_csv(csv_file(rows), by=paralegal, commit=True)
    assert not report.committed
    assert [(p.row, p.column) for p in report.problems] == [(5000, column)]
    assert not Matter.objects.exists()


def test_invalid_utf8_is_a_clear_problem(paralegal):
    report = importer.import_csv(
        io.BytesIO(HEADER.encode() + b"\n\xff\xfe,\x00\n"), by=paralegal, commit=True
    )
    assert not report.ok and not Matter.objects.exists()


def test_import_page_dry_run(client, db):
    from django.urls import reverse

    from portal.accounts.models import Role, User
    from tests.conftest import login_verified, make_user

    intake = make_user("in@firm.test", kind=User.Kind.STAFF, roles=[Role.INTAKE], mfa=True)
    login_verified(client, intake)
    f = csv_file([good_row(1).replace("alicia@firm.test", "")])
    f.name = "cases.csv"
    response = client.post(reverse("staff:import"), {"file": f})
    assert response.status_code == 200 and "The row is fine" in response.content.decode()
    assert not Matter.objects.exists()
