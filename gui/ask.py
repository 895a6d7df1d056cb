"""Every question the app puts to the user goes through one injectable object.

Tests pass a scripted stand-in, so no modal dialog can hang an automated run: every dialog here
is reached only through this object (the one ``box.exec()``, for a destructive confirmation
with its own button labels, included), so a test replaces them all at once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from waypoint.i18n import _


class Ask:
    """Questions and notices shown to the user as real dialogs."""

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        """A yes/no question; True for yes."""
        answer = QMessageBox.question(
            parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        )
        return answer == QMessageBox.StandardButton.Yes

    def confirm_destructive(
        self, parent: QWidget | None, title: str, text: str, action: str
    ) -> bool:
        """Confirm something that cannot be undone; True only for the button labelled ``action``.

        "Go back" is the default and the Escape button, so neither Enter nor Escape destroys.
        """
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, parent
        )
        do_it = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        back = box.addButton(_("&Go back"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        box.exec()
        return box.clickedButton() is do_it

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        """A notice the user acknowledges."""
        QMessageBox.information(parent, title, text)

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        """Something went wrong; the text says what and what to do."""
        QMessageBox.warning(parent, title, text)

    def save_path(
        self, parent: QWidget | None, title: str, suggested: Path, file_filter: str
    ) -> Path | None:
        """Where to save a file; None if the user cancelled."""
        name, _selected = QFileDialog.getSaveFileName(parent, title, str(suggested), file_filter)
        return Path(name) if name else None

    def sign_in(
        self, parent: QWidget | None, names: list[str], current: str
    ) -> tuple[str, bool] | None:
        """Who is using Waypoint: (name, remember for this computer account); None if cancelled."""
        from gui.clinician import ClinicianDialog

        dialog = ClinicianDialog(names, current, parent)
        if dialog.exec() != ClinicianDialog.DialogCode.Accepted:
            return None
        return dialog.name, dialog.remember

    def choose(
        self, parent: QWidget | None, title: str, label: str, options: list[str], current: int
    ) -> int | None:
        """One of ``options`` (its index), starting at ``current``; None if cancelled."""
        value, ok = QInputDialog.getItem(parent, title, label, options, current, False)
        return options.index(value) if ok and value in options else None

    def text(self, parent: QWidget | None, title: str, label: str) -> str | None:
        """A short line of text (for example the reason for skipping); None if cancelled."""
        value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, "")
        return value.strip() if ok else None
