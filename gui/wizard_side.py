"""The wizard's side panel: where the conversation stands, the care-planning timer, considerations."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui.considerations_panel import ConsiderationsPanel
from gui.flow_layout import FlowLayout
from gui.mnemonics import apply_mnemonics, keep_mnemonic, mnemonic_widgets
from waypoint.content.bundle import Content
from waypoint.i18n import _
from waypoint.record.conversation_flow import CARRIED, COVERED, SKIPPED, section_status
from waypoint.record.model import Conversation

_MARKS = {COVERED: "✓", SKIPPED: "–", "untouched": "○", CARRIED: "↻"}
#: Text colours of the parts (on the list's white): both at least 4.5:1, see style.qss.
SKIPPED_COLOUR = "#595959"
PART_COLOUR = "#111111"
_OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)


def part_status_text(status: str, reason: str = "") -> str:
    """Where a part of the conversation stands, in words ("skipped: <reason>")."""
    if status == COVERED:
        return _("covered")
    if status == SKIPPED:
        return _("skipped: {reason}").format(reason=reason) if reason else _("skipped")
    if status == CARRIED:
        return _("carried, not yet confirmed")
    return _("not yet touched")


class AcpTimer(QWidget):
    """Advance-care-planning minutes: a start/pause timer, and a box the clinician can edit by hand."""

    minutes_changed = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        title = QLabel(_("Advance care planning time"))
        title.setObjectName("sectionHeading")
        title.setWordWrap(True)
        outer.addWidget(title)
        # Box and button share a row only when the panel is wide enough (150 % scaling, a
        # small screen): a flow of two that wraps instead of squeezing either.
        layout = FlowLayout()
        outer.addLayout(layout)
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 600)
        self.minutes.setSuffix(_(" min"))
        self.minutes.setAccessibleName(_("Advance-care-planning minutes"))
        self.minutes.valueChanged.connect(self.minutes_changed)
        self.button = QPushButton(_("&Start timer"))
        self.button.setAccessibleName(_("Start or pause the care-planning timer"))
        self.button.clicked.connect(self._on_button_clicked)
        title.setBuddy(self.minutes)
        layout.addWidget(self.minutes)
        layout.addWidget(self.button)
        self._clock = QElapsedTimer()
        self._carried_ms = 0  # time counted before the last start, not yet whole minutes
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick_timeout)

    @property
    def running(self) -> bool:
        """True while the timer counts."""
        return self._tick.isActive()

    def start(self) -> None:
        """Start counting (adds to whatever the box shows)."""
        self._clock.start()
        self._tick.start()
        keep_mnemonic(self.button, _("Pause timer"))

    def pause(self) -> None:
        """Stop counting; the minutes stay."""
        if self.running:
            self._carried_ms += self._clock.elapsed()
            self._fold_minutes()
        self._tick.stop()
        keep_mnemonic(self.button, _("Start timer"))

    def _fold_minutes(self) -> None:
        whole, self._carried_ms = divmod(self._carried_ms, 60_000)
        if whole:
            self.minutes.setValue(self.minutes.value() + whole)

    def _on_tick_timeout(self) -> None:
        self._carried_ms += self._clock.restart()
        self._fold_minutes()

    def _on_button_clicked(self) -> None:
        self.pause() if self.running else self.start()


class WizardSidePanel(QWidget):
    """Elements covered, skipped or not yet touched; the timer; live considerations."""

    section_chosen = Signal(str)

    def __init__(self, content: Content, ask: Any, sections: tuple[str, ...]) -> None:
        super().__init__()
        self.setObjectName("wizardSide")
        self._content = content
        self._sections = sections
        layout = QVBoxLayout(self)
        heading = QLabel(_("This conversation"))
        heading.setObjectName("sectionHeading")
        layout.addWidget(heading)
        self.elements = QListWidget()
        heading.setBuddy(self.elements)
        self.elements.setAccessibleName(_("Parts of the conversation"))
        self.elements.itemActivated.connect(self._on_element_activated)
        self.elements.installEventFilter(self)
        self.elements.setWordWrap(True)
        self.elements.setProperty("wraps", True)  # style.qss: no side padding, see there
        self.elements.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for section in sections:
            item = QListWidgetItem(content.sections[section].title)
            item.setData(Qt.ItemDataRole.UserRole, section)
            self.elements.addItem(item)
        # Every part shows when there is room; on a small screen the list scrolls instead of
        # squeezing the timer and considerations below it (stretch shares the height).
        self.elements.setMinimumHeight(self.elements.sizeHintForRow(0) * 3 + 8)
        layout.addWidget(self.elements, 1)
        self.timer = AcpTimer()
        layout.addWidget(self.timer)
        self.considerations = ConsiderationsPanel(content, ask)
        layout.addWidget(self.considerations, 1)
        self.setMinimumWidth(200)  # leaves the form room at 150 % on a 1280x800 screen
        self.setMaximumWidth(340)

    def assign_mnemonics(self, reserved: set[str]) -> set[str]:
        """Unique Alt-letters for the panel's labels and buttons; return the letters used."""
        return apply_mnemonics(mnemonic_widgets(self), reserved)

    def show_status(self, conversation: Conversation, previous: Conversation | None = None) -> None:
        """Mark each element covered, skipped (with its reason) or untouched, in words.

        The mark is only a picture; the words are what a screen reader and a keyboard user
        get, so they are in the item's accessible name and its tip, not in the tip alone.
        """
        for row, section in enumerate(self._sections):
            item = self.elements.item(row)
            # With the conversation it was carried from, untouched carried parts show as such.
            status = section_status(conversation, section, previous)
            title = self._content.sections[section].title
            words = part_status_text(status, conversation.skipped.get(section, ""))
            item.setText(f"{_MARKS[status]}  {title}")
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole,
                _("{part} — {status}").format(part=title, status=words),
            )
            item.setToolTip(words)
            colour = SKIPPED_COLOUR if status == SKIPPED else PART_COLOUR
            item.setForeground(QColor(colour))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter, Return or Space on a part opens that part, and nothing else.

        The list view passes Enter on to the dialog after activating the item, and the wizard
        would then press its default button (Next) and open the part after the chosen one.
        """
        if watched is self.elements and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in _OPEN_KEYS and event.modifiers() in _PLAIN:  # type: ignore[attr-defined]
                item = self.elements.currentItem()
                if item is not None:
                    self._on_element_activated(item)
                event.accept()
                return True
        return super().eventFilter(watched, event)

    def _on_element_activated(self, item: QListWidgetItem) -> None:
        self.section_chosen.emit(item.data(Qt.ItemDataRole.UserRole))
