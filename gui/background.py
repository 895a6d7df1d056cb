"""Slow work off the GUI thread: one helper, two forms, failures to the one error path.

The work is a plain function that receives a ``progress(done, total)`` callable and never
touches a widget (it runs on a worker thread).

- :meth:`Background.run` shows a modal progress dialog, keeps the event loop turning while the
  work runs, and returns its result, so callers read like a blocking call: for work the
  clinician must wait for (sealing the records with a new passphrase, the snapshot at quit).
  Errors the caller expects (``expected``) are raised again on the GUI thread for the caller to
  explain; anything else goes to ``sys.excepthook`` — the error guard in the app — and
  :class:`WorkFailedError` tells the caller it was already reported.
- :meth:`Background.start` returns at once with a :class:`Task`; the window stays usable and
  shows its own "preparing" state. ``on_done(result)``, ``on_failed(error)`` and
  ``on_progress(done, total)`` run later on the GUI thread, never after the task was cancelled
  or its ``owner`` widget destroyed. A failure goes to ``on_failed`` when the caller gives one,
  else to the error guard (Anki's QueryOp does the same with ``failure``).

While work runs on a worker thread, Python's cyclic garbage collector waits (it would run on
the worker and destroy Qt objects there) and the GUI thread gets Python's lock back sooner:
see :class:`_WhileWorkersRun`.

Tests pass :class:`SyncBackground`, which runs the work inline with the same contract.
"""

from __future__ import annotations

import functools
import gc
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn, TypeVar, cast

from PySide6.QtCore import (
    QEventLoop,
    QObject,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QProgressDialog, QWidget

from gui.screen_fit import fit_window

T = TypeVar("T")
#: ``progress(done, total)``: how far the work is; ``total`` 0 means "no idea how long".
Progress = Callable[[int, int], None]
Work = Callable[[Progress], T]
#: What ``start`` calls with a failure the caller handles itself.
OnFailed = Callable[[Exception], None]


class WorkFailedError(Exception):
    """The work raised something unexpected; it was reported through ``sys.excepthook``."""


class _Relay(QObject):
    """Carries every worker's news to the GUI thread: one for the process, never deleted.

    Made on the GUI thread, so its queued signals run their slots there. One relay per piece
    of work used to be deleted by whichever thread let go of it last, sometimes the worker
    still inside ``emit``; a relay that lives as long as the process cannot be.
    """

    progressed = Signal(object, int, int)  # task, done, total
    finished = Signal(object, object, object)  # task, result, exception (one of them None)


@dataclass
class _Delivery:
    """Where a task's news goes on the GUI thread."""

    deliver: Callable[[object, BaseException | None], None]
    progress: Progress | None


#: Tasks whose outcome is still to come, and where it goes: held here, not by the Background,
#: so the window that started the work may go first (at quit, say).
_RUNNING: dict[Task, _Delivery] = {}
_relays: list[_Relay] = []


def _relay() -> _Relay:
    if not _relays:
        relay = _Relay()
        relay.progressed.connect(_on_progressed, Qt.ConnectionType.QueuedConnection)
        relay.finished.connect(_on_finished, Qt.ConnectionType.QueuedConnection)
        _relays.append(relay)
    return _relays[0]


def _on_progressed(task: Task, done: int, total: int) -> None:
    delivery = _RUNNING.get(task)
    if delivery is not None and delivery.progress is not None and task.pending:
        delivery.progress(done, total)


def _on_finished(task: Task, result: object, error: BaseException | None) -> None:
    delivery = _RUNNING.pop(task, None)
    if delivery is not None:
        _WORKERS.release()
        delivery.deliver(result, error)


def _launch(
    pool: QThreadPool,
    task: Task,
    work: Work[Any],
    deliver: Callable[[object, BaseException | None], None],
    progress: Progress | None,
) -> None:
    """Run ``work`` on ``pool``; ``deliver(result, error)`` runs on the GUI thread after it.

    The pool gets a plain function: Qt owns the runnable around it and deletes it on the
    worker once it has returned (a Python-owned runnable was freed on the GUI thread while the
    worker was still leaving it). The work must not hold the last reference to a Qt object:
    it is let go on the worker.
    """
    relay = _relay()

    def job() -> None:
        if task.cancelled:  # cancelled before it began: it never does
            relay.finished.emit(task, None, None)
            return
        try:
            result = work(lambda done, total: relay.progressed.emit(task, done, total))
        except BaseException as exc:  # every failure goes back to the GUI thread, none is lost
            relay.finished.emit(task, None, exc)
        else:
            relay.finished.emit(task, result, None)

    _RUNNING[task] = _Delivery(deliver, progress)
    _WORKERS.hold()
    pool.start(job)


#: While work runs, how often (seconds) a thread holding Python's lock hands it on: the GUI
#: thread waits at most about this long for it (Python's default, 5 ms, made key presses wait
#: ~60 ms at p99 while a care plan built; benchmarks/gui.py).
_SWITCH_INTERVAL = 0.001


class _WhileWorkersRun:
    """Process-wide settings for while work runs on a worker thread.

    - Python's cyclic garbage collector waits. It runs in whichever thread happens to allocate
      when its threshold is reached: during a document build that is the worker, and a Qt
      object in a garbage cycle (a closed window's) would then be destroyed on the wrong
      thread, which Qt warns about and then crashes on. Collection resumes, on the GUI
      thread, when the last work has ended.
    - The interpreter's lock changes hands more often, so the GUI thread gets it sooner.
    """

    def __init__(self) -> None:
        self._holders = 0
        self._was_enabled = False
        self._interval = sys.getswitchinterval()

    def hold(self) -> None:
        if self._holders == 0:
            self._was_enabled = gc.isenabled()
            self._interval = sys.getswitchinterval()
            gc.disable()
            sys.setswitchinterval(min(self._interval, _SWITCH_INTERVAL))
        self._holders += 1

    def release(self) -> None:
        self._holders -= 1
        if self._holders == 0:
            sys.setswitchinterval(self._interval)
            if self._was_enabled:
                gc.enable()


#: One for the process, as the collector is.
_WORKERS = _WhileWorkersRun()


def _raise(error: BaseException, expected: tuple[type[BaseException], ...]) -> NoReturn:
    if isinstance(error, expected):
        raise error
    sys.excepthook(type(error), error, error.__traceback__)
    raise WorkFailedError from None


def _fail(error: BaseException, on_failed: OnFailed | None) -> None:
    """A failure of started work: the caller's to handle if it said so, else the error guard's."""
    if on_failed is not None and isinstance(error, Exception):
        on_failed(error)
        return
    # KeyboardInterrupt and the like are never the caller's: the guard quits on them.
    sys.excepthook(type(error), error, error.__traceback__)


class Task:
    """Work started with ``start``: cancel it, or ask whether its outcome is still to come.

    Cancelling drops the outcome: none of the callbacks runs afterwards. Work not begun yet
    never begins; work already running finishes on its own (a half-built PDF or a half-sealed
    store cannot be stopped safely), and its result is thrown away.
    """

    def __init__(self, label: str) -> None:
        self.label = label
        self.cancelled = False
        self.finished = False

    @property
    def pending(self) -> bool:
        """True until the outcome is delivered or the task is cancelled."""
        return not (self.finished or self.cancelled)

    def cancel(self) -> None:
        """Drop the outcome; safe to call at any time, more than once, or after the end."""
        if self.pending:
            self.cancelled = True


class Background:
    """Runs work on Qt's thread pool: behind a modal progress dialog, or started and left to run."""

    def __init__(self, pool: QThreadPool | None = None) -> None:
        self.pool = pool or QThreadPool.globalInstance()
        #: Started work whose outcome is still to be delivered.
        self._live: set[Task] = set()

    @property
    def pending(self) -> int:
        """How many started tasks have an outcome still to come (cancelled ones included)."""
        return len(self._live)

    def start(
        self,
        label: str,
        work: Work[T],
        on_done: Callable[[T], None],
        on_failed: OnFailed | None = None,
        *,
        on_progress: Progress | None = None,
        owner: QObject | None = None,
    ) -> Task:
        """Start ``work`` on the thread pool and return at once; call it on the GUI thread.

        ``on_done(result)`` runs on the GUI thread when the work returns. A failure goes to
        ``on_failed(error)`` if given (the caller explains it and logs it without patient data),
        otherwise to the error guard. ``on_progress(done, total)`` gets the work's reports.
        None of them runs once the task is cancelled, or once ``owner`` (the widget that will
        show the result) is destroyed. ``label`` names the work for whoever shows it.
        """
        task = Task(label)
        self._live.add(task)
        self._watch_owner(task, owner)

        def deliver(result: object, error: BaseException | None) -> None:
            self._live.discard(task)
            if task.cancelled:
                return
            task.finished = True
            if error is not None:
                _fail(error, on_failed)
            else:
                on_done(cast(T, result))

        _launch(self.pool, task, work, deliver, on_progress)
        return task

    @staticmethod
    def _watch_owner(task: Task, owner: QObject | None) -> None:
        # A result delivered onto a deleted widget would raise in the GUI thread; drop it.
        # The connection goes with the owner; it is not undone at the end, as undoing it once
        # the owner is gone hung PySide (and a finished task ignores a late cancel anyway).
        if owner is not None:
            owner.destroyed.connect(lambda *_args: task.cancel())

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
        dialog = _progress_dialog(parent, label)
        outcome: dict[str, Any] = {}
        loop = QEventLoop()

        def deliver(result: object, error: BaseException | None) -> None:
            outcome.update(result=result, error=error)
            loop.quit()

        if show_after_ms:

            def show_if_still_working() -> None:
                if not dialog.done_working:
                    dialog.show()

            QTimer.singleShot(show_after_ms, dialog, show_if_still_working)
        else:
            dialog.show()
        progress = functools.partial(_show_progress, dialog)
        _launch(self.pool, Task(label), work, deliver, progress)
        # User input stays with the modal dialog (which cannot be cancelled: the work must
        # finish what it started); paint, timers and the OS's "is it alive" checks go on.
        if not outcome:
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

    def start(
        self,
        label: str,
        work: Work[T],
        on_done: Callable[[T], None],
        on_failed: OnFailed | None = None,
        *,
        on_progress: Progress | None = None,
        owner: QObject | None = None,
    ) -> Task:
        """See :meth:`Background.start`; here the callbacks run before it returns."""
        task = Task(label)

        def progress(done: int, total: int) -> None:
            self.reports.append((label, done, total))
            if on_progress is not None and task.pending:
                on_progress(done, total)

        try:
            result = work(progress)
        except BaseException as exc:
            if task.pending:
                task.finished = True
                _fail(exc, on_failed)
            return task
        if task.pending:
            task.finished = True
            on_done(result)
        return task

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
