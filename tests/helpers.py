"""Helpers shared by tests: a scripted stand-in for every question the app asks."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import deque
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parent.parent


def run_main(
    *args: str, cwd: Path = ROOT, env_extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python main.py ARGS`` in a real process, as the clinic's IT would run it."""
    env = {k: v for k, v in os.environ.items() if k != "WAYPOINT_DATA_DIR"}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


class ScriptedAsk:
    """Answers the app's questions from a script and records what was asked.

    An unexpected question gets a harmless answer (no, cancel) so no modal loop can hang, and is
    recorded; the autouse fixture in conftest fails the test that asked it.
    """

    instances: ClassVar[list[ScriptedAsk]] = []

    def __init__(self) -> None:
        self.unexpected: list[str] = []
        ScriptedAsk.instances.append(self)
        self.confirm_answers: deque[bool] = deque()
        self.save_paths: deque[Path | None] = deque()
        self.text_answers: deque[str | None] = deque()
        self.sign_in_answers: deque[tuple[str, bool] | None] = deque()
        self.choose_answers: deque[int | None] = deque()
        self.shown: list[tuple[str, str, str]] = []

    def confirm(self, parent: Any, title: str, text: str) -> bool:
        self.shown.append(("confirm", title, text))
        if not self.confirm_answers:
            self.unexpected.append(f"{title}: {text}")
            return False
        return self.confirm_answers.popleft()

    def confirm_destructive(self, parent: Any, title: str, text: str, action: str) -> bool:
        self.shown.append(("confirm_destructive", title, text))
        if not self.confirm_answers:
            self.unexpected.append(f"{title}: {text}")
            return False
        return self.confirm_answers.popleft()

    def inform(self, parent: Any, title: str, text: str) -> None:
        self.shown.append(("inform", title, text))

    def warn(self, parent: Any, title: str, text: str) -> None:
        self.shown.append(("warn", title, text))

    def save_path(self, parent: Any, title: str, suggested: Path, file_filter: str) -> Path | None:
        self.shown.append(("save_path", title, str(suggested)))
        if not self.save_paths:
            self.unexpected.append(f"file: {title}")
            return None
        return self.save_paths.popleft()

    def text(self, parent: Any, title: str, label: str) -> str | None:
        self.shown.append(("text", title, label))
        if not self.text_answers:
            self.unexpected.append(f"{title}: {label}")
            return None
        return self.text_answers.popleft()

    def choose(
        self, parent: Any, title: str, label: str, options: list[str], current: int
    ) -> int | None:
        self.shown.append(("choose", title, "\n".join(options)))
        if not self.choose_answers:
            self.unexpected.append(f"{title}: {label}")
            return None
        return self.choose_answers.popleft()

    def sign_in(self, parent: Any, names: list[str], current: str) -> tuple[str, bool] | None:
        self.shown.append(("sign_in", "\n".join(names), current))
        if not self.sign_in_answers:
            self.unexpected.append(f"sign in: {names}")
            return None
        return self.sign_in_answers.popleft()

    def warnings(self) -> list[str]:
        return [text for kind, _title, text in self.shown if kind == "warn"]


#: Failures inside a when_modal action; the autouse fixture in conftest reports them.
MODAL_ERRORS: list[BaseException] = []


def when_modal(kind: type, act: Any) -> None:
    """Run ``act`` on the modal dialog of ``kind`` once it is open (its exec() blocks).

    A failure inside ``act`` closes the dialog, so the test fails instead of hanging, and is
    re-raised by the autouse fixture.
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def attempt() -> None:
        widget = QApplication.activeModalWidget()
        if not isinstance(widget, kind):
            QTimer.singleShot(10, attempt)
            return
        try:
            act(widget)
        except BaseException as exc:
            MODAL_ERRORS.append(exc)
            widget.done(0)

    QTimer.singleShot(0, attempt)
