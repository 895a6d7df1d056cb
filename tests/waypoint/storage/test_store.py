"""The store: saves survive reopening, damage is reported, never read as empty."""

from __future__ import annotations

from pathlib import Path

import pytest

from waypoint.record.model import Record
from waypoint.record.sample import sample_record
from waypoint.storage.atomic import DamagedFileError
from waypoint.storage.errors import StoreError
from waypoint.storage.store import Store


def test_save_and_reopen(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        patient_id = store.save(sample_record())
    with Store.open(data_dir) as store:
        assert [s.id for s in store.list_patients()] == [patient_id]
        assert store.load(patient_id) == sample_record()
        assert store.check() == []


def test_new_record_gets_an_id_and_file_names_carry_no_name(data_dir: Path) -> None:
    record = sample_record()
    record.patient.id = ""
    with Store.open(data_dir) as store:
        patient_id = store.save(record)
    names = [p.name for p in data_dir.rglob("*")]
    assert f"{patient_id}.json" in names
    assert not any("Delgado" in n or "Rosa" in n for n in names)


def test_search_ignores_case_and_accents(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        store.save(sample_record())
        assert len(store.search("nunez rosa")) == 1
        assert len(store.search("MRN-2045")) == 1
        assert len(store.search("1954-03")) == 1
        assert store.search("smith") == []


def test_truncated_file_is_damage_not_an_empty_record(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        patient_id = store.save(sample_record())
    path = data_dir / "patients" / f"{patient_id}.json"
    path.write_bytes(b"")
    with Store.open(data_dir) as store:
        with pytest.raises(DamagedFileError):
            store.load(patient_id)
        problems = store.check()
    assert len(problems) == 1 and "Rosa María" in problems[0] and "empty" in problems[0]


def test_garbled_and_missing_files_are_reported(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        first = store.save(sample_record())
        other = sample_record()
        other.patient.id = ""
        second = store.save(other)
    (data_dir / "patients" / f"{first}.json").write_bytes(b'{"record": {"1": {"patie')
    (data_dir / "patients" / f"{second}.json").unlink()
    with Store.open(data_dir) as store:
        problems = store.check()
    assert len(problems) == 2
    assert any("not readable" in p for p in problems) and any("missing" in p for p in problems)


def test_orphaned_temp_files_are_removed_at_open(data_dir: Path) -> None:
    Store.open(data_dir).close()
    orphan = data_dir / "patients" / ".tmpabc.wp-tmp"
    orphan.write_bytes(b"half a save")
    Store.open(data_dir).close()
    assert not orphan.exists()


def test_newer_store_is_refused(data_dir: Path) -> None:
    Store.open(data_dir).close()
    (data_dir / "store.json").write_text('{"format": "waypoint-store", "schema_version": 99}')
    with pytest.raises(StoreError, match="newer version of Waypoint"):
        Store.open(data_dir)


def test_invalid_record_is_not_saved(data_dir: Path) -> None:
    record = Record()
    with Store.open(data_dir) as store, pytest.raises(ValueError, match="Given name"):
        store.save(record)
    with Store.open(data_dir) as store:
        assert len(store) == 0
