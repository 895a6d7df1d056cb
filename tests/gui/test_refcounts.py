"""The Qt binding keeps its references through a whole conversation's worth of typing.

PySide6-Essentials 6.12.0 on CPython 3.11 dropped one reference to None (or True/False) per
signal delivered to a Python slot; after ~11,000 deliveries CPython aborted with
"none_dealloc", i.e. mid-conversation. This types into the real wizard, 20,000+ deliveries to
Python slots, and checks the counts of None, True and False after every chunk, so a leaking
binding fails here (early, before the counts run out) instead of aborting in a clinic.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWizard

from gui.app import build_main_window, create_application
from gui.pages.base import PageContext
from gui.pages.goals import GoalsPage
from gui.wizard import ConversationWizard
from tests.helpers import ScriptedAsk
from waypoint.record.conversation_flow import carry_forward
from waypoint.record.sample import sample_record
from waypoint.storage.store import Store

KEYSTROKES = 7_200
CHUNK = 400
#: Allocations come and go between chunks (caches, a draft written); a leak grows with typing.
TOLERANCE = 150
WORDS = "She wants to be at home, with the radio on and the cat on the bed, when it gets hard. "


def counts() -> tuple[int, int, int]:
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


@pytest.mark.slow
def test_typing_a_long_conversation_does_not_leak_references(
    qtbot, qsettings_isolated, data_dir: Path
) -> None:
    create_application()
    with Store.open(data_dir) as store:
        store.save(sample_record())
    window = build_main_window(data_dir, ScriptedAsk())
    qtbot.addWidget(window)
    window.select_patient("P-SAMPLE0001")
    record = window.record
    context = PageContext(record, window.content, window.settings, window.ask)
    conversation = carry_forward(record.conversations[0], record.conversations[0].date)
    wizard = ConversationWizard(context, conversation, drafts=window.drafts, parent=window)
    qtbot.addWidget(wizard)
    wizard.show()
    while not isinstance(wizard.currentPage(), GoalsPage):
        wizard.button(QWizard.WizardButton.NextButton).click()
    page = wizard.currentPage()
    boxes = list(page.boxes.values())
    deliveries = [0]
    page.changed.connect(lambda: deliveries.__setitem__(0, deliveries[0] + 1))
    for box in boxes:
        box.clear()
    QApplication.processEvents()
    wizard._on_autosave_timeout()  # warm every path typing takes, then measure from here
    start = counts()

    typed = 0
    while typed < KEYSTROKES:
        box = boxes[(typed // CHUNK) % len(boxes)]
        text = (WORDS * (CHUNK // len(WORDS) + 1))[:CHUNK]
        QTest.keyClicks(box, text)
        typed += CHUNK
        QApplication.processEvents()
        wizard._on_autosave_timeout()
        drift = [now - before for now, before in zip(counts(), start, strict=True)]
        assert all(abs(d) < TOLERANCE for d in drift), (
            f"after {typed} keystrokes ({deliveries[0] * 3} signal deliveries) the references "
            f"to None/True/False moved by {drift}: the Qt binding is leaking them"
        )
    # Each keystroke reaches three Python slots: the page's input watcher, the wizard's
    # autosave trigger and the counter above.
    assert deliveries[0] * 3 >= 20_000
    assert sum(len(box.toPlainText()) for box in boxes) == KEYSTROKES
    wizard.save_draft()
    wizard.reject()
