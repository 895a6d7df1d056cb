"""A full disk and other I/O faults: a save says exactly whether it was saved.

Two layers. Real files: a small tmpfs is mounted and filled (adaptively, page by page) so that
every step of a save in turn runs out of space; the store and ``main.py import`` must say
"saved" exactly when the record is durable, never leave a second patient on a retry, and open
read-only when nothing can be written. Fault injection: ENOSPC raised at each step of a save
and of close, for the finer-grained promises (what is rolled back, which warning is given).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers import run_main
from waypoint.interop.exchange import import_record
from waypoint.record.model import Record, record_to_json
from waypoint.record.sample import sample_record
from waypoint.storage import backup
from waypoint.storage import store as store_module
from waypoint.storage.errors import StoreError
from waypoint.storage.faults import NotSavedError
from waypoint.storage.lock import StoreLock
from waypoint.storage.store import Store

ROOT = Path(__file__).resolve().parents[3]
PAGE = 4096
DISK_BYTES = 1024 * 1024


def _enospc(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/secret/patients/P-LEAK.json")


def new_patient() -> Record:
    """The sample record without a patient id, as a file from another system would come."""
    record = sample_record()
    record.patient.id = ""
    return record


def assert_plain(text: str, *patient_ids: str) -> None:
    """No traceback and no patient information: names, record number, birth date, free text, ids."""
    patient = sample_record().patient
    for secret in (
        "Traceback",
        "P-LEAK",
        "/secret",
        patient.given_name,
        patient.family_name,
        patient.mrn,
        "1954-03-14",
        "granddaughter",
        *patient_ids,
    ):
        assert secret not in text, f"{secret!r} leaked into: {text}"


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` and its bytes (the lock file's holder details aside)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "store.lock"
    }


# -- a real small disk ------------------------------------------------------------------------


@contextmanager
def tmpfs(where: Path) -> Iterator[Path]:
    """A fresh 1 MiB tmpfs at ``where``; skips the test where mounting is not permitted."""
    where.mkdir(parents=True, exist_ok=True)
    if sys.platform != "linux" or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs is not possible here (needs Linux and mount(8))")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES},mode=0700", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(
            "mounting a tmpfs is not permitted here (needs root or CAP_SYS_ADMIN): "
            + done.stderr.strip()
        )
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


def leave_free(disk: Path, pages: int) -> None:
    """Fill ``disk`` with a filler file until exactly ``pages`` pages are free."""
    stat = os.statvfs(disk)
    todo = stat.f_bavail * stat.f_frsize - pages * PAGE
    with open(disk / "filler", "ab") as filler:
        while todo > 0:
            chunk = min(todo, 64 * PAGE)
            filler.write(b"\0" * chunk)
            filler.flush()
            todo -= chunk
    stat = os.statvfs(disk)
    assert stat.f_bavail * stat.f_frsize == pages * PAGE


def free_space(disk: Path) -> None:
    (disk / "filler").unlink()


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_main(*args, env_extra={"WAYPOINT_PASSPHRASE": ""})


def test_each_step_of_a_save_runs_out_of_space_in_turn(tmp_path: Path) -> None:
    """Leave 0, 1, 2, … pages free before saving a new patient into a real store, until a save
    needs none of them; at every level the store says exactly what happened."""
    seen: set[str] = set()
    for pages in range(16):
        with tmpfs(tmp_path / f"disk{pages}") as disk:
            Store.open(disk / "store").close()
            leave_free(disk, pages)
            with Store.open(disk / "store") as store:
                record = new_patient()
                before = tree(disk / "store")
                try:
                    outcome = import_record(store, record)
                except StoreError as exc:
                    assert_plain(str(exc), record.patient.id)
                    assert "Not saved" in str(exc) and "disk is full" in str(exc)
                    seen.add("read-only" if store.read_only else "not saved")
                    assert tree(disk / "store") == before  # as it was: no backup copy left over
                    continue
                finally:
                    closing = store.close()
            for warning in (*outcome.warnings, *closing):
                assert_plain(warning, outcome.patient_id)
                assert warning.startswith("Saved. But Waypoint could not")
            seen.add("saved, housekeeping failed" if closing else "saved")
            free_space(disk)
            with Store.open(disk / "store") as store:
                assert store.check() == [] and not store.damaged
                assert record_to_json(store.load(outcome.patient_id)) == record_to_json(record)
            if not closing:
                break
    assert seen == {"read-only", "not saved", "saved, housekeeping failed", "saved"}


def test_a_full_store_opens_read_only_and_still_reads(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk") as disk:
        with Store.open(disk / "store") as store:
            patient_id = store.save(sample_record())
        leave_free(disk, 0)
        before = tree(disk / "store")
        with Store.open(disk / "store") as store:
            assert store.read_only and "disk is full" in store.read_only_reason
            assert store.read_only_reason in store.notices
            assert [s.id for s in store.list_patients()] == [patient_id]
            assert store.load(patient_id) == sample_record()
            changed = sample_record()
            changed.patient.diagnosis = "Another diagnosis"
            with pytest.raises(StoreError, match="read-only") as refused:
                store.save(changed)
            assert_plain(str(refused.value), patient_id)
            assert store.commit(sample_record()).already_saved  # it is there: say so
        assert tree(disk / "store") == before


def test_a_read_only_disk_opens_read_only(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk") as disk:
        with Store.open(disk / "store") as store:
            patient_id = store.save(sample_record())
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        with Store.open(disk / "store") as store:
            assert store.read_only and "disk is read-only" in store.read_only_reason
            assert store.load(patient_id) == sample_record()
        checked = run("check", "--data-dir", str(disk / "store"))
        assert checked.returncode == 0 and "sound" in checked.stdout
        assert "read-only" in checked.stdout


@pytest.mark.slow
def test_import_on_a_full_disk_as_qa_found_it(tmp_path: Path) -> None:
    """The reported case, through the command line: the record fits but tidying up does not;
    retries on the full disk and after freeing space; the store opens and checks sound."""
    record_file = tmp_path / "record.json"
    data = record_to_json(new_patient())
    record_file.write_text(json.dumps(data), encoding="utf-8")
    kinds: set[str] = set()
    for pages in range(16):
        with tmpfs(tmp_path / f"disk{pages}") as disk:
            store = str(disk / "store")
            assert run("check", "--data-dir", store).returncode == 0
            leave_free(disk, pages)
            first = run("import", str(record_file), "--data-dir", store)
            assert_plain(first.stderr, first.stdout.strip() or "P-")
            saved = sorted((disk / "store" / "patients").glob("*.json"))
            if first.returncode != 0:
                assert first.stdout == "" and saved == []
                assert first.stderr.startswith("waypoint: Not saved")
                kinds.add("not saved")
            else:
                patient_id = first.stdout.strip()
                assert [p.stem for p in saved] == [patient_id]
                kinds.add("saved, tidying failed" if first.stderr else "saved")
                for line in first.stderr.splitlines():
                    assert line.startswith("waypoint: Saved. But Waypoint could not")
                    assert "nothing is lost" in line and "free some disk space" in line
            for _retry in range(3):  # on the still-full disk
                again = run("import", str(record_file), "--data-dir", store)
                assert again.returncode == first.returncode and again.stdout == first.stdout
                assert_plain(again.stderr, first.stdout.strip() or "P-")
            if first.returncode == 0:
                assert "Already saved" in again.stderr
                checked = run("check", "--data-dir", store)  # opens on the full disk
                assert checked.returncode == 0 and "sound: 1 patient" in checked.stdout
            free_space(disk)
            after = run("import", str(record_file), "--data-dir", store)
            assert after.returncode == 0
            if first.returncode == 0:
                assert after.stdout == first.stdout and "Already saved" in after.stderr
            assert len(list((disk / "store" / "patients").glob("*.json"))) == 1
            checked = run("check", "--data-dir", store)
            assert checked.returncode == 0 and "sound: 1 patient" in checked.stdout
            if kinds == {"not saved", "saved, tidying failed", "saved"}:
                break
    assert kinds == {"not saved", "saved, tidying failed", "saved"}


def test_the_app_starts_read_only_on_a_full_disk(qtbot, qsettings_isolated, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from gui.app import build_main_window, create_application
    from tests.helpers import ScriptedAsk

    create_application()
    with tmpfs(tmp_path / "disk") as disk:
        with Store.open(disk / "store") as store:
            patient_id = store.save(sample_record())
        leave_free(disk, 0)
        ask = ScriptedAsk()
        window = build_main_window(disk / "store", ask)
        assert window is not None
        qtbot.addWidget(window)
        assert window.store.read_only and patient_id in window.store
        assert window.patient_model.row_of(patient_id) >= 0
        assert "read-only" in window.windowTitle()
        assert any("disk is full" in text and "read-only" in text for text in ask.warnings())
        window.store.close()
        window.close()


# -- injected faults at each step ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "name"),
    [
        (backup, "write_atomic"),  # the backup copy of the new version
        (store_module, "write_atomic"),  # the patient file itself
    ],
)
@pytest.mark.parametrize("existing", [False, True])
def test_a_write_that_fails_leaves_the_store_as_it_was(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, target: object, name: str, existing: bool
) -> None:
    record = sample_record()
    with Store.open(data_dir) as store:
        if existing:
            store.save(sample_record())
            record.patient.diagnosis = "Changed"
        before = tree(data_dir)
        monkeypatch.setattr(target, name, _enospc)
        with pytest.raises(NotSavedError) as failed:
            store.save(record)
        monkeypatch.undo()
        assert "Not saved: the disk is full" in str(failed.value)
        assert_plain(str(failed.value), record.patient.id)
        assert tree(data_dir) == before
        assert (record.patient.id in store) == existing
    with Store.open(data_dir) as store:
        assert store.check() == []
        if existing:
            assert store.load(record.patient.id) == sample_record()
            assert store.repair() == []


@pytest.mark.parametrize("existing", [False, True])
def test_a_rename_that_landed_but_was_not_synced_is_put_back(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    import waypoint.storage.atomic as atomic

    record = sample_record()
    with Store.open(data_dir) as store:
        if existing:
            store.save(sample_record())
            record.patient.diagnosis = "Changed"
        before = tree(data_dir)
        real = atomic.fsync_dir

        def fsync_fails_in_patients(folder: Path) -> None:
            if folder.name == "patients":
                _enospc()
            real(folder)

        monkeypatch.setattr(atomic, "fsync_dir", fsync_fails_in_patients)
        with pytest.raises(NotSavedError):
            store.save(record)
        monkeypatch.undo()
        assert tree(data_dir) == before


def test_housekeeping_in_a_save_is_a_warning_not_a_failure(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "INDEX_FLUSH_EVERY", 1)
    monkeypatch.setattr(store_module, "write_rows", _enospc)
    with Store.open(data_dir) as store:
        outcome = store.commit(sample_record())
        assert outcome.patient_id == "P-SAMPLE0001" and not outcome.already_saved
        assert store.last_save == outcome
        assert len(outcome.warnings) == 1
        assert outcome.warnings[0].startswith("Saved. But Waypoint could not update the patient")
        assert_plain(outcome.warnings[0], outcome.patient_id)
        monkeypatch.setattr(Store, "_stat", lambda *_a: _enospc())
        changed = sample_record()
        changed.patient.diagnosis = "Changed"
        assert store.commit(changed).patient_id == "P-SAMPLE0001"
        monkeypatch.undo()
    with Store.open(data_dir) as store:
        assert store.load("P-SAMPLE0001") == changed and store.check() == []


@pytest.mark.parametrize("step", ["index", "snapshot", "lock"])
def test_housekeeping_at_close_is_a_warning_not_a_failure(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    store = Store.open(data_dir)
    patient_id = store.save(sample_record())
    if step == "index":
        monkeypatch.setattr(store_module, "write_rows", _enospc)
    elif step == "snapshot":
        monkeypatch.setattr(backup, "take_snapshot", _enospc)
    else:
        real = StoreLock.release

        def release_then_fail(lock: StoreLock) -> None:
            real(lock)
            _enospc()

        monkeypatch.setattr(StoreLock, "release", release_then_fail)
    warnings = store.close()
    monkeypatch.undo()
    assert len(warnings) == 1 and warnings == store.warnings
    assert warnings[0].startswith("Saved. But Waypoint could not")
    assert_plain(warnings[0], patient_id)
    with Store.open(data_dir) as again:
        assert [s.id for s in again.list_patients()] == [patient_id]
        assert again.check() == []


def test_a_delete_is_done_even_when_the_patient_list_cannot_be_written(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(data_dir) as store:
        patient_id = store.save(sample_record())
        monkeypatch.setattr(store_module, "write_rows", _enospc)
        store.delete(patient_id)
        assert patient_id not in store
        assert len(store.close()) == 1  # the index, tried again at close
    monkeypatch.undo()
    with Store.open(data_dir) as store:
        assert len(store) == 0 and store.check() == []


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "disk is full"),
        (errno.EROFS, "disk is read-only"),
        (errno.EACCES, "not allowed to write"),
        (errno.EIO, "EIO"),
    ],
)
def test_a_folder_that_cannot_be_written_opens_read_only_saying_why(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    import waypoint.storage.opening as opening

    with Store.open(data_dir) as store:
        store.save(sample_record())

    def refuse(_folder: Path) -> None:
        raise OSError(code, os.strerror(code), "/secret/patients/P-LEAK.json")

    monkeypatch.setattr(opening, "probe_writable", refuse)
    with Store.open(data_dir) as store:
        assert store.read_only and words in store.read_only_reason
        assert_plain(store.read_only_reason)
        assert len(store) == 1
    # The lock was let go: a writer can open it at once.
    monkeypatch.undo()
    with Store.open(data_dir) as store:
        assert not store.read_only


def test_a_new_folder_that_cannot_be_created_says_so(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import waypoint.storage.opening as opening

    monkeypatch.setattr(opening, "make_dir", _enospc)
    with pytest.raises(StoreError, match=r"Cannot create the data folder .*: the disk is full"):
        Store.open(data_dir)


# -- importing twice ------------------------------------------------------------------------


def test_importing_the_same_file_twice_keeps_one_patient(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        first = import_record(store, new_patient())
        again = import_record(store, new_patient())
        assert again.patient_id == first.patient_id and again.already_saved
        assert len(store) == 1 and len(store.audit(first.patient_id)) == 1
        other = new_patient()
        other.patient.given_name = "Ana"
        assert import_record(store, other).patient_id != first.patient_id
        store_id = store.store_id
    # The derived id is keyed with the store's own random id: it says nothing by itself.
    with Store.open(data_dir.with_name("elsewhere")) as elsewhere:
        assert elsewhere.store_id != store_id
        assert import_record(elsewhere, new_patient()).patient_id != first.patient_id


def test_an_old_file_never_overwrites_newer_work(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        patient_id = import_record(store, new_patient()).patient_id
        edited = store.load(patient_id)
        edited.patient.diagnosis = "Updated in the clinic"
        store.save(edited)
        outcome = import_record(store, new_patient())
        assert outcome.changed_since and outcome.patient_id == patient_id
        assert store.load(patient_id).patient.diagnosis == "Updated in the clinic"


def test_a_record_with_an_id_is_already_saved_or_a_new_version(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        import_record(store, sample_record())
        assert import_record(store, sample_record()).already_saved
        changed = sample_record()
        changed.patient.diagnosis = "Changed"
        assert not import_record(store, changed).already_saved
        assert len(store) == 1 and len(store.audit("P-SAMPLE0001")) == 2
