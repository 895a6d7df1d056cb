"""Child process for the long-session test: a whole first conversation typed key by key.

    python -m tests.gui.long_session_child DATA_DIR PATIENT_ID TYPED_JSON

Runs the real app (gui.app.run_app: error guard, log, main window, quit path), opens a new
conversation for PATIENT_ID, types into every text field of every page with QTest key events
(more than 8,000 characters), saves it with the wizard's own button, writes what it typed to
TYPED_JSON, and closes the main window. The exit code is the app's own.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
    QWizard,
)

from gui.app import create_application, run_app
from gui.main_window import MainWindow
from gui.pages.treatment import TreatmentPage
from gui.widgets import DateField
from gui.wizard import ConversationWizard

SENTENCE = (
    "She would rather have good days at home than more time in hospital; her daughter "
    "drives two hours each way, and the farm still needs her in spring. "
)
#: Fields holding short names, typed as a clinic would fill them.
SHORT = {"Who is present": "Rosa María (patient); Elena, daughter", "Clinician": "Dr. Kim"}
PER_BOX = 440


def _fields(page: QWidget) -> list[QLineEdit | QPlainTextEdit]:
    found = page.findChildren(QLineEdit) + page.findChildren(QPlainTextEdit)
    return [
        w
        for w in found
        if w.isVisible()
        and not isinstance(w, DateField)
        and not isinstance(w.parent(), QAbstractSpinBox)
    ]


def type_text(widget: QWidget, text: str) -> None:
    """Key presses and releases, as a keyboard sends them (QTest.keyClicks takes ASCII only)."""
    for char in text:
        if char.isascii():
            QTest.keyClick(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def type_page(page: object, typed: dict[str, str], counter: list[int]) -> None:
    for widget in _fields(page):  # type: ignore[arg-type]
        name = widget.accessibleName()
        counter[0] += 1
        text = SHORT.get(name) or f"[F{counter[0]:02d}] " + (SENTENCE * 4)[: PER_BOX - 6]
        if isinstance(widget, QLineEdit):
            text = text[: min(widget.maxLength(), 120)]
            widget.clear()
        else:
            widget.clear()
        type_text(widget, text)
        typed[name] = text
        QApplication.processEvents()  # let the autosave timer run between fields


def drive(wizard: ConversationWizard, typed_file: Path) -> None:
    typed: dict[str, str] = {}
    counter = [0]
    while True:
        page = wizard.currentPage()
        if isinstance(page, TreatmentPage):
            page._on_add_clicked()  # a new option to describe
        type_page(page, typed, counter)
        if wizard.currentId() == wizard.pageIds()[-1]:
            break
        before = wizard.currentId()
        wizard.button(QWizard.WizardButton.NextButton).click()
        if wizard.currentId() == before:
            print("REFUSED", type(page).__name__, flush=True)
            wizard.done(0)
            return
    typed_file.write_text(json.dumps(typed, ensure_ascii=False), encoding="utf-8")
    wizard.button(QWizard.WizardButton.FinishButton).click()


def start(patient_id: str, typed_file: Path) -> None:
    window = next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)), None)
    if window is None or not window.isVisible():
        QTimer.singleShot(20, lambda: start(patient_id, typed_file))
        return

    def in_wizard() -> None:
        wizard = QApplication.activeModalWidget()
        if not isinstance(wizard, ConversationWizard):
            QTimer.singleShot(20, in_wizard)
            return
        drive(wizard, typed_file)

    window.select_patient(patient_id)
    QTimer.singleShot(0, in_wizard)
    window.new_conversation_action.trigger()  # returns when the wizard has closed
    print("SAVED" if not window.drafts.exists(patient_id) else "NOT-SAVED", flush=True)
    window.close()


def main() -> int:
    data_dir, patient_id, typed_file = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    create_application()  # run_app uses this one; timers need it first
    QTimer.singleShot(0, lambda: start(patient_id, typed_file))
    return run_app(data_dir)


if __name__ == "__main__":
    sys.exit(main())
