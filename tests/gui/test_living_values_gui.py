"""The forms assess a living patient; the prognosis page cites its calculators; the patient
dialog edits travel time and the primary care provider's address (issue 13)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QWizard

from gui.app import create_application
from gui.assessment_dialog import AssessmentDialog
from gui.pages.base import PageContext
from gui.pages.prognosis import PrognosisPage
from gui.patient_dialog import PatientDialog
from gui.wizard import ConversationWizard
from tests.gui.test_wizard_pages import go_to
from tests.helpers import ScriptedAsk
from waypoint.content.bundle import shipped_content
from waypoint.record.model import Assessment, Conversation
from waypoint.record.sample import sample_record
from waypoint.storage.settings import Settings

ECOG_DEAD = "ECOG 5 means the person has died. Record a death as a care event instead."
PPS_DEAD = "PPS 0% means the person has died. Record a death as a care event instead."


@pytest.fixture
def app(qsettings_isolated) -> QApplication:  # type: ignore[no-untyped-def]
    return create_application()


@pytest.fixture
def wizard(qtbot, app) -> ConversationWizard:  # type: ignore[no-untyped-def]
    record = sample_record()
    record.conversations = []
    context = PageContext(record, shipped_content(), Settings(), ScriptedAsk())
    wizard = ConversationWizard(context, Conversation(date=dt.date.today(), clinician="Dr. Park"))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


@pytest.mark.parametrize(
    ("field", "value", "message"), [("pps", 0, PPS_DEAD), ("ecog", 5, ECOG_DEAD)]
)
def test_the_prognosis_page_refuses_a_death_value_before_next(
    wizard, field, value, message
) -> None:  # type: ignore[no-untyped-def]
    go_to(wizard, PrognosisPage)
    page = wizard.currentPage()
    page.oral_intake.setCurrentIndex(1)
    getattr(page, field).set_number(value)  # no crash computing the index from PPS 0
    before = wizard.currentId()
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentId() == before
    assert page.error.text() == message
    assert message in [label.text() for label in page.findChildren(QLabel, "fieldError")]
    page.apply_safely(wizard.conversation)  # a draft never keeps it
    assert getattr(wizard.conversation.prognosis, field) is None


def test_the_index_says_why_it_is_not_given_for_pps_0(wizard) -> None:  # type: ignore[no-untyped-def]
    go_to(wizard, PrognosisPage)
    page = wizard.currentPage()
    page.oral_intake.setCurrentIndex(1)
    page.pps.set_number(0)
    assert page.ppi_result.text().startswith("The Palliative Prognostic Index is for a living")
    page.pps.set_number(20)  # Morita 1999: PPS 10-20 scores 4.0
    assert page.ppi_result.text().startswith("4 — ")
    assert "inpatient palliative care" in page.ppi_result.text()


def test_scenarios_carry_their_caveat_and_source(wizard) -> None:  # type: ignore[no-untyped-def]
    go_to(wizard, PrognosisPage)
    page = wizard.currentPage()
    assert page.scenario_note.text() == ""
    page.median.setValue(10)
    assert "less than 3 months" in page.scenarios.text()  # 0.25 x 10 = 2.5, half up
    assert "randomised trials" in page.scenario_note.text()
    assert "Kiely BE" in page.scenario_note.toolTip()  # the full citation


def test_patient_dialog_edits_travel_time_and_the_pcp_address(qtbot, app) -> None:  # type: ignore[no-untyped-def]
    patient = sample_record().patient
    patient.travel_minutes = 95
    patient.primary_care_provider.address = "12 Main St\nSpringfield"
    dialog = PatientDialog(patient, shipped_content())
    qtbot.addWidget(dialog)
    assert dialog.travel.number() == 95
    assert dialog.pcp_address.toPlainText() == "12 Main St\nSpringfield"
    dialog.travel.set_number(140)
    dialog.pcp_address.setPlainText("  4 Elm Rd, Shelbyville ")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.patient.travel_minutes == 140
    assert dialog.patient.primary_care_provider.address == "4 Elm Rd, Shelbyville"
    dialog = PatientDialog(dialog.patient, shipped_content())
    qtbot.addWidget(dialog)
    dialog.travel.set_number(None)
    dialog.accept()
    assert dialog.patient.travel_minutes is None


def test_patient_dialog_refuses_ecog_5(qtbot, app) -> None:  # type: ignore[no-untyped-def]
    dialog = PatientDialog(sample_record().patient, shipped_content())
    qtbot.addWidget(dialog)
    dialog.ecog.setCurrentIndex(dialog.ecog.findData(5))
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.error.text() == ECOG_DEAD
    dialog.ecog.setCurrentIndex(dialog.ecog.findData(4))
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.patient.ecog == 4


@pytest.mark.parametrize(
    ("field", "value", "message"), [("pps", 0, PPS_DEAD), ("ecog", 5, ECOG_DEAD)]
)
def test_assessment_dialog_refuses_a_death_value(qtbot, app, field, value, message) -> None:  # type: ignore[no-untyped-def]
    dialog = AssessmentDialog(Assessment(date=dt.date.today()), shipped_content())
    qtbot.addWidget(dialog)
    getattr(dialog, field).set_number(value)
    with pytest.raises(ValueError, match=message.split(".")[0]):
        dialog.apply()
