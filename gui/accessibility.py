"""What a screen reader hears: combo boxes named by their label, on every platform.

On Windows Qt names a combo box by its accessible name (or its buddy label) and gives its
choice as the value. On Linux and macOS Qt's own combo-box interface reports the current
choice as the *name* too, whatever accessible name was set, so Orca announced 17 of the
wizard's 18 drop-downs as "—". :func:`install` puts a small interface in front of Qt's for
plain (not editable) combo boxes: the name is the label, the value is the choice, the
drop-down list is its child and "show menu" opens it, as on Windows.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAccessible, QAccessibleActionInterface, QAccessibleInterface
from PySide6.QtWidgets import QAccessibleWidget, QComboBox

_installed = False


class LabelledComboBox(QAccessibleWidget):
    """A non-editable combo box: its label as the name, its choice as the value."""

    def __init__(self, box: QComboBox) -> None:
        super().__init__(box, QAccessible.Role.ComboBox)
        self._box = box

    def text(self, kind: QAccessible.Text) -> str:
        """Name from the accessible name or the buddy label; value is the current choice."""
        if kind == QAccessible.Text.Value:
            return spoken_choice(self._box)
        if kind == QAccessible.Text.Name:
            return super().text(kind) or spoken_choice(self._box)
        return super().text(kind)

    def state(self) -> QAccessible.State:
        """Qt's widget state, plus expandable and whether the list is open."""
        state = super().state()
        state.expandable = True
        open_ = self._box.view().isVisible()
        state.expanded = open_
        state.collapsed = not open_
        return state

    def childCount(self) -> int:
        """The drop-down list, as in Qt's own interface."""
        return 1

    # PySide's stub says never None, but Qt's contract is nullptr for an index out of range.
    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        """The drop-down list (index 0)."""
        return QAccessible.queryAccessibleInterface(self._box.view()) if index == 0 else None

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        """0 for the drop-down list, -1 for anything else."""
        return 0 if child is not None and child.object() is self._box.view() else -1

    def actionNames(self) -> list[str]:
        """Open the list (a screen reader's "show menu" or "press")."""
        return [
            QAccessibleActionInterface.showMenuAction(),
            QAccessibleActionInterface.pressAction(),
        ]

    def doAction(self, name: str) -> None:
        """Open the list."""
        if name in self.actionNames():
            self._box.showPopup()


def spoken_choice(box: QComboBox) -> str:
    """The current choice as it should be heard: its accessible text if it has one."""
    spoken = box.currentData(Qt.ItemDataRole.AccessibleTextRole)
    return str(spoken) if spoken else box.currentText()


def _factory(key: str, obj: QObject) -> QAccessibleInterface | None:
    if key == "QComboBox" and isinstance(obj, QComboBox) and not obj.isEditable():
        return LabelledComboBox(obj)
    return None


def install() -> None:
    """Name combo boxes by their labels (once per process; Windows does so already)."""
    global _installed
    if _installed or sys.platform == "win32":
        return
    QAccessible.installFactory(_factory)
    _installed = True
