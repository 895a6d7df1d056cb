"""The clinic-wide tools of the Patient menu: worklist, measures, settings, language,
passphrase. Each takes the main window (see gui/patient_tools.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gui import conversation_actions
from waypoint.i18n import _
from waypoint.storage.drafts import DraftStore
from waypoint.storage.settings import save_settings

if TYPE_CHECKING:
    from gui.main_window import MainWindow


def show_worklist(window: MainWindow) -> None:
    """The clinic worklist, in its own window (made once, refreshed each time)."""
    if window._worklist is None:
        from gui.worklist_view import WorklistWindow

        window._worklist = WorklistWindow(
            window.store,
            window.ask,
            window.content,
            window.background,
            window.settings.clinic_name,
            window.settings.paper_size,
            parent=window,
        )
        window._worklist.patient_activated.connect(window._on_worklist_patient_activated)
    window._worklist.refresh()
    window._worklist.show()
    window._worklist.raise_()


def show_measures(window: MainWindow) -> None:
    """The clinic's quality measures, in their own window."""
    if window._measures is None:
        from gui.measures_view import MeasuresWindow

        window._measures = MeasuresWindow(
            window.store, window.content, window.ask, window.background, parent=window
        )
    window._measures.show()
    window._measures.raise_()
    window._measures.refresh()


def change_settings(window: MainWindow) -> None:
    """Clinic settings; saved, then applied to the idle lock and sync."""
    from gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.settings, window, password_kept=window.sync.password_kept())
    if dialog.exec() != SettingsDialog.DialogCode.Accepted:
        return
    try:
        save_settings(window.store.root, dialog.settings)
    except OSError as exc:
        window.ask.warn(window, _("Settings not saved"), str(exc.strerror or exc))
        return
    window.settings = dialog.settings
    window.sync.settings_changed(dialog)
    if window.idle_lock is not None:
        window.idle_lock.set_minutes(window.settings.auto_lock_minutes)


def choose_language(window: MainWindow) -> None:
    from gui.language import choose_interface_language

    choose_interface_language(window, window.ask)


def change_passphrase(window: MainWindow) -> None:
    """Set or change the passphrase; waiting drafts are sealed again with the new key."""
    from gui.security import PassphraseDialog

    if window.store.read_only:
        window.ask.warn(window, _("Read-only"), _("These records are open read-only."))
        return
    waiting = {
        pid: conversation_actions.load_draft(window, pid) for pid in window.drafts.patient_ids()
    }
    dialog = PassphraseDialog(window.store, window.background, window)
    if dialog.exec() != PassphraseDialog.DialogCode.Accepted:
        return
    # Drafts written before now are re-sealed with the store's key.
    window.drafts = DraftStore(window.store.root, window.store.cipher)
    for draft in waiting.values():
        if draft is not None:
            window.drafts.save(draft)
    if dialog.recovery_key:
        from gui.security import RecoveryKeyDialog

        RecoveryKeyDialog(dialog.recovery_key, window.settings.clinic_name, window).exec()
    else:
        window.statusBar().showMessage(_("Passphrase changed."), 5000)
