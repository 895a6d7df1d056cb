"""Alt-letters: chosen from the labels, unique on every wizard page with its side panel and buttons."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
    QWizard,
)

from gui.app import create_application
from gui.mnemonics import assign_mnemonics, mnemonic_of, place_mnemonic, plain_text
from gui.pages.base import PageContext
from gui.wizard import ConversationWizard
from tests.gui.shortcuts import alt_key, visible_keys
from tests.helpers import ScriptedAsk
from waypoint.content.bundle import shipped_content
from waypoint.record.model import Conversation
from waypoint.record.sample import sample_record
from waypoint.storage.settings import Settings

# -- the pure function ----------------------------------------------------------------------


def test_keeps_the_suggested_letter_when_it_is_free() -> None:
    assert assign_mnemonics(["&Money", "Rules &out"]) == ["&Money", "Rules &out"]


def test_moves_a_letter_that_is_reserved_or_taken_to_a_word_start() -> None:
    assert assign_mnemonics(["&Money", "Dis&miss"], reserved={"b"}) == ["&Money", "&Dismiss"]
    assert assign_mnemonics(["Expected &benefit"], reserved={"b"}) == ["&Expected benefit"]


def test_labels_without_a_letter_get_one_and_every_letter_differs() -> None:
    texts = ["Pain", "Tiredness", "Drowsiness", "Nausea", "Lack of Appetite", "Depression"]
    out = assign_mnemonics(texts, reserved={"p", "t", "d"})
    letters = [mnemonic_of(t) for t in out]
    assert None not in letters and len(set(letters)) == len(letters)
    assert {"p", "t", "d"}.isdisjoint(letters)  # type: ignore[arg-type]
    assert [plain_text(t) for t in out] == texts  # the wording itself never changes


def test_a_label_whose_letters_are_all_taken_gets_a_free_key_in_brackets() -> None:
    (out,) = assign_mnemonics(["Ab"], reserved={"a", "b"})
    assert out == "Ab (&C)"
    assert assign_mnemonics(["x"] * 3) == ["&x", "x (&A)", "x (&B)"]


def test_finds_the_assignment_that_gives_most_labels_their_own_letter() -> None:
    # Greedy would give the first label "a" and leave the second with none of its own.
    assert assign_mnemonics(["ab", "a"]) == ["a&b", "&a"]


def test_literal_ampersands_survive() -> None:
    assert plain_text("Fears && worries") == "Fears & worries"
    assert assign_mnemonics(["Fears && worries"], reserved={"f"}) == ["Fears && &worries"]
    assert place_mnemonic("S&kip", None) == "Skip"


def test_more_labels_than_keys_leaves_the_rest_without_a_letter() -> None:
    out = assign_mnemonics(["-"] * 40)
    assert sum(mnemonic_of(t) is not None for t in out) == 36


# -- the wizard ---------------------------------------------------------------------------


@pytest.fixture
def wizard(qtbot, qsettings_isolated) -> ConversationWizard:  # type: ignore[no-untyped-def]
    create_application()
    record = sample_record()
    record.conversations = []
    record.assessments = []
    context = PageContext(record, shipped_content(), Settings(), ScriptedAsk())
    wizard = ConversationWizard(context, Conversation(date=dt.date.today(), clinician="Dr. Park"))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow, timeout=2000)
    return wizard


def _mnemonics(wizard: ConversationWizard) -> list[tuple[str, str]]:
    """(key, text) of every visible label, button and group box a user can reach now."""
    buttons = [wizard.button(QWizard.WizardButton(which)) for which in range(9)]
    widgets = {
        *wizard.currentPage().findChildren(QWidget),
        *wizard.side.findChildren(QWidget),
        *(b for b in buttons if b is not None),
    }
    return visible_keys(widgets)


def _inputs(page: QWidget) -> list[QWidget]:
    fields: list[QWidget] = []
    for widget in page.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLineEdit) and isinstance(
            widget.parent(), QAbstractSpinBox | QComboBox
        ):
            continue
        if isinstance(
            widget, QLineEdit | QPlainTextEdit | QComboBox | QAbstractSpinBox | QListWidget
        ):
            fields.append(widget)
    return fields


def _every_page(wizard: ConversationWizard):  # type: ignore[no-untyped-def]
    yield wizard.currentPage()
    for _page in wizard.pages[1:]:
        before = wizard.currentId()
        wizard.button(QWizard.WizardButton.NextButton).click()
        assert wizard.currentId() != before, wizard.currentPage().error.text()
        yield wizard.currentPage()


def test_no_two_alt_letters_collide_on_any_page(wizard) -> None:  # type: ignore[no-untyped-def]
    for page in _every_page(wizard):
        found = _mnemonics(wizard)
        keys = [key for key, _text in found]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        assert not duplicates, (
            type(page).__name__,
            [(k, t) for k, t in found if k in duplicates],
        )


def test_every_field_has_an_alt_letter_that_reaches_it(wizard) -> None:  # type: ignore[no-untyped-def]
    for page in _every_page(wizard):
        labels = {
            label.buddy(): label
            for label in page.findChildren(QLabel)
            if label.buddy() is not None and label.isVisible()
        }
        for field in _inputs(page):
            label = labels.get(field)
            assert label is not None and alt_key(label.text()), (
                type(page).__name__,
                field.accessibleName(),
            )
            # Pressing it really moves the cursor there: no other shortcut shares the key.
            letter = alt_key(label.text())[-1]  # type: ignore[index]
            QTest.keyClick(
                QApplication.focusWidget() or wizard,
                letter,
                Qt.KeyboardModifier.AltModifier,
            )
            focused = QApplication.focusWidget()
            assert focused is field or field.isAncestorOf(focused), (
                type(page).__name__,
                label.text(),
                type(focused).__name__,
            )
        for button in page.findChildren(QAbstractButton):
            if button.isVisible() and button.text():
                assert alt_key(button.text()), (type(page).__name__, button.text())
