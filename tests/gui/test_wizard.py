"""The whole conversation wizard: every page, carry-forward, skipping, considerations, keyboard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
    QWizard,
)

from gui.app import build_main_window, create_application
from gui.pages.goals import GoalsPage
from gui.pages.plan import PlanPage
from gui.pages.prognosis import PrognosisPage
from gui.pages.quality import QualityPage
from gui.pages.setup import SetupPage
from gui.pages.transition import TransitionPage
from gui.pages.treatment import TreatmentPage
from gui.pages.trials import TrialsPage
from gui.wizard import ConversationWizard
from tests.helpers import ScriptedAsk, when_modal
from waypoint.record.sample import sample_record
from waypoint.storage.drafts import DraftStore
from waypoint.storage.store import Store

PATIENT = "P-SAMPLE0001"


@pytest.fixture
def app(qsettings_isolated) -> QApplication:  # type: ignore[no-untyped-def]
    return create_application()


@pytest.fixture
def store_without_conversations(data_dir: Path) -> Path:
    record = sample_record()
    record.conversations = []
    record.assessments = []
    with Store.open(data_dir) as store:
        store.save(record)
    return data_dir


def next_page(wizard: ConversationWizard) -> None:
    before = wizard.currentId()
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentId() != before, wizard.currentPage().error.text()


def fill_every_page(wizard: ConversationWizard) -> None:
    page = wizard.currentPage()
    assert isinstance(page, SetupPage)
    page.clinician.setText("Dr. Amara Lindqvist")
    page.participants.setPlainText("Rosa María\nElena (daughter)")
    page.permission.setCurrentIndex(page.permission.findData(True))
    page.preference.setCurrentIndex(page.preference.findData("everything"))
    page.understanding.setPlainText("It has spread to my bones.")
    next_page(wizard)

    page = wizard.currentPage()
    assert isinstance(page, PrognosisPage)
    page.ecog.set_number(3)
    page.pps.set_number(40)
    page.oral_intake.setCurrentIndex(page.oral_intake.findData("severe"))
    page.edema.setChecked(True)
    page.median.setValue(6)
    assert page.ppi_result.text().startswith("6 ")  # PPS 40: 2.5, severe intake 2.5, oedema 1.0
    assert "inpatient palliative care" in page.ppi_result.text()
    assert "less than 7 weeks" in page.scenarios.text()  # 0.25 x 6 months = 6.5 weeks, half up
    page.shared.setPlainText("Months, not years.")
    next_page(wizard)

    page = wizard.currentPage()
    assert isinstance(page, TreatmentPage)
    assert page.option_list.count() == 1  # comfort-focused care is always there
    page.current_line.set_number(3)
    page.regimen.setText("Gemcitabine")
    page.stopping.setCurrentIndex(page.stopping.findData(True))
    page._on_add_clicked()
    page.name.setText("Third-line gemcitabine")
    page.response.set_number(10)
    assert page.no_response.text() == "10 in 100 respond; 90 in 100 do not."
    page.kinds.set_code_checked("slower_growth")
    page.side_effects.setPlainText("Tiredness, infections")
    page.time_cost.setPlainText("Weekly infusions, 95 minutes' drive")
    page.chosen.setChecked(True)
    next_page(wizard)

    page = wizard.currentPage()
    assert isinstance(page, QualityPage)
    page.esas["pain"].set_number(7)
    assert page.severity["pain"].text() == "severe"
    for name, value in (("pwb", 14), ("swb", 20), ("ewb", 15), ("fwb", 12), ("lcs", 16)):
        page.fact_parts[name].set_number(value)
    assert page.fact_total.number() == 77
    page.referral.setCurrentIndex(page.referral.findData("referred"))
    page.referral_date.setText("2026-05-20")
    next_page(wizard)

    page = wizard.currentPage()
    assert isinstance(page, TrialsPage)
    page.interest.setCurrentIndex(page.interest.findData("not_interested"))
    next_page(wizard)

    page = wizard.currentPage()
    assert isinstance(page, GoalsPage)
    page.boxes["goals"].setPlainText("Be home for Christmas.")
    page.boxes["fears"].setPlainText("Choking <at night> & alone")
    next_page(wizard)

    page = wizard.currentPage()
    assert isinstance(page, TransitionPage)
    page.hospice.setCurrentIndex(page.hospice.findData(True))
    page.cpr.setCurrentIndex(page.cpr.findData("do_not_attempt"))
    page.level.setCurrentIndex(page.level.findData("comfort"))
    page.home_hospice.setCurrentIndex(page.home_hospice.findData("no"))
    page.caregiver.setText("Elena")
    next_page(wizard)

    page = wizard.currentPage()
    assert isinstance(page, PlanPage)
    page.goal_of_care.setPlainText("Comfort at home.")
    page.follow_up.setText("2030-02-01")
    wizard.side.timer.minutes.setValue(25)
    wizard.button(QWizard.WizardButton.FinishButton).click()


def test_whole_conversation_then_carried_forward(qtbot, app, store_without_conversations) -> None:
    ask = ScriptedAsk()
    window = build_main_window(store_without_conversations, ask)
    qtbot.addWidget(window)
    window.select_patient(PATIENT)
    when_modal(ConversationWizard, fill_every_page)
    window.new_conversation_action.trigger()
    assert ask.warnings() == []

    record = window.store.load(PATIENT)
    (c,) = record.conversations
    assert c.clinician == "Dr. Amara Lindqvist" and c.date == dt.date.today()
    assert c.participants == ["Rosa María", "Elena (daughter)"]
    assert c.permission_given is True
    assert c.prognosis.information_preference == "everything"
    assert c.prognosis.understanding == "It has spread to my bones."
    assert (c.prognosis.ecog, c.prognosis.pps, c.prognosis.median_survival_months) == (3, 40, 6)
    assert c.prognosis.ppi.oral_intake == "severe" and c.prognosis.ppi.edema is True
    assert c.prognosis.ppi.delirium is False
    assert c.anticancer_therapy.current_line == 3 and c.anticancer_therapy.stopping_discussed
    names = [o.name for o in c.treatment_options]
    assert names[0] == "Third-line gemcitabine" and len(names) == 2
    option = c.treatment_options[0]
    assert (option.response_in_100, option.no_response_in_100, option.chosen) == (10, 90, True)
    assert option.response_kinds == ["slower_growth"]
    assert c.treatment_options[1].comfort_only
    assert c.quality_of_life.palliative_referral == "referred"
    assert c.quality_of_life.referral_date == dt.date(2026, 5, 20)
    assert c.clinical_trials.interest == "not_interested"
    assert c.goals.goals == "Be home for Christmas."
    assert c.goals.fears == "Choking <at night> & alone"
    t = c.transition
    assert (t.hospice_discussed, t.code_status.cpr, t.code_status.treatment_level) == (
        True,
        "do_not_attempt",
        "comfort",
    )
    assert t.home_hospice_available == "no" and t.caregiver == "Elena"
    assert c.plan.goal_of_care == "Comfort at home."
    assert c.plan.follow_up_date == dt.date(2030, 2, 1)
    assert c.acp_minutes == 25
    (assessment,) = record.assessments
    assert assessment.esas.pain == 7 and assessment.fact_l_total == 77
    assert assessment.date == dt.date.today()
    assert not DraftStore(store_without_conversations).patient_ids()

    # A follow-up starts from these answers; only what changed needs typing.
    def follow_up(wizard: ConversationWizard) -> None:
        setup = wizard.currentPage()
        assert setup.understanding.toPlainText() == "It has spread to my bones."
        assert setup.participants.toPlainText() == ""
        while not isinstance(wizard.currentPage(), GoalsPage):
            next_page(wizard)
        goals = wizard.currentPage()
        assert goals.boxes["goals"].toPlainText() == "Be home for Christmas."
        assert "unchanged" in goals.carried_banner.text()
        assert "goals" in goals.carried_banner.toolTip().lower()
        goals.boxes["goals"].setPlainText("See the New Year in at home.")
        while not isinstance(wizard.currentPage(), PlanPage):
            next_page(wizard)
        wizard.currentPage().follow_up.setText("2030-03-01")
        wizard.button(QWizard.WizardButton.FinishButton).click()

    when_modal(ConversationWizard, follow_up)
    window.new_conversation_action.trigger()
    record = window.store.load(PATIENT)
    first, second = record.conversations
    assert second.carried_from == first.id and second.id != first.id
    assert second.goals.goals == "See the New Year in at home."
    assert second.goals.fears == first.goals.fears
    assert second.treatment_options[0].name == "Third-line gemcitabine"
    assert second.acp_minutes == 0 and second.plan.follow_up_date == dt.date(2030, 3, 1)


def test_skip_with_reason_and_dismiss_consideration(
    qtbot, app, store_without_conversations
) -> None:
    ask = ScriptedAsk()
    ask.text_answers.extend(["Patient tired; next visit", "Billing handled elsewhere"])
    window = build_main_window(store_without_conversations, ask)
    qtbot.addWidget(window)
    window.select_patient(PATIENT)
    seen: dict[str, object] = {}

    def skip_and_dismiss(wizard: ConversationWizard) -> None:
        wizard.currentPage().clinician.setText("Dr. Park")
        next_page(wizard)
        wizard.currentPage().skip_button.click()  # prognosis
        assert "prognosis" in wizard.conversation.skipped
        seen["status"] = wizard.side.elements.item(0).text()
        wizard.side.timer.minutes.setValue(20)
        wizard._on_autosave_timeout()
        panel = wizard.side.considerations
        ids = [panel.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(panel.list.count())]
        seen["ids"] = ids
        panel.list.setCurrentRow(ids.index("acp_billing"))
        panel.dismiss_button.click()
        while not isinstance(wizard.currentPage(), PlanPage):
            next_page(wizard)
        wizard.button(QWizard.WizardButton.FinishButton).click()

    when_modal(ConversationWizard, skip_and_dismiss)
    window.new_conversation_action.trigger()
    assert str(seen["status"]).startswith("–")
    assert "acp_billing" in seen["ids"]  # type: ignore[operator]
    record = window.store.load(PATIENT)
    assert record.conversations[0].skipped == {"prognosis": "Patient tired; next visit"}
    (dismissal,) = record.dismissals
    assert (dismissal.consideration, dismissal.reason) == (
        "acp_billing",
        "Billing handled elsewhere",
    )
    assert dismissal.clinician == "Dr. Park"


def test_every_input_has_an_accessible_name_and_ctrl_enter_advances(
    qtbot, app, store_without_conversations
) -> None:
    window = build_main_window(store_without_conversations, ScriptedAsk())
    qtbot.addWidget(window)
    window.select_patient(PATIENT)
    seen: dict[str, object] = {"unnamed": []}

    def inspect(wizard: ConversationWizard) -> None:
        wizard.currentPage().clinician.setText("Dr. Park")
        for page in wizard.pages:
            for widget in page.findChildren(QWidget):
                if not isinstance(
                    widget, QLineEdit | QPlainTextEdit | QComboBox | QAbstractSpinBox
                ):
                    continue
                if isinstance(widget, QLineEdit) and isinstance(
                    widget.parent(), QAbstractSpinBox | QComboBox
                ):
                    continue
                if not widget.accessibleName():
                    seen["unnamed"].append(f"{type(page).__name__}: {type(widget).__name__}")  # type: ignore[union-attr]
        start = wizard.currentId()
        wizard.activateWindow()
        qtbot.waitUntil(wizard.isActiveWindow, timeout=2000)
        field = wizard.currentPage().clinician
        field.setFocus()
        qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        seen["moved"] = wizard.currentId() != start
        wizard.done(0)

    when_modal(ConversationWizard, inspect)
    window.new_conversation_action.trigger()
    assert seen["unnamed"] == []
    assert seen["moved"] is True


def test_resume_after_the_app_is_killed_mid_conversation(
    qtbot, app, store_without_conversations
) -> None:
    import os
    import signal
    import subprocess
    import sys

    from tests.gui.wizard_child import GOALS_TEXT

    root = Path(__file__).resolve().parents[2]
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.gui.wizard_child", str(store_without_conversations), PATIENT],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        line = child.stdout.readline()  # type: ignore[union-attr]
        assert line.strip() == "AUTOSAVED"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        child.stdout.close()  # type: ignore[union-attr]
    assert child.returncode == -signal.SIGKILL

    ask = ScriptedAsk()
    ask.confirm_answers.append(True)  # "Resume the conversation?"
    window = build_main_window(store_without_conversations, ask)
    qtbot.addWidget(window)
    seen: dict[str, object] = {}

    def finish(wizard: ConversationWizard) -> None:
        seen["clinician"] = wizard.pages[0].clinician.text()
        while not isinstance(wizard.currentPage(), GoalsPage):
            next_page(wizard)
        seen["goals"] = wizard.currentPage().boxes["goals"].toPlainText()
        while not isinstance(wizard.currentPage(), PlanPage):
            next_page(wizard)
        wizard.button(QWizard.WizardButton.FinishButton).click()

    when_modal(ConversationWizard, finish)
    window.offer_drafts()
    assert seen == {"clinician": "Dr. Kim", "goals": GOALS_TEXT}
    record = window.store.load(PATIENT)
    assert record.conversations[0].goals.goals == GOALS_TEXT
    assert DraftStore(store_without_conversations).patient_ids() == []
