"""How long the care plan and the patient handout take to build (targets: 150 ms and 100 ms).

Renders the sample record's documents in memory, one warm-up first (fonts and templates load
once per process), then 20 timed runs each. Prints one line per document and, last, a JSON
line with ``careplan_ms`` and ``handout_ms`` (medians).

    .venv/bin/python benchmarks/documents.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from waypoint.documents.careplan import render_careplan
from waypoint.documents.handout import render_handout
from waypoint.sample import sample_record
from waypoint.settings import Settings

RUNS = 20
TARGETS_MS = {"careplan": 150.0, "handout": 100.0}


def median_ms(render: Callable[[], bytes]) -> float:
    """Median wall time of ``RUNS`` renders, in milliseconds."""
    render()  # warm-up: font registration and template compilation happen once
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        render()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    record = sample_record()
    settings = Settings(clinic_name="Pine Ridge Cancer Clinic", clinic_phone="(555) 201-5000")
    results = {
        "careplan": median_ms(lambda: render_careplan(record, settings=settings)),
        "handout": median_ms(lambda: render_handout(record, settings=settings)),
    }
    for name, ms in results.items():
        verdict = "ok" if ms <= TARGETS_MS[name] else "OVER TARGET"
        print(
            f"{name}: median {ms:.1f} ms over {RUNS} runs (target {TARGETS_MS[name]:.0f} ms) {verdict}"
        )
    print(json.dumps({f"{name}_ms": round(ms, 1) for name, ms in results.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
