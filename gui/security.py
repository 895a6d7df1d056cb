"""Protecting the records on screen and at rest: setting the passphrase, and locking when idle.

Auto-lock covers every open window with an opaque panel, so nothing of a record shows, and
asks for the passphrase again. The windows underneath are untouched: a conversation open in
the wizard is exactly as it was once the clinician unlocks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFontDatabase, QGuiApplication, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
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

from gui.background import Background, Progress, SyncBackground, WorkFailedError
from gui.screen_fit import fit_window
from gui.widgets import plain_message_label
from waypoint.i18n import _
from waypoint.storage.errors import StoreError
from waypoint.storage.store import Store

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
    """Choose a passphrase (first time) or a new one; the store does the work on Save.

    The work runs through ``background`` (gui/background.py): sealing every record of a large
    clinic takes a while, and the window must keep painting meanwhile.
    """

    def __init__(
        self,
        store: Store,
        background: Background | SyncBackground,
        parent: QWidget | None = None,
        after_recovery: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("PassphraseDialog")
        self.store, self.background = store, background
        self.recovery_key = ""
        changing = store.encrypted
        self.setWindowTitle(
            _("Change passphrase") if changing else _("Protect records with a passphrase")
        )
        layout = QVBoxLayout(self)
        if after_recovery:
            text = _(
                "The records were opened with the recovery key. Choose a new passphrase now: "
                "everyone who uses Waypoint on this computer will need it. The recovery key "
                "keeps working."
            )
        elif changing:
            text = _(
                "Choose a new passphrase. Everyone who uses Waypoint on this computer will need it."
            )
        else:
            text = _(
                "With a passphrase, the records on this computer are encrypted: without it, "
                "nobody can read them. You will be shown a recovery key to print and keep safe."
            )
        intro = QLabel(text)
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
        passphrase, store = self.first.text(), self.store
        if store.encrypted:
            label = _("Changing the passphrase…")

            def work(progress: Progress) -> str:
                store.change_passphrase(passphrase)
                return ""
        else:
            label = _("Encrypting the records…")

            def work(progress: Progress) -> str:
                return store.set_passphrase(passphrase, progress=progress)

        try:
            self.recovery_key = self.background.run(self, label, work, expected=(StoreError,))
        except StoreError as exc:
            self._show(str(exc))
            return
        except WorkFailedError:
            return  # the error guard has told the clinician; the dialog stays for another try
        super().accept()

    def _show(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))


def new_passphrase_after_recovery(
    store: Store, background: Background | SyncBackground, ask: Any
) -> bool:
    """After opening with the recovery key: ask for a new passphrase; True once it is set."""
    dialog = PassphraseDialog(store, background, after_recovery=True)
    if dialog.exec() == PassphraseDialog.DialogCode.Accepted:
        return True
    ask.inform(
        None,
        _("Passphrase not changed"),
        _(
            "The passphrase was not changed, so the records open only with the recovery key "
            "until it is. Choose a new one from the Patient menu (Passphrase)."
        ),
    )
    return False


class RecoveryKeyDialog(QDialog):
    """Shows the recovery key once, with ways to keep it: print it or copy it."""

    def __init__(
        self,
        key: str,
        clinic_name: str,
        parent: QWidget | None = None,
        choose_printer: Callable[[QPrinter], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("RecoveryKeyDialog")
        self.setWindowTitle(_("Recovery key"))
        self.key, self.clinic_name = key, clinic_name
        #: Asks where to print (a real print dialog; tests pass their own).
        self.choose_printer = choose_printer or self._printer_dialog
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "The records are now encrypted. Print this recovery key and keep it in a safe "
                "place away from this computer: it opens the records if the passphrase is ever "
                "lost. Waypoint shows it only now."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.key_box = QLineEdit(key)
        self.key_box.setReadOnly(True)
        self.key_box.setObjectName("recoveryKey")
        self.key_box.setAccessibleName(_("Recovery key"))
        self.key_box.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.key_box.setMinimumWidth(self.key_box.fontMetrics().horizontalAdvance(key) + 24)
        layout.addWidget(self.key_box)
        self.note = plain_message_label()
        self.note.setObjectName("mutedText")
        layout.addWidget(self.note)
        layout.addWidget(self._build_buttons())
        fit_window(self, self.sizeHint())

    def _build_buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox()
        self.print_button = buttons.addButton(_("&Print…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button = buttons.addButton(_("&Copy"), QDialogButtonBox.ButtonRole.ActionRole)
        self.done_button = buttons.addButton(
            _("I &have kept it safe"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.print_button.clicked.connect(self._on_print_clicked)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        buttons.accepted.connect(self.accept)
        return buttons

    def key_document(self) -> QTextDocument:
        """What is printed: the key, where it belongs, and what it is for (no patient data)."""
        clinic = f"<p>{escape(self.clinic_name)}</p>" if self.clinic_name else ""
        document = QTextDocument()
        document.setHtml(
            "<h2>{title}</h2>{clinic}<p>{why}</p><p style='font-size:16pt'><tt>{key}</tt></p>"
            "<p>{when}</p>".format(
                title=escape(_("Waypoint recovery key")),
                clinic=clinic,
                why=escape(
                    _(
                        "This key opens the Waypoint records on this clinic's computer if the "
                        "passphrase is lost. Keep it locked away; anyone who has it and the "
                        "computer can read the records."
                    )
                ),
                key=escape(self.key),
                when=escape(_("Printed {day}").format(day=dt.date.today().isoformat())),
            )
        )
        return document

    def _printer_dialog(self, printer: QPrinter) -> bool:
        dialog = QPrintDialog(printer, self)
        return dialog.exec() == QPrintDialog.DialogCode.Accepted

    def _on_print_clicked(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(_("Waypoint recovery key"))
        if not self.choose_printer(printer):
            return
        self.key_document().print_(printer)
        self.note.setText(_("Sent to the printer. Check that the key printed in full."))
        self.note.setVisible(True)

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.key)
        self.note.setText(
            _("Copied. Paste it where it will be kept safe, then copy something else over it.")
        )
        self.note.setVisible(True)


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
