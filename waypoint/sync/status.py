"""Where sync stands, from this computer alone (never the network): for the status bar and
``main.py sync status``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from waypoint.storage.index import scan_stats
from waypoint.sync.report import SyncStatus
from waypoint.sync.state import all_states

if TYPE_CHECKING:
    from waypoint.storage.store import Store


def sync_status(store: Store, hub_url: str = "") -> SyncStatus:
    """The last sync, patients changed here since, and headers in conflict.

    ``hub_url`` is the hub set in the settings (blank: never configured); the state of the
    most recent sync is read either way.
    """
    states = all_states(store)
    if not states:
        pending = len(store) if hub_url else 0
        return SyncStatus(configured=bool(hub_url), hub=hub_url, pending=pending)
    state = states[0]
    stats = scan_stats(store.patients_dir)
    pending = 0
    for summary in store.list_patients():
        ps = state.patients.get(summary.id)
        stat = stats.get(summary.id)
        if ps is None or (not ps.deleted and stat is not None and ps.stat != list(stat)):
            pending += 1
    pending += sum(1 for pid, ps in state.patients.items() if ps.deleted_here(store, pid))
    return SyncStatus(
        configured=True,
        hub=state.hub,
        last_sync=state.last_sync,
        pending=pending,
        conflicts=len([pid for pid in state.conflicts if pid in store]),
    )
