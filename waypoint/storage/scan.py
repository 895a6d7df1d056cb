"""Every patient's stored record as parsed JSON, for reports that read a few fields of each.

:meth:`Store.records` builds and validates whole records, which is right for one patient and
too slow for a report over thousands (see waypoint/clinical/measure_input.py). This reads the
same files the same way (checksum or seal checked) and hands back the record's JSON.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from waypoint.storage.atomic import DamagedFileError

if TYPE_CHECKING:
    from waypoint.storage.store import Store


def record_documents(store: Store) -> Iterator[tuple[str, dict[str, Any] | None]]:
    """(patient id, the stored record's JSON) for every listed patient, in list order.

    Deleted patients are not listed. The JSON is None when the file cannot be read now (the
    store check says why); nothing about the file or the patient is logged.
    """
    for summary in store.list_patients():
        try:
            tables = store._read_tables(summary.id)
        except (DamagedFileError, OSError):
            yield summary.id, None
            continue
        doc = (tables.get("record") or {}).get("1")
        yield summary.id, doc if isinstance(doc, dict) else None
