"""Considerations from the rules, each with its basis and a way to set it aside with a reason."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from waypoint.content.bundle import Content
from waypoint.i18n import _

#: Text colour of a dismissed consideration on the list's white: at least 4.5:1.
DISMISSED_COLOUR = "#595959"


def basis_text(consideration: Any, content: Content) -> str:
    """The basis of a consideration in plain words: guideline element, the data, the sources."""
    basis = consideration.basis
    lines = [consideration.explanation, "", _("Guideline element: {e}").format(e=basis.element)]
    if basis.data:
        lines.append(_("In this record: {d}").format(d="; ".join(basis.data)))
    lines.append("")
    lines.append(_("Sources:"))
    lines.extend(f"• {ref.citation}" for ref in content.cite(tuple(basis.sources)))
    return "\n".join(lines)


class ConsiderationsPanel(QWidget):
    """A short list of considerations; the clinician can see why, or dismiss one with a reason."""

    dismiss_requested = Signal(str, str)  # consideration id, reason

    def __init__(self, content: Content, ask: Any) -> None:
        super().__init__()
        self._content = content
        self._ask = ask
        self._items: list[Any] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(_("Considerations"))
        heading.setObjectName("sectionHeading")
        layout.addWidget(heading)
        self.list = QListWidget()
        heading.setBuddy(self.list)
        self.list.setAccessibleName(_("Considerations"))
        self.list.setWordWrap(True)
        # Wrap to the panel's width instead of scrolling sideways in a narrow side panel.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setProperty("wraps", True)  # style.qss: no side padding, see there
        self.list.itemDoubleClicked.connect(self._on_list_item_double_clicked)
        layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.why_button = QPushButton(_("Wh&y?"))
        self.why_button.setAccessibleName(_("Show the basis of the selected consideration"))
        self.why_button.clicked.connect(self._on_why_clicked)
        self.dismiss_button = QPushButton(_("Dis&miss…"))
        self.dismiss_button.setAccessibleName(_("Dismiss the selected consideration with a reason"))
        self.dismiss_button.clicked.connect(self._on_dismiss_clicked)
        buttons.addWidget(self.why_button)
        buttons.addWidget(self.dismiss_button)
        layout.addLayout(buttons)

    def show_considerations(self, considerations: Sequence[Any]) -> None:
        """Replace the list (dismissed ones are shown greyed with their reason)."""
        current = self.list.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current else None
        self._items = list(considerations)
        self.list.clear()
        for c in self._items:
            text = c.title
            if c.dismissal is not None:
                text = _("{title} (dismissed: {reason})").format(
                    title=c.title, reason=c.dismissal.reason
                )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setToolTip(c.explanation)
            if c.dismissal is not None:
                # Greyed but readable: 7:1 on white (Qt's gray was 2.6:1).
                item.setForeground(QColor(DISMISSED_COLOUR))
            self.list.addItem(item)
            if c.id == keep:
                self.list.setCurrentItem(item)
        if not self._items:
            self.list.addItem(_("Nothing to consider right now."))
        self.why_button.setEnabled(bool(self._items))
        self.dismiss_button.setEnabled(bool(self._items))

    def _selected(self) -> Any | None:
        item = self.list.currentItem() or (self.list.item(0) if self._items else None)
        if item is None:
            return None
        wanted = item.data(Qt.ItemDataRole.UserRole)
        return next((c for c in self._items if c.id == wanted), None)

    def _on_list_item_double_clicked(self, _item: QListWidgetItem) -> None:
        self._on_why_clicked()

    def _on_why_clicked(self) -> None:
        c = self._selected()
        if c is not None:
            self._ask.inform(self, c.title, basis_text(c, self._content))

    def _on_dismiss_clicked(self) -> None:
        c = self._selected()
        if c is None or c.dismissal is not None:
            return
        reason = self._ask.text(self, _("Dismiss consideration"), _("Why does this not apply?"))
        if reason:
            self.dismiss_requested.emit(c.id, reason)


ConsiderationSource = Callable[[], Sequence[Any]]
