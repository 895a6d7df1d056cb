"""Opening a store: header, passphrase, writer lock, a write probe, and the read-only fallback.

Writing is asked for by default. When the folder cannot be written (the disk is full, the disk
is read-only, Waypoint is not allowed to write) an existing store opens read-only instead, so
the clinic can still read, export and print, and ``Store.read_only_reason`` says why in plain
words. Only a folder with no store yet, which cannot be created, is an error.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

from waypoint.i18n import _
from waypoint.model import SCHEMA_VERSION
from waypoint.storage import backup
from waypoint.storage.atomic import dump_json, make_dir, write_atomic
from waypoint.storage.crypto import Cipher
from waypoint.storage.errors import StoreError
from waypoint.storage.faults import describe, probe_writable, read_only_notice
from waypoint.storage.header import (
    HEADER,
    PATIENTS,
    STORE_FORMAT,
    cipher_for,
    read_header,
    remove_orphaned_temp_files,
)
from waypoint.storage.lock import StoreLock
from waypoint.storage.migrate import migrate_record

if TYPE_CHECKING:
    from waypoint.storage.store import Store


def open_store(
    cls: type[Store], root: Path, passphrase: str, recovery_key: str, read_only: bool
) -> Store:
    """See :meth:`Store.open`."""
    try:
        header = read_header(root)
    except OSError as exc:
        why = describe(exc)[0]
        raise StoreError(
            _("Cannot read the data folder {path}: {why}.").format(path=root, why=why)
        ) from None
    if header is None and read_only:
        raise StoreError(_("There are no records in {path} yet.").format(path=root))
    cipher = cipher_for(header, passphrase, recovery_key) if header else None
    reason = ""
    if not read_only:
        try:
            return _open_writable(cls, root, header, cipher)
        except OSError as exc:
            if header is None:
                why = describe(exc)[0]
                raise StoreError(
                    _("Cannot create the data folder {path}: {why}.").format(path=root, why=why)
                ) from None
            reason = read_only_notice(exc)
    assert header is not None  # a missing header was refused or raised above
    store = cls(root, header, cipher, None)
    if reason:
        store.read_only_reason = reason
        store.notices.append(reason)
    store._load_index()
    return store


def _open_writable(
    cls: type[Store], root: Path, header: dict[str, Any] | None, cipher: Cipher | None
) -> Store:
    """Open holding the writer lock; OSError (lock released) when the folder cannot be written."""
    make_dir(root / PATIENTS)
    lock = StoreLock(root)
    lock.acquire()
    try:
        probe_writable(root / PATIENTS)
        # A copy: should writing the header fail, the read-only store keeps the one on disk.
        header = dict(header or {"format": STORE_FORMAT, "schema_version": SCHEMA_VERSION})
        if "store_id" not in header:
            header["store_id"] = secrets.token_hex(16)
            write_atomic(root / HEADER, dump_json(header))
        store = cls(root, header, cipher, lock)
        remove_orphaned_temp_files(root)
        _resume_encryption(store)
        _migrate(store)
        store._load_index()
    except BaseException:
        lock.release()
        raise
    return store


def _migrate(store: Store) -> None:
    version = store.header.get("schema_version")
    if not isinstance(version, int) or version >= SCHEMA_VERSION:
        return
    backup.take_snapshot(store.root)
    for path in store.patients_dir.glob("*.json"):
        tables = store._read_tables(path.stem)
        data = (tables.get("record") or {}).get("1") or {}
        tables["record"] = {"1": migrate_record(data, SCHEMA_VERSION)}
        write_atomic(path, store._seal(tables, path.stem))
    store.header["schema_version"] = SCHEMA_VERSION
    write_atomic(store.root / HEADER, dump_json(store.header))
    store.notices.append(_("The records were updated to this version of Waypoint."))


def _resume_encryption(store: Store) -> None:
    from waypoint.storage.keys import finish_encryption

    if store.header.get("converting") and store.cipher is not None:
        finish_encryption(store)
