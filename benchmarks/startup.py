"""Cold start to an interactive main window with 1,000 patients in the store, beside a bare Qt window.

    .venv/bin/python benchmarks/startup.py [--runs 10] [--patients 1000]

Each run is a fresh interpreter started offscreen. The parent notes the time just before it
starts the process; the app (``WAYPOINT_EXIT_WHEN_SHOWN``) prints a timestamp once the main window
is shown and the event loop has gone round idle, then quits. The floor is the same measurement
for a bare ``QWidget`` window: the cost of Python plus Qt that no app code can remove.
Targets: median ≤ 1.0 s, and ≤ 3× the floor. The last line is JSON for tools.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FLOOR = """
import time, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
window = QWidget()
window.resize(1100, 700)
window.show()
def report():
    print(f"waypoint-shown {time.time():.6f}", flush=True)
    app.quit()
QTimer.singleShot(0, lambda: QTimer.singleShot(0, report))
app.exec()
"""

GIVEN = ("Ana", "Ben", "Chloé", "Dmitri", "Esi", "Farah", "Gustavo", "Hana", "Ivo", "Jun")
FAMILY = ("Silva", "Okafor", "Nowak", "Łukasz", "Pérez", "Tanaka", "Müller", "Khan", "Ng", "Roy")


def build_store(root: Path, patients: int) -> None:
    """``patients`` records, each a copy of the sample with its own name and id."""
    from waypoint.record.sample import sample_record
    from waypoint.storage.store import Store

    base = sample_record()
    with Store.open(root) as store:
        for i in range(patients):
            record = copy.deepcopy(base)
            record.patient.id = ""
            for conversation in record.conversations:
                conversation.id = ""
            record.patient.given_name = GIVEN[i % 10]
            record.patient.family_name = f"{FAMILY[(i // 10) % 10]}-{i:04d}"
            record.patient.mrn = f"MRN-{i:05d}"
            store.save(record)


def time_one(command: list[str], env: dict[str, str]) -> float:
    """Milliseconds from starting the process to its 'shown' line."""
    started = time.time()
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    for line in done.stdout.splitlines():
        if line.startswith("waypoint-shown "):
            return (float(line.split()[1]) - started) * 1000
    raise SystemExit(f"no 'shown' line from {command[1:3]}: exit {done.returncode}\n{done.stderr}")


def measure(command: list[str], env: dict[str, str], runs: int) -> list[float]:
    """One warm-up (file cache), then ``runs`` timed starts."""
    time_one(command, env)
    return [time_one(command, env) for _ in range(runs)]


def main() -> int:
    """Run the benchmark and print the figures; the last line is JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--patients", type=int, default=1000)
    args = parser.parse_args()

    # An installed app starts from bytecode (pip and PyInstaller both compile it); a source tree
    # run with PYTHONDONTWRITEBYTECODE=1, as on this build machine, would compile every module
    # at every start and time the compiler instead. So compile once, as an install would.
    import compileall

    for part in ("gui", "waypoint"):
        compileall.compile_dir(str(ROOT / part), quiet=1)
    compileall.compile_file(str(ROOT / "main.py"), quiet=1)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", WAYPOINT_EXIT_WHEN_SHOWN="1")
    env.setdefault("WAYPOINT_PASSPHRASE", "")
    with tempfile.TemporaryDirectory(prefix="waypoint-startup-") as tmp:
        store = Path(tmp) / "store"
        started = time.perf_counter()
        build_store(store, args.patients)
        print(f"built a store of {args.patients} patients in {time.perf_counter() - started:.1f} s")
        env.update(HOME=tmp, XDG_CONFIG_HOME=f"{tmp}/config", XDG_DATA_HOME=f"{tmp}/data")
        app = measure(
            [sys.executable, str(ROOT / "main.py"), "--data-dir", str(store)], env, args.runs
        )
        floor = measure([sys.executable, "-c", FLOOR], env, args.runs)

    app_ms, floor_ms = statistics.median(app), statistics.median(floor)
    print(
        f"main window, {args.patients} patients: median {app_ms:.0f} ms "
        f"(min {min(app):.0f}, max {max(app):.0f}) over {args.runs} runs"
    )
    print(
        f"bare Qt window (floor): median {floor_ms:.0f} ms "
        f"(min {min(floor):.0f}, max {max(floor):.0f})"
    )
    print(
        f"ratio to floor: {app_ms / floor_ms:.2f}x (target ≤ 3x); target ≤ 1000 ms: "
        f"{'met' if app_ms <= 1000 else 'NOT met'}"
    )
    print(
        json.dumps(
            {
                "startup_ms_1000": round(app_ms, 1),
                "startup_floor_ms": round(floor_ms, 1),
                "patients": args.patients,
                "runs": args.runs,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
