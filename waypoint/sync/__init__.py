"""Sync: several workstations of one clinic share records through a CouchDB hub (docs/sync.md).

The local store stays the source of truth and works offline; sync is optional, runs only when
a clinic set a hub up, and never holds the writer lock anywhere but here. Import from the
modules (this package re-exports nothing, like waypoint.storage):

- ``waypoint.sync.engine.sync_once(store, hub, actor, *, refill=False) -> SyncReport``:
  push what changed here, pull what changed elsewhere (merged through the store: atomic,
  audited as action "sync" by ``actor``). Blocking network I/O: run it off the GUI thread,
  with no save running on the same store meanwhile. Raises ``SyncError``.
- ``waypoint.sync.setup.open_hub(settings, *, url="", store=None) -> Hub`` (a context manager),
  ``save_password(store, password)``, ``read_password(store)``, ``join_clinic(root, hub)``.
- ``waypoint.sync.status.sync_status(store, hub_url="") -> SyncStatus``: last sync, patients
  pending, conflicts; reads this computer only (safe on the GUI thread).
- ``waypoint.sync.conflicts.header_conflicts(store) -> list[HeaderConflict]``: patients whose
  header (name, date of birth, ...) was edited on two workstations; every version kept.
- ``waypoint.sync.conflicts.resolve_header_conflict(store, patient_id, chosen_rev, actor)``:
  the clinician's choice, saved here (audited "sync-resolve"), sent at the next sync.
- ``waypoint.sync.hub.SyncError``: ``str()`` is one plain line for the user; ``.kind`` is one
  of bad_url, credentials, unreachable, tls, no_database, not_a_hub, hub_error, replaced,
  other_clinic, not_configured.
- Plain result objects in ``waypoint.sync.report``: SyncReport, SyncStatus, HeaderConflict,
  HeaderVersion.

For the app: run ``sync_once`` through the background helper with the window's store and the
signed-in clinician as ``actor``; afterwards re-read the patient list and any open record
(patients may have been added, merged or deleted). Show ``SyncError`` text as it is. The audit
trail gains two actions for gui/audit_view.py to name: "sync" (a merge from the hub, by whoever
ran the sync; kept on the workstation that merged) and "sync-resolve" (a clinician chose one
version of a header). A header conflict's ``HeaderVersion.patient`` is a full Patient for a
side-by-side view; ``here`` marks the version this workstation shows now.

Layers: sync imports storage and record; storage never imports sync.
"""
