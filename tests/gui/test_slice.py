"""The first slice, end to end: new patient, conversation, save, restart, care plan PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication, QWizard

from gui.app import build_main_window, create_application
from gui.pages.goals import GoalsPage
from gui.pages.plan import PlanPage
from gui.patient_dialog import PatientDialog
from gui.wizard import ConversationWizard
from tests.helpers import ScriptedAsk, when_modal

GOAL = "To see my grandson graduate in June, at home with my dog."


def fill_patient(dialog: PatientDialog) -> None:
    dialog.given.setText("Zoë")
    dialog.family.setText("O'Brien-Łukasz")
    dialog.dob.setText("1961-07-09")
    dialog.mrn.setText("MRN-77")
    dialog.diagnosis.setText("Pancreatic adenocarcinoma, metastatic")
    dialog.save_button.click()


def fill_conversation(wizard: ConversationWizard) -> None:
    setup = wizard.currentPage()
    setup.clinician.setText("Dr. Ines Park")
    setup.participants.setPlainText("Zoë O'Brien-Łukasz\nTom (husband)")
    setup.understanding.setPlainText("I know it has spread.")
    while not isinstance(wizard.currentPage(), GoalsPage):
        wizard.button(QWizard.WizardButton.NextButton).click()
    goals = wizard.currentPage()
    goals.boxes["goals"].setPlainText(GOAL)
    goals.boxes["fears"].setPlainText("Pain <and> being alone & scared")
    while not isinstance(wizard.currentPage(), PlanPage):
        wizard.button(QWizard.WizardButton.NextButton).click()
    plan = wizard.currentPage()
    plan.goal_of_care.setPlainText("Comfort first, at home.")
    plan.follow_up.setText("2030-01-15")
    wizard.side.timer.minutes.setValue(20)
    wizard.button(QWizard.WizardButton.FinishButton).click()


@pytest.fixture
def app(qsettings_isolated) -> QApplication:  # type: ignore[no-untyped-def]
    return create_application()


def test_slice_create_save_reopen_export(qtbot, app, data_dir: Path, tmp_path: Path) -> None:
    ask = ScriptedAsk()
    window = build_main_window(data_dir, ask)
    qtbot.addWidget(window)
    window.show()
    assert window.detail_stack.currentIndex() == 0  # the empty state on a first start

    when_modal(PatientDialog, fill_patient)
    window.new_patient_action.trigger()
    assert len(window.store) == 1 and window.record is not None
    assert window.record.patient.display_name == "Zoë O'Brien-Łukasz"

    when_modal(ConversationWizard, fill_conversation)
    window.new_conversation_action.trigger()
    assert ask.warnings() == []
    window.close()
    window.store.close()

    # Start again on the same store, as after closing the app.
    again = build_main_window(data_dir, ask)
    qtbot.addWidget(again)
    again.show()
    again.search.setText("nobody")
    assert again.patient_model.rowCount() == 0
    again.search.setText("zoe obrien lukasz")
    assert again.patient_model.rowCount() == 1
    again.patient_list.setCurrentIndex(again.patient_model.index(0))
    assert again.record is not None
    saved = again.record.conversations[0]
    assert saved.clinician == "Dr. Ines Park"
    assert saved.participants == ["Zoë O'Brien-Łukasz", "Tom (husband)"]
    assert saved.goals.goals == GOAL and saved.acp_minutes == 20
    assert again.overview.timeline.count() == 1  # the one conversation
    assert GOAL in again.overview.entry_detail.text()

    pdf = tmp_path / "careplan.pdf"
    ask.save_paths.append(pdf)
    again.export_careplan_action.trigger()
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Zoë O'Brien-Łukasz" in text
    assert GOAL in text
    assert "Pain <and> being alone & scared" in text


def test_date_typo_keeps_dialog_open_and_text(qtbot, app, data_dir: Path) -> None:
    window = build_main_window(data_dir, ScriptedAsk())
    qtbot.addWidget(window)
    seen: dict[str, object] = {}

    def typo_then_cancel(dialog: PatientDialog) -> None:
        dialog.given.setText("Ana")
        dialog.family.setText("Silva")
        dialog.dob.setText("1961-02-30")
        dialog.save_button.click()
        seen["visible"] = dialog.isVisible()
        seen["text"] = dialog.dob.text()
        seen["error"] = dialog.dob.error.text()
        dialog.reject()

    when_modal(PatientDialog, typo_then_cancel)
    window.new_patient_action.trigger()
    assert seen["visible"] is True
    assert seen["text"] == "1961-02-30"
    assert "not a real date" in str(seen["error"])
    assert len(window.store) == 0


def test_missing_clinician_blocks_the_first_page(qtbot, app, data_dir: Path) -> None:
    from waypoint.record.sample import sample_record
    from waypoint.storage.store import Store

    with Store.open(data_dir) as store:
        store.save(sample_record())
    ask = ScriptedAsk()
    window = build_main_window(data_dir, ask)
    qtbot.addWidget(window)
    window.select_patient("P-SAMPLE0001")
    seen: dict[str, object] = {}

    def leave_clinician_blank(wizard: ConversationWizard) -> None:
        page = wizard.currentPage()
        page.clinician.setText("")
        wizard.button(QWizard.WizardButton.NextButton).click()
        seen["still_first"] = wizard.currentPage() is page
        seen["error"] = page.error.text()
        wizard.reject()

    when_modal(ConversationWizard, leave_clinician_blank)
    window.new_conversation_action.trigger()
    assert seen["still_first"] is True
    assert "clinician" in str(seen["error"])
    assert len(window.store.load("P-SAMPLE0001").conversations) == 1
