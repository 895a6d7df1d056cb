"""Helpers shared by tests: a scripted stand-in for every question the app asks."""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any, ClassVar


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
        self.shown: list[tuple[str, str, str]] = []

    def confirm(self, parent: Any, title: str, text: str) -> bool:
        self.shown.append(("confirm", title, text))
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

    def warnings(self) -> list[str]:
        return [text for kind, _title, text in self.shown if kind == "warn"]
