"""Asking for the store's passphrase, and opening the store the way the app needs it.

The passphrase comes from WAYPOINT_PASSPHRASE when set (headless runs), else from a password
prompt that also takes the printed recovery key (WAYPOINT_RECOVERY_KEY headless); a second
running copy is offered read-only access; damage found at open is offered a repair. Every other
question goes through :class:`gui.ask.Ask`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.ask import Ask
from gui.screen_fit import fit_window
from waypoint.i18n import _
from waypoint.storage.errors import PassphraseError
from waypoint.storage.lock import StoreLockedError
from waypoint.storage.store import Store

#: Asks for the passphrase; None when the user gives up. Tests pass their own.
PassphrasePrompt = Callable[[QWidget | None, str], str | None]


class RecoveryKey(str):
    """What a prompt returns when the clinician typed the recovery key, not the passphrase."""

    __slots__ = ()


def ask_passphrase(parent: QWidget | None, text: str) -> str | None:
    """A password-style prompt (static dialog function, so it can be replaced in tests)."""
    value, ok = QInputDialog.getText(
        parent, _("Waypoint: passphrase"), text, QLineEdit.EchoMode.Password, ""
    )
    return value if ok else None


def ask_passphrase_or_key(parent: QWidget | None, text: str) -> str | None:
    """The opening prompt: the passphrase, or (one click away) the printed recovery key."""
    dialog = PassphrasePromptDialog(text, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.answer()


class PassphrasePromptDialog(QDialog):
    """Asks for the passphrase, with "Use the recovery key" for a clinic that lost it."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PassphrasePromptDialog")
        self.setWindowTitle(_("Waypoint: passphrase"))
        self.text = text
        self.using_key = False
        layout = QVBoxLayout(self)
        self.label = QLabel()
        self.label.setWordWrap(True)
        layout.addWidget(self.label)
        self.entry = QLineEdit()
        self.label.setBuddy(self.entry)
        layout.addWidget(self.entry)
        self.switch_button = QPushButton()
        self.switch_button.setObjectName("linkButton")
        self.switch_button.setFlat(True)
        self.switch_button.clicked.connect(self._on_switch_clicked)
        layout.addWidget(self.switch_button)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._show_mode()
        fit_window(self, QSize(460, self.sizeHint().height()))

    def answer(self) -> str:
        """What was typed: a :class:`RecoveryKey` when the recovery key was asked for."""
        typed = self.entry.text()
        return RecoveryKey(typed) if self.using_key else typed

    def _show_mode(self) -> None:
        self.entry.clear()
        if self.using_key:
            self.label.setText(
                _(
                    "Type the recovery key that was printed when the passphrase was set "
                    "(spaces, dashes and capitals do not matter). You will then choose a new "
                    "passphrase."
                )
            )
            self.entry.setEchoMode(QLineEdit.EchoMode.Normal)
            self.entry.setAccessibleName(_("Recovery key"))
            self.switch_button.setText(_("Use the &passphrase instead"))
        else:
            self.label.setText(self.text)
            self.entry.setEchoMode(QLineEdit.EchoMode.Password)
            self.entry.setAccessibleName(_("Passphrase"))
            self.switch_button.setText(_("Passphrase lost? Use the &recovery key"))
        self.entry.setFocus()

    def _on_switch_clicked(self) -> None:
        self.using_key = not self.using_key
        self._show_mode()
        # The recovery key's explanation is longer: grow to show all of it.
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))


def open_store(
    data_dir: Path, ask: Ask, prompt: PassphrasePrompt = ask_passphrase_or_key
) -> Store | None:
    """Open the store, asking for the passphrase and about a second copy; None if not opened.

    A :class:`RecoveryKey` from the prompt (or WAYPOINT_RECOVERY_KEY) opens it too; then
    ``store.opened_with_recovery_key`` is set and the caller asks for a new passphrase.
    Raises StoreError / DamagedFileError / OSError for a folder that cannot be used at all.
    """
    passphrase = os.environ.get("WAYPOINT_PASSPHRASE", "")
    recovery_key = os.environ.get("WAYPOINT_RECOVERY_KEY", "")
    text = _("These records are protected by a passphrase. Please enter it:")
    while True:
        try:
            store = Store.open(data_dir, passphrase=passphrase, recovery_key=recovery_key)
            if store.read_only_reason:  # the disk is full, read-only or not ours to write
                ask.warn(None, _("Records open read-only"), store.read_only_reason)
            return store
        except PassphraseError as exc:
            if not exc.missing:
                text = str(exc) + "\n\n" + _("Please enter the passphrase again:")
            answer = prompt(None, text)
            if answer is None:
                return None
            if isinstance(answer, RecoveryKey):
                passphrase, recovery_key = "", str(answer)
            else:
                passphrase, recovery_key = answer, ""
        except StoreLockedError as exc:
            question = str(exc) + "\n\n" + _("Open the records read-only (nothing can be saved)?")
            if not ask.confirm(None, _("Waypoint is already open"), question):
                return None
            return Store.open(
                data_dir, passphrase=passphrase, recovery_key=recovery_key, read_only=True
            )
