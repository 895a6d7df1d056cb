"""Slow work off the GUI thread: one helper, a progress dialog, failures to the one error path.

The work is a plain function that receives a ``progress(done, total)`` callable and never
touches a widget (it runs on a worker thread). :meth:`Background.run` shows a modal progress
dialog, keeps the event loop turning while the work runs, and returns its result, so callers
read like a blocking call. Errors the caller expects (``expected``) are raised again on the GUI
thread for the caller to explain; anything else goes to ``sys.excepthook`` — the error guard in
the app — and :class:`WorkFailedError` tells the caller it was already reported.

Tests pass :class:`SyncBackground`, which runs the work inline with the same contract.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar, cast

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QProgressDialog, QWidget

from gui.screen_fit import fit_window

T = TypeVar("T")
#: ``progress(done, total)``: how far the work is; ``total`` 0 means "no idea how long".
Progress = Callable[[int, int], None]
Work = Callable[[Progress], T]


class WorkFailedError(Exception):
    """The work raised something unexpected; it was reported through ``sys.excepthook``."""


class _Relay(QObject):
    """Carries the worker's news to the GUI thread (queued: it lives on the GUI thread)."""

    progressed = Signal(int, int)
    finished = Signal(object, object)  # result, exception (one of them is None)


class _Job(QRunnable):
    def __init__(self, work: Work[Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner reads it after the pool is done with it
        self.work, self.relay = work, relay

    def run(self) -> None:
        try:
            result = self.work(self.relay.progressed.emit)
        except BaseException as exc:  # every failure goes back to the GUI thread, none is lost
            self.relay.finished.emit(None, exc)
        else:
            self.relay.finished.emit(result, None)


def _raise(error: BaseException, expected: tuple[type[BaseException], ...]) -> NoReturn:
    if isinstance(error, expected):
        raise error
    sys.excepthook(type(error), error, error.__traceback__)
    raise WorkFailedError from None


class Background:
    """Runs work on Qt's thread pool behind a modal progress dialog."""

    def __init__(self, pool: QThreadPool | None = None) -> None:
        self.pool = pool or QThreadPool.globalInstance()

    def run(
        self,
        parent: QWidget | None,
        label: str,
        work: Work[T],
        expected: tuple[type[BaseException], ...] = (),
        show_after_ms: int = 0,
    ) -> T:
        """Run ``work`` off the GUI thread while a dialog shows ``label`` and the progress.

        Returns what ``work`` returns. Raises one of ``expected`` as the work raised it, or
        :class:`WorkFailedError` once anything else has gone to the error guard.
        ``show_after_ms`` delays the dialog, so quick work does not flash one; only for work
        done while no window takes input (at quit): until it shows, nothing is modal.
        """
        relay = _Relay()
        dialog = _progress_dialog(parent, label)
        outcome: dict[str, Any] = {}
        loop = QEventLoop()

        def finished(result: object, error: object) -> None:
            outcome.update(result=result, error=error)
            loop.quit()

        relay.progressed.connect(
            lambda done, total: _show_progress(dialog, done, total),
            Qt.ConnectionType.QueuedConnection,
        )
        relay.finished.connect(finished, Qt.ConnectionType.QueuedConnection)
        job = _Job(work, relay)
        if show_after_ms:

            def show_if_still_working() -> None:
                if not dialog.done_working:
                    dialog.show()

            QTimer.singleShot(show_after_ms, dialog, show_if_still_working)
        else:
            dialog.show()
        self.pool.start(job)
        # User input stays with the modal dialog (which cannot be cancelled: the work must
        # finish what it started); paint, timers and the OS's "is it alive" checks go on.
        loop.exec()
        dialog.finish()
        if outcome["error"] is not None:
            _raise(outcome["error"], expected)
        return cast(T, outcome["result"])


class SyncBackground:
    """The same contract, run inline on the calling thread: for tests (no threads, no dialog)."""

    def __init__(self) -> None:
        #: Every (label, done, total) the work reported, in order.
        self.reports: list[tuple[str, int, int]] = []

    def run(
        self,
        parent: QWidget | None,
        label: str,
        work: Work[T],
        expected: tuple[type[BaseException], ...] = (),
        show_after_ms: int = 0,
    ) -> T:
        """See :meth:`Background.run`."""

        def progress(done: int, total: int) -> None:
            self.reports.append((label, done, total))

        try:
            return work(progress)
        except BaseException as exc:
            _raise(exc, expected)


class _ProgressDialog(QProgressDialog):
    """A progress dialog that Escape and the window's close button cannot dismiss.

    Hiding it would not stop the work, and would let the clinician act on records the work is
    still changing; it closes when the work is done.
    """

    def __init__(self, label: str, parent: QWidget | None) -> None:
        super().__init__(label, "", 0, 0, parent)
        self.done_working = False

    def reject(self) -> None:
        if self.done_working:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.done_working:
            super().closeEvent(event)
        else:
            event.ignore()

    def finish(self) -> None:
        """The work is over: let the dialog go."""
        self.done_working = True
        self.close()
        self.deleteLater()


def _progress_dialog(parent: QWidget | None, label: str) -> _ProgressDialog:
    dialog = _ProgressDialog(label, parent)
    dialog.setObjectName("BackgroundProgress")
    dialog.setWindowTitle(label)
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    fit_window(dialog, dialog.sizeHint())
    return dialog


def _show_progress(dialog: QProgressDialog, done: int, total: int) -> None:
    if total <= 0:
        dialog.setRange(0, 0)  # a busy bar: the work cannot say how far it is
        return
    dialog.setRange(0, total)
    dialog.setValue(min(done, total))
