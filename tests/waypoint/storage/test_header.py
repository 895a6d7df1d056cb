"""store.json cannot be lost: checksum, a copy beside it and in every snapshot, repair.

A damaged header is reported as damaged — never as a wrong passphrase or "update Waypoint" —
and a folder with patient files but no header never becomes a fresh, plain store.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from main import main
from waypoint.record.sample import sample_record
from waypoint.storage.errors import HeaderDamagedError, PassphraseError, StoreError
from waypoint.storage.store import Store

FAST = {"memory_kib": 8192, "iterations": 1, "lanes": 1}
PASS = "correct horse"


def _store(data_dir: Path, encrypted: bool) -> str:
    with Store.open(data_dir) as store:
        patient_id = store.save(sample_record())
        if encrypted:
            store.set_passphrase(PASS, kdf=FAST)
    return patient_id


def _open(data_dir: Path, encrypted: bool) -> Store:
    return Store.open(data_dir, passphrase=PASS if encrypted else "")


DAMAGE = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "zeroed": lambda raw: b"\0" * len(raw),
    "empty": lambda raw: b"",
}


@pytest.mark.parametrize("encrypted", [False, True])
@pytest.mark.parametrize("how", [*DAMAGE, "deleted"])
def test_damaged_header_opens_from_its_copy_and_repair_puts_it_back(
    data_dir: Path, encrypted: bool, how: str
) -> None:
    patient_id = _store(data_dir, encrypted)
    header = data_dir / "store.json"
    if how == "deleted":
        header.unlink()
    else:
        header.write_bytes(DAMAGE[how](header.read_bytes()))
    with _open(data_dir, encrypted) as store:
        assert store.encrypted == encrypted and store.load(patient_id).patient.id == patient_id
        assert any("store.json" in p for p in store.check())
        assert any("store.json" in done for done in store.repair())
        assert store.check() == []
    with _open(data_dir, encrypted) as store:
        assert store.header_problem == "" and store.check() == []


@pytest.mark.parametrize("encrypted", [False, True])
def test_every_single_bit_flip_in_the_header_is_damage_never_a_wrong_passphrase(
    data_dir: Path, encrypted: bool
) -> None:
    _store(data_dir, encrypted)
    header, copy = data_dir / "store.json", data_dir / "store.json.bak"
    good = header.read_bytes()
    for position in range(0, len(good), max(1, len(good) // 60)):
        flipped = bytearray(good)
        flipped[position] ^= 1 << (position % 8)
        for path in (header, copy):
            path.write_bytes(bytes(flipped))
        with pytest.raises(HeaderDamagedError) as info:
            _open(data_dir, encrypted)
        text = str(info.value)
        assert "damaged" in text and "not right" not in text and "update" not in text.lower()
        assert not isinstance(info.value, PassphraseError)
    header.write_bytes(good)
    copy.write_bytes(good)
    _open(data_dir, encrypted).close()


@pytest.mark.parametrize("encrypted", [False, True])
def test_both_copies_lost_check_repair_restores_from_a_snapshot(
    data_dir: Path,
    encrypted: bool,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    patient_id = _store(data_dir, encrypted)
    with _open(data_dir, encrypted) as store:
        store.take_snapshot()
    (data_dir / "store.json").unlink()
    (data_dir / "store.json.bak").write_bytes(b"\0" * 40)
    monkeypatch.setenv("WAYPOINT_PASSPHRASE", PASS if encrypted else "")
    with pytest.raises(HeaderDamagedError, match="check --repair"):
        _open(data_dir, encrypted)
    assert main(["check", "--data-dir", str(data_dir)]) == 1
    assert "store.json" in capsys.readouterr().err
    assert main(["check", "--repair", "--data-dir", str(data_dir)]) == 0
    assert "snapshot" in capsys.readouterr().out
    with _open(data_dir, encrypted) as store:
        assert store.encrypted == encrypted and store.load(patient_id).patient.id == patient_id


@pytest.mark.parametrize("encrypted", [False, True])
def test_patient_files_without_any_header_never_become_a_fresh_plain_store(
    data_dir: Path, encrypted: bool
) -> None:
    _store(data_dir, encrypted)
    shutil.rmtree(data_dir / "snapshots", ignore_errors=True)
    before = sorted(p.name for p in data_dir.rglob("*"))
    (data_dir / "store.json").unlink()
    (data_dir / "store.json.bak").unlink()
    for attempt in ({}, {"passphrase": PASS}, {"read_only": True}):
        with pytest.raises(HeaderDamagedError, match="missing"):
            Store.open(data_dir, **attempt)  # type: ignore[arg-type]
    assert not (data_dir / "store.json").exists()
    with pytest.raises(StoreError, match="cannot be restored"):
        from waypoint.storage.header import repair_header

        repair_header(data_dir)
    after = sorted(p.name for p in data_dir.rglob("*"))
    assert set(before) - set(after) == {"store.json", "store.json.bak"}


def test_a_store_from_before_checksums_gets_them_and_the_copy(data_dir: Path) -> None:
    _store(data_dir, False)
    (data_dir / "store.json.bak").unlink()
    plain = (data_dir / "store.json").read_bytes().split(b"\n", 1)[1]
    (data_dir / "store.json").write_bytes(plain)  # as older versions wrote it
    Store.open(data_dir).close()
    assert (data_dir / "store.json").read_bytes().startswith(b"WPS1 ")
    assert (data_dir / "store.json.bak").read_bytes() == (data_dir / "store.json").read_bytes()
