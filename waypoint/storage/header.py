"""The store's header file (store.json): format, schema version, store id, wrapped keys.

The header is the one file without which nothing opens (it holds the wrapped data key), so it
is written with a checksum and kept twice: ``store.json`` and an identical ``store.json.bak``
beside it, and once more in every snapshot. A damaged header is reported as damaged (never as
a wrong passphrase or a newer version); a folder with patient files but no header is never
turned into a fresh store. :func:`repair_header` puts it back from the copy or a snapshot.
"""

from __future__ import annotations

import contextlib
import zipfile
from pathlib import Path
from typing import Any

from waypoint.i18n import _
from waypoint.record.model import SCHEMA_VERSION
from waypoint.storage import backup
from waypoint.storage.atomic import (
    DamagedFileError,
    decode_json,
    read_json,
    remove_orphans,
    unframe_plain,
    write_json,
)
from waypoint.storage.crypto import Cipher, WrongPassphraseError, parse_recovery_key, unlock
from waypoint.storage.errors import HeaderDamagedError, PassphraseError, StoreError
from waypoint.storage.kinds import ARCHIVE_ERRORS

STORE_FORMAT = "waypoint-store"
HEADER = "store.json"
HEADER_COPY = "store.json.bak"
PATIENTS = "patients"


def _checked(root: Path, header: Any) -> dict[str, Any]:
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


def has_records(root: Path) -> bool:
    """True when the folder holds patient files, backups or snapshots (so is not new)."""
    for folder, pattern in ((PATIENTS, "*.json"), (backup.BACKUPS, "*"), (backup.SNAPSHOTS, "*")):
        with contextlib.suppress(OSError):
            if any((root / folder).glob(pattern)):
                return True
    return False


def _read_one(root: Path, name: str) -> tuple[dict[str, Any] | None, str]:
    """(header, "") or (None, "missing"/"damaged") for one of the two header files."""
    path = root / name
    if not path.exists():
        return None, "missing"
    try:
        header = read_json(path)
    except DamagedFileError:
        return None, "damaged"
    return _checked(root, header), ""


def read_header(root: Path) -> tuple[dict[str, Any] | None, str]:
    """(the header or None for a new folder, a problem to report or "").

    The copy is used when store.json is damaged or missing, and the problem says so. Raises
    StoreError for a foreign or newer store and HeaderDamagedError when neither copy is good.
    """
    header, state = _read_one(root, HEADER)
    if header is not None:
        return header, ""
    copy, copy_state = _read_one(root, HEADER_COPY)
    problem = (
        _("The header file store.json is missing.")
        if state == "missing"
        else _("The header file store.json is damaged.")
    )
    if copy is not None:
        return copy, problem + " " + _("Its copy was used; run check with --repair to put it back.")
    if state == copy_state == "missing" and not has_records(root):
        return None, ""  # a new, empty folder
    raise HeaderDamagedError(
        problem
        + " "
        + _(
            "These records cannot be opened until it is restored: run `waypoint check "
            "--repair`, which puts it back from a snapshot. Nothing was changed."
        )
    )


def write_header(root: Path, header: dict[str, Any]) -> None:
    """Write store.json and its copy (each atomically, with its checksum)."""
    write_json(root / HEADER, header)
    write_json(root / HEADER_COPY, header)


def header_from_archive(archive: Path) -> dict[str, Any] | None:
    """The verified header inside a snapshot, or None when it has none that reads."""
    try:
        with zipfile.ZipFile(archive) as zf:
            raw = zf.read(HEADER)
        data = decode_json(archive, unframe_plain(archive, raw))
    except (*ARCHIVE_ERRORS, KeyError, DamagedFileError):
        return None
    return data if isinstance(data, dict) and data.get("format") == STORE_FORMAT else None


def repair_header(root: Path) -> str:
    """Put store.json back from its copy or the newest snapshot holding a good one; say what.

    Raises StoreError when there is none (then the records cannot be opened, but are kept).
    """
    with contextlib.suppress(DamagedFileError, OSError):
        copy = read_json(root / HEADER_COPY)
        if isinstance(copy, dict) and copy.get("format") == STORE_FORMAT:
            write_header(root, copy)
            return _("The header file store.json was restored from its copy.")
    for archive in sorted((root / backup.SNAPSHOTS).glob(f"*{backup.ARCHIVE_SUFFIX}"))[::-1]:
        header = header_from_archive(archive)
        if header is not None:
            write_header(root, header)
            return _(
                "The header file store.json was restored from the snapshot {name}. If the "
                "passphrase was changed after that, use the earlier one or the recovery key."
            ).format(name=archive.name)
    raise StoreError(
        _(
            "The header file store.json cannot be restored: no copy and no snapshot holds a "
            "good one. Nothing was changed; ask IT to restore the data folder from a backup."
        )
    )


def cipher_for(header: dict[str, Any], passphrase: str, recovery_key: str) -> Cipher | None:
    """The cipher for an encrypted store (PassphraseError when it cannot be unlocked).

    What was typed as a passphrase is also tried as the recovery key, so the printed key works
    wherever a passphrase is asked for (the lock screen, WAYPOINT_PASSPHRASE).
    """
    section = header.get("encryption")
    if not isinstance(section, dict):
        return None
    if not passphrase and not recovery_key:
        raise PassphraseError(
            _("These records are protected by a passphrase; please enter it."), missing=True
        )
    key = unlock_key(header, passphrase, recovery_key)
    return Cipher(key, str(header["store_id"]), allow_plain=bool(header.get("converting")))


def looks_like_recovery_key(text: str) -> bool:
    """True when ``text`` has the shape of a recovery key (52 base-32 letters and digits)."""
    try:
        parse_recovery_key(text)
    except WrongPassphraseError:
        return False
    return True


def unlock_key(header: dict[str, Any], passphrase: str, recovery_key: str) -> bytes:
    """The data key from the passphrase or the recovery key (either typed in either place)."""
    section = header.get("encryption")
    store_id = str(header.get("store_id", ""))
    if not isinstance(section, dict):
        raise PassphraseError(_("These records have no passphrase."))
    attempts = [("", recovery_key)] if recovery_key else []
    if passphrase and looks_like_recovery_key(passphrase):
        attempts.append(("", passphrase))
    if passphrase:
        attempts.append((passphrase, ""))
    for pass_text, key_text in attempts:
        with contextlib.suppress(WrongPassphraseError):
            return unlock(section, store_id, pass_text, key_text)
    raise PassphraseError(
        _("That passphrase (or recovery key) is not right. Nothing was opened or changed.")
    )


def remove_orphaned_temp_files(root: Path) -> None:
    """A crash mid-save leaves a temporary file; the real file is intact, so the copy can go."""
    # Backup folders are swept when next written to (see backup.keep_version), not here:
    # visiting thousands of folders would slow every start.
    for folder in (root, root / PATIENTS, root / backup.SNAPSHOTS):
        remove_orphans(folder)
