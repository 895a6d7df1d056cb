"""The app's side of the store: passphrase at start, a second copy, repair offer, audit view."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from gui.app import build_main_window, create_application
from gui.audit_view import AuditDialog, field_label
from tests.helpers import ScriptedAsk
from waypoint.record.sample import sample_record
from waypoint.storage.store import Store

FAST = {"memory_kib": 8192, "iterations": 1, "lanes": 1}


@pytest.fixture
def app(qsettings_isolated) -> QApplication:  # type: ignore[no-untyped-def]
    return create_application()


def test_encrypted_store_asks_until_the_passphrase_is_right(qtbot, app, data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        store.save(sample_record())
        store.set_passphrase("correct horse", kdf=FAST)
    answers = ["wrong horse", "correct horse"]
    prompts: list[str] = []

    def prompt(_parent: object, text: str) -> str | None:
        prompts.append(text)
        return answers.pop(0)

    ask = ScriptedAsk()
    window = build_main_window(data_dir, ask, prompt)
    qtbot.addWidget(window)
    assert window is not None and len(window.store) == 1
    assert "not right" in prompts[1]
    window.store.close()


def test_giving_up_on_the_passphrase_opens_nothing(qtbot, app, data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        store.set_passphrase("correct horse", kdf=FAST)
    assert build_main_window(data_dir, ScriptedAsk(), lambda _p, _t: None) is None


def test_second_copy_may_open_read_only(qtbot, app, data_dir: Path) -> None:
    first = Store.open(data_dir)
    first.save(sample_record())
    ask = ScriptedAsk()
    ask.confirm_answers.append(True)
    window = build_main_window(data_dir, ask)
    qtbot.addWidget(window)
    assert window is not None and window.store.read_only
    assert "already open" in ask.shown[0][2]
    first.close()


def test_damage_at_start_is_offered_a_repair(qtbot, app, data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        patient_id = store.save(sample_record())
    (data_dir / "patients" / f"{patient_id}.json").write_bytes(b"")
    ask = ScriptedAsk()
    ask.confirm_answers.append(True)
    window = build_main_window(data_dir, ask)
    qtbot.addWidget(window)
    assert "Rosa María" in ask.shown[0][2]
    assert ask.shown[1][0] == "inform" and "restored" in ask.shown[1][2]
    assert window.store.check() == []
    window.store.close()


def test_audit_dialog_lists_changes_newest_first(qtbot, app, data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        record = sample_record()
        patient_id = store.save(record, actor="Dr Ana Ruiz")
        record.conversations[-1].goals.goals = "Be at the wedding."
        store.save(record, actor="Nurse Kim")
        entries = store.audit(patient_id)
    dialog = AuditDialog(entries)
    qtbot.addWidget(dialog)
    assert dialog.table.item(0, 1).text() == "Nurse Kim"
    assert dialog.table.item(0, 3).text() == "conversations › goals › goals"
    assert dialog.table.item(1, 1).text() == "Dr Ana Ruiz"
    assert field_label("record.patient.given_name") == "patient › given name"
