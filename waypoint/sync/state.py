"""What this workstation knows about one hub: checkpoints, revisions, conflicts.

Kept in ``sync/state-<hub>.json`` in the data folder (one file per hub address), written
atomically and sealed with the store's key when it has one (it names patients' ids; see the
"sync" kind in waypoint/storage/kinds.py). Losing it costs time, never records: the next sync
compares everything again, and sending or merging what is already there changes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from waypoint.storage.atomic import AtomicJSONStorage, DamagedFileError, make_dir
from waypoint.storage.kinds import SYNC

if TYPE_CHECKING:
    from waypoint.storage.store import Store

FORMAT = 2
#: Characters kept as they are in a packed key (ids from an import may hold any character).
_SAFE = "/-_.:"


def state_path(root: Path, hub_display: str) -> Path:
    """The state file for the hub at ``hub_display`` (a digest: the name says nothing)."""
    digest = hashlib.sha256(hub_display.encode()).hexdigest()[:16]
    return root / SYNC / f"state-{digest}.json"


def _storage(store: Store, path: Path) -> AtomicJSONStorage:
    return AtomicJSONStorage(path, True, store.cipher, f"{SYNC}/{path.stem}")


class PatientState:
    """One patient as last synced: the file's (inode, mtime, size), each document's
    (revision, content hash) by local key, and whether the patient was deleted.

    The documents are kept packed in one string until they are needed: a sync that touches
    a few patients of 10,000 neither parses nor rebuilds the others (the state file's cost).
    """

    __slots__ = ("_docs", "_packed", "deleted", "stat")

    def __init__(
        self,
        stat: list[int] | None = None,
        docs: dict[str, list[str]] | None = None,
        deleted: bool = False,
        packed: str = "",
    ) -> None:
        self.stat = stat
        self.deleted = deleted
        self._docs = docs
        self._packed = packed

    @property
    def docs(self) -> dict[str, list[str]]:
        """(revision, content hash) by local key."""
        if self._docs is None:
            self._docs = {}
            for line in self._packed.split("\n") if self._packed else ():
                key, rev, content = line.split(" ")
                self._docs[unquote(key)] = [rev, content]
        return self._docs

    @docs.setter
    def docs(self, value: dict[str, list[str]]) -> None:
        self._docs = value

    def deleted_here(self, store: Store, patient_id: str) -> bool:
        """True when the patient was in this store (sent from or merged into it) and is not
        any more: deleted here, so the deletion is to be sent. A patient only heard of from
        the hub (not merged yet) is not."""
        return not self.deleted and self.stat is not None and patient_id not in store

    def to_json(self) -> list[Any]:
        """Stored form: [stat, deleted, "key rev hash" lines]."""
        if self._docs is not None:
            self._packed = "\n".join(
                f"{quote(k, safe=_SAFE)} {v[0]} {v[1]}" for k, v in self._docs.items()
            )
        return [self.stat, self.deleted, self._packed]

    @classmethod
    def from_json(cls, data: list[Any]) -> PatientState:
        """Read the stored form."""
        stat, deleted, packed = data
        return cls(stat, None, bool(deleted), str(packed))


@dataclass
class SyncState:
    """The state file's content (see the module docstring)."""

    path: Path
    hub: str = ""
    hub_id: str = ""
    since: Any = None
    last_sync: str = ""
    patients: dict[str, PatientState] = field(default_factory=dict)
    #: Patient id -> the header's versions left in conflict on the hub.
    conflicts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: Patient id -> the revision chosen by a clinician, to be sent at the next sync.
    resolutions: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Documents (other than headers) with revisions in conflict on the hub, by hub id.
    entry_conflicts: list[str] = field(default_factory=list)
    #: Hub ids of documents that could not be merged (a damaged file here, a newer Waypoint
    #: there): fetched again at every sync until they merge.
    retry: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, store: Store, hub_display: str) -> SyncState:
        """The state for this hub (empty when there is none or it cannot be read)."""
        return cls.read(store, state_path(store.root, hub_display), hub_display)

    @classmethod
    def read(cls, store: Store, path: Path, hub_display: str = "") -> SyncState:
        """The state in ``path`` (empty when missing or unreadable: the next sync redoes it)."""
        try:
            data = _storage(store, path).read() or {}
        except (DamagedFileError, OSError, ValueError):
            data = {}
        body = data.get("state") or {}
        if body.get("format") != FORMAT:
            return cls(path, hub_display)
        return cls(
            path,
            str(body.get("hub") or hub_display),
            str(body.get("hub_id") or ""),
            body.get("since"),
            str(body.get("last_sync") or ""),
            {k: PatientState.from_json(v) for k, v in (body.get("patients") or {}).items()},
            dict(body.get("conflicts") or {}),
            dict(body.get("resolutions") or {}),
            list(body.get("entry_conflicts") or []),
            list(body.get("retry") or []),
        )

    def save(self, store: Store) -> None:
        """Write the state atomically (sealed when the store is)."""
        make_dir(self.path.parent)
        body = {
            "format": FORMAT,
            "hub": self.hub,
            "hub_id": self.hub_id,
            "since": self.since,
            "last_sync": self.last_sync,
            "patients": {k: v.to_json() for k, v in self.patients.items()},
            "conflicts": self.conflicts,
            "resolutions": self.resolutions,
            "entry_conflicts": self.entry_conflicts,
            "retry": self.retry,
        }
        _storage(store, self.path).write({"state": body})

    def forget_hub(self) -> None:
        """Start again with this hub: every document is compared and sent again."""
        self.hub_id, self.since = "", None
        self.patients.clear()
        self.entry_conflicts.clear()

    def patient(self, patient_id: str) -> PatientState:
        """The patient's state (created empty)."""
        return self.patients.setdefault(patient_id, PatientState())


def all_states(store: Store) -> list[SyncState]:
    """Every hub's state in this data folder, most recently synced first."""
    folder = store.root / SYNC
    if not folder.is_dir():
        return []
    states = [SyncState.read(store, p) for p in sorted(folder.glob("state-*.json"))]
    return sorted(states, key=lambda s: s.last_sync, reverse=True)
