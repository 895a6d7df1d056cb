"""Encryption at rest: a random data key, wrapped by a passphrase (Argon2id) and a recovery key.

Every store file is sealed with AES-256-GCM under the data key, with a fresh random 96-bit nonce
per write. The associated data binds the store's id and the file's label (its role and, for
patient files, the patient's id), so a file cannot be moved to another patient or another store
without failing authentication. The data key never changes; changing the passphrase only
rewraps it, in one atomic write of the header. See docs/security.md for the threat model.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from waypoint.i18n import _

MAGIC = b"WPE1"
NONCE_BYTES = 12
KEY_BYTES = 32
#: Argon2id cost, tuned to about half a second on the 2-core reference machine.
DEFAULT_KDF = {"memory_kib": 131072, "iterations": 4, "lanes": 4}
_RECOVERY_ALPHABET_GROUP = 4


class WrongPassphraseError(Exception):
    """The passphrase (or recovery key) does not open this store."""


@dataclass(frozen=True)
class Cipher:
    """Seals and opens store files with the data key."""

    key: bytes
    store_id: str
    #: True only while a store is being encrypted: files not yet sealed are read as they are.
    allow_plain: bool = False

    def _aad(self, label: str) -> bytes:
        return b"waypoint-file\0" + self.store_id.encode() + b"\0" + label.encode()

    def seal(self, payload: bytes, label: str) -> bytes:
        """Encrypt ``payload`` for the file called ``label``; a fresh nonce every call."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = os.urandom(NONCE_BYTES)
        return MAGIC + nonce + AESGCM(self.key).encrypt(nonce, payload, self._aad(label))

    def open(self, path: Path, blob: bytes, label: str) -> bytes:
        """Decrypt a sealed file; a failed check raises DamagedFileError (never returns empty)."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        from waypoint.storage.atomic import DamagedFileError

        if self.allow_plain and not blob.startswith(MAGIC):
            return blob
        if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + NONCE_BYTES + 16:
            raise DamagedFileError(path, _("the file is not an encrypted Waypoint file"))
        nonce = blob[len(MAGIC) : len(MAGIC) + NONCE_BYTES]
        try:
            return AESGCM(self.key).decrypt(
                nonce, blob[len(MAGIC) + NONCE_BYTES :], self._aad(label)
            )
        except InvalidTag:
            raise DamagedFileError(
                path, _("the file fails its integrity check (damaged or altered)")
            ) from None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def derive_kek(passphrase: str, salt: bytes, kdf: dict[str, int]) -> bytes:
    """The key-encryption key for ``passphrase`` (Argon2id with the stored parameters)."""
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    return Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=int(kdf["iterations"]),
        lanes=int(kdf["lanes"]),
        memory_cost=int(kdf["memory_kib"]),
    ).derive(passphrase.encode("utf-8"))


def _wrap(kek: bytes, data_key: bytes, aad: bytes) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(NONCE_BYTES)
    return _b64(nonce + AESGCM(kek).encrypt(nonce, data_key, aad))


def _unwrap(kek: bytes, wrapped: Any, aad: bytes) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        blob = _unb64(wrapped)
        return AESGCM(kek).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except (InvalidTag, ValueError):
        raise WrongPassphraseError from None


def _wrap_aad(store_id: str, kind: str, kdf: dict[str, Any]) -> bytes:
    return b"\0".join(
        (
            b"waypoint-key",
            store_id.encode(),
            kind.encode(),
            json.dumps(kdf, sort_keys=True).encode(),
        )
    )


def format_recovery_key(raw: bytes) -> str:
    """The recovery key as the clinic prints it: groups of four letters and digits."""
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    step = _RECOVERY_ALPHABET_GROUP
    return "-".join(text[i : i + step] for i in range(0, len(text), step))


def parse_recovery_key(text: str) -> bytes:
    """Read a typed recovery key (spaces, dashes and case do not matter)."""
    cleaned = "".join(c for c in text.upper() if c.isalnum())
    try:
        raw = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except ValueError:
        raise WrongPassphraseError from None
    if len(raw) != KEY_BYTES:
        raise WrongPassphraseError
    return raw


def wrap_with_passphrase(
    store_id: str, data_key: bytes, passphrase: str, kdf: dict[str, int] | None = None
) -> dict[str, Any]:
    """The passphrase part of the header: Argon2id parameters, salt and the wrapped data key."""
    params: dict[str, Any] = {"name": "argon2id", **(kdf or DEFAULT_KDF)}
    params["salt"] = _b64(secrets.token_bytes(16))
    kek = derive_kek(passphrase, _unb64(params["salt"]), params)
    return {"kdf": params, "wrapped": _wrap(kek, data_key, _wrap_aad(store_id, "pass", params))}


def new_encryption(
    store_id: str, passphrase: str, kdf: dict[str, int] | None = None
) -> tuple[dict[str, Any], bytes, str]:
    """A fresh data key: the header section, the key, and the one-time recovery key to print."""
    data_key = secrets.token_bytes(KEY_BYTES)
    recovery = secrets.token_bytes(KEY_BYTES)
    section = {
        "cipher": "AES-256-GCM",
        "passphrase": wrap_with_passphrase(store_id, data_key, passphrase, kdf),
        "recovery": _wrap(recovery, data_key, _wrap_aad(store_id, "recovery", {})),
    }
    return section, data_key, format_recovery_key(recovery)


def unlock(
    section: dict[str, Any], store_id: str, passphrase: str = "", recovery_key: str = ""
) -> bytes:
    """The data key, from the passphrase or the recovery key; WrongPassphraseError otherwise."""
    if recovery_key:
        raw = parse_recovery_key(recovery_key)
        return _unwrap(raw, section.get("recovery"), _wrap_aad(store_id, "recovery", {}))
    part = section.get("passphrase")
    if not isinstance(part, dict) or not isinstance(part.get("kdf"), dict):
        raise WrongPassphraseError
    params = part["kdf"]
    try:
        kek = derive_kek(passphrase, _unb64(params.get("salt")), params)
    except (KeyError, TypeError, ValueError):
        raise WrongPassphraseError from None
    return _unwrap(kek, part.get("wrapped"), _wrap_aad(store_id, "pass", params))
