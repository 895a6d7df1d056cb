"""Child process for the crash test: types into the wizard, waits for the autosave, then idles.

    python -m tests.gui.wizard_child DATA_DIR PATIENT_ID

Prints AUTOSAVED once the draft holding the typed text is on disk; the parent then kills it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWizard

from gui.app import build_main_window, create_application
from gui.pages.goals import GoalsPage
from gui.wizard import ConversationWizard
from tests.helpers import ScriptedAsk

GOALS_TEXT = "Walk the dog to the river once more — and see the lilacs."


def main() -> None:
    data_dir, patient_id = Path(sys.argv[1]), sys.argv[2]
    app = create_application()
    window = build_main_window(data_dir, ScriptedAsk())
    window.select_patient(patient_id)

    def type_and_wait() -> None:
        wizard = QApplication.activeModalWidget()
        if not isinstance(wizard, ConversationWizard):
            QTimer.singleShot(10, type_and_wait)
            return
        wizard.currentPage().clinician.setText("Dr. Kim")
        while not isinstance(wizard.currentPage(), GoalsPage):
            wizard.button(QWizard.WizardButton.NextButton).click()
        wizard.currentPage().boxes["goals"].setPlainText(GOALS_TEXT)
        draft_file = data_dir / "drafts" / f"{patient_id}.json"

        def report_when_saved() -> None:
            draft = window.drafts.load(patient_id) if draft_file.exists() else None
            if draft is not None and draft.conversation.goals.goals == GOALS_TEXT:
                print("AUTOSAVED", flush=True)
            else:
                QTimer.singleShot(50, report_when_saved)

        report_when_saved()

    QTimer.singleShot(0, type_and_wait)
    QTimer.singleShot(0, window.new_conversation_action.trigger)
    app.exec()


if __name__ == "__main__":
    main()
