"""Two workstations and a real hub: everything reaches both, conflicts are kept and shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.waypoint.sync.helpers import (
    assessment,
    conversation,
    event,
    everything,
    patient,
    sync,
    trail,
)
from waypoint.storage.store import Store
from waypoint.sync.conflicts import header_conflicts, resolve_header_conflict
from waypoint.sync.status import sync_status


def test_edits_made_apart_on_two_workstations_reach_both(tmp_path: Path, hub_url: str) -> None:
    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    with Store.open(a_dir) as a:
        shared = a.save(patient("Ana", "Lima", "MRN-1"), "Dr. A")
        sync(a, hub_url)
    with Store.open(b_dir) as b:
        report = sync(b, hub_url)
        assert shared in b and report.patients_updated == 1
    # Apart ("offline"): both add to the shared patient and each adds a patient of their own.
    with Store.open(a_dir) as a:
        record = a.load(shared)
        record.conversations.append(conversation("see the grandchildren graduate"))
        record.assessments.append(assessment(6))
        a.save(record, "Dr. A")
        only_a = a.save(patient("Bea", "Costa"), "Dr. A")
    with Store.open(b_dir) as b:
        record = b.load(shared)
        record.conversations.append(conversation("stay at home on the farm", day=6))
        record.events.append(event("hospitalization"))
        b.save(record, "Dr. B")
        only_b = b.save(patient("Caio", "Dias"), "Dr. B")
        assert sync_status(b).pending == 2  # the shared patient and the new one
    with Store.open(a_dir) as a:
        sync(a, hub_url)
    with Store.open(b_dir) as b:
        sync(b, hub_url)
    with Store.open(a_dir) as a:
        sync(a, hub_url)
        goals = {c.goals.goals for c in a.load(shared).conversations}
        assert {"see the grandchildren graduate", "stay at home on the farm"} <= goals
        assert len(a.load(shared).events) == len(patient("x", "y").events) + 1
        actors = {actor for actor, _action in trail(a, shared)}
        assert {"Dr. A", "Dr. B"} <= actors  # each side's audit entries reached the other
    assert everything(a_dir) == everything(b_dir)
    assert set(everything(a_dir)) == {shared, only_a, only_b}
    with Store.open(a_dir) as a, Store.open(b_dir) as b:
        # Every clinician's entry reached both; each merge is audited where it was made.
        assert sorted(t for t in trail(a, shared) if t[1] != "sync") == sorted(
            t for t in trail(b, shared) if t[1] != "sync"
        )
        assert ("Dr. Sync", "sync") in trail(a, shared) and ("Dr. Sync", "sync") in trail(b, shared)
        # Nothing left to do: a further sync sends and merges nothing.
        again = sync(a, hub_url)
        assert (again.pushed, again.pulled, again.conflicts) == (0, 0, [])
        assert sync_status(a).pending == 0 and sync_status(a).last_sync


def test_a_header_edited_on_both_is_kept_twice_until_a_clinician_chooses(
    tmp_path: Path, hub_url: str
) -> None:
    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    with Store.open(a_dir) as a:
        pid = a.save(patient("Dora", "Reis", "MRN-7"), "Dr. A")
        sync(a, hub_url)
    with Store.open(b_dir) as b:
        sync(b, hub_url)
    with Store.open(a_dir) as a:
        record = a.load(pid)
        record.patient.family_name = "Reis-Almeida"
        a.save(record, "Dr. A")
        sync(a, hub_url)
    with Store.open(b_dir) as b:
        record = b.load(pid)
        record.patient.family_name = "Reis Moura"
        b.save(record, "Dr. B")
        report = sync(b, hub_url)
        assert report.conflicts == [pid]
        # Nothing settled silently: this workstation still shows its own version ...
        assert b.load(pid).patient.family_name == "Reis Moura"
        (conflict,) = header_conflicts(b)
        names = {v.patient.family_name: v.here for v in conflict.versions}
        assert names == {"Reis-Almeida": False, "Reis Moura": True}
        assert sync_status(b).conflicts == 1
    with Store.open(a_dir) as a:
        assert sync(a, hub_url).conflicts == [pid]
        assert a.load(pid).patient.family_name == "Reis-Almeida"
        assert len(header_conflicts(a)[0].versions) == 2
    # The clinician on B chooses A's version; the choice is audited and reaches A.
    with Store.open(b_dir) as b:
        (conflict,) = header_conflicts(b)
        chosen = next(v for v in conflict.versions if v.patient.family_name == "Reis-Almeida")
        resolve_header_conflict(b, pid, chosen.rev, "Dr. Chooser")
        assert b.load(pid).patient.family_name == "Reis-Almeida"
        assert ("Dr. Chooser", "sync-resolve") in trail(b, pid)
        assert sync(b, hub_url).conflicts == []
    with Store.open(a_dir) as a:
        assert sync(a, hub_url).conflicts == []
        assert header_conflicts(a) == []
        assert a.load(pid).patient.family_name == "Reis-Almeida"
    assert everything(a_dir) == everything(b_dir)


def test_a_header_changed_on_one_side_is_taken_without_conflict(
    tmp_path: Path, hub_url: str
) -> None:
    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    with Store.open(a_dir) as a:
        pid = a.save(patient("Eva", "Sousa"), "Dr. A")
        sync(a, hub_url)
    with Store.open(b_dir) as b:
        sync(b, hub_url)
        record = b.load(pid)
        record.patient.mrn = "MRN-NEW"
        b.save(record, "Dr. B")
        sync(b, hub_url)
    with Store.open(a_dir) as a:
        report = sync(a, hub_url)
        assert report.conflicts == [] and a.load(pid).patient.mrn == "MRN-NEW"
        assert ("Dr. Sync", "sync") in trail(a, pid)  # the merge is audited, by whom


def test_a_patient_deleted_on_one_workstation_is_deleted_on_the_other(
    tmp_path: Path, hub_url: str, hub_server: object
) -> None:
    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    with Store.open(a_dir) as a:
        pid = a.save(patient("Fia", "Neves"), "Dr. A")
        keep = a.save(patient("Gil", "Prata"), "Dr. A")
        sync(a, hub_url)
    with Store.open(b_dir) as b:
        sync(b, hub_url)
        assert pid in b
    with Store.open(a_dir) as a:
        a.delete(pid, "Dr. A")
        sync(a, hub_url)
    with Store.open(b_dir) as b:
        sync(b, hub_url)
        assert pid not in b and keep in b
    # Kept sealed for the retention period on B too, as any deletion is.
    assert (b_dir / "backups" / pid / "deleted.json").exists()
    live = [d for d in hub_server.all_docs(hub_url) if str(d["_id"]).startswith(pid)]  # type: ignore[attr-defined]
    assert [d["_id"] for d in live] == [f"{pid}/deleted"], [d["_id"] for d in live]


def test_a_lost_sync_state_costs_time_not_a_false_conflict(tmp_path: Path, hub_url: str) -> None:
    root = tmp_path / "a"
    with Store.open(root) as a:
        pid = a.save(patient("Hugo", "Serra"), "Dr. A")
        sync(a, hub_url)
        record = a.load(pid)
        record.patient.mrn = "MRN-2"
        a.save(record, "Dr. A")
        sync(a, hub_url)  # the header is at its second revision on the hub
    for state in (root / "sync").glob("state-*.json"):
        state.unlink()
    with Store.open(root) as a:
        report = sync(a, hub_url)
        assert (report.pushed, report.conflicts) == (0, [])
        assert a.load(pid).patient.mrn == "MRN-2"


def test_a_hub_lost_part_way_keeps_what_was_sent_for_the_next_sync(
    tmp_path: Path, hub_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import waypoint.sync.engine as engine
    from waypoint.sync.hub import Hub, SyncError
    from waypoint.sync.state import SyncState

    monkeypatch.setattr(engine, "BATCH_DOCS", 5)
    sent: list[int] = []
    real = Hub.put_new_edits

    def flaky(self: Hub, docs: list[dict[str, object]]) -> None:
        if len(sent) == 3:
            raise SyncError("unreachable", "gone")
        sent.append(len([d for d in docs if d["_id"] != "waypoint-clinic"]))
        real(self, docs)

    root = tmp_path / "a"
    with Store.open(root) as a:
        for n in range(4):
            a.save(patient(f"G{n}", f"F{n}"), "Dr. A")
        monkeypatch.setattr(Hub, "put_new_edits", flaky)
        with pytest.raises(SyncError):
            sync(a, hub_url)
        kept = SyncState.load(a, Hub(hub_url).display)
        assert sum(len(ps.docs) for ps in kept.patients.values()) == sum(sent)
        monkeypatch.setattr(Hub, "put_new_edits", real)
        report = sync(a, hub_url)
        assert report.pushed == 4 * 9 - sum(sent)


def test_a_choice_survives_a_sync_that_fails_and_is_sent_by_the_next(
    tmp_path: Path, hub_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from waypoint.sync.hub import Hub, SyncError

    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    with Store.open(a_dir) as a:
        pid = a.save(patient("Iris", "Leal"), "Dr. A")
        sync(a, hub_url)
    with Store.open(b_dir) as b:
        sync(b, hub_url)
    for root, name in ((a_dir, "Leal-A"), (b_dir, "Leal-B")):
        with Store.open(root) as store:
            record = store.load(pid)
            record.patient.family_name = name
            store.save(record, "Dr. X")
            sync(store, hub_url)
    with Store.open(b_dir) as b:
        (conflict,) = header_conflicts(b)
        mine = next(v for v in conflict.versions if v.here)
        resolve_header_conflict(b, pid, mine.rev, "Dr. B")

        def down(self: Hub, docs: list[dict[str, object]]) -> None:
            raise SyncError("unreachable", "gone")

        monkeypatch.setattr(Hub, "put_new_edits", down)
        with pytest.raises(SyncError):
            sync(b, hub_url)
        monkeypatch.undo()
        assert sync(b, hub_url).conflicts == []
    with Store.open(a_dir) as a:
        assert sync(a, hub_url).conflicts == []
        assert a.load(pid).patient.family_name == "Leal-B"


def test_documents_that_could_not_be_merged_are_tried_again(
    tmp_path: Path, hub_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    import waypoint.sync.engine as engine
    from waypoint.storage.atomic import DamagedFileError
    from waypoint.storage.faults import NotSavedError

    with Store.open(tmp_path / "a") as a:
        first = a.save(patient("Jade", "Melo"), "Dr. A")
        sync(a, hub_url)
    real = engine.write_merged

    def damaged(*args: object, **kwargs: object) -> object:
        raise DamagedFileError(tmp_path / "x.json", "test")

    with Store.open(tmp_path / "b") as b:
        monkeypatch.setattr(engine, "write_merged", damaged)
        report = sync(b, hub_url)
        assert first not in b and report.notices
        assert report.pushed == 0  # never taken for a patient deleted here
        monkeypatch.setattr(engine, "write_merged", real)
        sync(b, hub_url)
        assert first in b  # fetched again, though the feed had moved past it
    with Store.open(tmp_path / "a") as a:
        second = a.save(patient("Lara", "Pinto"), "Dr. A")
        sync(a, hub_url)

    def disk_full(*args: object, **kwargs: object) -> object:
        raise NotSavedError(OSError(errno.ENOSPC, "No space left on device"))

    with Store.open(tmp_path / "b") as b:
        monkeypatch.setattr(engine, "write_merged", disk_full)
        with pytest.raises(NotSavedError):
            sync(b, hub_url)
        monkeypatch.setattr(engine, "write_merged", real)
        sync(b, hub_url)
        assert second in b
