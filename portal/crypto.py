"""Sealing small secrets (TOTP seeds, sensitive answers) with the key ring.

Format: ``v1$<key id>$<base64 nonce || AES-256-GCM ciphertext>``. The purpose
string is associated data, so a value moved to another column or row (when the
caller binds the row id) fails to open.
"""

from __future__ import annotations

import base64
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings


class SealError(Exception):
    """A sealed value cannot be opened: wrong key, missing key or tampering."""


def _ring() -> dict[str, bytes]:
    return settings.PORTAL_KEYS


def seal(plaintext: bytes, *, purpose: str) -> str:
    key_id, key = next(iter(_ring().items()))
    nonce = secrets.token_bytes(12)
    ct = AESGCM(key).encrypt(nonce, plaintext, purpose.encode())
    return f"v1${key_id}${base64.urlsafe_b64encode(nonce + ct).decode()}"


def open_sealed(token: str, *, purpose: str) -> bytes:
    try:
        version, key_id, body = token.split("$", 2)
    except ValueError as exc:
        raise SealError("malformed sealed value") from exc
    if version != "v1":
        raise SealError("unknown sealed value version")
    key = _ring().get(key_id)
    if key is None:
        # Fail closed: a missing key is an operator error, never a reason to guess.
        raise SealError(f"key {key_id!r} is not in the key ring")
    raw = base64.urlsafe_b64decode(body)
    try:
        return AESGCM(key).decrypt(raw[:12], raw[12:], purpose.encode())
    except InvalidTag as exc:
        raise SealError("sealed value failed authentication") from exc


def key_id_of(token: str) -> str:
    return token.split("$", 2)[1]


def _sealed_columns():
    """Every column holding ``seal()`` output, with the purpose each row was sealed for."""
    from matters import intake
    from matters import services as matter_services
    from matters.models import AnswerChange, Matter
    from portal.mfa_models import SealedTOTPDevice, _seed_purpose

    return [
        (SealedTOTPDevice.objects.all(), "sealed_key", lambda d: _seed_purpose(d.user_id)),
        (Matter.objects.all(), "sealed_answers", matter_services._purpose),
        (
            AnswerChange.objects.select_related("matter"),
            "sealed_values",
            lambda c: intake._change_purpose(c.matter),
        ),
    ]


def rotate_sealed(*, batch: int = 200) -> int:
    """Re-seal every sealed secret (TOTP seeds, sensitive answers and their change log)
    under the newest key. Each row is updated only if it still holds the value read, so
    an interrupted run, a second run or a user changing the value meanwhile are all safe.
    """
    newest = next(iter(_ring()))
    prefix = f"v1${newest}$"
    done = 0
    for queryset, field, purpose in _sealed_columns():
        last = 0
        while True:
            rows = list(
                queryset.exclude(**{f"{field}__startswith": prefix})
                .exclude(**{field: ""})
                .filter(pk__gt=last)
                .order_by("pk")[:batch]
            )
            if not rows:
                break
            for row in rows:
                old = getattr(row, field)
                new = seal(open_sealed(old, purpose=purpose(row)), purpose=purpose(row))
                done += type(row).objects.filter(pk=row.pk, **{field: old}).update(**{field: new})
                last = row.pk
    return done
