"""Issue 13 part B in the GUI: therapy history, cancer type, no undated ECOG copied into
today's conversation, carried parts confirmed, a dismissal tied to its data, what changed."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from gui.app import create_application
from gui.pages.base import PageContext
from gui.pages.prognosis import PrognosisPage
from gui.pages.treatment import TreatmentPage
from gui.patient_dialog import PatientDialog
from gui.therapy_dialog import TherapyHistoryDialog
from gui.what_changed_view import WhatChangedView
from gui.wizard import ConversationWizard
from tests.gui.test_wizard_pages import go_to
from tests.helpers import ScriptedAsk
from waypoint.content.bundle import shipped_content
from waypoint.record.conversation_flow import CARRIED, carry_forward, section_status
from waypoint.record.model import Conversation, TherapyLine
from waypoint.record.sample import sample_record
from waypoint.storage.settings import Settings

TODAY = dt.date.today()


@pytest.fixture
def app(qsettings_isolated) -> QApplication:  # type: ignore[no-untyped-def]
    return create_application()


def test_therapy_history_is_edited_and_checked(qtbot, app) -> None:  # type: ignore[no-untyped-def]
    dialog = TherapyHistoryDialog([TherapyLine(1, "Carboplatin")], shipped_content())
    qtbot.addWidget(dialog)
    dialog._on_add_clicked()
    qtbot.keyClicks(dialog.regimen, "Palliative radiotherapy")
    dialog.kind.setCurrentIndex(dialog.kind.findData("radiotherapy"))
    dialog.response.setCurrentIndex(dialog.response.findData("progression"))
    dialog.reason.setCurrentIndex(dialog.reason.findData("completed"))
    dialog.started.setText("2026-01-10")
    dialog.stopped.setText("2026-01-05")
    dialog.accept()
    assert "stops before it starts" in dialog.error.text()  # stays open, nothing lost
    dialog.stopped.setText("2026-01-20")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    added = dialog.lines[1]
    assert (added.line, added.regimen, added.therapy_type) == (
        2,
        "Palliative radiotherapy",
        "radiotherapy",
    )
    assert (added.best_response, added.reason_stopped) == ("progression", "completed")
    assert added.started == dt.date(2026, 1, 10) and added.stopped == dt.date(2026, 1, 20)
    assert dialog.lines[0].regimen == "Carboplatin"


def test_patient_dialog_records_the_cancer_type(qtbot, app) -> None:  # type: ignore[no-untyped-def]
    record = sample_record()
    dialog = PatientDialog(record.patient, shipped_content())
    qtbot.addWidget(dialog)
    dialog.category.setCurrentIndex(dialog.category.findData("haematological"))
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.patient.diagnosis_category == "haematological"


def _wizard(qtbot, record, conversation, previous=None) -> ConversationWizard:  # type: ignore[no-untyped-def]
    context = PageContext(record, shipped_content(), Settings(), ScriptedAsk())
    wizard = ConversationWizard(context, conversation, previous=previous)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def test_undated_patient_ecog_is_not_copied_into_today(qtbot, app) -> None:  # type: ignore[no-untyped-def]
    record = sample_record()
    record.conversations = []
    record.patient.ecog = 3
    conversation = Conversation(date=TODAY, clinician="Dr. Park")
    wizard = _wizard(qtbot, record, conversation)
    go_to(wizard, PrognosisPage)
    page = wizard.currentPage()
    assert page.ecog.number() is None
    assert "ECOG 3 (no date)" in page.ecog_on_file.text()
    go_to(wizard, TreatmentPage)
    assert wizard.conversation.prognosis.ecog is None


def test_carried_part_is_marked_until_confirmed(qtbot, app) -> None:  # type: ignore[no-untyped-def]
    record = sample_record()
    previous = record.conversations[-1]
    previous.anticancer_therapy.stopping_discussed = True
    follow_up = carry_forward(previous, TODAY)
    wizard = _wizard(qtbot, record, follow_up, previous)
    assert section_status(follow_up, "anticancer_therapy", previous) == CARRIED
    side_item = wizard.side.elements.item(wizard.side._sections.index("anticancer_therapy"))
    assert side_item.text().startswith("↻")
    go_to(wizard, TreatmentPage)
    page = wizard.currentPage()
    assert page.carried_row.isVisibleTo(wizard)
    assert "not yet confirmed" in page.carried_banner.text()
    wizard._on_confirm_clicked(page)
    assert {"anticancer_therapy", "treatment_options"} <= set(wizard.conversation.confirmed)
    assert not page.carried_row.isVisibleTo(wizard)
    assert side_item.text().startswith("✓")


def test_wizard_dismissal_holds_for_the_data_shown(qtbot, app) -> None:  # type: ignore[no-untyped-def]
    record = sample_record()
    conversation = carry_forward(record.conversations[-1], TODAY)
    conversation.transition.code_status.cpr = "attempt"
    conversation.transition.code_status.treatment_level = "comfort"
    wizard = _wizard(qtbot, record, conversation)
    wizard._on_dismiss_requested("code_status_conflict", "Patient is deciding with family")
    shown = [c for c in wizard._considerations() if c.id == "code_status_conflict"]
    assert shown and shown[0].dismissal is not None
    assert wizard.new_dismissals[-1].trigger == shown[0].trigger != ""


def test_what_changed_view_shows_each_part_with_dates(qtbot, app) -> None:  # type: ignore[no-untyped-def]
    record = sample_record()
    previous = record.conversations[-1]
    later = carry_forward(previous, TODAY)
    later.plan.goal_of_care = "Be at home <with> family & dog"
    later.clinician = "Dr. Okafor"
    record.conversations.append(later)
    view = WhatChangedView(shipped_content())
    qtbot.addWidget(view)
    view.show_record(record)
    assert not view.isHidden()
    text = view.text.text()
    assert "Agreed goal of care" in text and "Dr. Okafor" in text
    assert TODAY.isoformat() in text and str(previous.date) in text
    assert "&lt;with&gt; family &amp; dog" in text  # typed text is never markup
    view.grab().save("/tmp/h9b_what_changed.png")


def test_new_conversation_parts_are_kept_from_their_pages(qtbot, app) -> None:  # type: ignore[no-untyped-def]
    from gui.pages.goals import GoalsPage
    from gui.pages.quality import QualityPage
    from gui.pages.setup import SetupPage
    from gui.pages.transition import TransitionPage

    record = sample_record()
    record.conversations = []
    record.assessments = []
    conversation = Conversation(date=TODAY, clinician="Dr. Park")
    wizard = _wizard(qtbot, record, conversation)
    setup = wizard.currentPage()
    assert isinstance(setup, SetupPage)
    setup.interpreter.setCurrentIndex(setup.interpreter.findData(True))
    go_to(wizard, TreatmentPage)
    treatment = wizard.currentPage()
    treatment.time_limited.setPlainText("Two cycles, then a scan; stop if worse")
    treatment.review_date.setText((TODAY + dt.timedelta(days=42)).isoformat())
    go_to(wizard, QualityPage)
    quality = wizard.currentPage()
    quality.other_name.setText("Constipation")
    quality.other_score.set_number(8)
    go_to(wizard, GoalsPage)
    goals = wizard.currentPage()
    goals.distress.set_number(6)
    goals.psychosocial.setCurrentIndex(goals.psychosocial.findData("referred"))
    goals.boxes["spiritual_concerns"].setPlainText("Would like the chaplain")
    goals.boxes["financial_concerns"].setPlainText("Petrol for the trips")
    go_to(wizard, TransitionPage)
    wizard.currentPage().strain.setPlainText("Son works nights and is exhausted")
    wizard.collect()
    c = wizard.conversation
    assert c.interpreter_needed is True
    assert c.anticancer_therapy.time_limited_trial.startswith("Two cycles")
    assert c.anticancer_therapy.trial_review_date == TODAY + dt.timedelta(days=42)
    assert c.transition.caregiver_strain == "Son works nights and is exhausted"
    assert (c.goals.distress, c.goals.psychosocial_referral) == (6, "referred")
    assert c.goals.spiritual_concerns == "Would like the chaplain"
    assert c.goals.financial_concerns == "Petrol for the trips"
    assert wizard.assessment is not None and wizard.assessment.esas is not None
    assert (wizard.assessment.esas.other_problem_name, wizard.assessment.esas.other_problem) == (
        "Constipation",
        8,
    )
