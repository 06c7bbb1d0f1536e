"""The key ring: key-encryption keys with ids, from PORTAL_KEYS.

The vault (uploads) wraps per-file data keys with these; small secrets such as
TOTP seeds are sealed with them directly (portal.accounts.crypto). Keys never live in
the database.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")


def parse_keyring(value: str) -> dict[str, bytes]:
    """``"id1:base64,id2:base64"`` to an ordered mapping, newest first."""
    ring: dict[str, bytes] = {}
    for item in value.split(","):
        item = item.strip()
        if not item:
            continue
        key_id, sep, encoded = item.partition(":")
        if not sep or not KEY_ID.match(key_id):
            raise ImproperlyConfigured(
                "PORTAL_KEYS entries look like 'key-id:base64-key' with ids of letters, "
                "digits, '.', '_' or '-'."
            )
        try:
            key = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        except (binascii.Error, ValueError) as exc:
            raise ImproperlyConfigured(f"PORTAL_KEYS key {key_id!r} is not base64.") from exc
        if len(key) != 32:
            raise ImproperlyConfigured(f"PORTAL_KEYS key {key_id!r} must be 32 bytes.")
        if key_id in ring:
            raise ImproperlyConfigured(f"PORTAL_KEYS names key {key_id!r} twice.")
        ring[key_id] = key
    if not ring:
        raise ImproperlyConfigured("PORTAL_KEYS holds no key.")
    return ring


def new_key_entry(key_id: str) -> str:
    return f"{key_id}:{base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip('=')}"


def load_keyring(value: str | None, *, debug: bool, var_dir: Path) -> dict[str, bytes]:
    if value:
        return parse_keyring(value)
    if not debug:
        raise ImproperlyConfigured("PORTAL_KEYS must be set when DEBUG is off.")
    # Development only: a generated key kept beside the SQLite file, readable by
    # its owner alone. Production keys come from the environment or a secret file.
    path = var_dir / "dev-keys"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(new_key_entry("dev1"))
    return parse_keyring(path.read_text().strip())
