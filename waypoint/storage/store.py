"""The clinic's store: one TinyDB file per patient, a rebuildable index, backups and a writer lock.

Layout (see docs/storage.md)::

    DATA_DIR/store.json              header: format, schema version, store id, key wrapping
    DATA_DIR/store.json.bak          its copy (both with a checksum; see header.py)
    DATA_DIR/store.lock              writer lock (who holds it)
    DATA_DIR/index.json              TinyDB table "patients": list rows + each file's stat
    DATA_DIR/patients/<id>.json      TinyDB tables "record", "meta", "audit" for one patient
    DATA_DIR/backups/<id>/<n>.json   the last few versions of that file
    DATA_DIR/snapshots/*.wpbackup    periodic whole-store archives
    (every kind of file, and what encryption, check and archives do with it: kinds.py)

A save writes two small files (the new version's backup, then the patient file), so its cost
does not grow with the number of patients. The index is a cache: it is written at close and
every few hundred saves, and at open each patient file's (inode, mtime, size) is compared with
the index row so that only files changed since are read again. A missing or damaged index is
rebuilt from the patient files. File names are random ids and carry no patient information.

Disk faults (docs/storage.md, "When the disk is full"): a save either raises before anything
changed or returns a :class:`SaveOutcome` once durable, with any housekeeping that failed after
that as warnings; a folder that cannot be written opens read-only with ``read_only_reason``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from waypoint.collector import collector_paused
from waypoint.i18n import _
from waypoint.record.model import Record, record_from_json, record_to_json
from waypoint.record.schema import ValidationError
from waypoint.storage import backup
from waypoint.storage.atomic import (
    AtomicJSONStorage,
    DamagedFileError,
    dump_json,
    open_payload,
    put_back,
    seal_payload,
    write_atomic,
)
from waypoint.storage.audit import AuditEntry, entry_for
from waypoint.storage.crypto import Cipher
from waypoint.storage.errors import PassphraseError, StoreError
from waypoint.storage.faults import (
    NotSavedError,
    SaveOutcome,
    tidy_warning,
)
from waypoint.storage.header import (
    PATIENTS,
)
from waypoint.storage.index import Stat, write_rows
from waypoint.storage.lock import StoreLock
from waypoint.storage.patient_file import record_of
from waypoint.storage.reconcile import read_index, reconcile
from waypoint.storage.summary import PatientSummary, fold, summary_of

INDEX_FLUSH_EVERY = 250
SNAPSHOT_EVERY = dt.timedelta(days=1)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


class Store:
    """A folder of patient records. Create with :meth:`open`."""

    def __init__(
        self, root: Path, header: dict[str, Any], cipher: Cipher | None, lock: StoreLock | None
    ) -> None:
        self.root = root
        self.patients_dir = root / PATIENTS
        self.header = header
        self.cipher = cipher
        self._lock = lock
        self._summaries: dict[str, PatientSummary] = {}
        self._stats: dict[str, Stat | None] = {}
        self._hay: dict[str, str] = {}
        self._sorted: list[PatientSummary] | None = None
        self._dirty = 0
        #: Patient id -> why its file could not be read when the store opened.
        self.damaged: dict[str, str] = {}
        #: Plain-words notes about what opening did (an index rebuilt, a migration).
        self.notices: list[str] = []
        #: Why the store opened read-only although writing was asked for ("" otherwise).
        self.read_only_reason = ""
        #: Housekeeping that failed at close (plain words); saved records are not affected.
        self.warnings: list[str] = []
        #: What the last save did (see :meth:`commit`); None before the first save.
        self.last_save: SaveOutcome | None = None
        #: The header (store.json) was damaged or missing and its copy was used ("" if not).
        self.header_problem = ""
        #: Unlocked with the recovery key: ask for a new passphrase (:meth:`change_passphrase`).
        self.opened_with_recovery_key = False

    @classmethod
    def open(
        cls,
        root: Path,
        *,
        passphrase: str = "",
        recovery_key: str = "",
        read_only: bool = False,
    ) -> Store:
        """Open the store in ``root`` (creating an empty one on first use unless ``read_only``).

        When the folder cannot be written (disk full, read-only disk, no permission) an existing
        store opens read-only instead: ``read_only_reason`` (also in ``notices``) says why and
        what to do, and a save says so. Raises StoreError (a newer store, another instance
        writing, a folder that cannot be used at all) and PassphraseError (encrypted and the
        passphrase is missing or wrong: nothing was written).
        """
        from waypoint.storage.opening import open_store

        return open_store(cls, Path(root), passphrase, recovery_key, read_only)

    @property
    def read_only(self) -> bool:
        """True when this instance may not save (another instance holds the lock)."""
        return self._lock is None

    @property
    def encrypted(self) -> bool:
        """True when the store's files are sealed with a passphrase-protected key."""
        return "encryption" in self.header

    def set_passphrase(
        self,
        passphrase: str,
        kdf: dict[str, int] | None = None,
        progress: backup.Progress | None = None,
    ) -> str:
        """Encrypt every file of the store under ``passphrase`` (snapshots, drafts and backups
        too; plain temporary files removed); returns the one-time recovery key to print.

        May run off the GUI thread (``progress(done, total)`` per file); a crash part way
        loses nothing and the next open finishes the job (see keys.py).
        """
        from waypoint.storage.keys import set_passphrase

        return set_passphrase(self, passphrase, kdf, progress)

    def change_passphrase(self, passphrase: str, kdf: dict[str, int] | None = None) -> None:
        """Rewrap the data key under a new passphrase (one atomic header write).

        Also how a store opened with the recovery key gets a new passphrase.
        """
        from waypoint.storage.keys import change_passphrase

        change_passphrase(self, passphrase, kdf)
        self.opened_with_recovery_key = False

    def take_snapshot(self, progress: backup.Progress | None = None) -> Path:
        """Write a whole-store snapshot now (safe off the GUI thread; ``progress`` per file)."""
        self._check_writable()
        if self._dirty:
            with contextlib.suppress(OSError):
                self._flush_index()
        return backup.take_snapshot(self.root, progress)

    @property
    def store_id(self) -> str:
        """The store's random id (from its header); keys the ids that imports derive."""
        return str(self.header.get("store_id", ""))

    def backup_to(self, target: Path) -> int:
        """Write the whole store to one file (sealed when the store is); returns patient count."""
        if self._dirty and not self.read_only:
            # A stale index in the archive is reconciled when it is opened; the full disk may
            # be this folder's while the archive goes elsewhere.
            with contextlib.suppress(OSError):
                self._flush_index()
        return backup.write_archive(self.root, target)

    def close(self, progress: backup.Progress | None = None) -> list[str]:
        """Write the index, take the periodic snapshot when due (``progress`` per file: it may
        run off the GUI thread), purge deleted patients past retention, let the next one in.

        Never raises for a disk fault: every save was already durable, so a housekeeping step
        that fails is returned (and added to :attr:`warnings`) as a plain-words warning.
        """
        if self._lock is None:
            return []
        found: list[str] = []
        saved = self.last_save is not None
        try:
            from waypoint.storage.deletion import purge_expired

            with contextlib.suppress(OSError):
                purge_expired(self)  # best effort: the next open or close tries again
            if self._dirty:
                try:
                    self._flush_index()
                except OSError as exc:
                    found.append(tidy_warning(_("update the patient list"), exc, saved=saved))
            try:
                if self._summaries and backup.snapshot_due(self.root, SNAPSHOT_EVERY):
                    backup.take_snapshot(self.root, progress)
            except OSError as exc:
                step = _("take the daily copy of all the records")
                found.append(tidy_warning(step, exc, saved=saved))
        finally:
            lock, self._lock = self._lock, None
            try:
                lock.release()
            except OSError as exc:
                found.append(tidy_warning(_("close the lock file"), exc, saved=saved))
        self.warnings.extend(found)
        return found

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -------------------------------------------------------------------------------

    def list_patients(self) -> list[PatientSummary]:
        """Every patient, sorted by family name then given name."""
        if self._sorted is None:
            self._sorted = sorted(
                self._summaries.values(),
                key=lambda s: (fold(s.family_name), fold(s.given_name), s.id),
            )
        return list(self._sorted)

    def search(self, text: str) -> list[PatientSummary]:
        """Patients whose name, record number or date of birth contain every word of ``text``."""
        words = fold(text).split()
        hay = self._hay
        return [s for s in self.list_patients() if all(w in hay[s.id] for w in words)]

    def __contains__(self, patient_id: object) -> bool:
        return patient_id in self._summaries

    def __len__(self) -> int:
        return len(self._summaries)

    def load(self, patient_id: str) -> Record:
        """The patient's full record (DamagedFileError when its file cannot be read)."""
        if patient_id not in self._summaries:
            raise StoreError(_("No patient with id {id} in this store.").format(id=patient_id))
        return record_of(self._patient_path(patient_id), self._read_tables(patient_id))

    def readable(self, patient_id: str) -> Record | None:
        """The record, or None when its file cannot be read now (the store check says why)."""
        try:
            return self.load(patient_id)
        except (DamagedFileError, ValidationError, OSError):
            return None

    def refresh_due(self, patient_id: str, due: dict[str, str], stamp: str) -> None:
        """Keep what is due for a patient as computed on reading (no file is written now)."""
        summary = replace(self._summaries[patient_id], due=due, due_stamp=stamp)
        self._set_row(summary, self._stats.get(patient_id), self._hay[patient_id])
        self._dirty += 1

    def records(self) -> Iterator[Record]:
        """Every record in the store, in patient-list order."""
        for summary in self.list_patients():
            yield self.load(summary.id)

    def audit(self, patient_id: str) -> list[AuditEntry]:
        """The patient's audit trail, oldest first."""
        table = self._read_tables(patient_id).get("audit") or {}
        return [AuditEntry.from_json(table[k]) for k in sorted(table, key=int)]

    # -- writing -------------------------------------------------------------------------------

    def save(self, record: Record, actor: str = "") -> str:
        """Validate and save ``record``; return its patient id once the save is durable.

        :meth:`commit` with only the id returned; the whole outcome (warnings from housekeeping
        that failed after the durable write, "already saved") is kept in :attr:`last_save`.
        """
        return self.commit(record, actor).patient_id

    def commit(self, record: Record, actor: str = "") -> SaveOutcome:
        """Validate and save ``record``; return a :class:`SaveOutcome` once the save is durable.

        Raises ValidationError (not a valid record), StoreError (open read-only, or the
        patient's file is damaged) or NotSavedError (the disk failed: full, read-only, not
        allowed) — always before anything changed, so the store is as it was. Once an outcome
        is returned the record is durable; housekeeping that fails afterwards (the patient
        list) is one of ``outcome.warnings``, never an exception. Saving exactly what is
        stored writes nothing and returns ``already_saved=True`` (also when open read-only:
        a retry after a save that did land is told so, not "not saved").
        """
        record.assign_ids()
        data = record_to_json(record)
        record_from_json(data)  # the same validation an import gets, on what the GUI built
        patient_id = record.patient.id
        if patient_id in self.damaged:
            raise StoreError(_("This patient's saved file is damaged: repair the store first."))
        old_raw, old = self._read_current(patient_id)
        old_record = (old.get("record") or {}).get("1")
        if old_record is not None and old_record == json.loads(dump_json(data)):
            return self._remember(self._already_saved(record, old))
        self._check_writable()
        entry = entry_for(old_record, data, actor)
        updated = _now()
        audit = dict(old.get("audit") or {})
        audit[str(len(audit) + 1)] = entry.to_json()
        self._write_version(patient_id, old, old_raw, data, audit, updated)
        return self._remember(SaveOutcome(patient_id, warnings=self._after_save(record, updated)))

    def delete(self, patient_id: str, actor: str = "") -> None:
        """Remove a patient from the list, audited; the last version, its trail and any draft
        stay sealed in backups/ for the clinic's retention period, then are purged."""
        from waypoint.storage.deletion import delete_patient

        delete_patient(self, patient_id, actor)

    def _forget(self, patient_id: str) -> None:
        self._summaries.pop(patient_id, None)
        self._stats.pop(patient_id, None)
        self._sorted = None
        try:
            self._flush_index()
        except OSError:
            self._dirty = max(self._dirty, 1)  # a cache: close tries again, or the next open

    # -- checking and repair -------------------------------------------------------------------

    def check(self) -> list[str]:
        """Problems found in every kind of file, in plain words naming the patient or the
        file's place; empty when sound."""
        from waypoint.storage.checking import describe_finding, find_file_damage
        from waypoint.storage.repair import find_damage

        files = find_file_damage(self)
        found = [why for _id, why in find_damage(self)]
        found += [describe_finding(self, finding) for finding in files]
        if self.header_problem and not any(kind.name == "header" for kind, *_r in files):
            found.insert(0, self.header_problem)
        return found

    def damage_report(self) -> list[str]:
        """One line per patient whose file could not be read at open, naming the patient."""
        return [self._describe(patient_id) for patient_id in sorted(self.damaged)]

    def verify_passphrase(self, passphrase: str) -> bool:
        """True when ``passphrase`` (or the recovery key typed in its place) opens this store
        (for the lock screen); nothing is written."""
        from waypoint.storage.header import unlock_key

        if not self.encrypted or self.cipher is None:
            return True
        try:
            return unlock_key(self.header, passphrase, "") == self.cipher.key
        except PassphraseError:
            return False

    def repair(self) -> list[str]:
        """Repair every kind of file: the header from its copy or a snapshot, each patient
        file from its newest verified backup, settings from their copy; anything else damaged
        is set aside in a damaged/ folder, never deleted. Says what was done."""
        from waypoint.storage.checking import repair_files
        from waypoint.storage.header import repair_header
        from waypoint.storage.repair import repair

        self._check_writable()
        done = []
        if self.header_problem and not (self.root / "store.json").exists():
            done.append(repair_header(self.root))
        self.header_problem = ""
        done += repair(self)  # records first: they may still need the backups set aside next
        return done + repair_files(self)

    # -- internals -----------------------------------------------------------------------------

    def _check_writable(self) -> None:
        if self._lock is None:
            if self.read_only_reason:
                raise StoreError(_("Not saved. {why}").format(why=self.read_only_reason))
            raise StoreError(_("These records are open read-only; nothing can be saved."))

    def _remember(self, outcome: SaveOutcome) -> SaveOutcome:
        self.last_save = outcome
        return outcome

    def _read_current(self, patient_id: str) -> tuple[bytes | None, dict[str, Any]]:
        """The patient file's bytes (None when new) and its tables; reading fails as NotSaved."""
        path = self._patient_path(patient_id)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None, {}
        except OSError as exc:
            raise NotSavedError(exc) from None
        tables = open_payload(path, raw, self.cipher, self._label(patient_id))
        if not isinstance(tables, dict):
            raise DamagedFileError(path, _("the file does not hold a database"))
        return raw, tables

    def _already_saved(self, record: Record, old: dict[str, Any]) -> SaveOutcome:
        """The store holds this record already: make sure it is listed, write nothing."""
        patient_id = record.patient.id
        meta = (old.get("meta") or {}).get("1") or {}
        try:
            stat: Stat | None = self._stat(patient_id)
        except OSError:
            stat = None
        if patient_id not in self._summaries or self._stats.get(patient_id) != stat:
            updated = str(meta.get("updated", ""))[:19] + "+00:00"
            self._set_row(summary_of(record, updated), stat)
            self._dirty += 1
        return SaveOutcome(patient_id, already_saved=True)

    def _after_save(self, record: Record, updated: str) -> tuple[str, ...]:
        """Housekeeping once the save is durable: failures become warnings, never errors."""
        patient_id = record.patient.id
        backup.prune_versions(self.root, patient_id)
        try:
            stat: Stat | None = self._stat(patient_id)
        except OSError:
            stat = None  # no stat in the row: the next open reads the file again
        self._set_row(summary_of(record, updated[:19] + "+00:00"), stat)
        self._dirty += 1
        if self._dirty < INDEX_FLUSH_EVERY:
            return ()
        try:
            self._flush_index()
        except OSError as exc:
            return (tidy_warning(_("update the patient list"), exc, saved=True),)
        return ()

    def _patient_path(self, patient_id: str) -> Path:
        return self.patients_dir / f"{patient_id}.json"

    def _label(self, patient_id: str) -> str:
        return f"patient/{patient_id}"

    def _seal(self, tables: dict[str, Any], patient_id: str) -> bytes:
        return seal_payload(tables, self.cipher, self._label(patient_id))

    def _read_tables(self, patient_id: str, create: bool = False) -> dict[str, Any]:
        path = self._patient_path(patient_id)
        storage = AtomicJSONStorage(path, create, self.cipher, self._label(patient_id))
        return storage.read() or {}

    def _write_version(
        self,
        patient_id: str,
        old: dict[str, Any],
        old_raw: bytes | None,
        data: dict[str, Any],
        audit: dict[str, Any],
        updated: str,
    ) -> None:
        """Write the new version with its whole audit trail (backup copy first, then the
        patient file), durably: a save appends its entry, a merge from the hub several.

        On any failure everything is put back as it was (the new backup copy removed, so a
        repair can never restore a version that was not acknowledged) and NotSavedError raised.
        """
        meta = (old.get("meta") or {}).get("1") or {}
        newest = backup.versions(self.root, patient_id)
        backed = max((int(p.stem) for p in newest if p.stem.isdigit()), default=0)
        version = max(int(meta.get("version", 0)), backed) + 1
        tables = {
            "record": {"1": data},
            "meta": {"1": {"version": version, "updated": updated}},
            "audit": audit,
        }
        payload = self._seal(tables, patient_id)
        path = self._patient_path(patient_id)
        try:
            backup.keep_version(self.root, patient_id, version, payload)
            write_atomic(path, payload)
        except OSError as exc:
            put_back(path, old_raw, payload)
            backup.drop_version(backup.version_dir(self.root, patient_id) / f"{version}.json")
            raise NotSavedError(exc) from None

    def _stat(self, patient_id: str) -> Stat:
        st = self._patient_path(patient_id).stat()
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _set_row(self, summary: PatientSummary, stat: Stat | None, hay: str = "") -> None:
        self._summaries[summary.id] = summary
        self._stats[summary.id] = stat
        self._hay[summary.id] = hay or summary.haystack()
        self._sorted = None

    def _describe(self, patient_id: str) -> str:
        summary = self._summaries.get(patient_id)
        name = summary.display_name if summary else ""
        return _("Record of {name} ({id})").format(name=name or "?", id=patient_id)

    def _load_index(self) -> None:
        # Tens of thousands of small objects are made here; none is garbage until the end.
        with collector_paused():
            reconcile(self, read_index(self))

    def _flush_index(self) -> None:
        rows = ((s, self._stats.get(s.id), self._hay[s.id]) for s in self._summaries.values())
        write_rows(self.root, self.cipher, rows)
        self._dirty = 0
