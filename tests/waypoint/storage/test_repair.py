"""Damage is found at open and by check, names the patient, and repair restores the newest backup."""

from __future__ import annotations

from pathlib import Path

import pytest

from waypoint.record.sample import sample_record
from waypoint.storage.backup import KEEP_VERSIONS
from waypoint.storage.errors import StoreError
from waypoint.storage.store import Store


def _saved_twice(data_dir: Path) -> str:
    with Store.open(data_dir) as store:
        record = sample_record()
        patient_id = store.save(record)
        record.patient.diagnosis = "Second version"
        store.save(record)
    return patient_id


@pytest.mark.parametrize("damage", [b"", b'{"record": {"1": {"patie', b"\x00" * 64, b"[]"], ids=str)
def test_damage_is_found_at_open_and_repaired_from_the_newest_backup(
    data_dir: Path, damage: bytes
) -> None:
    patient_id = _saved_twice(data_dir)
    (data_dir / "patients" / f"{patient_id}.json").write_bytes(damage)
    with Store.open(data_dir) as store:
        assert patient_id in store.damaged  # found at open, without running check
        assert patient_id in store  # still listed: never dropped silently
        problems = store.check()
        assert len(problems) == 1 and "Rosa María" in problems[0]
        with pytest.raises(StoreError, match="repair"):
            store.save(sample_record())
        done = store.repair()
        assert len(done) == 1 and "restored" in done[0]
        assert store.check() == []
        assert store.load(patient_id).patient.diagnosis == "Second version"
    with Store.open(data_dir) as store:
        assert store.damaged == {} and store.check() == []


def test_missing_patient_file_is_restored(data_dir: Path) -> None:
    patient_id = _saved_twice(data_dir)
    (data_dir / "patients" / f"{patient_id}.json").unlink()
    with Store.open(data_dir) as store:
        assert "missing" in store.damaged[patient_id]
        store.repair()
        assert store.load(patient_id).patient.diagnosis == "Second version"


def test_damaged_newest_backup_falls_back_to_an_older_one(data_dir: Path) -> None:
    patient_id = _saved_twice(data_dir)
    (data_dir / "patients" / f"{patient_id}.json").write_bytes(b"")
    (data_dir / "backups" / patient_id / "2.json").write_bytes(b"garbage")
    with Store.open(data_dir) as store:
        store.repair()
        assert store.load(patient_id).patient.diagnosis == sample_record().patient.diagnosis


def test_without_a_good_backup_the_damaged_file_is_kept(data_dir: Path) -> None:
    patient_id = _saved_twice(data_dir)
    path = data_dir / "patients" / f"{patient_id}.json"
    path.write_bytes(b"{broken")
    for backup in (data_dir / "backups" / patient_id).iterdir():
        backup.write_bytes(b"")
    with Store.open(data_dir) as store:
        done = store.repair()
        assert "no good backup" in done[0]
        assert store.check() != []
    assert path.read_bytes() == b"{broken"


@pytest.mark.parametrize("damage", [None, b"", b"not json", b'{"patients": 7}'])
def test_missing_or_garbled_index_is_rebuilt(data_dir: Path, damage: bytes | None) -> None:
    with Store.open(data_dir) as store:
        first = store.save(sample_record())
        other = sample_record()
        other.patient.id = ""
        second = store.save(other)
    index = data_dir / "index.json"
    if damage is None:
        index.unlink()
    else:
        index.write_bytes(damage)
    with Store.open(data_dir) as store:
        assert {s.id for s in store.list_patients()} == {first, second}
        assert store.check() == []
        assert len(store.search("nunez")) == 2


def test_index_catches_up_with_saves_it_never_recorded(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        patient_id = store.save(sample_record())
    stale = (data_dir / "index.json").read_bytes()
    with Store.open(data_dir) as store:
        record = store.load(patient_id)
        record.patient.family_name = "Quispe"
        store.save(record)
        other = sample_record()
        other.patient.id = ""
        added = store.save(other)
    (data_dir / "index.json").write_bytes(stale)  # as if the process died before writing it
    with Store.open(data_dir) as store:
        assert store.search("quispe")[0].id == patient_id
        assert added in store


def test_rolling_backups_keep_the_last_few(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        record = sample_record()
        for n in range(KEEP_VERSIONS + 3):
            record.patient.diagnosis = f"v{n}"
            store.save(record)
    kept = sorted(int(p.stem) for p in (data_dir / "backups" / record.patient.id).iterdir())
    assert kept == list(range(4, KEEP_VERSIONS + 4))


def test_delete_keeps_the_last_version_and_is_not_damage(data_dir: Path) -> None:
    patient_id = _saved_twice(data_dir)
    with Store.open(data_dir) as store:
        store.delete(patient_id, actor="Dr Ana")
        assert patient_id not in store
    with Store.open(data_dir) as store:
        assert patient_id not in store and store.damaged == {} and store.check() == []
    assert (data_dir / "backups" / patient_id / "deleted.json").exists()


def test_files_are_private(data_dir: Path) -> None:
    patient_id = _saved_twice(data_dir)
    assert (data_dir / "patients" / f"{patient_id}.json").stat().st_mode & 0o777 == 0o600
    assert (data_dir / "patients").stat().st_mode & 0o777 == 0o700
    assert (data_dir / "backups" / patient_id / "2.json").stat().st_mode & 0o777 == 0o600


def test_whole_store_backup_restores_into_an_empty_folder(data_dir: Path, tmp_path: Path) -> None:
    patient_id = _saved_twice(data_dir)
    archive = tmp_path / "clinic.wpbackup"
    with Store.open(data_dir) as store:
        assert store.backup_to(archive) == 1
    from waypoint.storage.backup import restore_archive

    target = tmp_path / "new-pc"
    assert restore_archive(archive, target) == 1
    with Store.open(target) as store:
        assert store.load(patient_id).patient.diagnosis == "Second version"
        assert store.check() == []
    with pytest.raises(StoreError, match="empty folder"):
        restore_archive(archive, target)
