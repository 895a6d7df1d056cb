"""The wizard's side panel wraps what it lists to its width instead of scrolling sideways.

(That a wrapped item keeps its last line depends on style.qss giving wrapped lists no side
padding, which Qt leaves out of an item's height; it was checked by eye, see CHANGELOG.)"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from gui.app import build_main_window, create_application
from gui.pages.base import PageContext
from gui.wizard import ConversationWizard
from tests.helpers import ScriptedAsk
from waypoint.record.sample import sample_record
from waypoint.storage.store import Store


def test_wrapped_items_in_a_narrow_side_panel_keep_every_line(
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
    wizard = ConversationWizard(context, record.conversations[0], parent=window)
    qtbot.addWidget(wizard)
    wizard.resize(900, 640)
    wizard.show()
    QApplication.processEvents()
    considerations = wizard.side.considerations.list
    assert considerations.count() > 0
    for view in (considerations, wizard.side.elements):
        assert view.horizontalScrollBar().isHidden() or view.horizontalScrollBar().maximum() == 0
    wizard.done(0)
