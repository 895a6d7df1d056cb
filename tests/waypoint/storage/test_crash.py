"""Crash test: a worker saving in a loop is killed with SIGKILL hundreds of times.

After every kill the store opens, ``check`` finds nothing wrong, and every save the worker had
acknowledged (printed after save() returned) is there with its content — or a newer version
that was in flight when the kill came.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.waypoint.storage.crash_child import digest
from waypoint.storage.store import Store

KILLS = 220
ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and fork are POSIX")


def _read_until(proc: subprocess.Popen[str], stop: str) -> list[str]:
    assert proc.stdout is not None
    lines = []
    while True:
        line = proc.stdout.readline()
        assert line, "the crash helper ended unexpectedly"
        assert not line.startswith("FAIL"), line
        if line.startswith(stop):
            return [*lines, line]
        lines.append(line)


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_acknowledged_saves_survive_sigkill(data_dir: Path) -> None:
    rng = random.Random(20261121)
    acked: dict[str, str] = {}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("crash_child.py"))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
    )
    assert proc.stdin is not None
    rounds_with_acks = 0
    try:
        for round_no in range(KILLS):
            proc.stdin.write(f"go {data_dir} {round_no}\n")
            proc.stdin.flush()
            pid = int(_read_until(proc, "PID")[-1].split()[1])
            early: list[str] = []
            if round_no % 4 == 0:
                time.sleep(rng.uniform(0, 0.02))  # during start-up and the store's open
            elif round_no % 4 == 1:
                early = _read_until(proc, "OPEN")  # during the first save after opening
                time.sleep(rng.uniform(0, 0.04))
            else:
                # Somewhere in the save loop after at least one acknowledged save, however
                # slow a loaded machine makes each save.
                early = _read_until(proc, "ACK")
                time.sleep(rng.uniform(0, 0.04))
            os.kill(pid, signal.SIGKILL)
            proc.stdin.write("reap\n")
            proc.stdin.flush()
            in_flight: tuple[str, str] | None = None
            saved_this_round = False
            for line in early + _read_until(proc, "DEAD")[:-1]:
                kind, patient_id, mark = line.split()
                if kind == "OPEN":
                    continue
                if kind == "TRY":
                    in_flight = (patient_id, mark)
                else:
                    acked[patient_id] = mark
                    in_flight = None
                    saved_this_round = True
            rounds_with_acks += saved_this_round
            with Store.open(data_dir) as store:
                assert store.check() == [], f"round {round_no}"
                assert store.damaged == {}
                for patient_id, mark in acked.items():
                    assert patient_id in store, f"round {round_no}: acknowledged patient lost"
                    found = digest(store.load(patient_id))
                    allowed = {mark}
                    if in_flight and in_flight[0] == patient_id:
                        allowed.add(in_flight[1])
                    assert found in allowed, f"round {round_no}: acknowledged save lost"
                    acked[patient_id] = found  # an in-flight save that landed is the new base
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()
    # Half the kills come after an acknowledged save by construction; this checks the helper.
    assert rounds_with_acks >= KILLS // 2
