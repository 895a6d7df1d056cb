"""Helpers shared by tests: a scripted stand-in for every question the app asks."""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any


class ScriptedAsk:
    """Answers the app's questions from a script and records what was asked.

    An unexpected question fails the test at once instead of opening a dialog.
    """

    def __init__(self) -> None:
        self.confirm_answers: deque[bool] = deque()
        self.save_paths: deque[Path | None] = deque()
        self.shown: list[tuple[str, str, str]] = []

    def confirm(self, parent: Any, title: str, text: str) -> bool:
        self.shown.append(("confirm", title, text))
        if not self.confirm_answers:
            raise AssertionError(f"unexpected question: {title}: {text}")
        return self.confirm_answers.popleft()

    def inform(self, parent: Any, title: str, text: str) -> None:
        self.shown.append(("inform", title, text))

    def warn(self, parent: Any, title: str, text: str) -> None:
        self.shown.append(("warn", title, text))

    def save_path(self, parent: Any, title: str, suggested: Path, file_filter: str) -> Path | None:
        self.shown.append(("save_path", title, str(suggested)))
        if not self.save_paths:
            raise AssertionError(f"unexpected file question: {title}")
        return self.save_paths.popleft()

    def warnings(self) -> list[str]:
        return [text for kind, _title, text in self.shown if kind == "warn"]
