"""The migration path, proved with a throwaway v1 -> v2 migration on a real store.

Waypoint is still at schema version 1, so no real migration exists yet; the first one must find
a path that works. This bumps the schema to 2 for the test only, with a migration that moves the
record number into upper case, and checks what docs/storage.md promises: a snapshot first, every
patient file migrated, the header raised last, a crash half way finished on the next open, and a
newer store refused by an older Waypoint.
"""

from __future__ import annotations

import dataclasses
import types
from pathlib import Path
from typing import Any

import pytest

import waypoint.record.model as model
from waypoint.record.model import Record
from waypoint.record.sample import sample_record
from waypoint.storage import header as header_module
from waypoint.storage import migrate as migrate_module
from waypoint.storage import opening as opening_module
from waypoint.storage.backup import SNAPSHOTS
from waypoint.storage.errors import StoreError
from waypoint.storage.store import Store


def _upper_mrn(data: dict[str, Any]) -> dict[str, Any]:
    patient = dict(data["patient"])
    patient["mrn"] = patient["mrn"].upper()
    return {**data, "patient": patient}


def bump_schema_to_2(monkeypatch: pytest.MonkeyPatch, step: Any) -> None:
    """From here on Waypoint is as if its schema were at version 2, with ``step`` from 1."""
    for module in (model, opening_module, header_module):
        monkeypatch.setattr(module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(migrate_module, "MIGRATIONS", {1: step})
    field = next(f for f in dataclasses.fields(Record) if f.name == "schema_version")
    limits = {**field.metadata, "maximum": 2}
    monkeypatch.setattr(field, "metadata", types.MappingProxyType(limits))


def _make_v1_store(root: Path, count: int) -> list[str]:
    ids = []
    with Store.open(root) as store:
        for n in range(count):
            record = sample_record()
            record.patient.id = ""
            record.patient.mrn = f"mrn-{n:03d}"
            ids.append(store.save(record))
    return ids


def test_a_v1_store_is_snapshotted_then_migrated_then_marked(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _make_v1_store(data_dir, 3)
    snapshots_before = set((data_dir / SNAPSHOTS).glob("*"))
    migrated: list[str] = []

    def step(data: dict[str, Any]) -> dict[str, Any]:
        result = _upper_mrn(data)
        migrated.append(result["patient"]["mrn"])
        return result

    bump_schema_to_2(monkeypatch, step)
    with Store.open(data_dir) as store:
        assert store.header["schema_version"] == 2
        assert any("updated" in notice for notice in store.notices)
        for n, patient_id in enumerate(sorted(ids, key=lambda i: store.load(i).patient.mrn)):
            record = store.load(patient_id)
            assert record.schema_version == 2
            assert record.patient.mrn == f"MRN-{n:03d}"
        assert store.check() == []
    assert sorted(migrated) == [f"MRN-{n:03d}" for n in range(3)]
    assert set((data_dir / SNAPSHOTS).glob("*")) - snapshots_before, "no snapshot before migrating"
    with Store.open(data_dir) as store:  # already at 2: nothing runs again
        assert len(migrated) == 3


def test_a_crash_half_way_is_finished_on_the_next_open(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _make_v1_store(data_dir, 3)
    calls = {"n": 0}

    def dies_on_the_second(data: dict[str, Any]) -> dict[str, Any]:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the process dies here, as far as the store can tell
        return _upper_mrn(data)

    bump_schema_to_2(monkeypatch, dies_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        Store.open(data_dir)
    header, _problem = header_module.read_header(data_dir)
    assert header is not None
    assert header["schema_version"] == 1, "the header is raised only once all are migrated"
    monkeypatch.setattr(migrate_module, "MIGRATIONS", {1: _upper_mrn})
    with Store.open(data_dir) as store:
        assert store.header["schema_version"] == 2
        mrns = sorted(store.load(s.id).patient.mrn for s in store.list_patients())
        assert store.check() == []
    assert mrns == ["MRN-000", "MRN-001", "MRN-002"]


def test_an_older_waypoint_refuses_a_migrated_store(data_dir: Path) -> None:
    _make_v1_store(data_dir, 1)
    with pytest.MonkeyPatch.context() as bumped:
        bump_schema_to_2(bumped, _upper_mrn)
        Store.open(data_dir).close()
    with pytest.raises(StoreError) as refused:
        Store.open(data_dir)
    assert "newer" in str(refused.value) or "update" in str(refused.value).lower()
