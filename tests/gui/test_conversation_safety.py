"""Nothing typed is thrown away by a key, a failed save or an unexpected error."""

from __future__ import annotations

import errno
import logging
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWizard

from gui.app import build_main_window, create_application
from gui.error_guard import ErrorGuard
from gui.pages.goals import GoalsPage
from gui.wizard import DISCARD_BUTTON, ConversationWizard
from tests.helpers import ScriptedAsk, when_modal
from waypoint.applog import log_path, start_logging, stop_logging
from waypoint.record.sample import sample_record
from waypoint.storage.faults import NotSavedError, SaveOutcome
from waypoint.storage.store import Store

PATIENT = "P-SAMPLE0001"
GOALS = "Zephyrine wants to see the Okavango delta with her granddaughter Ilse."


@pytest.fixture
def app(qsettings_isolated) -> QApplication:  # type: ignore[no-untyped-def]
    return create_application()


@pytest.fixture
def window(qtbot, app, data_dir: Path):  # type: ignore[no-untyped-def]
    with Store.open(data_dir) as store:
        store.save(sample_record())
    ask = ScriptedAsk()
    win = build_main_window(data_dir, ask)
    qtbot.addWidget(win)
    win.select_patient(PATIENT)
    return win


def go_to_goals_and_type(wizard: ConversationWizard) -> GoalsPage:
    while not isinstance(wizard.currentPage(), GoalsPage):
        wizard.button(QWizard.WizardButton.NextButton).click()
    page = wizard.currentPage()
    assert isinstance(page, GoalsPage)
    page.boxes["goals"].setPlainText(GOALS)
    return page


def run_wizard(window, act) -> None:  # type: ignore[no-untyped-def]
    """Open a new conversation (starting a fresh one, not a draft) and run ``act`` in it."""
    when_modal(ConversationWizard, act)
    window.new_conversation_action.trigger()


def saved_goals(data_dir: Path) -> list[str]:
    with Store.open(data_dir, read_only=True) as store:
        return [c.goals.goals for c in store.load(PATIENT).conversations]


def test_escape_twice_keeps_the_conversation_as_a_draft(qtbot, window, data_dir: Path) -> None:
    seen: dict[str, object] = {}

    def type_then_escape(wizard: ConversationWizard) -> None:
        page = go_to_goals_and_type(wizard)
        QTest.keyClick(page.boxes["goals"], Qt.Key.Key_Escape)
        seen["closed"] = not wizard.isVisible()

    run_wizard(window, type_then_escape)
    QTest.keyClick(window, Qt.Key.Key_Escape)  # the second Escape lands on the main window
    assert seen["closed"] is True
    assert window.ask.shown == [], "closing must not ask anything that could discard the text"
    draft = window.drafts.load(PATIENT)
    assert draft is not None and draft.conversation.goals.goals == GOALS

    # The next New conversation offers it back, with the words intact.
    window.ask.confirm_answers.append(True)  # "Continue it?"
    resumed: dict[str, str] = {}

    def read_goals(wizard: ConversationWizard) -> None:
        resumed["goals"] = wizard.conversation.goals.goals
        wizard.reject()

    when_modal(ConversationWizard, read_goals)
    window.new_conversation_action.trigger()
    assert resumed["goals"] == GOALS


def test_discard_needs_the_labelled_button_and_a_confirmation(qtbot, window) -> None:
    seen: dict[str, object] = {}
    window.ask.confirm_answers.extend([False, True])  # first "Go back", then "Discard it"

    def discard(wizard: ConversationWizard) -> None:
        go_to_goals_and_type(wizard)
        wizard.save_draft()
        button = wizard.button(DISCARD_BUTTON)
        assert isinstance(button, QPushButton) and button.isVisible()
        button.click()
        seen["open_after_go_back"] = wizard.isVisible()
        seen["draft_after_go_back"] = window.drafts.exists(PATIENT)
        button.click()
        seen["open_after_discard"] = wizard.isVisible()

    run_wizard(window, discard)
    assert seen == {
        "open_after_go_back": True,
        "draft_after_go_back": True,
        "open_after_discard": False,
    }
    assert not window.drafts.exists(PATIENT)
    asked = [(kind, title) for kind, title, _text in window.ask.shown]
    assert asked == [("confirm_destructive", "Discard this conversation?")] * 2


def test_a_failed_save_keeps_the_wizard_open_with_its_text(
    qtbot, window, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_commit = window.store.commit

    def disk_full(record, actor=""):  # type: ignore[no-untyped-def]
        raise NotSavedError(OSError(errno.ENOSPC, "No space left on device"))

    monkeypatch.setattr(window.store, "commit", disk_full)
    seen: dict[str, object] = {}

    def finish_twice(wizard: ConversationWizard) -> None:
        go_to_goals_and_type(wizard)
        while wizard.currentId() != wizard.pageIds()[-1]:
            wizard.button(QWizard.WizardButton.NextButton).click()
        wizard.button(QWizard.WizardButton.FinishButton).click()
        seen["open"] = wizard.isVisible()
        seen["banner"] = wizard.banner.isVisible() and "not saved" in wizard.banner.text()
        seen["draft"] = window.drafts.load(PATIENT).conversation.goals.goals
        monkeypatch.setattr(window.store, "commit", real_commit)  # space freed
        wizard.button(QWizard.WizardButton.FinishButton).click()
        seen["closed_after_retry"] = not wizard.isVisible()

    run_wizard(window, finish_twice)
    assert seen == {"open": True, "banner": True, "draft": GOALS, "closed_after_retry": True}
    assert [w for w in window.ask.warnings() if "disk is full" in w] == window.ask.warnings()[:1]
    assert saved_goals(data_dir)[-1] == GOALS
    assert not window.drafts.exists(PATIENT)


def test_autosave_failure_shows_a_banner_until_a_save_succeeds(
    qtbot, window, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_save = window.drafts.save
    seen: dict[str, object] = {}

    def full(draft):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    def fail_then_recover(wizard: ConversationWizard) -> None:
        monkeypatch.setattr(window.drafts, "save", full)
        go_to_goals_and_type(wizard)
        wizard._on_autosave_timeout()
        seen["banner"] = wizard.banner.isVisible()
        seen["says"] = "disk is full" in wizard.banner.text()
        seen["retrying"] = wizard._autosave.isActive()
        monkeypatch.setattr(window.drafts, "save", real_save)
        wizard._on_autosave_timeout()
        seen["banner_after"] = wizard.banner.isVisible()
        wizard.reject()

    run_wizard(window, fail_then_recover)
    assert seen == {"banner": True, "says": True, "retrying": True, "banner_after": False}


def test_closing_when_no_draft_can_be_written_keeps_the_wizard_open(
    qtbot, window, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, object] = {}

    def full(draft):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    def close_on_full_disk(wizard: ConversationWizard) -> None:
        go_to_goals_and_type(wizard)
        monkeypatch.setattr(window.drafts, "save", full)
        wizard.reject()
        seen["open"] = wizard.isVisible()
        seen["text"] = wizard.currentPage().boxes["goals"].toPlainText()
        monkeypatch.undo()
        wizard.reject()
        seen["closed"] = not wizard.isVisible()

    run_wizard(window, close_on_full_disk)
    assert seen == {"open": True, "text": GOALS, "closed": True}
    assert "stays open" in window.ask.warnings()[0]


def test_an_unexpected_error_keeps_the_conversation_and_logs_no_patient_data(
    qtbot, window, data_dir: Path
) -> None:
    log_file = start_logging(data_dir)
    guard = ErrorGuard(window.ask, log_file)
    guard.install()
    seen: dict[str, object] = {}

    def crash_inside(wizard: ConversationWizard) -> None:
        page = go_to_goals_and_type(wizard)

        def broken_handler() -> None:
            raise ValueError(f"bad value {GOALS} for {PATIENT}")

        page.boxes["fears"].textChanged.connect(broken_handler)
        page.boxes["fears"].setPlainText("Alone at night")  # the slot raises; Qt calls the hook
        seen["open"] = wizard.isVisible()
        wizard.reject()

    try:
        run_wizard(window, crash_inside)
    finally:
        guard.uninstall()
        logging.getLogger("waypoint").handlers[0].flush()
    text = log_path(data_dir).read_text(encoding="utf-8")
    stop_logging()
    assert seen["open"] is True
    assert "builtins.ValueError" in text and "broken_handler" in text
    for private in ("Zephyrine", "Okavango", PATIENT, "Delgado", "Alone at night"):
        assert private not in text
    warning = window.ask.warnings()[0]
    assert "draft of it was saved" in warning and str(log_file) in warning
    assert window.drafts.load(PATIENT).conversation.goals.goals == GOALS
    assert oct(log_file.stat().st_mode & 0o777) == "0o600"


def test_amending_keeps_the_original_and_audits_the_change(qtbot, window, data_dir: Path) -> None:
    original = window.record.latest_conversation()

    def correct_goals(wizard: ConversationWizard) -> None:
        assert "Amending" in wizard.windowTitle()
        go_to_goals_and_type(wizard)
        while wizard.currentId() != wizard.pageIds()[-1]:
            wizard.button(QWizard.WizardButton.NextButton).click()
        wizard.button(QWizard.WizardButton.FinishButton).click()

    when_modal(ConversationWizard, correct_goals)
    window.amend_conversation_action.trigger()
    with Store.open(data_dir, read_only=True) as store:
        record = store.load(PATIENT)
        audit = store.audit(PATIENT)
    assert len(record.conversations) == 2
    kept = next(c for c in record.conversations if c.id == original.id)
    assert kept.goals.goals == original.goals.goals != GOALS
    latest = record.latest_conversation()
    assert latest.amends == original.id and latest.goals.goals == GOALS
    assert latest.date == original.date
    assert len(audit) == 2


def test_declining_to_continue_a_draft_never_overwrites_it(qtbot, window) -> None:
    def type_then_close(wizard: ConversationWizard) -> None:
        go_to_goals_and_type(wizard)
        wizard.reject()

    run_wizard(window, type_then_close)
    window.ask.confirm_answers.append(False)  # "Continue it now?" — No (or Escape)
    window.new_conversation_action.trigger()  # a wizard opening here would hang the test
    assert window.drafts.load(PATIENT).conversation.goals.goals == GOALS


def test_a_saved_record_whose_tidying_up_failed_is_reported_saved_with_the_warning(
    qtbot, window, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_commit = window.store.commit
    warning = "Saved. But Waypoint could not update the patient list; nothing is lost."

    def saved_with_warning(record, actor=""):  # type: ignore[no-untyped-def]
        outcome = real_commit(record, actor)
        return SaveOutcome(outcome.patient_id, warnings=(warning,))

    monkeypatch.setattr(window.store, "commit", saved_with_warning)

    def finish(wizard: ConversationWizard) -> None:
        go_to_goals_and_type(wizard)
        while wizard.currentId() != wizard.pageIds()[-1]:
            wizard.button(QWizard.WizardButton.NextButton).click()
        wizard.button(QWizard.WizardButton.FinishButton).click()

    run_wizard(window, finish)
    assert window.ask.shown[-1] == ("warn", "Saved, with a problem", warning)
    assert not window.drafts.exists(PATIENT)
    assert window.record.latest_conversation().goals.goals == GOALS
