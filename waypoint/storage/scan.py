"""Every patient's stored record read for a report over the whole clinic, quickly.

:meth:`Store.records` builds and validates whole records, which is right for one patient and
too slow for a report over thousands. :func:`record_digests` reads the same files the same way
(checksum or seal checked), keeps a small extract of each record (what the caller's ``digest``
picks) in ``digests.json``, sealed like every record, and reads a patient's file again only
when its (inode, mtime, size) changed (the same test the index uses), so a report over 10,000
patients reads one small file.

The digests file is a cache: not archived, rebuilt when missing, damaged or of another
``version``, and rewritten without the patients no longer listed (deleted ones).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from waypoint.applog import logger
from waypoint.storage.atomic import DamagedFileError, open_payload, seal_payload, write_atomic
from waypoint.storage.index import scan_stats
from waypoint.storage.kinds import DIGESTS

if TYPE_CHECKING:
    from waypoint.storage.store import Store

_log = logger(__name__)
_LABEL = "digests"
#: ``digest(record JSON)``: the extract to keep (JSON), or None when the record cannot be used.
Digest = Callable[[dict[str, Any]], Any]


def _document(store: Store, patient_id: str) -> dict[str, Any] | None:
    try:
        tables = store._read_tables(patient_id)
    except (DamagedFileError, OSError):
        return None
    doc = (tables.get("record") or {}).get("1")
    return doc if isinstance(doc, dict) else None


def record_digests(store: Store, version: str, digest: Digest) -> list[tuple[str, Any]]:
    """(patient id, ``digest`` of the stored record) for every listed patient, in list order.

    None for a record that cannot be read or used. Digests of files unchanged since the last
    call come from ``digests.json``; the file is rewritten when anything changed (not when the
    store is read-only; a failed write only costs the next report its speed).
    """
    stats = scan_stats(store.patients_dir) if store.patients_dir.is_dir() else {}
    kept = _read(store, version)
    rows: dict[str, list[Any]] = {}
    found: list[tuple[str, Any]] = []
    changed = False
    for summary in store.list_patients():
        pid, stat = summary.id, stats.get(summary.id)
        row = kept.get(pid)
        if stat is not None and isinstance(row, list) and len(row) == 4 and row[:3] == [*stat]:
            value = row[3]
        else:
            doc = _document(store, pid)
            value = digest(doc) if doc is not None else None
            changed = True
        if stat is not None and value is not None:
            rows[pid] = [*stat, value]
        found.append((pid, value))
    if (changed or set(kept) != set(rows)) and not store.read_only:
        _write(store, version, rows)
    return found


def _read(store: Store, version: str) -> dict[str, Any]:
    path = store.root / DIGESTS
    try:
        data = open_payload(path, path.read_bytes(), store.cipher, _LABEL)
    except (DamagedFileError, OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != version:
        return {}
    rows = data.get("rows")
    return rows if isinstance(rows, dict) else {}


def _write(store: Store, version: str, rows: dict[str, list[Any]]) -> None:
    path = store.root / DIGESTS
    try:
        write_atomic(path, seal_payload({"version": version, "rows": rows}, store.cipher, _LABEL))
    except OSError as exc:
        _log.warning("digests not written (%s)", type(exc).__name__)
        with contextlib.suppress(OSError):
            path.unlink()  # never leave digests that no longer match the records
