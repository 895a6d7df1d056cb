"""How long the care plan and the patient handout take to build (targets: 150 ms and 100 ms).

Renders the sample record's documents in memory, one warm-up first (fonts and templates load
once per process), then 20 timed runs each; then the first care plan in a fresh process (imports,
fonts and templates included; target 600 ms, median of 5 processes). Prints one line per
measure and, last, a JSON line with ``careplan_ms``, ``handout_ms`` and ``first_document_ms``.
``cjk_handout_ms`` is the handout of a patient whose name and answers are in Chinese and Korean:
the CJK fallback font loads during its warm-up, then its glyphs are subset into every PDF.

    .venv/bin/python benchmarks/documents.py
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from waypoint.content.bundle import shipped_content
from waypoint.documents.careplan import render_careplan
from waypoint.documents.handout import render_handout
from waypoint.record.model import Record
from waypoint.record.sample import sample_record
from waypoint.storage.settings import Settings

RUNS = 20
TARGETS_MS = {"careplan": 150.0, "handout": 100.0, "first_document": 600.0, "cjk_handout": 150.0}
COLD_RUNS = 5
#: Run in a new interpreter: the time from before the first import to the care plan's bytes.
COLD = """
import sys, time
start = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from waypoint.content.bundle import shipped_content
from waypoint.documents.careplan import render_careplan
from waypoint.record.sample import sample_record
render_careplan(sample_record(), content=shipped_content())
print((time.perf_counter() - start) * 1000)
"""


def first_document_ms() -> float:
    """Median time to the first care plan in a fresh process (interpreter start not counted)."""
    root = str(Path(__file__).resolve().parent.parent)
    times = []
    for _ in range(COLD_RUNS):
        result = subprocess.run(
            [sys.executable, "-c", COLD, root], capture_output=True, text=True, check=True
        )
        times.append(float(result.stdout.strip()))
    return statistics.median(times)


def median_ms(render: Callable[[], bytes]) -> float:
    """Median wall time of ``RUNS`` renders, in milliseconds."""
    render()  # warm-up: font registration and template compilation happen once
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        render()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def cjk_record() -> Record:
    """The sample with a name and answers in Chinese and Korean."""
    record = sample_record()
    record.patient.given_name, record.patient.family_name = "王秀英", "김"
    goals = record.conversations[0].goals
    goals.goals = "我想在家里和家人一起度过时间，不想再住院。" * 3
    goals.fears = "통증이 무서워요. 가족에게 짐이 되고 싶지 않아요."
    return record


def main() -> int:
    record = sample_record()
    cjk = cjk_record()
    settings = Settings(clinic_name="Pine Ridge Cancer Clinic", clinic_phone="(555) 201-5000")
    results = {
        "careplan": median_ms(
            lambda: render_careplan(record, settings=settings, content=shipped_content())
        ),
        "handout": median_ms(
            lambda: render_handout(record, settings=settings, content=shipped_content())
        ),
        "first_document": first_document_ms(),
        "cjk_handout": median_ms(
            lambda: render_handout(cjk, settings=settings, content=shipped_content())
        ),
    }
    for name, ms in results.items():
        verdict = "ok" if ms <= TARGETS_MS[name] else "OVER TARGET"
        print(f"{name}: median {ms:.1f} ms (target {TARGETS_MS[name]:.0f} ms) {verdict}")
    print(json.dumps({f"{name}_ms": round(ms, 1) for name, ms in results.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
