"""main.py check --repair, backup, restore and the passphrase from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from main import main
from waypoint.sample import sample_record
from waypoint.storage import Store

FAST = {"memory_kib": 8192, "iterations": 1, "lanes": 1}


def test_check_repair_restores_a_damaged_record(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(data_dir) as store:
        patient_id = store.save(sample_record())
    (data_dir / "patients" / f"{patient_id}.json").write_bytes(b"")
    assert main(["check", "--data-dir", str(data_dir)]) == 1
    assert "Rosa María" in capsys.readouterr().out
    assert main(["check", "--repair", "--data-dir", str(data_dir)]) == 0
    assert "restored" in capsys.readouterr().out
    assert main(["check", "--data-dir", str(data_dir)]) == 0


def test_backup_then_restore_on_a_new_pc(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(data_dir) as store:
        patient_id = store.save(sample_record())
    archive = tmp_path / "clinic.wpbackup"
    assert main(["backup", str(archive), "--data-dir", str(data_dir)]) == 0
    target = tmp_path / "new-pc"
    assert main(["restore", str(archive), "--data-dir", str(target)]) == 0
    assert "Restored 1 patient" in capsys.readouterr().out
    with Store.open(target) as store:
        assert patient_id in store
    assert main(["restore", str(archive), "--data-dir", str(target)]) == 1
    assert "empty folder" in capsys.readouterr().err


def test_encrypted_store_takes_the_passphrase_from_the_environment(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(data_dir) as store:
        store.save(sample_record())
        store.set_passphrase("correct horse", kdf=FAST)
    monkeypatch.setenv("WAYPOINT_PASSPHRASE", "")
    assert main(["check", "--data-dir", str(data_dir)]) == 1  # no terminal: no prompt, no hang
    assert "passphrase" in capsys.readouterr().err
    monkeypatch.setenv("WAYPOINT_PASSPHRASE", "wrong horse")
    assert main(["check", "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "not right" in err and "Traceback" not in err
    monkeypatch.setenv("WAYPOINT_PASSPHRASE", "correct horse")
    assert main(["check", "--data-dir", str(data_dir)]) == 0
