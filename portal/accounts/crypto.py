"""Sealing small secrets (TOTP seeds, sensitive answers) with the key ring.

Format: ``v1$<key id>$<base64 nonce || AES-256-GCM ciphertext>``. The purpose
string is associated data, so a value moved to another column or row (when the
caller binds the row id) fails to open.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.apps import apps
from django.conf import settings
from django.db.models import QuerySet
from django.utils.module_loading import import_string


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


@dataclass(frozen=True)
class SealedColumn:
    """A column holding ``seal()`` output: the model (``"app_label.Model"``), the field, and
    the dotted path of the function giving each row's purpose (the associated data it was
    sealed with). Paths, not objects, so apps register from ``ready()`` without loading
    their modules early."""

    model: str
    field: str
    purpose: str
    select_related: tuple[str, ...] = ()

    def rows(self) -> QuerySet:
        qs = apps.get_model(self.model).objects.all()
        return qs.select_related(*self.select_related) if self.select_related else qs


_SEALED: list[SealedColumn] = []


def register_sealed(
    model: str, field: str, purpose: str, *, select_related: tuple[str, ...] = ()
) -> None:
    """Declare a sealed column for key rotation, from the owning app's ``ready()``."""
    column = SealedColumn(model, field, purpose, select_related)
    if column not in _SEALED:
        _SEALED.append(column)


def sealed_columns() -> list[SealedColumn]:
    return list(_SEALED)


def rotate_sealed(*, batch: int = 200) -> int:
    """Re-seal every sealed secret (TOTP seeds, sensitive answers and their change log)
    under the newest key. Each row is updated only if it still holds the value read, so
    an interrupted run, a second run or a user changing the value meanwhile are all safe.
    """
    newest = next(iter(_ring()))
    prefix = f"v1${newest}$"
    done = 0
    for column in _SEALED:
        queryset, field, purpose = column.rows(), column.field, import_string(column.purpose)
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
