"""What a sync did and where sync stands: plain objects for the CLI and the GUI."""

from __future__ import annotations

from dataclasses import dataclass, field

from waypoint.record.model import Patient


@dataclass
class SyncReport:
    """What one :func:`waypoint.sync.engine.sync_once` did (counts of documents and patients)."""

    hub: str
    #: Documents sent to the hub (entries, headers, deletion markers).
    pushed: int = 0
    #: Documents from the hub that changed something here.
    pulled: int = 0
    #: Patients whose file here was updated from the hub (added, merged or deleted).
    patients_updated: int = 0
    #: Patients whose header (who the patient is) is in conflict: both versions kept.
    conflicts: list[str] = field(default_factory=list)
    #: Other documents with revisions in conflict on the hub (rare; see docs/sync.md).
    entry_conflicts: int = 0
    #: Plain-words notes (the hub was set up again, a patient deleted elsewhere, ...).
    notices: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SyncStatus:
    """Where sync stands, read from this computer only (no network): for the status bar."""

    #: False when this data folder was never synced (and no hub is set in the settings).
    configured: bool
    hub: str = ""
    #: When the last sync finished (ISO 8601, UTC), "" if never.
    last_sync: str = ""
    #: Patients changed here since the last sync (sent by the next one).
    pending: int = 0
    #: Patients whose header is in conflict.
    conflicts: int = 0


@dataclass(frozen=True)
class HeaderVersion:
    """One version of a patient's header kept on the hub."""

    rev: str
    patient: Patient
    #: True for the version this workstation shows now.
    here: bool


@dataclass(frozen=True)
class HeaderConflict:
    """A patient's header edited on two workstations: every version, none chosen yet."""

    patient_id: str
    versions: tuple[HeaderVersion, ...]
