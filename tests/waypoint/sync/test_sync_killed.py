"""A sync killed (SIGKILL) while sending, and while merging, loses nothing; the next completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.waypoint.sync.conftest import ADMIN, SECRET, HubServer
from tests.waypoint.sync.helpers import everything, patient
from waypoint.storage.store import Store

PATIENTS = 150
CREDENTIALS = {"WAYPOINT_SYNC_USER": ADMIN, "WAYPOINT_SYNC_PASSWORD": SECRET}


def _start_sync(hub_url: str, root: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "WAYPOINT_DATA_DIR"} | CREDENTIALS
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "sync", "--server", hub_url, "--data-dir",
         str(root)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def _kill_when(process: subprocess.Popen[str], started: object) -> bool:
    """SIGKILL ``process`` as soon as ``started()`` is true; False if it finished first."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if started():  # type: ignore[operator]
            process.send_signal(signal.SIGKILL)
            process.communicate()
            return True
        time.sleep(0.005)
    process.kill()
    process.communicate()
    raise AssertionError("the sync neither started nor finished")


def _doc_count(hub_url: str, hub_server: HubServer) -> int:
    info = hub_server.request("GET", "/" + hub_url.rsplit("/", 1)[1])
    assert isinstance(info, dict)
    return int(info["doc_count"])


@pytest.mark.slow
def test_sigkill_while_sending_and_while_merging_loses_nothing(
    tmp_path: Path, hub_url: str, hub_server: HubServer
) -> None:
    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    with Store.open(a_dir) as store:
        for n in range(PATIENTS):
            store.save(patient(f"Given{n}", f"Family{n}"), "Dr. A")
    killed = _kill_when(_start_sync(hub_url, a_dir), lambda: _doc_count(hub_url, hub_server) > 1)
    assert killed, "the first sync finished before it could be killed: make it bigger"
    assert _doc_count(hub_url, hub_server) > 1
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "sync", "--server", hub_url, "--data-dir",
         str(a_dir)],
        env={k: v for k, v in os.environ.items() if k != "WAYPOINT_DATA_DIR"} | CREDENTIALS,
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    # Merging on B, killed once some patients were written.
    patients_b = b_dir / "patients"
    killed = _kill_when(
        _start_sync(hub_url, b_dir),
        lambda: patients_b.is_dir() and len(list(patients_b.glob("*.json"))) > 3,
    )
    assert killed, "the second sync finished before it could be killed: make it bigger"
    process = _start_sync(hub_url, b_dir)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert everything(b_dir) == everything(a_dir)
    assert len(everything(b_dir)) == PATIENTS
    with Store.open(b_dir) as store:
        assert store.check() == []
    # Nothing is left to send or merge on either side.
    for root in (a_dir, b_dir):
        process = _start_sync(hub_url, root)
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0 and err == "", err
    assert "Pushed: 0 document(s). Pulled: 0 document(s)" in out, out
    assert everything(b_dir) == everything(a_dir)
