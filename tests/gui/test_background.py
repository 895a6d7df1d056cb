"""The one helper for slow work: progress reaches the dialog, the GUI keeps turning, errors go
to the error guard (or back to the caller when it expects them)."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

from gui.app import create_application
from gui.background import _RUNNING, Background, SyncBackground, WorkFailedError
from gui.error_guard import ErrorGuard
from tests.helpers import ScriptedAsk
from waypoint.storage.errors import StoreError

#: A worker never waits longer than this for the GUI thread (a hang fails instead of blocking).
PATIENCE = 30


@pytest.fixture
def app(qsettings_isolated) -> QApplication:  # type: ignore[no-untyped-def]
    return create_application()


def _progress_dialog() -> QProgressDialog | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QProgressDialog) and widget.objectName() == "BackgroundProgress":
            return widget
    return None


def test_progress_reaches_the_dialog_while_the_gui_keeps_turning(qtbot, app) -> None:
    shown = threading.Event()
    seen: list[tuple[int, int, bool]] = []

    def watch() -> None:  # runs on the GUI thread, only while its event loop turns
        dialog = _progress_dialog()
        if dialog is not None and dialog.maximum() == 4 and dialog.value() == 1:
            seen.append((dialog.value(), dialog.maximum(), dialog.isVisible()))
            shown.set()

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(watch)
    timer.start()

    def work(progress):  # type: ignore[no-untyped-def]
        assert threading.current_thread() is not threading.main_thread()
        progress(1, 4)
        # Finishes only if the GUI thread showed the progress meanwhile: a frozen GUI fails.
        return "sealed" if shown.wait(PATIENCE) else "the GUI thread never turned"

    result = Background().run(None, "Encrypting the records…", work)
    timer.stop()
    assert result == "sealed"
    assert seen and seen[0] == (1, 4, True)
    assert _progress_dialog() is None or not _progress_dialog().isVisible()  # type: ignore[union-attr]


def test_escape_does_not_hide_the_dialog_while_work_runs(qtbot, app) -> None:
    release = threading.Event()
    states: list[bool] = []

    def press_escape() -> None:
        dialog = _progress_dialog()
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(5, press_escape)
            return
        dialog.reject()
        dialog.close()
        states.append(dialog.isVisible())
        release.set()

    QTimer.singleShot(0, press_escape)
    Background().run(None, "Taking the daily copy…", lambda progress: release.wait(PATIENCE))
    assert states == [True]


def test_an_unexpected_failure_goes_to_the_error_guard(qtbot, app) -> None:
    ask = ScriptedAsk()
    guard = ErrorGuard(ask, None)
    guard.install()

    def work(progress):  # type: ignore[no-untyped-def]
        raise RuntimeError("Delgado MRN-7702")

    try:
        with pytest.raises(WorkFailedError):
            Background().run(None, "Encrypting the records…", work)
    finally:
        guard.uninstall()
    assert [title for kind, title, _t in ask.shown] == ["Something went wrong"]
    assert "Delgado" not in ask.warnings()[0]


def test_an_expected_failure_is_the_callers_to_explain(qtbot, app) -> None:
    def work(progress):  # type: ignore[no-untyped-def]
        raise StoreError("A passphrase needs at least 8 characters.")

    with pytest.raises(StoreError, match="at least 8"):
        Background().run(None, "Encrypting the records…", work, expected=(StoreError,))


def test_the_synchronous_runner_keeps_the_same_contract() -> None:
    runner = SyncBackground()

    def work(progress):  # type: ignore[no-untyped-def]
        progress(0, 2)
        progress(2, 2)
        return 7

    assert runner.run(None, "Copying", work) == 7
    assert runner.reports == [("Copying", 0, 2), ("Copying", 2, 2)]
    with pytest.raises(StoreError):
        runner.run(None, "Copying", _raise_store_error, expected=(StoreError,))


def _raise_store_error(progress):  # type: ignore[no-untyped-def]
    raise StoreError("not saved")


# -- start(): the window keeps working while the work runs ---------------------------------


def test_start_returns_at_once_and_delivers_on_the_gui_thread(qtbot, app) -> None:
    release = threading.Event()
    got: list[tuple[object, bool]] = []
    progress_seen: list[tuple[int, int]] = []

    def work(progress):  # type: ignore[no-untyped-def]
        progress(1, 2)
        # Returns only once the GUI thread ran on after start(): a blocking start fails.
        return "built" if release.wait(PATIENCE) else "start() blocked the GUI thread"

    background = Background()
    task = background.start(
        "Preparing the care plan…",
        work,
        lambda result: got.append((result, threading.current_thread() is threading.main_thread())),
        on_progress=lambda done, total: progress_seen.append((done, total)),
    )
    assert task.pending and background.pending == 1 and got == []
    assert QApplication.activeModalWidget() is None  # the caller shows its own state
    qtbot.waitUntil(lambda: progress_seen == [(1, 2)])
    release.set()
    qtbot.waitUntil(lambda: got != [])
    assert got == [("built", True)]
    assert task.finished and not task.pending and background.pending == 0


def test_a_cancelled_task_never_calls_back(qtbot, app) -> None:
    release = threading.Event()
    calls: list[object] = []
    background = Background()
    task = background.start(
        "Preparing the handout…",
        lambda progress: (progress(1, 1), release.wait(PATIENCE)),
        calls.append,
        calls.append,
        on_progress=lambda done, total: calls.append((done, total)),
    )
    task.cancel()
    release.set()
    qtbot.waitUntil(lambda: background.pending == 0)
    assert calls == [] and task.cancelled and not task.finished
    task.cancel()  # again, after the end: nothing happens


def test_work_queued_behind_others_never_begins_once_cancelled(qtbot, app) -> None:
    from PySide6.QtCore import QThreadPool

    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    release = threading.Event()
    ran: list[str] = []
    background = Background(pool)
    first = background.start("first", lambda progress: release.wait(PATIENCE), ran.append)
    second = background.start("second", lambda progress: ran.append("second ran"), ran.append)
    second.cancel()  # still queued behind the first: it never starts
    release.set()
    qtbot.waitUntil(lambda: background.pending == 0)
    pool.waitForDone()
    assert first.finished and ran == [True]


def test_nothing_is_delivered_to_an_owner_that_was_destroyed(qtbot, app) -> None:
    from PySide6.QtWidgets import QLabel

    release = threading.Event()
    label = QLabel("Preparing…")
    background = Background()
    task = background.start(
        "Preparing the letter…",
        lambda progress: release.wait(PATIENCE) and "the letter",
        label.setText,  # would raise on a deleted widget, and the test with it
        owner=label,
    )
    label.deleteLater()
    qtbot.waitUntil(lambda: task.cancelled)
    release.set()
    qtbot.waitUntil(lambda: background.pending == 0)
    assert not task.finished


def test_a_started_failure_goes_to_the_error_guard_without_patient_data(qtbot, app) -> None:
    ask = ScriptedAsk()
    guard = ErrorGuard(ask, None)
    guard.install()
    done: list[object] = []

    def work(progress):  # type: ignore[no-untyped-def]
        raise RuntimeError("Delgado MRN-7702")

    background = Background()
    try:
        background.start("Preparing the care plan…", work, done.append)
        qtbot.waitUntil(lambda: background.pending == 0)
    finally:
        guard.uninstall()
    assert done == []
    assert [title for kind, title, _t in ask.shown] == ["Something went wrong"]
    assert "Delgado" not in ask.warnings()[0]


def test_a_started_failure_the_caller_handles_is_not_the_guards(qtbot, app) -> None:
    ask = ScriptedAsk()
    guard = ErrorGuard(ask, None)
    guard.install()
    failures: list[Exception] = []

    def work(progress):  # type: ignore[no-untyped-def]
        raise StoreError("not readable")

    background = Background()
    try:
        background.start("Counting…", work, failures.append, failures.append)
        qtbot.waitUntil(lambda: background.pending == 0)
    finally:
        guard.uninstall()
    assert [type(f) for f in failures] == [StoreError] and ask.shown == []


def test_the_synchronous_runner_starts_with_the_same_contract(qtbot, app) -> None:
    runner = SyncBackground()
    got: list[object] = []
    seen: list[tuple[int, int]] = []

    def work(progress):  # type: ignore[no-untyped-def]
        progress(1, 1)
        return "done"

    task = runner.start("Copying", work, got.append, on_progress=lambda d, t: seen.append((d, t)))
    assert got == ["done"] and seen == [(1, 1)] and task.finished
    assert runner.reports == [("Copying", 1, 1)]
    runner.start("Copying", _raise_store_error, got.append, got.append)
    assert isinstance(got[-1], StoreError)

    ask = ScriptedAsk()
    guard = ErrorGuard(ask, None)
    guard.install()
    try:
        runner.start("Copying", _raise_store_error, got.append)
    finally:
        guard.uninstall()
    assert [title for kind, title, _t in ask.shown] == ["Something went wrong"]


@pytest.mark.parametrize("form", ["start", "run"])
def test_while_work_runs_no_collection_on_the_worker_and_the_gui_gets_the_lock_sooner(
    qtbot, app, form: str
) -> None:
    """A Qt object in a garbage cycle, collected on a worker, is destroyed on the wrong thread
    (Qt warns, then crashes): collection waits for the GUI thread. Python's lock changes hands
    every millisecond, not five, so a key press waits less for a busy worker."""
    import gc
    import sys

    threads: list[bool] = []
    intervals: list[float] = []
    interval_before = sys.getswitchinterval()

    def watch(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            threads.append(threading.current_thread() is threading.main_thread())

    def work(progress):  # type: ignore[no-untyped-def]
        intervals.append(sys.getswitchinterval())
        for _ in range(50_000):  # cyclic garbage, far past the collector's threshold
            node: list[object] = []
            node.append(node)
        return "built"

    got: list[object] = []
    was_enabled = gc.isenabled()
    gc.callbacks.append(watch)
    try:
        if form == "start":
            background = Background()
            background.start("Preparing the care plan…", work, got.append)
            qtbot.waitUntil(lambda: background.pending == 0)
        else:
            got.append(Background().run(None, "Taking the daily copy…", work))
    finally:
        gc.callbacks.remove(watch)
    assert got == ["built"]
    assert False not in threads
    assert gc.isenabled() == was_enabled
    assert intervals[0] <= 0.001 < interval_before == sys.getswitchinterval()


def test_work_outlives_the_window_that_started_it(qtbot, app) -> None:
    """The window that started the work may go first (at quit): the worker is not pulled from
    under it, and nothing is delivered to the window that is gone."""
    from PySide6.QtWidgets import QWidget

    class Window(QWidget):
        def __init__(self) -> None:
            super().__init__()
            self.background = Background()
            self.got: list[object] = []

    started, release = threading.Event(), threading.Event()
    returned: list[bool] = []

    def work(progress):  # type: ignore[no-untyped-def]
        started.set()
        release.wait(PATIENCE)
        progress(1, 1)
        returned.append(True)
        return "the care plan"

    window = Window()
    child = QWidget(window)  # the Documents window, say, which shows the result
    task = window.background.start("Preparing…", work, window.got.append, owner=child)
    qtbot.waitUntil(started.is_set)
    window.deleteLater()  # the window and its Background go, with the work still running
    del window, child
    qtbot.waitUntil(lambda: task.cancelled)
    import gc

    gc.collect()
    release.set()
    qtbot.waitUntil(lambda: returned == [True])
    qtbot.waitUntil(lambda: task not in _RUNNING)
    assert task.cancelled and not task.finished
