"""Deleting a patient from the app: confirmed (Go back is the default), audited with the
clinician's name, through the store's delete."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from gui.app import build_main_window, create_application
from gui.background import SyncBackground
from tests.helpers import ScriptedAsk
from waypoint.record.sample import sample_record
from waypoint.storage.atomic import open_payload
from waypoint.storage.store import Store

PATIENT = "P-SAMPLE0001"


@pytest.fixture
def app(qsettings_isolated) -> QApplication:  # type: ignore[no-untyped-def]
    return create_application()


@pytest.fixture
def window(qtbot, app, data_dir: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WAYPOINT_CLINICIAN", "Dr. Ana Kim")
    with Store.open(data_dir) as store:
        store.save(sample_record())
        other = sample_record()
        other.patient.id, other.patient.given_name = "P-OTHER00001", "Tomás"
        store.save(other)
    ask = ScriptedAsk()
    window = build_main_window(data_dir, ask, background=SyncBackground())
    qtbot.addWidget(window)
    window.show()
    window.select_patient(PATIENT)
    return window


def test_go_back_deletes_nothing(window) -> None:  # type: ignore[no-untyped-def]
    window.ask.confirm_answers.append(False)
    window.delete_patient_action.trigger()
    (kind, title, text) = window.ask.shown[-1]
    assert kind == "confirm_destructive" and title == "Delete patient"
    assert "Rosa María Delgado Núñez" in text and "30 days" in text and "your name" in text
    assert PATIENT in window.store and len(window.store) == 2
    assert window.record is not None and window.record.patient.id == PATIENT


def test_delete_removes_the_patient_and_names_who_did_it(window, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window.ask.confirm_answers.append(True)
    window.delete_patient_action.trigger()
    assert window.ask.warnings() == []
    assert PATIENT not in window.store and len(window.store) == 1
    assert window.record is None and window.detail_stack.currentIndex() == 0
    assert window.patient_model.row_of(PATIENT) == -1
    assert window.patient_count.text() == "1 patient(s)"
    assert not window.delete_patient_action.isEnabled()
    kept = data_dir / "backups" / PATIENT / "deleted.json"
    tables = open_payload(kept, kept.read_bytes(), None, f"patient/{PATIENT}")
    last = tables["audit"][max(tables["audit"], key=int)]
    assert (last["action"], last["actor"]) == ("delete", "Dr. Ana Kim")
    window.close()
    window.store.close()
    with Store.open(data_dir, read_only=True) as again:
        assert PATIENT not in again and len(again) == 1


def test_read_only_records_cannot_be_deleted(qtbot, app, data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        store.save(sample_record())
        ask = ScriptedAsk()
        ask.confirm_answers.append(True)  # "open read-only?" while the first copy holds the lock
        window = build_main_window(data_dir, ask, background=SyncBackground())
        qtbot.addWidget(window)
        window.select_patient(PATIENT)
        assert window.store.read_only and window.record is not None
        assert not window.delete_patient_action.isEnabled()
