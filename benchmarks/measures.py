"""How long the clinic's quality measures take over 1,000 and 10,000 patients (target: 1 s).

Grows one store through the real ``Store.save`` (like benchmarks/storage.py), with a varied
cohort: advanced diagnoses over two years, one to three conversations, palliative care visits,
treatment changes and admissions for enrolled patients, FACT-L scores, and a quarter who died
(some after hospice, some after an ICU stay or late chemotherapy). At each size it times:

- reading every record in full (``Store.records``: each file read, checked and validated) and
  computing the measures over them: what a report would cost without the kept facts;
- the first report (:func:`waypoint.services.measures.clinic_report`): each file read and
  checked, only the fields the measures need built, the facts kept in digests.json;
- the next report (what the app and ``main.py measures`` pay from then on): the kept facts
  read, and only records saved since read again (none here);
- the same with eight quarters for the chart.

The machine's speed is printed first (a plain Python loop), since a shared machine can run
two or three times slower than an idle one. Prints a table, then one JSON line (the last line).

    .venv/bin/python benchmarks/measures.py [--quick] [--keep DIR]
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from waypoint.clinical.measures import compute_measures
from waypoint.content.bundle import load_content
from waypoint.record.model import Assessment, CareEvent, Record
from waypoint.record.sample import sample_record
from waypoint.resources import resource
from waypoint.services.measures import clinic_report, quarters
from waypoint.storage.kinds import DIGESTS
from waypoint.storage.store import Store

AS_OF = dt.date(2026, 11, 21)
DAY = dt.timedelta(days=1)


def cohort_record(rng: random.Random, base: Record) -> Record:
    """One patient of a varied clinic (the sample's conversations, other dates and events)."""
    record = copy.deepcopy(base)
    record.patient.id = ""
    record.patient.family_name = f"Family-{rng.randint(1, 99999)}"
    diagnosed = AS_OF - rng.randint(0, 730) * DAY
    record.patient.advanced_diagnosis_date = diagnosed
    talk = record.conversations[-1]
    record.conversations = []
    day = diagnosed + rng.randint(-20, 90) * DAY
    for _ in range(rng.randint(1, 3)):
        if day > AS_OF:
            break
        conversation = copy.deepcopy(talk)
        conversation.id = ""
        conversation.date = day
        conversation.transition.code_status.cpr = rng.choice(["", "attempt", "do_not_attempt"])
        record.conversations.append(conversation)
        day += rng.randint(20, 120) * DAY
    record.events = []
    record.assessments = []
    record.patient.stepped_care.enrolled_on = None
    if rng.random() < 0.5:
        _stepped(rng, record, diagnosed + rng.randint(0, 40) * DAY)
    if rng.random() < 0.25:
        _death(rng, record, diagnosed + rng.randint(30, 700) * DAY)
    record.assign_ids()
    return record


def _event(record: Record, kind: str, day: dt.date, end: dt.date | None = None) -> None:
    if day <= AS_OF:
        record.events.append(CareEvent(date=day, kind=kind, end_date=end))


def _stepped(rng: random.Random, record: Record, enrolled: dt.date) -> None:
    if enrolled > AS_OF:
        return
    record.patient.stepped_care.enrolled_on = enrolled
    day = enrolled + rng.randint(5, 40) * DAY
    while day <= AS_OF:
        _event(record, "palliative_care_visit", day)
        if rng.random() < 0.3:
            _event(record, "treatment_change", day + rng.randint(1, 20) * DAY)
        day += rng.randint(20, 80) * DAY
    for week in range(6, 60, 6):
        scored = enrolled + (7 * week - rng.randint(0, 10)) * DAY
        if scored <= AS_OF and rng.random() < 0.8:
            record.assessments.append(Assessment(date=scored, fact_l_total=rng.randint(60, 120)))


def _death(rng: random.Random, record: Record, died: dt.date) -> None:
    if died > AS_OF or died < (record.patient.stepped_care.enrolled_on or died):
        return
    record.events = [e for e in record.events if e.date and e.date <= died]
    record.assessments = [a for a in record.assessments if a.date and a.date <= died]
    record.conversations = [c for c in record.conversations if c.date and c.date <= died]
    if rng.random() < 0.6:
        _event(record, "hospice_enrolment", died - rng.randint(0, 40) * DAY)
    if rng.random() < 0.2:
        admitted = died - rng.randint(1, 40) * DAY
        _event(record, "icu_admission", admitted, min(died, admitted + 3 * DAY))
    if rng.random() < 0.3:
        _event(record, "systemic_therapy", died - rng.randint(0, 40) * DAY)
    _event(record, "death", died)


def grow(store: Store, count: int, rng: random.Random) -> None:
    """Save patients until the store holds ``count``."""
    base = sample_record()
    while len(store) < count:
        store.save(cohort_record(rng, base), actor="benchmark")


def median_ms(run: object, repeats: int) -> float:
    """Median milliseconds of ``run()``."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def loop_ms() -> float:
    """Milliseconds for ten million steps of a plain Python loop (the machine's speed now)."""
    start = time.perf_counter()
    total = 0
    for n in range(10_000_000):
        total += n
    return (time.perf_counter() - start) * 1000


def main() -> None:
    """Grow the store, time each path, print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="1,000 patients only")
    parser.add_argument("--keep", metavar="DIR", help="grow (or reuse) the store in DIR")
    args = parser.parse_args()
    content = load_content(resource("content"))
    rng = random.Random(16)
    sizes = (1_000,) if args.quick else (1_000, 10_000)
    result: dict[str, float] = {"python_loop_ms": round(loop_ms(), 1)}
    print(f"machine: 10 million loop steps in {result['python_loop_ms']:.0f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(args.keep) if args.keep else Path(tmp) / "store"
        for count in sizes:
            store = Store.open(root)
            if len(store) > count:  # a kept store already past this size
                store.close()
                continue
            grow(store, count, rng)
            (root / DIGESTS).unlink(missing_ok=True)
            first = median_ms(lambda store=store: clinic_report(store, content, AS_OF), 1)
            report = median_ms(lambda store=store: clinic_report(store, content, AS_OF), 7)
            by_quarter = median_ms(
                lambda store=store: clinic_report(
                    store, content, AS_OF, by_quarter=quarters(AS_OF, 8)
                ),
                7,
            )
            # Last: building 10,000 whole records leaves a heap that slows what follows.
            full = median_ms(
                lambda store=store: compute_measures(store.records(), content, AS_OF), 1
            )
            store.close()
            print(
                f"{count:>6} patients: full records {full:7.0f} ms | first report {first:6.0f} ms"
                f" | next report {report:6.0f} ms | with 8 quarters {by_quarter:6.0f} ms"
            )
            result[f"full_records_ms_{count}"] = round(full, 1)
            result[f"first_report_ms_{count}"] = round(first, 1)
            result[f"report_ms_{count}"] = round(report, 1)
            result[f"by_quarter_ms_{count}"] = round(by_quarter, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
