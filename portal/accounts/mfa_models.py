"""Second-factor devices for django-otp, with the secrets protected at rest.

django-otp's own TOTP and static devices keep the seed and the backup codes in
clear. Here the TOTP seed is sealed with the key ring (bound to its owner) and
backup codes are stored as keyed hashes, each usable once.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin
from django_otp.oath import TOTP

from portal.accounts.crypto import open_sealed, seal

TOTP_STEP = 30
TOTP_DIGITS = 6
TOTP_TOLERANCE = 1  # one 30-second step either side
THROTTLE_FACTOR = 1  # waits of 1, 2, 4, 8 ... seconds after successive failures

BACKUP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
BACKUP_CODE_LENGTH = 10  # about 49 bits each; guessing is also throttled
BACKUP_CODE_COUNT = 10


def seed_purpose(user_id: int) -> str:
    return f"portal.totp-seed:{user_id}"


def seed_purpose_of(device: SealedTOTPDevice) -> str:
    """The purpose a device's seed was sealed for (key rotation reads it by row)."""
    return seed_purpose(device.user_id)


class SealedTOTPDevice(ThrottlingMixin, Device):
    sealed_key = models.TextField(_("sealed key"))
    last_t = models.BigIntegerField(_("last time step used"), default=-1)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # django_otp ships no types: name the default manager (its DeviceManager is a Manager),
    # so that django-stubs can type the reverse relation on User.
    _default_manager: ClassVar[models.Manager[SealedTOTPDevice]]

    class Meta:
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    @classmethod
    def create_for(cls, user, *, key: bytes | None = None, confirmed: bool = False):
        key = key or secrets.token_bytes(20)
        return cls.objects.create(
            user=user,
            name="Authenticator",
            confirmed=confirmed,
            sealed_key=seal(key, purpose=seed_purpose(user.pk)),
        )

    @property
    def bin_key(self) -> bytes:
        return open_sealed(self.sealed_key, purpose=seed_purpose(self.user_id))

    def get_throttle_factor(self) -> int:
        return THROTTLE_FACTOR

    def verify_token(self, token) -> bool:
        token = re.sub(r"\s+", "", str(token or ""))
        if not token.isdigit() or len(token) != TOTP_DIGITS:
            return False
        with transaction.atomic():
            # Lock the row: two requests with the same code must not both pass.
            device = type(self).objects.select_for_update().get(pk=self.pk)
            allowed, _info = device.verify_is_allowed()
            if not allowed:
                return False
            totp = TOTP(device.bin_key, TOTP_STEP, 0, TOTP_DIGITS, 0)
            totp.time = timezone.now().timestamp()
            ok = totp.verify(int(token), tolerance=TOTP_TOLERANCE, min_t=device.last_t + 1)
            if ok:
                device.last_t = totp.t()
                device.throttle_reset(commit=False)
            else:
                device.throttle_increment(commit=False)
            device.save(
                update_fields=["last_t", "throttling_failure_timestamp", "throttling_failure_count"]
            )
        self.last_t = device.last_t
        self.throttling_failure_count = device.throttling_failure_count
        self.throttling_failure_timestamp = device.throttling_failure_timestamp
        return ok


def _hash_code(code: str) -> str:
    key = hashlib.sha256(b"portal.backup-code:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def normalize_backup_code(code: str) -> str:
    return re.sub(r"[\s-]", "", str(code or "")).lower()


class HashedStaticDevice(ThrottlingMixin, Device):
    """A set of single-use backup codes, stored as keyed hashes."""

    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # As on SealedTOTPDevice: django_otp's manager, typed for django-stubs.
    _default_manager: ClassVar[models.Manager[HashedStaticDevice]]

    class Meta:
        verbose_name = _("backup codes")
        verbose_name_plural = _("backup codes")

    def get_throttle_factor(self) -> int:
        return THROTTLE_FACTOR

    def regenerate(self) -> list[str]:
        """Replace every code; the plaintext is returned once and never stored."""
        codes = [
            "".join(secrets.choice(BACKUP_ALPHABET) for _ in range(BACKUP_CODE_LENGTH))
            for _ in range(BACKUP_CODE_COUNT)
        ]
        self.codes.all().delete()
        BackupCode.objects.bulk_create(
            [BackupCode(device=self, code_hash=_hash_code(c)) for c in codes]
        )
        return [f"{c[:5]}-{c[5:]}" for c in codes]

    def remaining(self) -> int:
        return self.codes.filter(used_at__isnull=True).count()

    def verify_token(self, token) -> bool:
        code = normalize_backup_code(token)
        if len(code) != BACKUP_CODE_LENGTH:
            return False
        with transaction.atomic():
            device = type(self).objects.select_for_update().get(pk=self.pk)
            allowed, _info = device.verify_is_allowed()
            if not allowed:
                return False
            # A conditional UPDATE spends the code: of two concurrent uses one wins.
            used = BackupCode.objects.filter(
                device=device, code_hash=_hash_code(code), used_at__isnull=True
            ).update(used_at=timezone.now())
            if used:
                device.throttle_reset(commit=False)
            else:
                device.throttle_increment(commit=False)
            device.save(update_fields=["throttling_failure_timestamp", "throttling_failure_count"])
        return bool(used)


class BackupCode(models.Model):
    device = models.ForeignKey(HashedStaticDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(_("code hash"), max_length=64)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("backup code")
        verbose_name_plural = _("backup codes")
        constraints = [
            models.UniqueConstraint(fields=["device", "code_hash"], name="backup_code_unique")
        ]

    def __str__(self) -> str:
        return f"backup code {self.pk}"
