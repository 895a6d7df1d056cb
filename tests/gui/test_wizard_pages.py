"""Wizard pages one at a time: adding options, the side list by keyboard, first focus, checks."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWizard

from gui.app import create_application
from gui.pages.base import PageContext
from gui.pages.prognosis import PrognosisPage
from gui.pages.treatment import TreatmentPage
from gui.wizard import ConversationWizard
from tests.helpers import ScriptedAsk
from waypoint.content import shipped_content
from waypoint.model import Conversation
from waypoint.sample import sample_record
from waypoint.settings import Settings


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
