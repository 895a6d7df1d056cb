"""One writer at a time; a lock left by a dead process is recovered."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from waypoint.record.sample import sample_record
from waypoint.storage.errors import StoreError
from waypoint.storage.lock import StoreLockedError
from waypoint.storage.store import Store

ROOT = Path(__file__).resolve().parents[3]
HOLDER = """
import sys, time
from pathlib import Path
from waypoint.storage.store import Store
store = Store.open(Path(sys.argv[1]))
print("locked", flush=True)
time.sleep(60)
"""


def _holder(data_dir: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def test_second_instance_is_told_and_may_read(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        patient_id = store.save(sample_record())
    proc = _holder(data_dir)
    try:
        with pytest.raises(StoreLockedError, match="already open") as info:
            Store.open(data_dir)
        assert str(proc.pid) in str(info.value)
        with Store.open(data_dir, read_only=True) as reader:
            assert reader.read_only and reader.load(patient_id).patient.id == patient_id
            changed = sample_record()
            changed.patient.diagnosis = "Changed"  # the same record again is "already saved"
            with pytest.raises(StoreError, match="read-only"):
                reader.save(changed)
    finally:
        proc.kill()
        proc.wait()
        assert proc.stdout is not None
        proc.stdout.close()


def test_lock_of_a_killed_instance_is_recovered(data_dir: Path) -> None:
    proc = _holder(data_dir)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.stdout is not None
    proc.stdout.close()
    assert json.loads((data_dir / "store.lock").read_text())["pid"] == proc.pid  # left behind
    with Store.open(data_dir) as store:
        store.save(sample_record())


def test_stale_lock_file_from_a_dead_process_does_not_block(data_dir: Path) -> None:
    Store.open(data_dir).close()
    (data_dir / "store.lock").write_text('{"pid": 999999, "host": "clinic-pc", "started": "x"}')
    Store.open(data_dir).close()
    (data_dir / "store.lock").write_bytes(b"")  # a lock file cut short
    Store.open(data_dir).close()


def test_same_process_cannot_open_twice_for_writing(data_dir: Path) -> None:
    with Store.open(data_dir), pytest.raises(StoreLockedError):
        Store.open(data_dir)
    Store.open(data_dir).close()  # released on close


SECOND_WRITER = """
import sys
from pathlib import Path
from waypoint.record.sample import sample_record
from waypoint.storage.store import Store
from waypoint.storage.lock import StoreLockedError
try:
    store = Store.open(Path(sys.argv[1]))
except StoreLockedError:
    print("refused", flush=True)
else:
    store.save(sample_record(), actor="the second writer")
    print("saved", flush=True)
"""


def test_deleting_the_lock_file_does_not_let_a_second_writer_in(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        store.save(sample_record())
    proc = _holder(data_dir)
    try:
        (data_dir / "store.lock").unlink()  # the lock is on open files, not on this name
        second = subprocess.run(
            [sys.executable, "-c", SECOND_WRITER, str(data_dir)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            check=True,
        )
        assert second.stdout.strip() == "refused"
        with pytest.raises(StoreLockedError):
            Store.open(data_dir)
    finally:
        proc.kill()
        proc.wait()
        assert proc.stdout is not None
        proc.stdout.close()
    with Store.open(data_dir) as store:  # the holder died: the OS let go of its lock
        assert not store.read_only
