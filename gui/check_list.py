"""A list of choices that can each be ticked: one field, one Alt-letter, Space ticks.

Four separate check boxes take four Alt-letters, and a wizard page has only 36 to share;
a list takes one, and a screen reader still hears each choice with its state.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget


class CheckList(QListWidget):
    """Codes shown with their labels, each with a tick box."""

    def __init__(
        self,
        accessible_name: str,
        choices: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for code, label in choices:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        # Every choice in view, no scrolling: a row is at least a line of text and its tick box.
        row = max(self.sizeHintForRow(0), self.fontMetrics().height() + 8)
        self.setFixedHeight(row * self.count() + 2 * self.frameWidth() + 6)

    def _items(self) -> Iterable[QListWidgetItem]:
        return (self.item(i) for i in range(self.count()))

    def checked(self) -> list[str]:
        """The ticked codes, in the order shown."""
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in self._items()
            if item.checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, codes: Iterable[str]) -> None:
        """Tick exactly ``codes``."""
        wanted = set(codes)
        for item in self._items():
            code = item.data(Qt.ItemDataRole.UserRole)
            item.setCheckState(Qt.CheckState.Checked if code in wanted else Qt.CheckState.Unchecked)

    def set_code_checked(self, code: str, checked: bool = True) -> None:
        """Tick or untick one code."""
        self.set_checked({*self.checked(), code} if checked else set(self.checked()) - {code})
