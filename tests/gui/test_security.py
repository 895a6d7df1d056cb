"""Setting a passphrase from the app, and the idle lock that hides records but loses nothing."""

from __future__ import annotations

import datetime as dt
from collections import deque
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from gui.app import build_main_window, create_application
from gui.pages.base import PageContext
from gui.security import PassphraseDialog, RecoveryKeyDialog
from gui.wizard import ConversationWizard
from tests.helpers import ScriptedAsk, when_modal
from waypoint.record.model import Conversation
from waypoint.record.sample import sample_record
from waypoint.storage.drafts import Draft, DraftStore
from waypoint.storage.store import Store

FAST = {"memory_kib": 8192, "iterations": 1, "lanes": 1}
PATIENT = "P-SAMPLE0001"


@pytest.fixture
def app(qsettings_isolated) -> QApplication:  # type: ignore[no-untyped-def]
    return create_application()


def test_set_passphrase_from_the_menu(qtbot, app, data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        store.save(sample_record())
    conversation = Conversation(date=dt.date.today(), clinician="Dr. K")
    conversation.goals.goals = "Lilacs in May"
    DraftStore(data_dir).save(Draft(PATIENT, conversation))
    ask = ScriptedAsk()
    window = build_main_window(data_dir, ask)
    qtbot.addWidget(window)
    seen: dict[str, object] = {}

    def choose(dialog: PassphraseDialog) -> None:
        dialog.first.setText("lilac river 1954")
        dialog.second.setText("lilac river 1955")
        dialog.save_button.click()
        seen["mismatch"] = dialog.error.text()
        dialog.second.setText("lilac river 1954")
        dialog.save_button.click()

    def keep(dialog: RecoveryKeyDialog) -> None:
        seen["key"] = dialog.key_box.text()
        dialog.done_button.click()

    when_modal(PassphraseDialog, choose)
    when_modal(RecoveryKeyDialog, keep)
    window.passphrase_action.trigger()
    assert "not the same" in str(seen["mismatch"])
    assert window.store.encrypted
    assert len(str(seen["key"]).replace("-", "")) >= 40  # the key was shown, in full
    raw = (data_dir / "patients" / f"{PATIENT}.json").read_bytes()
    assert b"Delgado" not in raw
    draft_raw = (data_dir / "drafts" / f"{PATIENT}.json").read_bytes()
    assert b"Lilacs" not in draft_raw
    assert window.drafts.load(PATIENT).conversation.goals.goals == "Lilacs in May"  # type: ignore[union-attr]


def test_idle_lock_hides_windows_and_keeps_the_open_conversation(
    qtbot, app, data_dir: Path
) -> None:
    with Store.open(data_dir) as store:
        store.save(sample_record())
        store.set_passphrase("correct horse", kdf=FAST)
    answers = deque(["correct horse", "wrong horse", "correct horse"])
    asked: list[str] = []

    covered: list[set[object]] = []
    holder: dict[str, object] = {}

    def prompt(parent, text):  # type: ignore[no-untyped-def]
        asked.append(text)
        lock = getattr(holder.get("window"), "idle_lock", None)  # none while the store opens
        if lock is not None and lock.locked:
            covered.append({cover.parentWidget() for cover in lock.covers})
            assert all(c.geometry() == c.parentWidget().rect() for c in lock.covers)
        answer = answers.popleft()
        if not answers and lock is not None:
            lock.set_minutes(0)  # the last unlock: no further idle lock in this test
        return answer

    ask = ScriptedAsk()
    window = build_main_window(data_dir, ask, passphrase_prompt=prompt)
    holder["window"] = window
    qtbot.addWidget(window)
    window.show()
    window.select_patient(PATIENT)
    context = PageContext(window.record, window.content, window.settings, ask)
    wizard = ConversationWizard(context, Conversation(date=dt.date.today()))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.pages[0].clinician.setText("Dr. Typed Before Lock")

    lock = window.idle_lock
    lock.timer.setInterval(30)  # as if the clinic had set a very short idle time
    lock.timer.start()
    # Locking and unlocking can both happen between two polls, so the prompt records what
    # was covered while it was being asked.
    qtbot.waitUntil(lambda: not answers and not lock.locked, timeout=5000)
    assert len(covered) == 2 and all(window in c and wizard in c for c in covered)
    assert "not right" in asked[-1]  # the wrong passphrase was refused first
    assert wizard.pages[0].clinician.text() == "Dr. Typed Before Lock"
    assert wizard.isVisible()
    wizard.done(0)
