"""main.py check --repair, backup, restore and the passphrase from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from main import main
from waypoint.record.sample import sample_record
from waypoint.storage.store import Store

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


def test_cli_passphrase_set_prints_the_key_last_and_it_opens_the_store(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(data_dir) as store:
        patient_id = store.save(sample_record())
    monkeypatch.setenv("WAYPOINT_NEW_PASSPHRASE", "correct horse")
    assert main(["passphrase", "set", "--data-dir", str(data_dir)]) == 0
    key = capsys.readouterr().out.rstrip("\n").splitlines()[-1]
    assert len(key.replace("-", "")) == 52  # the key alone on the last line
    assert main(["passphrase", "set", "--data-dir", str(data_dir)]) == 1  # already set
    capsys.readouterr()
    monkeypatch.setenv("WAYPOINT_RECOVERY_KEY", key)  # the passphrase was lost
    monkeypatch.setenv("WAYPOINT_NEW_PASSPHRASE", "another horse")
    assert main(["passphrase", "change", "--data-dir", str(data_dir)]) == 0
    monkeypatch.delenv("WAYPOINT_RECOVERY_KEY")
    monkeypatch.setenv("WAYPOINT_PASSPHRASE", "another horse")
    assert main(["check", "--data-dir", str(data_dir)]) == 0
    monkeypatch.setenv("WAYPOINT_PASSPHRASE", key)  # the key typed where a passphrase goes
    assert main(["export", patient_id, "--out", str(data_dir.parent / "out.json"),
                 "--data-dir", str(data_dir)]) == 0  # fmt: skip


def test_cli_passphrase_without_a_terminal_or_variable_asks_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    Store.open(data_dir).close()
    monkeypatch.delenv("WAYPOINT_NEW_PASSPHRASE", raising=False)
    assert main(["passphrase", "set", "--data-dir", str(data_dir)]) == 2
    assert "WAYPOINT_NEW_PASSPHRASE" in capsys.readouterr().err


def test_cli_delete_is_confirmed_audited_kept_then_purged(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    from waypoint.storage.atomic import read_json
    from waypoint.storage.deletion import purge_expired
    from waypoint.storage.settings import Settings, save_settings

    with Store.open(data_dir) as store:
        patient_id = store.save(sample_record())
    assert main(["delete", patient_id, "--data-dir", str(data_dir)]) == 1  # no terminal
    assert "--yes" in capsys.readouterr().err
    assert main(["delete", "P-NOBODY", "--yes", "--data-dir", str(data_dir)]) == 2
    capsys.readouterr()
    argv = ["delete", patient_id, "--yes", "--by", "Dr Ana Ruiz", "--data-dir", str(data_dir)]
    assert main(argv) == 0
    assert "30 days" in capsys.readouterr().out
    kept = data_dir / "backups" / patient_id / "deleted.json"
    audit = read_json(kept)["audit"]
    last = audit[max(audit, key=int)]
    assert (last["action"], last["actor"]) == ("delete", "Dr Ana Ruiz")
    save_settings(data_dir, Settings(deleted_retention_days=7))
    with Store.open(data_dir) as store:
        assert patient_id not in store and kept.exists()  # within the retention period
        soon = dt.datetime.now(dt.UTC) + dt.timedelta(days=6)
        assert purge_expired(store, soon) == 0
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=7, minutes=1)
        assert purge_expired(store, later) == 1
    assert not (data_dir / "backups" / patient_id).exists()
