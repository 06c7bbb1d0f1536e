"""Second factor: enrollment, verification, single use, throttling, recovery, storage."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from audit.models import Event
from portal.accounts.mfa_models import BackupCode, HashedStaticDevice, SealedTOTPDevice
from portal.accounts.models import Role, User
from tests.conftest import PASSWORD, TOTP_KEY, make_user, totp_now

pytestmark = pytest.mark.django_db


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


@pytest.fixture
def new_staff(db):
    return make_user("new@firm.test", kind=User.Kind.STAFF, roles=[Role.ATTORNEY])


def enroll(client, user):
    """Drive the setup page: read the key from the page, answer with a live code."""
    page = client.get(reverse("mfa_setup"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/png;base64,' in html  # QR drawn inline, no external service
    secret = "".join(re.search(r'<code class="secret"[^>]*>([^<]+)</code>', html)[1].split())
    import base64

    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    response = client.post(reverse("mfa_setup"), {"code": totp_now(key)})
    return key, response


def test_staff_enrolls_at_first_sign_in_and_gets_backup_codes(client, new_staff):
    response = sign_in(client, new_staff.email)
    assert response.status_code == 302
    # Any staff page now leads to enrollment.
    response = client.get(reverse("staff:home"))
    assert response.url.startswith(reverse("mfa_setup"))
    _key, response = enroll(client, new_staff)
    assert response.status_code == 200
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", response.content.decode())
    assert len(codes) == 10
    assert client.get(reverse("staff:home")).status_code == 200
    kinds = list(Event.objects.values_list("kind", flat=True))
    assert "mfa.enrolled" in kinds


def test_seed_is_sealed_and_backup_codes_hashed(client, new_staff):
    sign_in(client, new_staff.email)
    key, response = enroll(client, new_staff)
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", response.content.decode())
    device = SealedTOTPDevice.objects.get(user=new_staff)
    assert device.sealed_key.startswith("v1$t2$")
    with connection.cursor() as cur:
        cur.execute("SELECT sealed_key FROM portal_sealedtotpdevice")
        stored = cur.fetchone()[0]
        cur.execute("SELECT code_hash FROM portal_backupcode")
        hashes = [r[0] for r in cur.fetchall()]
    assert key.hex() not in stored and key not in stored.encode()
    import base64

    assert base64.b32encode(key).decode().rstrip("=") not in stored
    plain = {c.replace("-", "") for c in codes}
    assert len(hashes) == 10 and not plain & set(hashes)
    assert device.bin_key == key


def test_seed_moved_to_another_user_fails_to_open(new_staff, admin_user):
    theirs = SealedTOTPDevice.objects.get(user=admin_user)
    SealedTOTPDevice.objects.create(user=new_staff, sealed_key=theirs.sealed_key, confirmed=True)
    from portal.accounts.crypto import SealError

    with pytest.raises(SealError):
        SealedTOTPDevice.objects.get(user=new_staff).bin_key  # noqa: B018


def test_verification_rotates_session_and_code_is_single_use(client, staff_user):
    sign_in(client, staff_user.email)
    before = client.cookies["sessionid"].value
    code = totp_now(TOTP_KEY)
    response = client.post(reverse("mfa_verify"), {"code": code, "next": "/staff/"})
    assert response.status_code == 302 and response.url == "/staff/"
    assert client.cookies["sessionid"].value != before
    assert client.get("/staff/").status_code == 200

    other = type(client)()
    sign_in(other, staff_user.email)
    # The same code again, within its 30 seconds, is refused.
    response = other.post(reverse("mfa_verify"), {"code": code})
    assert response.status_code == 200
    assert other.get("/staff/").status_code == 302


def test_code_from_two_steps_ago_is_refused_one_step_accepted(client, staff_user):
    now = timezone.now().timestamp()
    sign_in(client, staff_user.email)
    old = totp_now(TOTP_KEY, at=now - 90)
    assert client.post(reverse("mfa_verify"), {"code": old}).status_code == 200
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=2), tick=False):
        previous = totp_now(TOTP_KEY, at=timezone.now().timestamp() - 30)
        response = client.post(reverse("mfa_verify"), {"code": previous, "next": "/staff/"})
    assert response.status_code == 302


def test_repeated_failures_back_off_and_are_audited(client, staff_user):
    sign_in(client, staff_user.email)
    t0 = timezone.now()
    with time_machine.travel(t0, tick=False):
        client.post(reverse("mfa_verify"), {"code": "000000"})
        # Immediately again: refused without even checking the code.
        response = client.post(reverse("mfa_verify"), {"code": totp_now(TOTP_KEY)})
        assert b"Too many wrong codes" in response.content
    assert Event.objects.filter(kind="mfa.failed").count() == 1
    assert Event.objects.filter(kind="mfa.throttled").count() == 1
    with time_machine.travel(t0 + timezone.timedelta(seconds=3), tick=False):
        response = client.post(
            reverse("mfa_verify"), {"code": totp_now(TOTP_KEY), "next": "/staff/"}
        )
    assert response.status_code == 302


def test_lost_device_recovery_with_backup_code(client, new_staff):
    sign_in(client, new_staff.email)
    _key, response = enroll(client, new_staff)
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", response.content.decode())
    client.post(reverse("account_logout"))

    # Phone lost: sign in with password, then a backup code.
    sign_in(client, new_staff.email)
    response = client.post(reverse("mfa_verify"), {"code": codes[0].upper(), "next": "/staff/"})
    assert response.status_code == 302 and response.url == "/staff/"
    assert client.get("/staff/").status_code == 200
    assert HashedStaticDevice.objects.get(user=new_staff).remaining() == 9
    assert BackupCode.objects.filter(used_at__isnull=False).count() == 1

    # Set up the new phone from the account page.
    response = client.post(reverse("mfa_replace_authenticator"))
    assert response.url.startswith(reverse("mfa_setup"))
    assert not SealedTOTPDevice.objects.filter(user=new_staff).exists()
    key2, response = enroll(client, new_staff)
    assert response.status_code == 200
    assert SealedTOTPDevice.objects.get(user=new_staff, confirmed=True).bin_key == key2

    # The spent backup code is refused next time.
    client.post(reverse("account_logout"))
    sign_in(client, new_staff.email)
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=5)):
        response = client.post(reverse("mfa_verify"), {"code": codes[0]})
    assert response.status_code == 200
    assert client.get("/staff/").status_code == 302


def test_client_may_opt_in_and_is_then_asked_at_sign_in(client, client_user):
    sign_in(client, client_user.email)
    assert client.get("/").status_code == 200  # no second factor needed yet
    enroll(client, client_user)
    client.post(reverse("account_logout"))
    sign_in(client, client_user.email)
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith(reverse("mfa_verify"))


def test_changing_second_factor_needs_a_recent_password(client, staff_user):
    t0 = timezone.now()
    with time_machine.travel(t0, tick=False):
        sign_in(client, staff_user.email)
        client.post(reverse("mfa_verify"), {"code": totp_now(TOTP_KEY, at=t0.timestamp())})
    with time_machine.travel(t0 + timezone.timedelta(minutes=10), tick=False):
        response = client.post(reverse("mfa_replace_authenticator"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_reauthenticate"))
        assert SealedTOTPDevice.objects.filter(user=staff_user, confirmed=True).exists()
        client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        response = client.post(reverse("mfa_replace_authenticator"))
    assert response.url.startswith(reverse("mfa_setup"))
    assert not SealedTOTPDevice.objects.filter(user=staff_user).exists()


def test_rotation_reseals_seeds_and_answers_so_the_old_key_can_go(
    settings, staff_user, client_user, paralegal
):
    """After a new key and rotate_keys, removing the old key breaks no authenticator and
    no sensitive answer (they were sealed under the old one)."""
    import io

    from django.core.management import call_command

    from matters import services as matter_services
    from matters.models import CaseType
    from portal.accounts.crypto import key_id_of
    from portal.accounts.mfa_models import SealedTOTPDevice
    from tests.conftest import ensure_case_types

    ensure_case_types()
    device = SealedTOTPDevice.create_for(client_user, confirmed=True)
    seed = device.bin_key
    matter = matter_services.create_matter(
        case_type=CaseType.objects.get(code="i130"),
        client_email=client_user.email,
        client_name="Alice",
        language="en",
        by=paralegal,
        invite=False,
    )
    matter_services.write_answers(matter, {"passport_number": "X1234567", "family_name": "Doe"})
    matter.save()
    assert key_id_of(matter.sealed_answers) == "t2"
    settings.PORTAL_KEYS = {"t9": b"\x09" * 32, **settings.PORTAL_KEYS}
    call_command("rotate_keys", stdout=io.StringIO())
    call_command("rotate_keys", stdout=io.StringIO())  # again: nothing left to do
    settings.PORTAL_KEYS = {"t9": b"\x09" * 32}  # the old keys are gone
    device = SealedTOTPDevice.objects.get(pk=device.pk)
    assert key_id_of(device.sealed_key) == "t9" and device.bin_key == seed
    matter.refresh_from_db()
    assert matter_services.read_answers(matter)["passport_number"] == "X1234567"
