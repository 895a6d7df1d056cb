"""Start the desktop app: content, store and settings first, then the main window."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from gui.ask import Ask
from waypoint import __version__
from waypoint.applog import logger
from waypoint.i18n import _
from waypoint.resources import resource

#: Set to any value to quit as soon as the main window is up (smoke tests and benchmarks).
EXIT_WHEN_SHOWN_ENV = "WAYPOINT_EXIT_WHEN_SHOWN"


def create_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, named so QSettings has a home; reuses an existing one."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName("Waypoint")
    app.setApplicationName("Waypoint")
    app.setApplicationVersion(__version__)
    app.setStyleSheet(resource("gui/style.qss").read_text(encoding="utf-8"))
    from gui import accessibility

    accessibility.install()  # combo boxes named by their labels on Linux too
    return app


def build_main_window(  # type: ignore[no-untyped-def]
    data_dir: Path, ask: Ask, passphrase_prompt=None, background=None
):
    """Load content, open the store and settings, and make the main window.

    Returns the window, or None after telling the user (through ``ask``) why the app cannot
    start: broken content, an unusable data folder. Nothing is written in either case.
    ``passphrase_prompt`` replaces the password dialog (tests); see gui/passphrase_dialog.py.
    ``background`` runs slow work (gui/background.py; tests pass ``SyncBackground``).
    The clinician is signed in from WAYPOINT_CLINICIAN or this computer account's remembered
    name, if any; otherwise the window asks once it is shown (:func:`after_shown`).
    """
    from gui.background import Background
    from gui.clinician import CLINICIAN_ENV, remembered_clinician
    from gui.main_window import MainWindow
    from waypoint.content.bundle import ContentError
    from waypoint.services.content_updates import choose_content
    from waypoint.storage.atomic import DamagedFileError
    from waypoint.storage.errors import StoreError
    from waypoint.storage.settings import load_settings

    try:
        choice = choose_content(data_dir)
    except ContentError as exc:
        ask.warn(
            None,
            _("Waypoint cannot start"),
            _("The clinical content is broken, so Waypoint will not start.\n\n{why}").format(
                why=exc
            ),
        )
        return None
    content = choice.content
    if choice.refused:
        ask.warn(
            None,
            _("Content update not used"),
            "\n\n".join(choice.refused)
            + "\n\n"
            + _("Waypoint is using content version {version}.").format(version=content.version),
        )
    from gui.passphrase_dialog import ask_passphrase, ask_passphrase_or_key, open_store
    from gui.repair_dialog import offer_repair

    try:
        store = open_store(data_dir, ask, passphrase_prompt or ask_passphrase_or_key)
        if store is None:
            return None
        settings_notes: list[str] = []
        settings = load_settings(data_dir, settings_notes)
    except (StoreError, DamagedFileError, OSError) as exc:
        ask.warn(None, _("Waypoint cannot start"), str(exc))
        return None
    for note in settings_notes:  # a damaged settings file fell back to its copy
        ask.warn(None, _("Clinic settings"), note)
    offer_repair(store, ask)
    background = background or Background()
    if store.opened_with_recovery_key and not store.read_only:
        from gui.security import new_passphrase_after_recovery

        new_passphrase_after_recovery(store, background, ask)
    window = MainWindow(store, content, settings, ask, background=background)
    window.set_clinician(os.environ.get(CLINICIAN_ENV, "").strip() or remembered_clinician())
    from gui.security import IdleLock

    window.idle_lock = IdleLock(
        store, passphrase_prompt or ask_passphrase, settings.auto_lock_minutes, parent=window
    )
    return window


def offer_first_passphrase(window) -> None:  # type: ignore[no-untyped-def]
    """On a first start (no records, no settings yet), offer to protect the records."""
    from waypoint.storage.settings import SETTINGS_FILE

    store = window.store
    if len(store) or store.encrypted or store.read_only or (store.root / SETTINGS_FILE).exists():
        return
    if window.ask.confirm(
        window,
        _("Protect the records?"),
        _(
            "Records of patients are private. Set a passphrase now so they are encrypted on this "
            "computer? (You can also do it later from the Patient menu.)"
        ),
    ):
        window.passphrase_action.trigger()


def offer_clinic_details(window) -> None:  # type: ignore[no-untyped-def]
    """While the store is new and the clinic has no phone number, offer to enter it: every
    handout tells the patient whom to call, and without it prints a blank to fill in by hand."""
    store = window.store
    if len(store) or store.read_only or window.settings.clinic_phone.strip():
        return
    if window.ask.confirm(
        window,
        _("Clinic details"),
        _(
            "Handouts tell patients whom to call. Enter the clinic's name and phone numbers now? "
            "(You can also do it later: Patient menu, Clinic settings.)"
        ),
    ):
        window.settings_action.trigger()


def _exit_when_idle(app: QApplication) -> None:
    """Headless smoke run: once the shown window has drawn and the event loop is idle, say so
    with a timestamp (for benchmarks/startup.py and the packaging script) and quit."""

    def report() -> None:
        print(f"waypoint-shown {time.time():.6f}", flush=True)
        app.quit()

    # Two turns of the loop: the first delivers the show and paint events queued before it.
    QTimer.singleShot(0, lambda: QTimer.singleShot(0, report))


def run_app(data_dir: Path) -> int:
    """Run the GUI on the store in ``data_dir``; returns the exit code."""
    from gui.error_guard import ErrorGuard
    from waypoint.applog import start_logging, stop_logging

    app = create_application()
    from gui.language import apply_interface_language

    apply_interface_language(app)  # before any window takes its strings
    ask = Ask()
    guard = ErrorGuard(ask, start_logging(data_dir))
    guard.install()
    try:
        return _run_window(app, data_dir, ask)
    finally:
        guard.uninstall()
        stop_logging()


def _run_window(app: QApplication, data_dir: Path, ask: Ask) -> int:
    window = build_main_window(data_dir, ask)
    if window is None:
        return 1
    window.show()
    if os.environ.get(EXIT_WHEN_SHOWN_ENV):
        _exit_when_idle(app)
    else:
        QTimer.singleShot(0, lambda: after_shown(window))
    code = app.exec()
    close_store(window)
    return int(code)


def after_shown(window) -> None:  # type: ignore[no-untyped-def]
    """Once the window is up, one question after another (never two dialogs at once): who is
    using Waypoint, a passphrase on a first start, then resuming conversations a crash or a
    closed window left (every save names the clinician, so they come first)."""
    window.ensure_clinician()
    offer_first_passphrase(window)
    offer_clinic_details(window)
    window.offer_drafts()


def close_store(window) -> None:  # type: ignore[no-untyped-def]
    """Close the store off the GUI thread: the daily snapshot takes seconds in a big clinic.

    Every save was durable already; a tidying-up step that fails at quit only says so.
    """
    from gui.background import WorkFailedError

    store = window.store
    try:
        warnings = window.background.run(
            None,
            _("Taking the daily copy of the records…"),
            lambda progress: store.close(),
            show_after_ms=400,
        )
    except WorkFailedError:
        return  # told through the error guard; the saved records are not affected
    for warning in warnings:
        logger("app").warning("closing the store: a tidying-up step failed")
        window.ask.warn(None, _("Waypoint closed with a problem"), warning)
