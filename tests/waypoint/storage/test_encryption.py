"""Encryption at rest: sealed files, wrong passphrase, recovery key, passphrase change under kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from waypoint.record.sample import sample_record
from waypoint.storage.errors import PassphraseError
from waypoint.storage.store import Store

FAST = {"memory_kib": 8192, "iterations": 1, "lanes": 1}  # tests only; real stores use DEFAULT_KDF
ROOT = Path(__file__).resolve().parents[3]


def _encrypted(data_dir: Path) -> tuple[str, str]:
    with Store.open(data_dir) as store:
        patient_id = store.save(sample_record())
        recovery = store.set_passphrase("correct horse", kdf=FAST)
    return patient_id, recovery


def test_every_file_is_sealed_and_reopens_with_the_passphrase(data_dir: Path) -> None:
    patient_id, _recovery = _encrypted(data_dir)
    for path in data_dir.rglob("*.json"):
        if path.name != "store.json":
            raw = path.read_bytes()
            assert raw.startswith(b"WPE1") and b"Rosa" not in raw, path.name
    with Store.open(data_dir, passphrase="correct horse") as store:
        assert store.encrypted and store.load(patient_id) == sample_record()
        record = store.load(patient_id)
        record.patient.diagnosis = "after encryption"
        store.save(record)
        assert store.check() == []
    assert b"after encryption" not in (data_dir / "patients" / f"{patient_id}.json").read_bytes()


def test_wrong_or_missing_passphrase_opens_nothing_and_writes_nothing(data_dir: Path) -> None:
    _encrypted(data_dir)
    before = {p: p.stat().st_mtime_ns for p in data_dir.rglob("*") if p.name != "store.lock"}
    with pytest.raises(PassphraseError, match="not right"):
        Store.open(data_dir, passphrase="wrong horse")
    with pytest.raises(PassphraseError) as info:
        Store.open(data_dir)
    assert info.value.missing
    after = {p: p.stat().st_mtime_ns for p in data_dir.rglob("*") if p.name != "store.lock"}
    assert after == before


def test_recovery_key_opens_and_survives_a_passphrase_change(data_dir: Path) -> None:
    patient_id, recovery = _encrypted(data_dir)
    with Store.open(data_dir, recovery_key=recovery.lower().replace("-", " ")) as store:
        store.change_passphrase("a new passphrase", kdf=FAST)
    with pytest.raises(PassphraseError):
        Store.open(data_dir, passphrase="correct horse")
    with Store.open(data_dir, passphrase="a new passphrase") as store:
        assert patient_id in store
    Store.open(data_dir, recovery_key=recovery).close()


def test_file_swapped_between_patients_is_damage(data_dir: Path) -> None:
    first, _recovery = _encrypted(data_dir)
    with Store.open(data_dir, passphrase="correct horse") as store:
        other = sample_record()
        other.patient.id = ""
        second = store.save(other)
    patients = data_dir / "patients"
    (patients / f"{second}.json").write_bytes((patients / f"{first}.json").read_bytes())
    with Store.open(data_dir, passphrase="correct horse") as store:
        assert "integrity" in store.damaged[second]
        store.repair()
        assert store.check() == []


def test_flipped_bit_is_damage_not_an_empty_record(data_dir: Path) -> None:
    patient_id, _recovery = _encrypted(data_dir)
    path = data_dir / "patients" / f"{patient_id}.json"
    raw = bytearray(path.read_bytes())
    raw[-5] ^= 1
    path.write_bytes(bytes(raw))
    with Store.open(data_dir, passphrase="correct horse") as store:
        assert patient_id in store.damaged and patient_id in store


CHANGER = """
import sys
from pathlib import Path
from waypoint.storage.store import Store
FAST = {"memory_kib": 8192, "iterations": 1, "lanes": 1}
old, new = sys.argv[2], sys.argv[3]
store = Store.open(Path(sys.argv[1]), passphrase=old)
print("open", flush=True)
store.change_passphrase(new, kdf=FAST)
print("changed", flush=True)
"""


@pytest.mark.slow
def test_passphrase_change_killed_half_way_leaves_one_that_works(data_dir: Path) -> None:
    patient_id, _recovery = _encrypted(data_dir)
    current = "correct horse"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for n in range(12):
        new = f"passphrase number {n}"
        proc = subprocess.Popen(
            [sys.executable, "-c", CHANGER, str(data_dir), current, new],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "open"
        time.sleep(n * 0.002)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        opened = []
        for candidate in (current, new):
            try:
                with Store.open(data_dir, passphrase=candidate) as store:
                    assert store.load(patient_id).patient.id == patient_id
                    opened.append(candidate)
            except PassphraseError:
                pass
        assert len(opened) == 1, n
        current = opened[0]


def test_the_printed_recovery_key_works_wherever_a_passphrase_is_asked(data_dir: Path) -> None:
    patient_id, recovery = _encrypted(data_dir)
    # Typed into the passphrase prompt (or WAYPOINT_PASSPHRASE), as printed or sloppily.
    for typed in (recovery, recovery.lower().replace("-", " "), f"  {recovery}\n"):
        with Store.open(data_dir, passphrase=typed) as store:
            assert store.opened_with_recovery_key and store.load(patient_id)
            assert store.verify_passphrase(typed)  # the lock screen takes it too
            assert not store.verify_passphrase("wrong horse")
    with Store.open(data_dir, passphrase="correct horse") as store:
        assert not store.opened_with_recovery_key
    # "Use the recovery key", then set a new passphrase: the domain calls the GUI makes.
    with Store.open(data_dir, recovery_key=recovery) as store:
        assert store.opened_with_recovery_key
        store.change_passphrase("brand new horse", kdf=FAST)
        assert not store.opened_with_recovery_key
    Store.open(data_dir, passphrase="brand new horse").close()
    with pytest.raises(PassphraseError, match="not right"):
        Store.open(data_dir, passphrase=("A" if recovery[0] != "A" else "B") + recovery[1:])
