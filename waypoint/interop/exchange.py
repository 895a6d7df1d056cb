"""Records to and from JSON files for the command line (import, export).

Importing the same file again never makes a second patient (docs/storage.md, "Importing twice"):

- Parts of the record without an id (the patient, conversations, assessments, events) get ids
  derived from the record's content, keyed with the store's random id — the same file always
  gets the same ids in the same store, and the ids still reveal nothing about the patient.
- A record with a patient id is saved under it: exactly what the store holds already is
  "already saved" (nothing written); anything else is a new version, as any edit.
- A record without a patient id whose derived id is in the store already was imported before:
  "already saved" when unchanged, and left as it is when changed in Waypoint since, so an old
  file never overwrites newer work.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Sequence
from typing import Any, Protocol

from waypoint.record.model import SCHEMA_VERSION, Record, record_to_json
from waypoint.storage.faults import SaveOutcome
from waypoint.storage.store import Store

EXPORT_FORMAT = "waypoint-export"
#: Hex digits of the keyed fingerprint in a derived patient id (64 bits: no collisions in a
#: clinic's lifetime of imports); parts get 40 bits, like the random ids model.new_id makes.
_PATIENT_DIGITS = 16
_PART_DIGITS = 10


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


def fingerprint(key: str, record: Record) -> str:
    """A keyed hash of the record's content (hex): equal for equal records, else unrelated."""
    canonical = json.dumps(
        record_to_json(record), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return hmac.new(key.encode("utf-8"), canonical.encode("utf-8"), hashlib.sha256).hexdigest()


def _derived(key: str, seed: str, prefix: str, digits: int) -> str:
    digest = hmac.new(key.encode("utf-8"), f"{seed}/{prefix}".encode(), hashlib.sha256)
    return f"{prefix}-{digest.hexdigest()[:digits].upper()}"


def assign_import_ids(record: Record, key: str) -> None:
    """Give every part of ``record`` without an id one derived from its content and ``key``."""
    seed = fingerprint(key, record)
    if not record.patient.id:
        record.patient.id = _derived(key, seed, "P", _PATIENT_DIGITS)
    _fill(record.conversations, key, seed, "C")
    _fill(record.assessments, key, seed, "A")
    _fill(record.events, key, seed, "E")


class _HasId(Protocol):
    id: str


def _fill(items: Sequence[_HasId], key: str, seed: str, prefix: str) -> None:
    for n, item in enumerate(items):
        if not item.id:
            item.id = _derived(key, f"{seed}/{n}", prefix, _PART_DIGITS)


def import_record(store: Store, record: Record, actor: str = "") -> SaveOutcome:
    """Save an imported record so that importing the same file again is harmless.

    Returns the store's :class:`SaveOutcome` (``already_saved`` on a repeat); a record without
    a patient id that was imported before and changed since gives ``changed_since`` and is
    not written. Raises what :meth:`Store.commit` raises.
    """
    had_id = bool(record.patient.id)
    assign_import_ids(record, store.store_id)
    patient_id = record.patient.id
    if had_id or patient_id not in store or patient_id in store.damaged:
        return store.commit(record, actor)
    if record_to_json(store.load(patient_id)) == record_to_json(record):
        return store.commit(record, actor)  # writes nothing; keeps the patient listed
    return SaveOutcome(patient_id, changed_since=True)
