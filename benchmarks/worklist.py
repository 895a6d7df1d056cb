"""How long the clinic worklist takes for 10,000 patients (target: 200 ms median or less).

Builds the index rows the store keeps (with their due dates, stamped for the content in use),
then times what the worklist window does: check each row's stamp (current_rows) and build the
worklist over them. Prints one line per size and, last, a JSON line with ``worklist_ms_10000``.

    .venv/bin/python benchmarks/worklist.py
"""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from waypoint.clinical.worklist import build_worklist, current_rows
from waypoint.content.bundle import shipped_content
from waypoint.record.model import Record
from waypoint.storage.summary import PatientSummary

TODAY = dt.date(2026, 11, 21)


def rows(count: int, seed: int = 6) -> list[PatientSummary]:
    """Index rows with due dates spread from 10 weeks ago to 10 weeks ahead."""
    rng = random.Random(seed)
    stamp = f"{shipped_content().version}|"
    out = []
    for n in range(count):
        due = {
            kind: (TODAY + dt.timedelta(days=rng.randint(-70, 70))).isoformat()
            for kind in ("conversation", "visit", "fact_l")
            if rng.random() < 0.7
        }
        out.append(
            PatientSummary(
                id=f"P-{n:010X}",
                given_name=f"Given{n}",
                family_name=f"Family{n}",
                mrn=f"MRN-{n}",
                date_of_birth="1950-01-01",
                diagnosis="",
                updated="2026-11-21T09:00:00+00:00",
                due=due,
                due_stamp=stamp,
            )
        )
    return out


class _Rows:
    """The store's side of current_rows: every stamp holds, so no record is opened."""

    def __init__(self, summaries: list[PatientSummary]) -> None:
        self.summaries = summaries

    def list_patients(self) -> list[PatientSummary]:
        return self.summaries

    def readable(self, patient_id: str) -> Record | None:
        raise AssertionError("a row whose stamp holds was opened")

    def refresh_due(self, patient_id: str, due: dict[str, str], stamp: str) -> None:
        raise AssertionError("a row whose stamp holds was recomputed")


def median_ms(count: int, repeats: int = 15) -> tuple[float, int]:
    """Median milliseconds to build the worklist for ``count`` patients, and its length."""
    store = _Rows(rows(count))
    times = []
    length = 0
    for _ in range(repeats):
        start = time.perf_counter()
        length = len(build_worklist(current_rows(store, TODAY, content=shipped_content()), TODAY))
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), length


def due_dates_ms(repeats: int = 50) -> float:
    """Median milliseconds of :func:`due_dates` for a record with a conversation due.

    It runs at every save (and would run for every row to refresh the index after a content
    update): the sample record with a 26-point drop and an admission after its conversation.
    """
    from waypoint.clinical.worklist import due_dates
    from waypoint.record.model import Assessment, CareEvent
    from waypoint.record.sample import sample_record

    record = sample_record()
    record.assessments.append(Assessment(date=dt.date(2026, 11, 10), fact_l_total=70))
    record.events.append(
        CareEvent(date=dt.date(2026, 11, 12), kind="hospitalization", end_date=TODAY)
    )
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        due_dates(record, TODAY, content=shipped_content())
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    """Run and print the figures."""
    result = {}
    for count in (1_000, 10_000):
        ms, length = median_ms(count)
        print(f"{count:>6} patients: worklist of {length} items in {ms:.1f} ms (median)")
        result[f"worklist_ms_{count}"] = round(ms, 2)
    per_record = due_dates_ms()
    print(
        f"due dates of one record (when its row is read after a save): {per_record:.2f} ms (median)"
    )
    result["due_dates_ms"] = round(per_record, 3)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
