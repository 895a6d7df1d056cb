"""Headers edited on two workstations: every version kept, shown, and chosen by a clinician.

The versions are kept in this workstation's sync state by the last sync, so they can be shown
without the network. Choosing one saves it into the patient's file here (audited, action
"sync-resolve", naming the clinician) and the next sync makes it the hub's only version; the
others stay in the hub's revision history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from waypoint.i18n import _
from waypoint.record.model import Patient, record_from_json, record_to_json
from waypoint.record.schema import ValidationError, from_json
from waypoint.storage.audit import AuditEntry, changed_paths
from waypoint.storage.errors import StoreError
from waypoint.storage.merge import write_merged
from waypoint.sync.engine import RESOLVED, now_stamp
from waypoint.sync.report import HeaderConflict, HeaderVersion
from waypoint.sync.state import SyncState, all_states

if TYPE_CHECKING:
    from waypoint.storage.store import Store


def _patient(header: Any) -> Patient | None:
    try:
        return from_json(Patient, header.get("patient"), "record.patient")
    except (ValidationError, AttributeError):
        return None


def header_conflicts(store: Store) -> list[HeaderConflict]:
    """Every patient whose header is in conflict, with each version (none chosen)."""
    found: dict[str, HeaderConflict] = {}
    for state in all_states(store):
        for patient_id, versions in sorted(state.conflicts.items()):
            if patient_id in found or patient_id not in store:
                continue
            mine = to_header(store, patient_id)
            kept = []
            for version in versions:
                patient = _patient(version.get("header"))
                if patient is not None:
                    here = version.get("header", {}).get("patient") == mine
                    kept.append(HeaderVersion(str(version["rev"]), patient, here))
            found[patient_id] = HeaderConflict(patient_id, tuple(kept))
    return list(found.values())


def to_header(store: Store, patient_id: str) -> dict[str, Any]:
    """The patient part of the record as stored here (JSON)."""
    header: dict[str, Any] = record_to_json(store.load(patient_id))["patient"]
    return header


def _state_with(store: Store, patient_id: str) -> SyncState:
    for state in all_states(store):
        if patient_id in state.conflicts:
            return state
    raise StoreError(_("This patient has no versions waiting to be chosen."))


def resolve_header_conflict(store: Store, patient_id: str, chosen_rev: str, actor: str) -> None:
    """Keep the version ``chosen_rev`` of the patient's header: saved here now (audited as
    chosen by ``actor``), sent to the hub at the next sync. StoreError when there is no such
    version; what saving raises otherwise."""
    state = _state_with(store, patient_id)
    versions = state.conflicts[patient_id]
    chosen = next((v for v in versions if v.get("rev") == chosen_rev), None)
    if chosen is None:
        raise StoreError(_("That version is not one of this patient's versions."))
    record = record_to_json(store.load(patient_id))
    before = record["patient"]
    record["patient"] = chosen["header"]["patient"]
    updated = record_from_json(record)
    fields = tuple(changed_paths(before, record["patient"], "record.patient"))
    write_merged(store, updated, [], AuditEntry(now_stamp(), actor, RESOLVED, patient_id, fields))
    others = [str(v["rev"]) for v in versions if v.get("rev") != chosen_rev]
    state.resolutions[patient_id] = {"chosen": chosen_rev, "others": others}
    del state.conflicts[patient_id]
    state.save(store)
