"""Alt-keys as Qt itself reads them, so the tests never trust gui.mnemonics to check itself."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QWidget


def alt_key(text: str) -> str | None:
    """The Alt-key Qt gives ``text`` (for example "alt+f"), or None."""
    sequence = QKeySequence.mnemonic(text)
    return sequence.toString().lower() if not sequence.isEmpty() else None


def visible_keys(widgets: Iterable[QWidget]) -> list[tuple[str, str]]:
    """(key, text) of every visible buddied label, button and group box that has an Alt-key."""
    found = []
    for widget in widgets:
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            text = widget.text()
        elif isinstance(widget, QGroupBox):
            text = widget.title()
        else:
            continue
        key = alt_key(text)
        if key:
            found.append((key, text))
    return sorted(found)
