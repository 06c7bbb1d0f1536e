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
