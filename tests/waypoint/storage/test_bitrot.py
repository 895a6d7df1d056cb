"""Bit rot is found in every kind of file, plain or encrypted, and repair says what it did.

Plain files carry a checksum, so a flipped bit in a record ("Delgado" -> "Dedgado") is damage,
never a silently changed record; ``check`` reads every kind (backups, deleted patients, drafts,
settings, snapshots, the header copy); repair restores the newest *verified* backup, names the
version and what could not be recovered, and sets aside — never deletes — what it cannot fix.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from waypoint.record.model import Conversation
from waypoint.record.sample import sample_record
from waypoint.storage.atomic import DamagedFileError
from waypoint.storage.drafts import Draft, DraftStore
from waypoint.storage.settings import Settings, load_settings, save_settings
from waypoint.storage.store import Store

FAST = {"memory_kib": 8192, "iterations": 1, "lanes": 1}
PASS = "correct horse"


def _flip(path: Path, position: int) -> None:
    raw = bytearray(path.read_bytes())
    raw[position % len(raw)] ^= 1 << (position % 8)
    path.write_bytes(bytes(raw))


def _open(data_dir: Path, encrypted: bool) -> Store:
    return Store.open(data_dir, passphrase=PASS if encrypted else "")


def test_every_single_bit_flip_in_a_plain_record_is_found(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        patient_id = store.save(sample_record())
    path = data_dir / "patients" / f"{patient_id}.json"
    good = path.read_bytes()
    for position in range(0, len(good) * 8, 37):  # ~300 flips across the whole file
        raw = bytearray(good)
        raw[position // 8] ^= 1 << (position % 8)
        path.write_bytes(bytes(raw))
        with Store.open(data_dir) as store:
            assert patient_id in store.damaged, position
            assert store.check(), position
    path.write_bytes(good)


def test_repair_restores_the_newest_verified_backup_and_says_what_is_older(
    data_dir: Path,
) -> None:
    with Store.open(data_dir) as store:
        record = sample_record()
        patient_id = store.save(record)
        for name in ("Delgado", "Dalgado", "Delgadillo"):
            record.patient.family_name = name
            store.save(record)
    backups = data_dir / "backups" / patient_id
    _flip(data_dir / "patients" / f"{patient_id}.json", 200)
    _flip(backups / "4.json", 200)  # the newest backup is damaged too
    with Store.open(data_dir) as store:
        done = store.repair()
        text = "\n".join(done)
        assert "restored version 3" in text and "could not be recovered" in text
        assert "family name" in text  # the detail that is older than the last save
        assert store.load(patient_id).patient.family_name == "Dalgado"
        assert any("set aside" in line for line in done)  # 4.json, kept in damaged/
        assert store.check() == []
    assert len(list((backups / "damaged").iterdir())) == 1


def _every_kind(data_dir: Path, encrypted: bool) -> dict[str, Path]:
    with Store.open(data_dir) as store:
        record = sample_record()
        first = store.save(record)
        record.patient.diagnosis = "Changed"
        store.save(record)
        gone = sample_record()
        gone.patient.id = ""
        gone_id = store.save(gone)
        store.delete(gone_id, actor="Dr Test")
        save_settings(data_dir, Settings(clinic_phone="555-0100"))
        store.take_snapshot()
        if encrypted:
            store.set_passphrase(PASS, kdf=FAST)
        cipher = store.cipher
    drafts = DraftStore(data_dir, cipher)
    drafts.save(Draft(first, Conversation(date=dt.date(2026, 3, 1), clinician="Dr Test")))
    return {
        "backup": data_dir / "backups" / first / "1.json",
        "deleted": data_dir / "backups" / gone_id / "deleted.json",
        "draft": data_dir / "drafts" / f"{first}.json",
        "settings": data_dir / "settings.json",
        "settings copy": data_dir / "settings.json.bak",
        "snapshot": next((data_dir / "snapshots").glob("*.wpbackup")),
        "header copy": data_dir / "store.json.bak",
    }


@pytest.mark.parametrize("encrypted", [False, True])
@pytest.mark.parametrize(
    "kind",
    ["backup", "deleted", "draft", "settings", "settings copy", "snapshot", "header copy"],
)
@pytest.mark.parametrize("damage", ["flip", "truncate", "zero"])
def test_check_finds_damage_in_every_kind_and_repair_keeps_what_it_cannot_fix(
    data_dir: Path, encrypted: bool, kind: str, damage: str
) -> None:
    path = _every_kind(data_dir, encrypted)[kind]
    raw = path.read_bytes()
    if damage == "flip":
        _flip(path, len(raw) // 2)
    else:
        path.write_bytes(raw[: len(raw) // 3] if damage == "truncate" else b"\0" * len(raw))
    with _open(data_dir, encrypted) as store:
        problems = store.check()
        assert len(problems) == 1 and path.name in problems[0], problems
        done = store.repair()
        assert len(done) == 1
        assert store.check() == []
    restored_from_copy = kind in ("settings", "settings copy", "header copy")
    assert path.exists() == restored_from_copy
    if not restored_from_copy:
        assert len(list((path.parent / "damaged").iterdir())) == 1  # set aside, not deleted
    else:
        assert load_settings(data_dir).clinic_phone == "555-0100"


def test_damaged_settings_fall_back_to_the_copy_then_a_snapshot_with_a_warning(
    data_dir: Path,
) -> None:
    with Store.open(data_dir) as store:
        store.save(sample_record())
        save_settings(data_dir, Settings(clinic_phone="555-0100"))
        store.take_snapshot()
    (data_dir / "settings.json").write_bytes(b"\0" * 10)
    notes: list[str] = []
    assert load_settings(data_dir, notes).clinic_phone == "555-0100"
    assert "copy" in notes[0]
    (data_dir / "settings.json").unlink()
    (data_dir / "settings.json.bak").unlink()
    notes.clear()
    assert load_settings(data_dir, notes).clinic_phone == "555-0100"  # never silently reset
    assert "snapshot" in notes[0]


def test_settings_without_any_good_copy_say_so(data_dir: Path) -> None:
    data_dir.mkdir()
    save_settings(data_dir, Settings(clinic_phone="555-0100"))
    for name in ("settings.json", "settings.json.bak"):
        (data_dir / name).write_bytes(b"{")
    with pytest.raises(DamagedFileError):
        load_settings(data_dir)
    notes: list[str] = []
    assert load_settings(data_dir, notes) == Settings()
    assert "enter them again" in notes[0]


def test_a_damaged_draft_is_set_aside_not_deleted(data_dir: Path) -> None:
    drafts = DraftStore(data_dir)
    drafts.save(Draft("P-1", Conversation(date=dt.date(2026, 3, 1), clinician="Dr Test")))
    _flip(data_dir / "drafts" / "P-1.json", 120)
    with pytest.raises(DamagedFileError):
        drafts.load("P-1")
    aside = drafts.set_aside("P-1")
    assert aside is not None and aside.parent == data_dir / "drafts" / "damaged"
    assert not drafts.exists("P-1") and drafts.patient_ids() == []
