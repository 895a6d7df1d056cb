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
from waypoint.record.model import SCHEMA_VERSION
from waypoint.storage import backup
from waypoint.storage.atomic import PLAIN_TAG, make_dir, write_atomic
from waypoint.storage.crypto import Cipher
from waypoint.storage.errors import StoreError
from waypoint.storage.faults import describe, probe_writable, read_only_notice, tidy_warning
from waypoint.storage.header import (
    HEADER,
    HEADER_COPY,
    PATIENTS,
    STORE_FORMAT,
    cipher_for,
    read_header,
    remove_orphaned_temp_files,
    write_header,
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
        header, header_problem = read_header(root)
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
            store = _open_writable(cls, root, header, cipher, header_problem)
            store.opened_with_recovery_key = _by_recovery_key(header, passphrase, recovery_key)
            return store
        except OSError as exc:
            if header is None:
                why = describe(exc)[0]
                raise StoreError(
                    _("Cannot create the data folder {path}: {why}.").format(path=root, why=why)
                ) from None
            reason = read_only_notice(exc)
    assert header is not None  # a missing header was refused or raised above
    store = cls(root, header, cipher, None)
    store.opened_with_recovery_key = _by_recovery_key(header, passphrase, recovery_key)
    _note_header(store, header_problem)
    if reason:
        store.read_only_reason = reason
        store.notices.append(reason)
    store._load_index()
    return store


def _by_recovery_key(header: dict[str, Any] | None, passphrase: str, recovery_key: str) -> bool:
    """True when the store was unlocked by the recovery key (typed in either place), so the
    GUI and CLI can ask for a new passphrase next."""
    if header is None or "encryption" not in header:
        return False
    if recovery_key:
        return True
    from waypoint.storage.header import looks_like_recovery_key

    return looks_like_recovery_key(passphrase)


def _note_header(store: Store, problem: str) -> None:
    if problem:
        store.header_problem = problem
        store.notices.append(problem)


def _header_outdated(root: Path) -> bool:
    """True when store.json has no checksum yet or its copy is missing (an older store)."""
    try:
        with open(root / HEADER, "rb") as handle:
            tagged = handle.read(len(PLAIN_TAG)) == PLAIN_TAG
    except OSError:
        return False  # the copy was used; check and repair put store.json back
    return not tagged or not (root / HEADER_COPY).exists()


def _open_writable(
    cls: type[Store],
    root: Path,
    header: dict[str, Any] | None,
    cipher: Cipher | None,
    header_problem: str = "",
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
            write_header(root, header)
        elif not header_problem and _header_outdated(root):
            write_header(root, header)  # add the checksum and the copy beside it
        store = cls(root, header, cipher, lock)
        _note_header(store, header_problem)
        remove_orphaned_temp_files(root)
        _resume_encryption(store)
        _migrate(store)
        store._load_index()
        _purge(store)
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
    write_header(store.root, store.header)
    store.notices.append(_("The records were updated to this version of Waypoint."))


def _purge(store: Store) -> None:
    from waypoint.storage.deletion import purge_expired

    try:
        purge_expired(store)
    except OSError as exc:
        store.notices.append(
            tidy_warning(_("remove deleted records past their time"), exc, saved=False)
        )


def _resume_encryption(store: Store) -> None:
    from waypoint.storage.keys import finish_encryption

    if store.header.get("converting") and store.cipher is not None:
        finish_encryption(store)
