"""The Clinic measures window: the counts in the table, the chart by quarter, and the CSV export
that names no patient unless asked to."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui.app import build_main_window, create_application
from gui.background import SyncBackground
from gui.measures_view import MeasuresWindow
from tests.helpers import ScriptedAsk
from tests.waypoint.clinical.test_measures import decedents, early_cohort
from waypoint.content.bundle import load_content
from waypoint.resources import resource
from waypoint.storage.store import Store

AS_OF = dt.date(2026, 6, 30)


@pytest.fixture
def app(qsettings_isolated) -> QApplication:  # type: ignore[no-untyped-def]
    return create_application()


@pytest.fixture
def store(data_dir: Path):  # type: ignore[no-untyped-def]
    with Store.open(data_dir) as store:
        for record in early_cohort() + decedents():
            record.patient.mrn = f"MRN-{record.patient.id}"
            store.save(record, actor="test")
        yield store


@pytest.fixture
def window(qtbot, app, store: Store):  # type: ignore[no-untyped-def]
    ask = ScriptedAsk()
    window = MeasuresWindow(
        store,
        load_content(resource("content")),
        ask,
        SyncBackground(),
        today=lambda: AS_OF,
        lang="en",
    )
    qtbot.addWidget(window)
    window.show()
    window.refresh()
    return window


def _rows(window: MeasuresWindow) -> dict[str, list[str]]:
    model = window.model
    assert window.report is not None
    return {
        r.key: [model.data(model.index(n, c)) for c in range(model.columnCount())]
        for n, r in enumerate(window.report.results)
    }


def test_table_shows_each_measure_counted_as_of_the_chosen_day(window: MeasuresWindow) -> None:
    rows = _rows(window)
    assert rows["goc_within_8_weeks"] == [
        "Goals-of-care conversation within 56 days of the advanced diagnosis",
        "2",
        "6",
        "33%",
        "higher is better",
        "ASCO 2017",
    ]
    assert rows["chemo_last_14_days"][1:5] == ["1", "4", "25%", "lower is better"]
    assert rows["stepped_first_visit"][1:4] == ["0", "0", "–"]
    assert "2026-06-30" in window.status.text()
    # An earlier day: D1 and D2 (died 20 Jun) are not decedents yet.
    window.as_of.setDate(window.as_of.date().addDays(-16))
    window.count_button.click()
    assert _rows(window)["goc_before_death"][1:3] == ["1", "2"]


def test_chart_shows_the_chosen_measure_by_quarter(window: MeasuresWindow) -> None:
    keys = [r.key for r in window.report.results]  # type: ignore[union-attr]
    window.table.selectRow(keys.index("hospice_under_3_days"))
    chart = window.chart
    assert chart.title.startswith("Enrolled in hospice less than 3 days")
    assert [label for label, _m, _o in chart.series][-2:] == ["2026 Q1", "2026 Q2"]
    assert chart.series[-1][1:] == (2, 4)  # the four deaths were all in Q2
    assert chart.series[-2][1:] == (0, 0)
    assert "2026 Q2: 50% (2/4)" in chart.accessibleDescription()


def test_export_names_no_patient_unless_asked(window: MeasuresWindow, tmp_path: Path) -> None:
    ask = window.ask
    plain, named = tmp_path / "plain.csv", tmp_path / "named.csv"
    ask.save_paths.extend([plain, named])
    window.export_button.click()
    text = plain.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    overall = [r for r in rows if r["period"] == "all dates"]
    assert len(overall) == 12 and len(rows) == 12 * 9  # and eight quarters
    assert {r["measure"]: r["numerator"] for r in overall}["goc_before_death"] == "2"
    for word in ("Test", "MRN-", "P1", "D1"):
        assert word not in text
    window.names.setChecked(True)
    window.export_button.click()
    text = named.read_text(encoding="utf-8-sig")
    assert "D1, Test" in text and "MRN-D1" in text
    listed = text.split("\n\n", 1)[1]
    assert 'goc_before_death,"D1, Test",MRN-D1,1,1' in listed
    assert ask.warnings() == []


def test_menu_opens_the_window(qtbot, app, store: Store, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    store.close()
    main = build_main_window(data_dir, ScriptedAsk(), background=SyncBackground())
    assert main is not None
    qtbot.addWidget(main)
    main.measures_action.trigger()
    measures = main._measures
    assert measures is not None and measures.isVisible()
    assert measures.model.rowCount() == 12
    assert main.measures_action.text().replace("&", "") == "Clinic measures…"
    assert Qt.WindowType.Window & measures.windowFlags()
