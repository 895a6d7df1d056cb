"""Opening's patient list: the index rows checked against the patient files on disk.

Each patient file's (inode, mtime, size) is compared with its index row, so only files changed
since the index was written are read again; a file that cannot be read is listed as damaged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from waypoint.i18n import _
from waypoint.record.schema import ValidationError
from waypoint.storage import backup
from waypoint.storage.atomic import DamagedFileError
from waypoint.storage.faults import tidy_warning
from waypoint.storage.index import Row, read_rows, scan_stats
from waypoint.storage.patient_file import record_of
from waypoint.storage.summary import placeholder, summary_of

if TYPE_CHECKING:
    from waypoint.storage.store import Store


def reconcile(store: Store, rows: dict[str, Row]) -> None:
    """Match the index rows with the patient files on disk; read only the files that changed."""
    on_disk = scan_stats(store.patients_dir)
    changed = False
    for patient_id, stat in on_disk.items():
        known = rows.get(patient_id)
        if known is not None and known[1] == stat:
            store._set_row(*known)
            continue
        changed = True
        path = store._patient_path(patient_id)
        try:
            tables = store._read_tables(patient_id)
            meta = (tables.get("meta") or {}).get("1") or {}
            updated = str(meta.get("updated", ""))[:19] + "+00:00"
            record = record_of(path, tables)
            if record.patient.id != patient_id:
                raise DamagedFileError(path, _("it holds another patient's id"))
            store._set_row(summary_of(record, updated), stat)
        except (DamagedFileError, ValidationError, OSError) as exc:
            store.damaged[patient_id] = str(exc)
            store._set_row(known[0] if known else placeholder(patient_id), None)
    for patient_id in rows.keys() - on_disk.keys():
        changed = True
        if (backup.version_dir(store.root, patient_id) / backup.DELETED).exists():
            continue
        store.damaged[patient_id] = _("the file is missing")
        store._set_row(rows[patient_id][0], None, rows[patient_id][2])
    if changed and not store.read_only:
        try:
            store._flush_index()
        except OSError as exc:
            # The index is a cache: the next open rebuilds it from the files again.
            store._dirty = max(store._dirty, 1)
            store.notices.append(tidy_warning(_("update the patient list"), exc, saved=False))


def read_index(store: Store) -> dict[str, Row]:
    """The index rows ({} with a notice when the index was damaged: it is rebuilt)."""
    rows = read_rows(store.root, store.cipher)
    if rows is None:
        store.notices.append(_("The patient list was damaged and has been rebuilt."))
        return {}
    return rows
