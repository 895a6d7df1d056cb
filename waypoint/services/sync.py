"""Sharing records with the clinic hub, as the screens use it: sync now, status, conflicts and
the hub's settings. gui/ imports these from here, never from waypoint.sync itself
(tests/waypoint/test_layers.py).

Each name loads its module on first use (as the screens did themselves), so starting the app
does not pull in ReportLab or the sync engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from waypoint.services.lazy import lazy_exports

if TYPE_CHECKING:
    from waypoint.sync.conflicts import header_conflicts as header_conflicts
    from waypoint.sync.conflicts import resolve_header_conflict as resolve_header_conflict
    from waypoint.sync.engine import sync_once as sync_once
    from waypoint.sync.hub import SyncError as SyncError
    from waypoint.sync.hub import parse_address as parse_address
    from waypoint.sync.report import HeaderConflict as HeaderConflict
    from waypoint.sync.report import HeaderVersion as HeaderVersion
    from waypoint.sync.report import SyncReport as SyncReport
    from waypoint.sync.report import SyncStatus as SyncStatus
    from waypoint.sync.setup import open_hub as open_hub
    from waypoint.sync.setup import read_password as read_password
    from waypoint.sync.setup import save_password as save_password
    from waypoint.sync.status import sync_status as sync_status

_HOME = {
    "header_conflicts": "waypoint.sync.conflicts",
    "resolve_header_conflict": "waypoint.sync.conflicts",
    "sync_once": "waypoint.sync.engine",
    "SyncError": "waypoint.sync.hub",
    "parse_address": "waypoint.sync.hub",
    "HeaderConflict": "waypoint.sync.report",
    "HeaderVersion": "waypoint.sync.report",
    "SyncReport": "waypoint.sync.report",
    "SyncStatus": "waypoint.sync.report",
    "open_hub": "waypoint.sync.setup",
    "read_password": "waypoint.sync.setup",
    "save_password": "waypoint.sync.setup",
    "sync_status": "waypoint.sync.status",
}
_MODULES: dict[str, str] = {}


__getattr__, __all__ = lazy_exports(__name__, _HOME, _MODULES)
