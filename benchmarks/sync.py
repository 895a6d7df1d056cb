"""Sync benchmark: first sync of 1,000 and 10,000 patients, and one new conversation reaching
the other workstation, through a real CouchDB-protocol hub (PouchDB Server, in memory, on
loopback; install it with ``npm ci --prefix tests/sync_hub``).

For each size, workstation A holds the patients (the sample record: one conversation, its
assessments, events and audit trail) and syncs with an empty hub (first push), then an empty
workstation B syncs (first pull: every patient merged through the store, fsync'd). Then a
clinician on A adds one conversation to one patient; the figure is A's sync plus B's sync,
until B holds it (target: 2 s or less on loopback). Prints a table, then one JSON line.

    .venv/bin/python benchmarks/sync.py [--sizes 1000 10000] [--quick]
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.waypoint.sync.conftest import (
    ADMIN,
    SECRET,
    free_port,
    start_server,
    stop_server,
)
from waypoint.record.model import Conversation, Record
from waypoint.record.sample import sample_record
from waypoint.storage.store import Store
from waypoint.sync.engine import sync_once
from waypoint.sync.hub import Hub

TARGET_SECONDS = 2.0


def _record(base: Record, n: int) -> Record:
    record = copy.deepcopy(base)
    record.patient.id = ""
    record.patient.given_name, record.patient.family_name = f"Given{n}", f"Family{n}"
    record.patient.mrn = f"MRN-{n:06d}"
    for item in (*record.conversations, *record.assessments, *record.events):
        item.id = ""
    return record


def _grow(root: Path, count: int) -> float:
    """Add patients to the store in ``root`` until it holds ``count``; seconds taken."""
    base = sample_record()
    started = time.perf_counter()
    with Store.open(root) as store:
        for n in range(len(store), count):
            store.save(_record(base, n), "Dr. Bench")
    return time.perf_counter() - started


def _sync(root: Path, url: str) -> tuple[float, int, int]:
    """(seconds, pushed, pulled) of one sync of the store in ``root``."""
    with Store.open(root) as store, Hub(url, ADMIN, SECRET) as hub:
        started = time.perf_counter()
        report = sync_once(store, hub, "Dr. Bench")
        return time.perf_counter() - started, report.pushed, report.pulled


def _one_conversation(a: Path, b: Path, url: str) -> tuple[float, float, float]:
    with Store.open(a) as store:
        patient_id = store.list_patients()[len(store) // 2].id
        record = store.load(patient_id)
        new = Conversation(date=dt.date.today(), clinician="Dr. Bench")
        new.goals.goals = "be at home for the harvest"
        record.conversations.append(new)
        store.save(record, "Dr. Bench")
    push, _pushed, _pulled = _sync(a, url)
    pull, _pushed, _pulled = _sync(b, url)
    with Store.open(b, read_only=True) as store:
        goals = {c.goals.goals for c in store.load(patient_id).conversations}
    assert "be at home for the harvest" in goals, "the conversation did not arrive"
    return push, pull, push + pull


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--quick", action="store_true", help="200 patients only")
    args = parser.parse_args()
    sizes = [200] if args.quick else sorted(args.sizes)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        server = start_server(work / "hub", free_port())
        try:
            a = work / "a"
            for size in sizes:
                grow = _grow(a, size)
                url = server.new_database()
                b = work / f"b{size}"
                first_push, pushed, _ = _sync(a, url)
                first_pull, _, pulled = _sync(b, url)
                push, pull, total = _one_conversation(a, b, url)
                row = {
                    "patients": size,
                    "documents": pushed,
                    "first_push_s": round(first_push, 2),
                    "first_pull_s": round(first_pull, 2),
                    "pulled_documents": pulled,
                    "one_conversation_s": round(total, 3),
                    "one_conversation_push_s": round(push, 3),
                    "one_conversation_pull_s": round(pull, 3),
                    "target_met": total <= TARGET_SECONDS,
                    "store_grow_s": round(grow, 1),
                }
                results.append(row)
                print(
                    f"{size:>6} patients  {pushed:>7} docs  first push {first_push:7.2f} s  "
                    f"first pull {first_pull:7.2f} s  one conversation A->B {total:6.3f} s "
                    f"(push {push:.3f} + pull {pull:.3f}; target <= {TARGET_SECONDS} s: "
                    f"{'met' if total <= TARGET_SECONDS else 'MISSED'})",
                    flush=True,
                )
        finally:
            stop_server(server)
    print(json.dumps({"benchmark": "sync", "results": results}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
