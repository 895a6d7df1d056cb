"""Store benchmark: save, search-as-you-type, open and memory at 100, 1,000 and 10,000 patients.

One store is grown 100 -> 1,000 -> 10,000 patients through the real ``Store.save`` (three
conversations of realistic size each, about 15 kB); at each size it measures save latency
(fsync'd, 200 saves of existing patients), search latency for every keystroke of typed names,
open time and the peak memory of opening. A naive single-file TinyDB (JSONStorage, no fsync)
holding the same records is the baseline. Finally the 10,000-patient store is encrypted and the
saves are measured again. Plain files carry a checksum (the store's only format), so every
save figure includes it. At the largest size it also times a whole-store snapshot and setting
the first passphrase (every kind of file sealed); both run off the GUI thread in the app.
Prints a table, then one JSON line (the last line).

    .venv/bin/python benchmarks/storage.py [--quick]
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tinydb import TinyDB

from waypoint.record.model import Record, record_to_json
from waypoint.record.sample import sample_record
from waypoint.storage.store import Store

GIVEN = ["Rosa", "Ana", "Luis", "Kim", "Amara", "Chen", "Olga", "Jamal", "Ines", "Tomás", "Zoë"]
FAMILY = ["Núñez", "O'Brien", "Łukasz", "García", "Nguyen", "Okafor", "Smith", "Dubois", "Rossi"]
SAVES = 200


def make_record(rng: random.Random, base: Record) -> Record:
    """A patient with three conversations, the sample's size, and a random name."""
    record = copy.deepcopy(base)
    record.patient.id = ""
    record.patient.given_name = rng.choice(GIVEN)
    record.patient.family_name = f"{rng.choice(FAMILY)}-{rng.randint(1, 9999)}"
    record.patient.mrn = f"MRN-{rng.randint(100000, 999999)}"
    first = record.conversations[-1]
    record.conversations = []
    for _ in range(3):
        conversation = copy.deepcopy(first)
        conversation.id = ""
        record.conversations.append(conversation)
    record.assign_ids()
    return record


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_saves(store: Store, rng: random.Random) -> list[float]:
    """Milliseconds per save of an edited existing record."""
    ids = [s.id for s in store.list_patients()]
    times = []
    for n in range(SAVES):
        record = store.load(rng.choice(ids))
        record.conversations[-1].goals.goals = f"Edited goals, take {n}."
        start = time.perf_counter()
        store.save(record, actor="benchmark")
        times.append((time.perf_counter() - start) * 1000)
    return times


def time_search(store: Store, rng: random.Random) -> list[float]:
    """Milliseconds per keystroke while typing five patients' names."""
    times = []
    for summary in rng.sample(store.list_patients(), 5):
        typed = f"{summary.family_name[:8]} {summary.given_name}"
        for end in range(1, len(typed) + 1):
            start = time.perf_counter()
            store.search(typed[:end])
            times.append((time.perf_counter() - start) * 1000)
    return times


def time_open(root: Path, passphrase: str = "") -> tuple[float, float]:
    """Median open time in ms over five opens, and the peak MiB traced during one open."""
    times = []
    for _ in range(5):
        start = time.perf_counter()
        store = Store.open(root, passphrase=passphrase)
        times.append((time.perf_counter() - start) * 1000)
        store._dirty = 0  # opening alone: no index write or snapshot at close
        store.close()
    tracemalloc.start()
    Store.open(root, passphrase=passphrase).close()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(times), peak


def naive(folder: Path, records: list[dict[str, object]], rng: random.Random) -> dict[str, float]:
    """The same operations on one TinyDB JSON file holding every record."""
    path = folder / f"naive-{len(records)}.json"
    TinyDB(path).storage.write({"_default": {str(i + 1): r for i, r in enumerate(records)}})
    start = time.perf_counter()
    db = TinyDB(path)
    count = len(db)
    open_ms = (time.perf_counter() - start) * 1000
    assert count == len(records)
    table = db.table("_default")
    saves = []
    for n in range(3 if len(records) > 1000 else 10):
        doc_id = rng.randint(1, len(records))
        start = time.perf_counter()
        table.update({"note": f"take {n}"}, doc_ids=[doc_id])
        saves.append((time.perf_counter() - start) * 1000)
    start = time.perf_counter()
    table.search(lambda doc: "rosa" in str(doc["patient"]["given_name"]).lower())
    search_ms = (time.perf_counter() - start) * 1000
    db.close()
    path.unlink()
    return {"save_ms": statistics.median(saves), "search_ms": search_ms, "open_ms": open_ms}


def main() -> int:
    """Run the benchmark and print the table and the JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 and 1,000 patients only")
    args = parser.parse_args()
    sizes = (100, 1000) if args.quick else (100, 1000, 10000)
    rng = random.Random(3)
    base = sample_record()
    results: dict[int, dict[str, float]] = {}
    rows: list[dict[str, object]] = []
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="wp-bench-") as tmp:
        folder = Path(tmp)
        root = folder / "store"
        store = Store.open(root)
        for size in sizes:
            while len(store) < size:
                record = make_record(rng, base)
                store.save(record)
                rows.append(record_to_json(record))
            saves = time_saves(store, rng)
            search = time_search(store, rng)
            store.close()
            open_ms, peak = time_open(root)
            store = Store.open(root)
            results[size] = {
                "save_median_ms": statistics.median(saves),
                "save_p95_ms": pct(saves, 0.95),
                "save_max_ms": max(saves),
                "search_ms": pct(search, 0.95),
                "open_ms": open_ms,
                "open_peak_mib": peak,
                **{f"naive_{k}": v for k, v in naive(folder, rows, rng).items()},
            }
            print(f"... {size} patients measured ({time.perf_counter() - began:.0f} s)", flush=True)
        largest = sizes[-1]
        start = time.perf_counter()
        store.take_snapshot()
        snapshot_s = time.perf_counter() - start
        start = time.perf_counter()
        store.set_passphrase("benchmark passphrase")
        encrypt_s = time.perf_counter() - start
        store.close()
        enc_open_ms, _peak = time_open(root, "benchmark passphrase")
        store = Store.open(root, passphrase="benchmark passphrase")
        enc = time_saves(store, rng)
        store.close()
    print()
    print(
        f"{'patients':>9} {'save med':>9} {'save p95':>9} {'save max':>9} {'search':>8} "
        f"{'open':>8} {'open MiB':>9} {'naive save':>11} {'naive srch':>11} {'naive open':>11}"
    )
    for size, r in results.items():
        print(
            f"{size:>9} {r['save_median_ms']:>9.2f} {r['save_p95_ms']:>9.2f} "
            f"{r['save_max_ms']:>9.1f} {r['search_ms']:>8.2f} {r['open_ms']:>8.1f} "
            f"{r['open_peak_mib']:>9.1f} {r['naive_save_ms']:>11.1f} "
            f"{r['naive_search_ms']:>11.1f} {r['naive_open_ms']:>11.1f}"
        )
    print(
        f"encrypted, {largest} patients: save median {statistics.median(enc):.2f} ms, "
        f"p95 {pct(enc, 0.95):.2f} ms; open {enc_open_ms:.0f} ms (includes Argon2id); "
        f"encrypting the store took {encrypt_s:.0f} s; a snapshot took {snapshot_s:.1f} s"
    )
    top, small = results[largest], results[sizes[0]]
    summary = {
        f"save_p95_ms_{largest}": round(top["save_p95_ms"], 2),
        f"save_median_ms_{largest}": round(top["save_median_ms"], 2),
        f"save_ratio_{largest}_over_{sizes[0]}": round(
            top["save_p95_ms"] / small["save_p95_ms"], 2
        ),
        f"search_ms_{largest}": round(top["search_ms"], 2),
        f"open_ms_{largest}": round(top["open_ms"], 1),
        f"open_peak_mib_{largest}": round(top["open_peak_mib"], 1),
        f"naive_save_ms_{largest}": round(top["naive_save_ms"], 1),
        f"naive_over_store_save_{largest}": round(top["naive_save_ms"] / top["save_median_ms"], 1),
        f"encrypted_save_p95_ms_{largest}": round(pct(enc, 0.95), 2),
        f"encrypted_open_ms_{largest}": round(enc_open_ms, 1),
        f"snapshot_s_{largest}": round(snapshot_s, 1),
        f"set_passphrase_s_{largest}": round(encrypt_s, 1),
        "seconds": round(time.perf_counter() - began, 1),
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
