"""Wizard pages one at a time: adding options, the side list by keyboard, first focus, checks."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWizard

from gui.app import create_application
from gui.pages.base import PageContext
from gui.pages.goals import GoalsPage
from gui.pages.plan import PlanPage
from gui.pages.prognosis import PrognosisPage
from gui.pages.transition import TransitionPage
from gui.pages.treatment import TreatmentPage
from gui.wizard import ConversationWizard
from tests.helpers import ScriptedAsk
from waypoint.content.bundle import shipped_content
from waypoint.record.model import Conversation
from waypoint.record.sample import sample_record
from waypoint.record.schema import DEFAULT_MAX_TEXT
from waypoint.storage.settings import Settings


@pytest.fixture
def app(qsettings_isolated) -> QApplication:  # type: ignore[no-untyped-def]
    return create_application()


@pytest.fixture
def wizard(qtbot, app) -> ConversationWizard:  # type: ignore[no-untyped-def]
    record = sample_record()
    record.conversations = []
    record.assessments = []
    context = PageContext(record, shipped_content(), Settings(), ScriptedAsk())
    conversation = Conversation(date=dt.date.today(), clinician="Dr. Park")
    wizard = ConversationWizard(context, conversation)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow, timeout=2000)
    return wizard


def go_to(wizard: ConversationWizard, page_class: type) -> None:
    """Press Next until the page of ``page_class`` shows (every page in between must pass)."""
    while not isinstance(wizard.currentPage(), page_class):
        before = wizard.currentId()
        wizard.button(QWizard.WizardButton.NextButton).click()
        assert wizard.currentId() != before, wizard.currentPage().error.text()


def test_add_option_is_blank_and_not_comfort_care(wizard) -> None:  # type: ignore[no-untyped-def]
    go_to(wizard, TreatmentPage)
    page = wizard.currentPage()
    comfort_name = page.name.text()
    page._on_add_clicked()
    assert page.option_list.currentRow() == 0
    assert page.name.text() == ""
    assert page.intent.currentData() == ""
    page.name.setText("Third-line chemotherapy")
    go_to(wizard, type(wizard.pages[3]))
    first, second = wizard.conversation.treatment_options
    assert (first.name, first.intent, first.comfort_only) == ("Third-line chemotherapy", "", False)
    assert (second.name, second.intent, second.comfort_only) == (
        comfort_name,
        "comfort_only",
        True,
    )


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space])
def test_enter_or_space_on_a_part_opens_that_part(wizard, key) -> None:  # type: ignore[no-untyped-def]
    elements = wizard.side.elements
    elements.setFocus()
    row = next(
        r
        for r in range(elements.count())
        if elements.item(r).data(Qt.ItemDataRole.UserRole) == "prognosis"
    )
    elements.setCurrentRow(row)
    QTest.keyClick(elements, key)
    assert isinstance(wizard.currentPage(), PrognosisPage)


FIRST_FIELDS = {
    "SetupPage": lambda p: p.date,
    "PrognosisPage": lambda p: p.ecog,
    "TreatmentPage": lambda p: p.current_line,
    "QualityPage": lambda p: p.esas["pain"],
    "TrialsPage": lambda p: p.interest,
    "GoalsPage": lambda p: p.boxes["goals"],
    "TransitionPage": lambda p: p.hospice,
    "PlanPage": lambda p: p.goal_of_care,
}


def test_every_page_opens_with_the_cursor_in_its_first_field(wizard) -> None:  # type: ignore[no-untyped-def]
    seen = []
    for index, page in enumerate(wizard.pages):
        if index:
            wizard.button(QWizard.WizardButton.NextButton).click()
        assert wizard.currentPage() is page, page.error.text()
        seen.append((type(page).__name__, type(QApplication.focusWidget()).__name__))
        assert QApplication.focusWidget() is FIRST_FIELDS[type(page).__name__](page), seen
    # Going back lands in the first field too, not on a scroll area.
    wizard.back()
    assert QApplication.focusWidget() is FIRST_FIELDS["TransitionPage"](wizard.currentPage())


def test_pps_65_is_refused_on_the_page_in_words_and_kept_in_the_box(wizard) -> None:  # type: ignore[no-untyped-def]
    go_to(wizard, PrognosisPage)
    page = wizard.currentPage()
    page.pps.setFocus()
    page.pps.lineEdit().selectAll()
    QTest.keyClicks(page.pps, "65")
    page.reaction.setFocus()  # leaving the field shows the problem beside it
    expected = (
        "Palliative Performance Scale: 65 is not possible here. "
        "Please enter a whole number from 0 to 100 in steps of 10."
    )
    errors = [label.text() for label in page.findChildren(QLabel, "fieldError")]
    assert expected in errors
    page.apply_safely(wizard.conversation)  # an autosave now keeps 65 out of the draft
    assert wizard.conversation.prognosis.pps is None
    before = wizard.currentId()
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentId() == before
    assert page.error.text() == expected and "prognosis.pps" not in page.error.text()
    assert page.pps.number() == 65 and QApplication.focusWidget() is page.pps
    page.pps.set_number(60)
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentId() != before
    assert wizard.conversation.prognosis.pps == 60


def test_a_date_typo_is_refused_before_next_and_stays_typed(wizard) -> None:  # type: ignore[no-untyped-def]
    go_to(wizard, PlanPage)
    page = wizard.currentPage()
    page.follow_up.setFocus()
    QTest.keyClicks(page.follow_up, "2026-13-40")
    page.goal_of_care.setPlainText("Comfort at home.")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.isVisible() and wizard.result() == 0
    assert "not a real date" in page.error.text() and page.follow_up.error.isVisible()
    assert page.follow_up.text() == "2026-13-40"
    assert page.goal_of_care.toPlainText() == "Comfort at home."


def test_an_over_long_answer_is_refused_with_its_length_and_nothing_is_cut(wizard) -> None:  # type: ignore[no-untyped-def]
    go_to(wizard, GoalsPage)
    page = wizard.currentPage()
    text = "a" * (DEFAULT_MAX_TEXT + 5)
    page.boxes["goals"].setPlainText(text)
    caregiver_before = wizard.currentId()
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentId() == caregiver_before
    assert page.error.text().startswith(f"Goals is {DEFAULT_MAX_TEXT + 5} characters long")
    assert page.boxes["goals"].toPlainText() == text


def test_a_pasted_long_caregiver_name_is_not_cut_short(wizard) -> None:  # type: ignore[no-untyped-def]
    go_to(wizard, TransitionPage)
    page = wizard.currentPage()
    name = "Elena " * 100  # 600 characters; the record holds 500
    page.caregiver.setText(name)
    assert page.caregiver.text() == name
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert isinstance(wizard.currentPage(), TransitionPage)
    assert "at most 500 fit" in page.error.text()


def _dialogs():  # type: ignore[no-untyped-def]
    from gui.assessment_dialog import AssessmentDialog
    from gui.event_dialog import EnrolmentDialog, EventDialog
    from gui.patient_dialog import PatientDialog
    from gui.settings_dialog import SettingsDialog
    from waypoint.record.model import Assessment, CareEvent, Patient, SteppedCare

    content = shipped_content()
    return [
        (lambda: PatientDialog(Patient(), content), lambda d: d.given),
        (lambda: PatientDialog(sample_record().patient, content), lambda d: d.given),
        (lambda: AssessmentDialog(Assessment(), shipped_content()), lambda d: d.date),
        (lambda: EventDialog(CareEvent(), content), lambda d: d.date),
        (lambda: EnrolmentDialog(SteppedCare(), content), lambda d: d.enrolled),
        (lambda: SettingsDialog(Settings()), lambda d: d.edits["clinic_name"]),
    ]


@pytest.mark.parametrize("index", range(6))
def test_every_dialog_opens_with_the_cursor_in_its_first_field(qtbot, app, index) -> None:  # type: ignore[no-untyped-def]
    make, first = _dialogs()[index]
    dialog = make()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    focused = QApplication.focusWidget()
    assert focused is first(dialog), type(focused).__name__
