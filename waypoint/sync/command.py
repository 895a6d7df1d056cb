"""``main.py sync`` and ``main.py sync status``: what they do and the lines they print."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from waypoint.i18n import _
from waypoint.storage.settings import Settings
from waypoint.sync.engine import sync_once
from waypoint.sync.report import SyncReport, SyncStatus
from waypoint.sync.setup import join_clinic, open_hub
from waypoint.sync.status import sync_status

if TYPE_CHECKING:
    from waypoint.storage.store import Store


def run_sync(
    data_dir: Path,
    settings: Settings,
    server: str,
    open_store: Callable[[], Store],
    actor: str,
    refill: bool = False,
) -> list[str]:
    """Sync the store in ``data_dir`` with the hub (joining the clinic first when the folder
    has no records yet); the lines to print. Raises SyncError."""
    lines: list[str] = []
    with open_hub(settings, url=server) as hub:
        if join_clinic(data_dir, hub):
            lines.append(_("This workstation joined the clinic at {hub}.").format(hub=hub.display))
    store = open_store()
    try:
        with open_hub(settings, url=server, store=store) as hub:
            report = sync_once(store, hub, actor, refill=refill)
    finally:
        store.close()
    return lines + report_lines(report)


def report_lines(report: SyncReport) -> list[str]:
    """What one sync did, in three short lines and its notices."""
    lines = [
        _("Synced with {hub}.").format(hub=report.hub),
        _("Pushed: {n} document(s). Pulled: {m} document(s), {p} patient(s) updated here.").format(
            n=report.pushed, m=report.pulled, p=report.patients_updated
        ),
    ]
    if report.conflicts:
        lines.append(
            _(
                "Left in conflict: {n} patient(s) (both versions kept; choose one in Waypoint)."
            ).format(n=len(report.conflicts))
        )
    else:
        lines.append(_("Patients left in conflict: {n}").format(n=0))
    if report.entry_conflicts:
        lines.append(
            _("Other entries with two versions on the hub: {n} (see docs/sync.md).").format(
                n=report.entry_conflicts
            )
        )
    return lines + report.notices


def status_lines(store: Store, settings: Settings) -> list[str]:
    """``sync status``: from this computer only."""
    status: SyncStatus = sync_status(store, settings.sync_url)
    if not status.configured:
        return [_("Sync is not set up for these records (no hub address).")]
    return [
        _("Hub: {hub}").format(hub=status.hub),
        _("Last sync: {when}").format(when=status.last_sync or _("never")),
        _("Patients changed here since (waiting to be sent): {n}").format(n=status.pending),
        _("Patients left in conflict: {n}").format(n=status.conflicts),
    ]
