"""Patient ▸ Export for the EHR…: the file the user picks holds the patient's FHIR bundle."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from gui.app import build_main_window, create_application
from gui.background import SyncBackground
from tests.helpers import ScriptedAsk
from tests.waypoint.interop.fhir_checks import check_profile, parse, resources
from waypoint.record.sample import sample_record
from waypoint.storage.store import Store

PATIENT = "P-SAMPLE0001"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app(qsettings_isolated) -> QApplication:  # type: ignore[no-untyped-def]
    return create_application()


@pytest.fixture
def window(qtbot, app, data_dir: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WAYPOINT_CLINICIAN", "Dr. Ana Kim")
    with Store.open(data_dir) as store:
        store.save(sample_record())
    window = build_main_window(data_dir, ScriptedAsk(), background=SyncBackground())
    qtbot.addWidget(window)
    window.show()
    window.select_patient(PATIENT)
    return window


def test_the_menu_action_writes_the_bundle_where_the_user_chose(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert window.export_ehr_action in window.menuBar().actions()[0].menu().actions()
    target = tmp_path / "for-the-ehr.json"
    window.ask.save_paths.append(target)
    window.export_ehr_action.trigger()
    (kind, title, suggested) = window.ask.shown[-1]
    assert (kind, title) == ("save_path", "Export for the EHR")
    assert "Rosa" not in suggested and "Delgado" not in suggested  # no patient data in the name
    assert window.ask.warnings() == []
    bundle = parse(target.read_bytes())
    check_profile(bundle)
    (patient,) = resources(bundle, "Patient")
    assert patient["name"][0]["text"] == "Rosa María Delgado Núñez"
    assert str(target) in window.statusBar().currentMessage()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["for-the-ehr.json", "store"]


def test_cancel_writes_nothing_and_a_failure_is_told_in_plain_words(  # type: ignore[no-untyped-def]
    window, tmp_path: Path
) -> None:
    window.ask.save_paths.append(None)
    window.export_ehr_action.trigger()
    taken = tmp_path / "taken.json"
    taken.mkdir()  # a folder where the file should go
    window.ask.save_paths.append(taken)
    window.export_ehr_action.trigger()
    ((_kind, title, text),) = [s for s in window.ask.shown if s[0] == "warn"]
    assert title == "Not exported" and "Nothing was saved there" in text
    assert "Traceback" not in text and "Error" not in text
    assert list(taken.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == [
        "store",
        "taken.json",
    ]


def test_the_action_waits_for_a_patient(qtbot, app, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = build_main_window(data_dir, ScriptedAsk(), background=SyncBackground())
    qtbot.addWidget(window)
    assert not window.export_ehr_action.isEnabled()


def test_the_main_window_starts_without_the_fhir_models() -> None:
    """The FHIR models and pydantic cost start-up time: they load on the first export only."""
    code = (
        "import sys, gui.app, gui.main_window;"
        "print(','.join(m for m in ('fhir', 'fhir_core', 'pydantic') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
