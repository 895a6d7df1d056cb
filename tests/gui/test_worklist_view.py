"""The clinic worklist window: filter, sort, open a patient, print one page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui.app import build_main_window, create_application
from tests.helpers import ScriptedAsk
from waypoint.record.sample import sample_record
from waypoint.storage.store import Store

TODAY = dt.date.today()


@pytest.fixture
def app(qsettings_isolated) -> QApplication:  # type: ignore[no-untyped-def]
    return create_application()


@pytest.fixture
def window(qtbot, app, data_dir: Path):  # type: ignore[no-untyped-def]
    with Store.open(data_dir) as store:
        for n, (family, days) in enumerate((("Wei", -3), ("Karimi", 2), ("Núñez", 20))):
            record = sample_record()
            record.patient.id, record.patient.family_name = f"P-WL{n}", family
            record.patient.mrn = f"MRN-{n}"
            record.patient.stepped_care.enrolled_on = None
            record.conversations[0].plan.follow_up_date = TODAY + dt.timedelta(days=days)
            store.save(record)
    window = build_main_window(data_dir, ScriptedAsk())
    qtbot.addWidget(window)
    window.worklist_action.trigger()
    return window


def test_lists_filters_and_sorts(window) -> None:  # type: ignore[no-untyped-def]
    worklist = window._worklist
    assert [i.patient_id for i in worklist.visible_items()] == ["P-WL0", "P-WL1"]  # not in 20 days
    assert "Overdue 3 day(s)" in worklist.model.data(worklist.model.index(0, 4))
    worklist.overdue_only.setChecked(True)
    assert [i.patient_id for i in worklist.visible_items()] == ["P-WL0"]
    worklist.overdue_only.setChecked(False)
    worklist.search.setText("karimi")
    assert [i.patient_id for i in worklist.visible_items()] == ["P-WL1"]
    worklist.search.clear()
    worklist.kind.setCurrentIndex(worklist.kind.findData("visit"))
    assert worklist.visible_items() == []
    worklist.kind.setCurrentIndex(0)
    worklist.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    assert [i.patient_id for i in worklist.visible_items()] == ["P-WL1", "P-WL0"]
    assert "2 item(s)" in worklist.count.text()


def test_double_click_opens_the_patient(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    worklist = window._worklist
    index = worklist.proxy.index(1, 0)
    with qtbot.waitSignal(worklist.patient_activated) as blocker:
        worklist.table.doubleClicked.emit(index)
    assert blocker.args == ["P-WL1"]
    assert window.record is not None and window.record.patient.id == "P-WL1"


def test_prints_the_list_shown_on_one_page(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    worklist = window._worklist
    worklist.overdue_only.setChecked(True)
    pdf = tmp_path / "worklist.pdf"
    window.ask.save_paths.append(pdf)
    worklist.print_button.click()
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Wei, Rosa María" in text and "Karimi" not in text


def test_many_rows_to_bring_up_to_date_go_off_the_gui_thread(
    qtbot, app, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """After a content update every row is recomputed once: with progress, not a frozen window."""
    import gui.worklist_view as worklist_view
    from gui.background import SyncBackground

    with Store.open(data_dir) as store:
        for n in range(3):
            record = sample_record()
            record.patient.id, record.patient.family_name = f"P-BG{n}", f"Family{n}"
            record.patient.stepped_care.enrolled_on = None
            record.conversations[0].plan.follow_up_date = TODAY - dt.timedelta(days=n + 1)
            store.save(record)  # a saved row holds no due dates: every one is stale
    monkeypatch.setattr(worklist_view, "QUICK_ROWS", 2)
    background = SyncBackground()
    window = build_main_window(data_dir, ScriptedAsk(), background=background)
    qtbot.addWidget(window)
    window.worklist_action.trigger()
    assert background.reports[-1] == ("Bringing the worklist up to date…", 3, 3)
    assert {i.patient_id for i in window._worklist.visible_items()} == {"P-BG0", "P-BG1", "P-BG2"}
    background.reports.clear()
    window._worklist.refresh()  # everything holds now: nothing to recompute, no progress
    assert background.reports == []
