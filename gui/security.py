"""Protecting the records on screen and at rest: setting the passphrase, and locking when idle.

Auto-lock covers every open window with an opaque panel, so nothing of a record shows, and
asks for the passphrase again. The windows underneath are untouched: a conversation open in
the wizard is exactly as it was once the clinician unlocks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.screen_fit import fit_window
from gui.widgets import plain_message_label
from waypoint.i18n import _
from waypoint.storage import Store, StoreError

#: Asks for the passphrase: (parent, text) -> passphrase, or None when the user gives up.
PassphrasePrompt = Callable[[QWidget | None, str], str | None]

_USER_INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class PassphraseDialog(QDialog):
    """Choose a passphrase (first time) or a new one; the store does the work on Save."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PassphraseDialog")
        self.store = store
        self.recovery_key = ""
        changing = store.encrypted
        self.setWindowTitle(
            _("Change passphrase") if changing else _("Protect records with a passphrase")
        )
        layout = QVBoxLayout(self)
        intro = QLabel(
            _("Choose a new passphrase. Everyone who uses Waypoint on this computer will need it.")
            if changing
            else _(
                "With a passphrase, the records on this computer are encrypted: without it, "
                "nobody can read them. You will be shown a recovery key to print and keep safe."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName(_("New passphrase"))
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setAccessibleName(_("New passphrase again"))
        form.addRow(_("&New passphrase"), self.first)
        form.addRow(_("&Again"), self.second)
        layout.addLayout(form)
        self.error = plain_message_label()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout.addWidget(buttons)
        fit_window(self, self.sizeHint())

    def accept(self) -> None:
        """Encrypt (or rewrap) only when both entries agree; errors keep the dialog open."""
        if self.first.text() != self.second.text():
            self._show(_("The two passphrases are not the same."))
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if self.store.encrypted:
                self.store.change_passphrase(self.first.text())
            else:
                self.recovery_key = self.store.set_passphrase(self.first.text())
        except StoreError as exc:
            self._show(str(exc))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        super().accept()

    def _show(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))


class _Cover(QWidget):
    """An opaque panel over one window while the app is locked."""

    def __init__(self, window: QWidget, on_unlock: Callable[[], None]) -> None:
        super().__init__(window)
        self.setObjectName("lockCover")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        text = QLabel(_("Waypoint is locked to protect patient information."))
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setWordWrap(True)
        layout.addWidget(text)
        button = QPushButton(_("&Unlock…"))
        button.clicked.connect(on_unlock)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(2)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
        return False


class IdleLock(QObject):
    """Locks every window after ``minutes`` without keyboard or mouse input (0: never)."""

    def __init__(
        self, store: Store, prompt: PassphrasePrompt, minutes: int, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.prompt = prompt
        self.covers: list[_Cover] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock_now)
        self.set_minutes(minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def locked(self) -> bool:
        """True while the windows are covered."""
        return bool(self.covers)

    def set_minutes(self, minutes: int) -> None:
        """Change the idle time (0 turns auto-lock off)."""
        self.minutes = max(0, minutes)
        self.timer.stop()
        if self.minutes:
            self.timer.setInterval(self.minutes * 60_000)
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _USER_INPUT and not self.locked and self.minutes:
            self.timer.start()  # restart the idle count
        return False

    def lock_now(self) -> None:
        """Cover every visible window and ask for the passphrase (only for an encrypted store)."""
        if self.locked or not self.store.encrypted:
            return
        windows: list[Any] = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        self.covers = [_Cover(w, self.unlock) for w in windows if not isinstance(w, _Cover)]
        QTimer.singleShot(0, self.unlock)

    def unlock(self) -> None:
        """Ask for the passphrase until it is right or the user waits; uncover on success."""
        text = _("Waypoint was locked after a while without use. Enter the passphrase to go on:")
        while self.locked:
            answer = self.prompt(self.covers[0] if self.covers else None, text)
            if answer is None:
                return  # stay locked; the Unlock button asks again
            if self.store.verify_passphrase(answer):
                for cover in self.covers:
                    parent = cover.parentWidget()
                    if parent is not None:
                        parent.removeEventFilter(cover)
                    cover.deleteLater()
                self.covers = []
                if self.minutes:
                    self.timer.start()
                return
            text = _("That passphrase is not right. Please try again:")
