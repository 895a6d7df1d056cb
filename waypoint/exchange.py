"""Records to and from JSON files for the command line (import, export)."""

from __future__ import annotations

import json
from typing import Any

from waypoint.model import SCHEMA_VERSION, record_to_json
from waypoint.storage import Store

EXPORT_FORMAT = "waypoint-export"


def _dump(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def export_one(store: Store, patient_id: str) -> bytes:
    """One patient's record, in the same format ``main.py import`` reads."""
    return _dump(record_to_json(store.load(patient_id)))


def export_all(store: Store) -> bytes:
    """Every record in the store, wrapped with the format name and schema version."""
    return _dump(
        {
            "format": EXPORT_FORMAT,
            "schema_version": SCHEMA_VERSION,
            "records": [record_to_json(r) for r in store.records()],
        }
    )
