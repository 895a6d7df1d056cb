"""The store's header file (store.json): format, schema version, store id, wrapped keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from waypoint.i18n import _
from waypoint.model import SCHEMA_VERSION
from waypoint.storage import backup
from waypoint.storage.atomic import read_json, remove_orphans
from waypoint.storage.crypto import Cipher, WrongPassphraseError, unlock
from waypoint.storage.errors import PassphraseError, StoreError

STORE_FORMAT = "waypoint-store"
HEADER = "store.json"
PATIENTS = "patients"


def read_header(root: Path) -> dict[str, Any] | None:
    """The header, None for a new folder; StoreError for a foreign or newer store."""
    path = root / HEADER
    if not path.exists():
        return None
    header: Any = read_json(path)
    if not isinstance(header, dict) or header.get("format") != STORE_FORMAT:
        raise StoreError(_("{path} is not a Waypoint data folder.").format(path=root))
    version = header.get("schema_version")
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise StoreError(
            _(
                "This data folder was written by a newer version of Waypoint "
                "(format {found}; this version reads up to {known}). Please update Waypoint."
            ).format(found=version, known=SCHEMA_VERSION)
        )
    return header


def cipher_for(header: dict[str, Any], passphrase: str, recovery_key: str) -> Cipher | None:
    """The cipher for an encrypted store (PassphraseError when it cannot be unlocked)."""
    section = header.get("encryption")
    if not isinstance(section, dict):
        return None
    if not passphrase and not recovery_key:
        raise PassphraseError(
            _("These records are protected by a passphrase; please enter it."), missing=True
        )
    try:
        key = unlock(section, str(header.get("store_id", "")), passphrase, recovery_key)
    except WrongPassphraseError:
        raise PassphraseError(
            _("That passphrase (or recovery key) is not right. Nothing was opened or changed.")
        ) from None
    return Cipher(key, str(header["store_id"]), allow_plain=bool(header.get("converting")))


def remove_orphaned_temp_files(root: Path) -> None:
    """A crash mid-save leaves a temporary file; the real file is intact, so the copy can go."""
    # Backup folders are swept when next written to (see backup.keep_version), not here:
    # visiting thousands of folders would slow every start.
    for folder in (root, root / PATIENTS, root / backup.SNAPSHOTS):
        remove_orphans(folder)
