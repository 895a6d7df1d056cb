"""The audit trail names who changed which fields, and when — never the values."""

from __future__ import annotations

import json
from pathlib import Path

from waypoint.record.sample import sample_record
from waypoint.storage.atomic import read_json
from waypoint.storage.audit import changed_paths
from waypoint.storage.store import Store


def test_changed_paths_name_fields_and_list_items_by_id() -> None:
    old = {"patient": {"given_name": "A", "mrn": "1"}, "items": [{"id": "x", "v": 1}]}
    new = {
        "patient": {"given_name": "B", "mrn": "1"},
        "items": [{"id": "y", "v": 2}, {"id": "x", "v": 1}],
    }
    assert changed_paths(old, new) == ["record.items[y]", "record.patient.given_name"]
    assert changed_paths(old, old) == []


def test_every_save_and_delete_is_recorded_without_values(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        record = sample_record()
        patient_id = store.save(record, actor="Dr Ana Ruiz")
        record.patient.diagnosis = "Secret diagnosis words"
        store.save(record, actor="Nurse Kim")
        trail = store.audit(patient_id)
        assert [(e.action, e.actor) for e in trail] == [
            ("create", "Dr Ana Ruiz"),
            ("update", "Nurse Kim"),
        ]
        assert trail[1].fields == ("record.patient.diagnosis",)
        assert trail[1].record == patient_id and trail[1].time.endswith("+00:00")
        assert "Secret" not in json.dumps([e.to_json() for e in trail])
        store.delete(patient_id, actor="Dr Ana Ruiz")
    deleted = read_json(data_dir / "backups" / patient_id / "deleted.json")
    assert [e["action"] for e in deleted["audit"].values()] == ["create", "update", "delete"]
