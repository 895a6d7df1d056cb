"""The one path for errors nobody caught: log them without patient data, keep the open work, tell.

Installed once by the app (never by library code): Python's exception hooks (GUI thread and
worker threads) and Qt's message handler. An error in a click handler then shows one plain
message, saves every open conversation as a draft first, and leaves a line in the data folder's
log for whoever supports the clinic. The app keeps running: the clinician decides what to do.
"""

from __future__ import annotations

import errno
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, QtMsgType, Signal, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from waypoint.applog import describe_failure, logger
from waypoint.i18n import _

_log = logger("errors")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: 10,
    QtMsgType.QtInfoMsg: 20,
    QtMsgType.QtWarningMsg: 30,
    QtMsgType.QtCriticalMsg: 40,
    QtMsgType.QtFatalMsg: 50,
}


class KeepsTyping:
    """A window holding unsaved typing that can write it somewhere safe on request."""

    def keep_typing(self) -> str | None:
        """Save what is typed (as a draft); returns the time it was kept, None if it could not."""
        raise NotImplementedError


def plain_cause(exc: BaseException | None) -> str:
    """What went wrong, in words a clinician understands (no detail that could hold PHI)."""
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return _("the disk is full")
        if exc.errno == errno.EROFS:
            return _("the disk can only be read, not written")
        if exc.errno in (errno.EACCES, errno.EPERM):
            return _("Waypoint was not allowed to use one of its files")
        return _("a file could not be read or written")
    if isinstance(exc, MemoryError):
        return _("the computer ran out of memory")
    return _("an error in Waypoint itself")


def strip_quoted(text: str) -> str:
    """Qt quotes the strings it complains about (font names, file names, text): drop them."""
    out: list[str] = []
    quote: str | None = None
    for char in text:
        if quote is not None:
            if char == quote:
                quote = None
                out.append("…" + char)
            continue
        out.append(char)
        if char in "\"'":
            quote = char
    return "".join(out)[:300]


class ErrorGuard(QObject):
    """Catches what escaped, keeps open conversations, logs and tells the clinician once."""

    _thread_error = Signal(object, object, object)

    def __init__(self, ask: Any, log_file: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ask = ask
        self.log_file = log_file
        self._showing = False
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._previous_qt_handler: Any = None
        self._thread_error.connect(self._on_thread_error)

    def install(self) -> None:
        """Route uncaught exceptions and Qt's messages here."""
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread
        self._previous_qt_handler = qInstallMessageHandler(self._on_qt_message)

    def uninstall(self) -> None:
        """Put the previous hooks back (tests, and at exit)."""
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook
        qInstallMessageHandler(self._previous_qt_handler)

    # -- Python exceptions --------------------------------------------------------------------

    def handle(
        self,
        kind: type[BaseException],
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """An exception nothing caught, on the GUI thread."""
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        _log.error("unexpected error: %s", describe_failure(kind, tb))
        kept = self._keep_open_typing()
        self._tell(exc, kept)

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        # Dialogs only on the GUI thread: a queued signal carries the error there.
        self._thread_error.emit(args.exc_type, args.exc_value, args.exc_traceback)

    def _on_thread_error(self, kind: Any, exc: Any, tb: Any) -> None:
        self.handle(kind, exc, tb)

    def _keep_open_typing(self) -> list[str | None]:
        kept: list[str | None] = []
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, KeepsTyping) and widget.isVisible():
                try:
                    kept.append(widget.keep_typing())
                except Exception as exc:  # the hook must never raise itself
                    _log.error("could not keep a draft: %s", describe_failure(type(exc), None))
                    kept.append(None)
        return kept

    def _tell(self, exc: BaseException | None, kept: list[str | None]) -> None:
        if self._showing:  # one message at a time, even if the error repeats behind it
            return
        parts = [
            _(
                "Waypoint stopped what it was doing because of {cause}. The last thing you "
                "clicked or typed may not have taken effect. Records already saved are unchanged."
            ).format(cause=plain_cause(exc))
        ]
        if kept and all(when is not None for when in kept):
            parts.append(
                _(
                    "Your open conversation is still open, and a draft of it was saved at {when}."
                ).format(when=", ".join(w for w in kept if w))
            )
        elif kept:
            parts.append(
                _(
                    "Your open conversation is still open, but its draft could not be saved. "
                    "Do not close it until the problem is solved."
                )
            )
        if self.log_file is not None:
            parts.append(
                _("Details, without any patient information, were written to {path}.").format(
                    path=self.log_file
                )
            )
        self._showing = True
        try:
            self.ask.warn(
                QApplication.activeWindow(), _("Something went wrong"), "\n\n".join(parts)
            )
        finally:
            self._showing = False

    # -- Qt's own messages --------------------------------------------------------------------

    def _on_qt_message(self, kind: QtMsgType, context: Any, message: str) -> None:
        level = _QT_LEVELS.get(kind, 30)
        if level >= 30:
            _log.log(level, "Qt: %s", strip_quoted(message))
        if self._previous_qt_handler is not None:
            self._previous_qt_handler(kind, context, message)
        elif sys.stderr is not None:  # the Windows build has no console
            print(message, file=sys.stderr)
