"""Deleting a patient (entered by mistake, a duplicate): audited, kept sealed, then purged.

A deleted patient's last version, with its audit trail ending in a "delete" entry, stays in
``backups/<id>/deleted.json`` beside the patient's earlier versions (and any unfinished
conversation, moved to ``backups/<id>/draft.json``), sealed like every record when the store
has a passphrase, so a mistaken delete can be undone by support. After the clinic's retention
period (``deleted_retention_days`` in the clinic settings) the whole ``backups/<id>/`` folder
is purged, when a store is opened or closed. Snapshots rotate after a week, so nothing of the
patient remains after the longer of the two.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from waypoint.applog import logger
from waypoint.i18n import _
from waypoint.storage import backup
from waypoint.storage.atomic import (
    DamagedFileError,
    fsync_dir,
    make_dir,
    replace_file,
    write_atomic,
)
from waypoint.storage.audit import delete_entry
from waypoint.storage.errors import StoreError
from waypoint.storage.kinds import DELETED_DRAFT, DRAFTS

if TYPE_CHECKING:
    from waypoint.storage.store import Store

_log = logger(__name__)


def delete_patient(store: Store, patient_id: str, actor: str) -> None:
    """See :meth:`Store.delete`."""
    store._check_writable()
    if patient_id not in store:
        raise StoreError(_("No patient with id {id} in this store.").format(id=patient_id))
    old = store._read_tables(patient_id)
    audit = dict(old.get("audit") or {})
    entry = delete_entry(patient_id, actor)
    audit[str(len(audit) + 1)] = entry.to_json()
    meta = dict((old.get("meta") or {}).get("1") or {})
    meta["deleted"] = entry.time
    folder = backup.version_dir(store.root, patient_id)
    make_dir(folder)
    tables = {**old, "audit": audit, "meta": {"1": meta}}
    write_atomic(folder / backup.DELETED, store._seal(tables, patient_id))
    draft = store.root / DRAFTS / f"{patient_id}.json"
    if draft.exists():
        replace_file(draft, folder / DELETED_DRAFT)  # the same key and label prefix: still sealed
    store._patient_path(patient_id).unlink()
    fsync_dir(store.patients_dir)
    store._forget(patient_id)


def retention_days(root: Path) -> int:
    """The clinic's retention period for deleted patients (the default if settings are damaged)."""
    from waypoint.storage.settings import Settings, load_settings

    try:
        return load_settings(root).deleted_retention_days
    except (DamagedFileError, OSError, ValueError):
        return Settings().deleted_retention_days


def deleted_at(store: Store, path: Path) -> dt.datetime | None:
    """When the patient in ``deleted.json`` was deleted (None when it cannot be read)."""
    from waypoint.storage.atomic import open_payload

    try:
        tables = open_payload(path, path.read_bytes(), store.cipher, f"patient/{path.parent.name}")
        meta = (tables.get("meta") or {}).get("1") or {}
        audit = tables.get("audit") or {}
        when = meta.get("deleted") or audit[max(audit, key=int)]["time"]
        stamp = dt.datetime.fromisoformat(str(when))
    except (DamagedFileError, OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def purge_expired(store: Store, now: dt.datetime | None = None) -> int:
    """Remove deleted patients kept longer than the retention period; returns how many.

    A deleted file that cannot be read is kept (check reports it), never purged on a guess.
    """
    if store.read_only:
        return 0
    limit = dt.timedelta(days=retention_days(store.root))
    now = now or dt.datetime.now(dt.UTC)
    purged = 0
    for path in sorted((store.root / backup.BACKUPS).glob(f"*/{backup.DELETED}")):
        when = deleted_at(store, path)
        if when is None or now - when < limit or path.parent.name in store:
            continue
        with contextlib.suppress(OSError):
            shutil.rmtree(path.parent)
            purged += 1
    if purged:
        _log.info("purged %d deleted patient(s) past the retention period", purged)
    return purged
