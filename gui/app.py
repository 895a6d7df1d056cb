"""Start the desktop app: content, store and settings first, then the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from gui.ask import Ask
from waypoint import __version__
from waypoint.i18n import _
from waypoint.resources import resource


def create_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, named so QSettings has a home; reuses an existing one."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName("Waypoint")
    app.setApplicationName("Waypoint")
    app.setApplicationVersion(__version__)
    app.setStyleSheet(resource("gui/style.qss").read_text(encoding="utf-8"))
    return app


def build_main_window(data_dir: Path, ask: Ask):  # type: ignore[no-untyped-def]
    """Load content, open the store and settings, and make the main window.

    Returns the window, or None after telling the user (through ``ask``) why the app cannot
    start: broken content, an unusable data folder. Nothing is written in either case.
    """
    from gui.main_window import MainWindow
    from waypoint.content import ContentError, shipped_content
    from waypoint.settings import load_settings
    from waypoint.storage import DamagedFileError, Store, StoreError

    try:
        content = shipped_content()
    except ContentError as exc:
        ask.warn(
            None,
            _("Waypoint cannot start"),
            _("The clinical content is broken, so Waypoint will not start.\n\n{why}").format(
                why=exc
            ),
        )
        return None
    try:
        store = Store.open(data_dir)
        settings = load_settings(data_dir)
    except (StoreError, DamagedFileError, OSError) as exc:
        ask.warn(None, _("Waypoint cannot start"), str(exc))
        return None
    return MainWindow(store, content, settings, ask)


def run_app(data_dir: Path) -> int:
    """Run the GUI on the store in ``data_dir``; returns the exit code."""
    app = create_application()
    ask = Ask()
    window = build_main_window(data_dir, ask)
    if window is None:
        return 1
    window.show()
    code = app.exec()
    window.store.close()
    return int(code)
