"""Saving a record merged from elsewhere (the clinic hub): the record and the audit trail
entries it brings, in one atomic, backed-up save like :meth:`Store.commit`.

A save from this workstation appends one audit entry; a merge also adds the entries other
workstations wrote (who changed what, there), so each workstation ends up holding the whole
trail. Entries are kept in time order and never changed or dropped.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from waypoint.i18n import _
from waypoint.record.model import Record, record_from_json, record_to_json
from waypoint.storage.atomic import dump_json
from waypoint.storage.audit import AuditEntry
from waypoint.storage.errors import StoreError
from waypoint.storage.faults import SaveOutcome

if TYPE_CHECKING:
    from waypoint.storage.store import Store


def write_merged(
    store: Store,
    record: Record,
    incoming_audit: list[dict[str, Any]],
    entry: AuditEntry | None,
) -> SaveOutcome:
    """Save ``record`` with the audit entries ``incoming_audit`` (entries this file does not
    hold yet: the caller compares) and, when given, ``entry`` (the merge itself, by whom).

    Raises what :meth:`Store.commit` raises, before anything changed. Writes nothing and says
    ``already_saved`` when the record and trail are already exactly these.
    """
    data = record_to_json(record)
    record_from_json(data)
    patient_id = record.patient.id
    if patient_id in store.damaged:
        raise StoreError(_("This patient's saved file is damaged: repair the store first."))
    store._check_writable()
    old_raw, old = store._read_current(patient_id)
    table = old.get("audit") or {}
    trail = [table[k] for k in sorted(table, key=int)]
    new = list(incoming_audit)
    if entry is not None:
        new.append(entry.to_json())
    old_record = (old.get("record") or {}).get("1")
    if not new and old_record == json.loads(dump_json(data)):
        return SaveOutcome(patient_id, already_saved=True)
    # Stable by time: entries of the same second keep the order they were written in.
    merged = sorted([*trail, *new], key=lambda e: str(e.get("time", "")))
    updated = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    audit = {str(n): e for n, e in enumerate(merged, start=1)}
    store._write_version(patient_id, old, old_raw, data, audit, updated)
    return store._remember(SaveOutcome(patient_id, warnings=store._after_save(record, updated)))
