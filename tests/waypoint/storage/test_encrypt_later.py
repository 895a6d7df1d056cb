"""Encrypt later: setting the first passphrase seals every kind of file, archives included.

A store used for a while without a passphrase holds the patients' words in records, backups,
a deleted patient's files, drafts, snapshots, a file set aside as damaged and a temporary file
left by a crash. After ``set_passphrase`` not one byte of the data folder — inside the zip
archives too — may still hold those words.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from waypoint.record.model import Conversation
from waypoint.record.sample import sample_record
from waypoint.storage.atomic import TEMP_SUFFIX
from waypoint.storage.drafts import Draft, DraftStore
from waypoint.storage.kinds import KINDS
from waypoint.storage.store import Store

FAST = {"memory_kib": 8192, "iterations": 1, "lanes": 1}
ROOT = Path(__file__).resolve().parents[3]
WORDS = ("Zebulonqua", "Quixotlmar", "Vortigernix", "Marmaladeo")


def _distinctive(n: int):  # type: ignore[no-untyped-def]
    record = sample_record()
    record.patient.id = ""
    record.patient.given_name = WORDS[0]
    record.patient.family_name = f"{WORDS[1]}{n}"
    record.patient.diagnosis = f"{WORDS[2]} carcinoma"
    return record


def every_byte(root: Path) -> list[tuple[str, bytes]]:
    """(name, bytes) of every file under ``root``, and of every member of every zip in it."""
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        found.append((str(path.relative_to(root)), raw))
        if raw.startswith(b"PK"):
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                found += [(f"{path.name}:{n}", archive.read(n)) for n in archive.namelist()]
    return found


def leaks(root: Path) -> list[str]:
    """Files (or archive members) in which any of the words can be read."""
    return [
        name
        for name, raw in every_byte(root)
        for word in WORDS
        if word.encode() in raw or word.encode("utf-16-le") in raw
    ]


def used_for_a_while(data_dir: Path) -> list[str]:
    """A plain store touched in every way a clinic would before choosing a passphrase."""
    with Store.open(data_dir) as store:
        ids = [store.save(_distinctive(n)) for n in range(3)]
        record = store.load(ids[0])
        record.patient.mrn = f"{WORDS[3]}-7702"
        store.save(record)  # a second version: backups hold both
        drafts = DraftStore(data_dir)
        conversation = Conversation(date=dt.date(2026, 3, 1), clinician="Dr Test")
        conversation.goals.goals = f"{WORDS[3]} at home with the grandchildren"
        drafts.save(Draft(ids[1], conversation))
        drafts.save(Draft(ids[2], conversation))
        store.delete(ids[2], actor="Dr Test")  # its draft goes with it, kept for retention
    assert any((data_dir / "snapshots").glob("*.wpbackup"))  # the daily copy at close
    aside = data_dir / "drafts" / "damaged"
    aside.mkdir(mode=0o700)
    (aside / f"{ids[1]}.json.20260101T000000Z").write_bytes(f"{WORDS[0]} half a".encode())
    (data_dir / "patients" / f".{ids[0]}{TEMP_SUFFIX}").write_bytes(WORDS[1].encode())
    return ids


def test_every_kind_of_file_is_sealed_after_encrypt_later(data_dir: Path) -> None:
    ids = used_for_a_while(data_dir)
    before = leaks(data_dir)
    kinds_with_words = {name.split("/")[0].split(":")[0] for name in before}
    assert {"patients", "backups", "drafts", "index.json"} <= kinds_with_words
    assert any(".wpbackup:" in name for name in before)  # the snapshots held plain records
    seen: list[tuple[int, int]] = []
    with Store.open(data_dir) as store:
        store.set_passphrase("correct horse", kdf=FAST, progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1]  # progress reached the end
    assert leaks(data_dir) == []
    with Store.open(data_dir, passphrase="correct horse") as store:
        assert store.load(ids[0]).patient.mrn == f"{WORDS[3]}-7702"
        assert [p for p in store.check() if "set aside" not in p] == []
        assert DraftStore(data_dir, store.cipher).load(ids[1]) is not None


def test_the_registry_names_every_file_a_session_leaves(data_dir: Path) -> None:
    used_for_a_while(data_dir)
    named = {path for kind in KINDS for path in kind.find(data_dir)}
    every = {p for p in data_dir.rglob("*") if p.is_file()}
    assert every - named == set()


KILLED = """
import sys
from pathlib import Path
from waypoint.storage.store import Store
FAST = {"memory_kib": 8192, "iterations": 1, "lanes": 1}
store = Store.open(Path(sys.argv[1]))
print("open", flush=True)
store.set_passphrase("correct horse", kdf=FAST, progress=lambda d, t: print(d, t, flush=True))
print("sealed", flush=True)
"""


@pytest.mark.slow
def test_first_encryption_killed_at_random_points_loses_nothing(tmp_path: Path) -> None:
    """SIGKILL after a random number of files sealed (0: before the header was written)."""
    rng = random.Random(12)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for n in range(12):
        data_dir = tmp_path / f"store{n}"
        used_for_a_while(data_dir)
        with Store.open(data_dir) as store:
            expected = {s.id: store.load(s.id) for s in store.list_patients()}
        proc = subprocess.Popen(
            [sys.executable, "-c", KILLED, str(data_dir)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == "open"
        stop_after = rng.randint(0, 14)
        for _done in range(stop_after):
            if proc.stdout.readline().strip() in ("sealed", ""):
                break
        time.sleep(rng.uniform(0, 0.003))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        if b'"encryption"' in (data_dir / "store.json").read_bytes():
            with Store.open(data_dir, passphrase="correct horse") as store:
                assert {i: store.load(i) for i in expected} == expected, n
            assert leaks(data_dir) == [], n  # the open finished sealing everything
        else:  # killed before the header said so: still a sound plain store
            with Store.open(data_dir) as store:
                assert {i: store.load(i) for i in expected} == expected, n
