"""Sync in the app: the Sync now action, the status-bar item, the periodic sync, conflicts.

All the work goes through waypoint.sync; this module only decides when to run it and shows
what came of it. A sync runs off the GUI thread through the window's Background, whose progress
dialog is application-modal: no save can start on the store while it runs. It never starts
while a dialog or the conversation wizard is open (they save through the window), so a sync
never lands underneath someone's typing. Without a hub address nothing here connects, and the
timer never starts.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QPushButton

from gui.background import WorkFailedError
from waypoint.applog import logger
from waypoint.i18n import _
from waypoint.record.model import record_to_json
from waypoint.record.schema import ValidationError
from waypoint.services.sync import SyncReport, SyncStatus
from waypoint.storage.atomic import DamagedFileError
from waypoint.storage.errors import StoreError

if TYPE_CHECKING:
    from gui.main_window import MainWindow
    from gui.settings_dialog import SettingsDialog

#: Minutes between background syncs when a hub is set up.
SYNC_EVERY_MINUTES = 10
#: After timed syncs fail in a row, skip 1, 3, then 5 ticks (10, 30, 60 minutes apart): a hub
#: that is down holds the window behind the sync's progress once an hour at most.
MOST_SKIPPED_TICKS = 5
#: What a failed sync may raise without being a bug (with SyncError, imported when a sync runs:
#: the engine and its https stay out of start-up on a workstation that never syncs).
EXPECTED = (StoreError, DamagedFileError, ValidationError, OSError)


def local_time(stamp: str) -> str:
    """An ISO 8601 UTC stamp as this computer's local time, to the minute ("" if unreadable)."""
    try:
        moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def status_text(status: SyncStatus) -> str:
    """The status-bar line: when the last sync was, what waits, what needs a choice."""
    when = local_time(status.last_sync)
    parts = [_("Synced {when}").format(when=when) if when else _("Not synced yet")]
    if status.pending:
        parts.append(_("{n} waiting to be sent").format(n=status.pending))
    if status.conflicts:
        parts.append(_("{n} to choose").format(n=status.conflicts))
    return " · ".join(parts)


class SyncController(QObject):
    """Owns the window's sync action, status item and timer; runs syncs and shows the outcome."""

    synced = Signal(object)  # the SyncReport of a sync that finished

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.running = False
        #: The plain one-line reason the last sync failed ("" after a good one).
        self.last_error = ""
        self._failed_in_a_row = 0
        self._ticks_to_skip = 0
        self._build_actions()
        self._build_status_item()
        self.timer = QTimer(self)
        self.timer.setInterval(SYNC_EVERY_MINUTES * 60_000)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.settings_changed()

    # -- building ---------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.sync_action = QAction(_("S&ync now"), self.window)
        self.sync_action.triggered.connect(self._on_sync_action_triggered)
        self.conflicts_action = QAction(_("Sync c&onflicts…"), self.window)
        self.conflicts_action.triggered.connect(self._on_conflicts_action_triggered)
        menu = self.window.patient_menu
        menu.insertAction(self.window.settings_action, self.sync_action)
        menu.insertAction(self.window.settings_action, self.conflicts_action)

    def _build_status_item(self) -> None:
        self.status_button = QPushButton()
        self.status_button.setObjectName("linkButton")
        self.status_button.setFlat(True)
        self.status_button.setAccessibleName(_("Sync status"))
        self.status_button.clicked.connect(self._on_status_button_clicked)
        self.window.statusBar().addPermanentWidget(self.status_button)

    # -- state ------------------------------------------------------------------------------

    @property
    def configured(self) -> bool:
        """True when the clinic settings name a hub."""
        return bool(self.window.settings.sync_url.strip())

    def password_kept(self) -> bool:
        """True when a hub password is kept in the data folder (it is never shown)."""
        from waypoint.services.sync import read_password

        return bool(read_password(self.window.store))

    def settings_changed(self, dialog: SettingsDialog | None = None) -> None:
        """After the clinic settings were saved: keep a typed password, (re)start the timer."""
        password = dialog.sync_section.new_password if dialog is not None else None
        if password is not None and not self.window.store.read_only:
            from waypoint.services.sync import save_password

            try:
                save_password(self.window.store, password)
            except (DamagedFileError, OSError):
                logger("sync").warning("the hub password could not be kept")
                self.window.ask.warn(
                    self.window,
                    _("Password not kept"),
                    _("The hub password could not be kept on this computer; type it again."),
                )
        if self.configured and not self.window.store.read_only:
            self.timer.start()
        else:
            self.timer.stop()
        self.refresh_status()

    def refresh_status(self) -> None:
        """Show where sync stands (this computer only: safe after every save)."""
        configured = self.configured
        self.status_button.setVisible(configured)
        self.conflicts_action.setEnabled(configured)
        if not configured:
            return
        from waypoint.services.sync import sync_status

        try:
            status = sync_status(self.window.store, self.window.settings.sync_url)
        except (StoreError, DamagedFileError, ValidationError, OSError):
            logger("sync").warning("the sync status could not be read")
            self.status_button.setText(_("Sync status unknown"))
            return
        text = status_text(status)
        if self.last_error:
            text = _("Last sync failed") + " · " + text
        self.status_button.setText(text)
        self.status_button.setToolTip(self.last_error or status.hub)
        self.conflicts_action.setEnabled(status.conflicts > 0)

    def idle(self) -> bool:
        """True when nothing else is going on: no sync, no dialog or wizard open."""
        return not self.running and QApplication.activeModalWidget() is None

    # -- syncing ----------------------------------------------------------------------------

    def sync_now(self, quiet: bool = False) -> SyncReport | None:
        """Sync with the hub; the report, or None when it did not run or failed.

        ``quiet`` (the timer) never asks anything: failures only show in the status bar.
        """
        window = self.window
        if not self.configured:
            if not quiet:
                window.ask.inform(
                    window,
                    _("Sync is not set up"),
                    _("No clinic hub is set up. Enter its address in Clinic settings first."),
                )
            return None
        if self.running:
            return None
        if window.store.read_only:
            if not quiet:
                window.ask.inform(
                    window, _("Read-only"), _("These records are open read-only: not synced.")
                )
            return None
        if not (window.clinician if quiet else window.ensure_clinician()):
            return None  # every change a sync merges is audited with a name
        store, settings, actor = window.store, window.settings, window.clinician
        from waypoint.services.sync import SyncError, open_hub, sync_once

        def work(progress: object) -> SyncReport:
            with open_hub(settings, store=store) as hub:
                return sync_once(store, hub, actor)

        self.running = True
        try:
            report = window.background.run(
                window, _("Syncing with the clinic hub…"), work, expected=(SyncError, *EXPECTED)
            )
        except (SyncError, *EXPECTED) as exc:
            self._failed(exc, quiet)
            self._back_off()
            return None
        except WorkFailedError:
            self.last_error = _("Sync stopped on an unexpected problem; nothing here was lost.")
            self.refresh_status()
            self._back_off()
            return None
        finally:
            self.running = False
        self.last_error = ""
        self._failed_in_a_row = self._ticks_to_skip = 0
        self._after_sync(report)
        return report

    def _failed(self, exc: BaseException, quiet: bool) -> None:
        from waypoint.services.sync import SyncError

        # A SyncError's text is one plain line naming the hub at most; never record data.
        logger("sync").warning("sync failed: %s", getattr(exc, "kind", type(exc).__name__))
        why = (
            str(exc)
            if isinstance(exc, SyncError | StoreError)
            else _("The records here could not be read or written for the sync.")
        )
        self.last_error = why
        self.refresh_status()
        self.window.statusBar().showMessage(_("Not synced: {why}").format(why=why), 10000)
        if not quiet:
            self.window.ask.warn(
                self.window,
                _("Not synced"),
                why + "\n\n" + _("Nothing on this computer was lost or changed."),
            )

    def _after_sync(self, report: SyncReport) -> None:
        window = self.window
        note = self._refresh_window() if report.patients_updated else ""
        self.refresh_status()
        message = _("Synced: {sent} sent, {got} received, {n} patient(s) updated here.").format(
            sent=report.pushed, got=report.pulled, n=report.patients_updated
        )
        if report.conflicts:
            message += " " + _("{n} patient(s) have two versions to choose between.").format(
                n=len(report.conflicts)
            )
        window.statusBar().showMessage(" ".join([message, note, *report.notices]).strip(), 10000)
        self.synced.emit(report)

    def _refresh_window(self) -> str:
        """The list, the count, the worklist and the open patient, as the sync left them;
        a plain note when the open patient changed underneath."""
        window = self.window
        window.patient_model.refilter(window.search.text())
        window._update_count()
        if window._worklist is not None:
            window._worklist.refresh()
        shown = window.record
        if shown is None:
            return ""
        pid = shown.patient.id
        if pid not in window.store:
            window._show_record(None)
            return _("The patient that was open was removed on another workstation.")
        try:
            fresh = window.store.load(pid)
        except (StoreError, DamagedFileError, ValidationError, OSError):
            window._show_record(None)
            return _("The open patient's record could not be opened again after the sync.")
        if record_to_json(fresh) == record_to_json(shown):
            return ""
        window._show_record(fresh)
        return _("The open patient's record was updated from another workstation.")

    # -- conflicts --------------------------------------------------------------------------

    def show_conflicts(self) -> None:
        """The side-by-side dialog; every choice saved with the signed-in clinician's name."""
        from gui.sync_conflicts import ConflictDialog
        from waypoint.services.sync import header_conflicts

        window = self.window
        if self.running or not window.ensure_clinician():
            return
        try:
            conflicts = header_conflicts(window.store)
        except (StoreError, DamagedFileError, ValidationError, OSError) as exc:
            window.ask.warn(window, _("Sync conflicts"), str(exc))
            return
        dialog = ConflictDialog(conflicts, self._choose, window)
        dialog.exec()
        if dialog.resolved:
            self._refresh_window()
        self.refresh_status()

    def _choose(self, patient_id: str, rev: str) -> bool:
        from waypoint.services.sync import resolve_header_conflict

        window = self.window
        try:
            resolve_header_conflict(window.store, patient_id, rev, window.clinician)
        except (StoreError, DamagedFileError, ValidationError, OSError) as exc:
            why = str(exc) if isinstance(exc, StoreError) else _("It could not be saved.")
            window.ask.warn(window, _("Not chosen"), why)
            return False
        return True

    # -- handlers ---------------------------------------------------------------------------

    def _on_sync_action_triggered(self) -> None:
        self.sync_now()

    def _on_conflicts_action_triggered(self) -> None:
        self.show_conflicts()

    def _on_status_button_clicked(self) -> None:
        if self.conflicts_action.isEnabled():
            self.show_conflicts()
        else:
            self.sync_now()

    def _back_off(self) -> None:
        self._failed_in_a_row += 1
        self._ticks_to_skip = min(2**self._failed_in_a_row - 1, MOST_SKIPPED_TICKS)

    def _on_timer_timeout(self) -> None:
        if self._ticks_to_skip:
            self._ticks_to_skip -= 1  # the hub failed lately: try less often until it answers
            return
        if self.idle():
            self.sync_now(quiet=True)
