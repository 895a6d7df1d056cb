"""Helper process for the crash test (not a test module).

Reads commands on stdin. ``go ROOT SEED``: fork a worker that opens the store in ROOT and saves
records in a loop, printing ``TRY id digest`` before each save and ``ACK id digest`` once save()
has returned; the worker first prints ``PID n``. ``reap``: wait for the worker (which
the test has killed with SIGKILL) and print ``DEAD``. Every line goes out in one write(2) of
less than PIPE_BUF bytes, so lines from the two processes never interleave; the worker
announces its own ``PID`` before anything else, so that line always comes first. Forking from this pre-imported process
keeps each round to a few milliseconds, so the test can afford hundreds of kills.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sys

from waypoint.record.model import Record, record_to_json
from waypoint.record.sample import sample_record
from waypoint.storage.store import Store

POOL = 30
TEXT = "\n\r\taé ñ Łø\"'<>&—😀 中文 ،"


def digest(record: Record) -> str:
    """A short fingerprint of a record's content."""
    data = json.dumps(record_to_json(record), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def say(line: str) -> None:
    """One line in a single write, atomic on a pipe."""
    os.write(1, (line + "\n").encode("utf-8"))


def worker(root: str, seed: int) -> None:
    say(f"PID {os.getpid()}")
    rng = random.Random(seed)
    store = Store.open(root)  # type: ignore[arg-type]
    ids = [s.id for s in store.list_patients()]
    say("OPEN - -")
    while True:
        if not ids or (len(ids) < POOL and rng.random() < 0.3):
            record = sample_record()
            record.patient.id = ""
        else:
            record = store.load(rng.choice(ids))
        record.patient.diagnosis = "".join(rng.choice(TEXT[3:]) for _ in range(rng.randint(0, 40)))
        conversation = record.latest_conversation()
        if conversation is not None:
            conversation.goals.goals = "".join(rng.choice(TEXT) for _ in range(rng.randint(0, 400)))
        record.assign_ids()
        mark = digest(record)
        say(f"TRY {record.patient.id} {mark}")
        patient_id = store.save(record)
        say(f"ACK {patient_id} {mark}")
        if patient_id not in ids:
            ids.append(patient_id)


def warm_up() -> None:
    """One save in a throwaway store, so forked workers start with every lazy import done."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder)) as store:
        store.load(store.save(sample_record()))


def main() -> None:
    warm_up()
    pid = 0
    for line in sys.stdin:
        words = line.split()
        if words[0] == "go":
            pid = os.fork()
            if pid == 0:
                try:
                    worker(words[1], int(words[2]))
                except BaseException as exc:  # tell the test rather than leave it waiting
                    say(f"FAIL {type(exc).__name__} -")
                finally:
                    os._exit(1)
        elif words[0] == "reap":
            os.waitpid(pid, 0)
            say("DEAD")


if __name__ == "__main__":
    main()
