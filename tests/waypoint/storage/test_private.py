"""Private by default: folders 0700 and files 0600 across a whole session, and no patient
information in any error message, log line or exception on the storage and CLI error paths."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from main import main
from waypoint.applog import start_logging, stop_logging
from waypoint.record.model import Conversation, record_to_json
from waypoint.record.sample import sample_record
from waypoint.storage.drafts import Draft, DraftStore
from waypoint.storage.settings import Settings, save_settings
from waypoint.storage.store import Store

FAST = {"memory_kib": 8192, "iterations": 1, "lanes": 1}
WORDS = ("Zebulonqua", "Quixotlmar", "1937-02-29")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes; Windows uses the profile ACL")
def test_every_folder_and_file_of_a_session_is_private(tmp_path: Path) -> None:
    old = os.umask(0o022)  # the usual umask, which would give 0755 and 0644
    try:
        data_dir = tmp_path / "deep" / "er" / "store"
        start_logging(data_dir)
        with Store.open(data_dir) as store:
            record = sample_record()
            patient_id = store.save(record)
            record.patient.diagnosis = "Changed"
            store.save(record)
            other = sample_record()
            other.patient.id = ""
            store.delete(store.save(other), actor="Dr Test")
            DraftStore(data_dir).save(
                Draft(patient_id, Conversation(date=dt.date(2026, 3, 1), clinician="Dr Test"))
            )
            save_settings(data_dir, Settings(clinic_phone="555-0100"))
            store.take_snapshot()
            store.backup_to(data_dir / "whole.wpbackup")
            store.set_passphrase("correct horse", kdf=FAST)
        stop_logging()
    finally:
        os.umask(old)
    loose = [
        f"{oct(stat.S_IMODE(p.stat().st_mode))} {p.relative_to(tmp_path)}"
        for p in [data_dir, *data_dir.rglob("*")]
        if stat.S_IMODE(p.stat().st_mode) != (0o700 if p.is_dir() else 0o600)
    ]
    assert loose == []
    assert {p.name for p in data_dir.iterdir()} >= {"logs", "drafts", "snapshots", "backups"}


def _leaf_paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _leaf_paths(v, (*path, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _leaf_paths(v, (*path, i))]
    return [path]


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def _bad_imports() -> list[dict[str, Any]]:
    """The sample record with one field at a time given a wrong value full of the words."""
    good = record_to_json(sample_record())
    bad = []
    for path in _leaf_paths(good):
        for wrong in (f"{WORDS[0]} {WORDS[1]} {WORDS[2]}", [WORDS[0]], {WORDS[1]: WORDS[2]}):
            data = json.loads(json.dumps(good))
            _set(data, path, wrong)
            bad.append(data)
    return bad


def test_rejected_imports_never_echo_what_was_in_the_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = tmp_path / "record.json"
    data_dir = tmp_path / "store"
    rejected = 0
    for data in [*_bad_imports()[::3], {"patient": {"given_name": WORDS[0]}}]:
        record.write_text(json.dumps(data), encoding="utf-8")
        code = main(["import", str(record), "--data-dir", str(data_dir)])
        out = capsys.readouterr()
        rejected += code != 0
        assert not any(w in out.err + out.out for w in WORDS), out.err
    record.write_text('{"patient": {"given_name": "' + WORDS[0], encoding="utf-8")
    assert main(["import", str(record), "--data-dir", str(data_dir)]) == 2
    assert WORDS[0] not in capsys.readouterr().err
    assert rejected > 50


def test_damaged_files_are_reported_without_what_they_held(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(data_dir) as store:
        record = sample_record()
        record.patient.diagnosis = f"{WORDS[0]} carcinoma"
        patient_id = store.save(record)
        record.patient.mrn = WORDS[1]
        store.save(record)
        DraftStore(data_dir).save(
            Draft(patient_id, Conversation(date=dt.date(2026, 3, 1), clinician=WORDS[0]))
        )
        store.take_snapshot()
    for path in [*data_dir.rglob("*.json"), *data_dir.rglob("*.wpbackup")]:
        raw = path.read_bytes()
        # Keep the words but break the checksum and the structure around them.
        path.write_bytes(raw.replace(b"WPS1 ", b"WPS1 0").replace(b'"', b"'", 3))
    with Store.open(data_dir) as store:  # the header's copy (store.json.bak) is intact
        messages = [*store.notices, *store.damage_report(), *store.damaged.values()]
        messages += store.check() + store.repair()
    for name in ("store.json", "store.json.bak"):
        (data_dir / name).unlink()
    assert main(["check", "--data-dir", str(data_dir)]) != 0
    assert main(["check", "--repair", "--data-dir", str(data_dir)]) != 0
    out = capsys.readouterr()
    messages += [out.out, out.err]
    try:
        DraftStore(data_dir).load(patient_id)
    except Exception as exc:  # any exception's text is checked
        messages.append(str(exc))
    logs = [p.read_text(errors="replace") for p in data_dir.rglob("*.log")]
    assert not [m for m in messages + logs for w in WORDS if w in m]
