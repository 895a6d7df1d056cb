"""The clinic's store: one TinyDB file per patient, a rebuildable index, backups and a writer lock.

Layout (see docs/storage.md)::

    DATA_DIR/store.json              header: format, schema version, store id, key wrapping
    DATA_DIR/store.lock              writer lock (who holds it)
    DATA_DIR/index.json              TinyDB table "patients": list rows + each file's stat
    DATA_DIR/patients/<id>.json      TinyDB tables "record", "meta", "audit" for one patient
    DATA_DIR/backups/<id>/<n>.json   the last few versions of that file
    DATA_DIR/snapshots/*.wpbackup    periodic whole-store archives

A save writes two small files (the new version's backup, then the patient file), so its cost
does not grow with the number of patients. The index is a cache: it is written at close and
every few hundred saves, and at open each patient file's (inode, mtime, size) is compared with
the index row so that only files changed since are read again. A missing or damaged index is
rebuilt from the patient files. File names are random ids and carry no patient information.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import secrets
from collections.abc import Iterator
from dataclasses import astuple
from pathlib import Path
from typing import Any

from waypoint.i18n import _
from waypoint.model import SCHEMA_VERSION, Record, record_from_json, record_to_json
from waypoint.schema import ValidationError
from waypoint.storage import backup
from waypoint.storage.atomic import (
    AtomicJSONStorage,
    DamagedFileError,
    dump_json,
    fsync_dir,
    make_dir,
    open_payload,
    seal_payload,
    write_atomic,
)
from waypoint.storage.audit import AuditEntry, delete_entry, entry_for
from waypoint.storage.crypto import Cipher
from waypoint.storage.errors import StoreError
from waypoint.storage.header import (
    HEADER,
    PATIENTS,
    STORE_FORMAT,
    cipher_for,
    read_header,
    remove_orphaned_temp_files,
)
from waypoint.storage.lock import StoreLock
from waypoint.storage.migrate import migrate_record
from waypoint.storage.summary import PatientSummary, fold, placeholder, summary_of

INDEX = "index.json"
INDEX_FLUSH_EVERY = 250
SNAPSHOT_EVERY = dt.timedelta(days=1)
Stat = tuple[int, int, int]


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

        Raises StoreError (a newer store, another instance writing, an unusable folder) and
        PassphraseError (encrypted and the passphrase is missing or wrong: nothing was written).
        """
        root = Path(root)
        header = read_header(root)
        if header is None and read_only:
            raise StoreError(_("There are no records in {path} yet.").format(path=root))
        cipher = cipher_for(header, passphrase, recovery_key) if header else None
        lock = None
        if not read_only:
            try:
                make_dir(root / PATIENTS)
            except OSError as exc:
                raise StoreError(
                    _("Cannot create the data folder {path}: {why}").format(
                        path=root, why=exc.strerror
                    )
                ) from None
            lock = StoreLock(root)
            lock.acquire()
        try:
            if header is None:
                header = {"format": STORE_FORMAT, "schema_version": SCHEMA_VERSION}
            if "store_id" not in header and not read_only:
                header["store_id"] = secrets.token_hex(16)
                write_atomic(root / HEADER, dump_json(header))
            store = cls(root, header, cipher, lock)
            if not read_only:
                remove_orphaned_temp_files(root)
                store._resume_encryption()
                store._migrate()
            store._load_index()
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return store

    @property
    def read_only(self) -> bool:
        """True when this instance may not save (another instance holds the lock)."""
        return self._lock is None

    @property
    def encrypted(self) -> bool:
        """True when the store's files are sealed with a passphrase-protected key."""
        return "encryption" in self.header

    def set_passphrase(self, passphrase: str, kdf: dict[str, int] | None = None) -> str:
        """Encrypt the store under ``passphrase``; returns the one-time recovery key to print."""
        from waypoint.storage.keys import set_passphrase

        return set_passphrase(self, passphrase, kdf)

    def change_passphrase(self, passphrase: str, kdf: dict[str, int] | None = None) -> None:
        """Rewrap the data key under a new passphrase (one atomic header write)."""
        from waypoint.storage.keys import change_passphrase

        change_passphrase(self, passphrase, kdf)

    def backup_to(self, target: Path) -> int:
        """Write the whole store to one file (sealed when the store is); returns patient count."""
        if self._dirty and not self.read_only:
            self._flush_index()
        return backup.write_archive(self.root, target)

    def close(self) -> None:
        """Write the index, take the periodic snapshot when due, and let the next instance in."""
        if self._lock is None:
            return
        try:
            if self._dirty:
                self._flush_index()
            if self._summaries and backup.snapshot_due(self.root, SNAPSHOT_EVERY):
                backup.take_snapshot(self.root)
        finally:
            self._lock.release()
            self._lock = None

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
        return _record_of(self._patient_path(patient_id), self._read_tables(patient_id))

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
        """Validate and save ``record``; return its patient id once the save is durable."""
        self._check_writable()
        record.assign_ids()
        data = record_to_json(record)
        record_from_json(data)  # the same validation an import gets, on what the GUI built
        patient_id = record.patient.id
        if patient_id in self.damaged:
            raise StoreError(_("This patient's saved file is damaged: repair the store first."))
        old = self._read_tables(patient_id, create=True) or {}
        old_record = (old.get("record") or {}).get("1")
        entry = entry_for(old_record, data, actor)
        updated = _now()
        self._write_version(patient_id, old, data, entry, updated)
        self._set_row(summary_of(record, updated[:19] + "+00:00"), self._stat(patient_id))
        self._dirty += 1
        if self._dirty >= INDEX_FLUSH_EVERY:
            self._flush_index()
        return patient_id

    def delete(self, patient_id: str, actor: str = "") -> None:
        """Remove a patient from the list; the last version and its trail stay in backups/."""
        self._check_writable()
        old = self._read_tables(patient_id)
        audit = dict(old.get("audit") or {})
        audit[str(len(audit) + 1)] = delete_entry(patient_id, actor).to_json()
        folder = backup.version_dir(self.root, patient_id)
        make_dir(folder)
        write_atomic(folder / backup.DELETED, self._seal({**old, "audit": audit}, patient_id))
        self._patient_path(patient_id).unlink()
        fsync_dir(self.patients_dir)
        self._summaries.pop(patient_id, None)
        self._stats.pop(patient_id, None)
        self._sorted = None
        self._flush_index()

    # -- checking and repair -------------------------------------------------------------------

    def check(self) -> list[str]:
        """Problems found in the store, in plain words naming the patient; empty when sound."""
        return [why for _id, why in self._find_damage()]

    def damage_report(self) -> list[str]:
        """One line per patient whose file could not be read at open, naming the patient."""
        return [self._describe(patient_id) for patient_id in sorted(self.damaged)]

    def verify_passphrase(self, passphrase: str) -> bool:
        """True when ``passphrase`` opens this store (for the lock screen); nothing is written."""
        from waypoint.storage.crypto import WrongPassphraseError, unlock

        section = self.header.get("encryption")
        if not isinstance(section, dict) or self.cipher is None:
            return True
        try:
            return unlock(section, self.cipher.store_id, passphrase) == self.cipher.key
        except WrongPassphraseError:
            return False

    def repair(self) -> list[str]:
        """Restore every damaged patient file from its newest good backup; say what was done."""
        self._check_writable()
        done: list[str] = []
        for patient_id, why in self._find_damage():
            name = self._describe(patient_id)
            restored = self._restore_newest_good(patient_id)
            if restored is None:
                done.append(
                    _("{name}: no good backup, the damaged file is kept as it is ({why}).").format(
                        name=name, why=why
                    )
                )
                continue
            self.damaged.pop(patient_id, None)
            tables = self._read_tables(patient_id)
            meta = (tables.get("meta") or {}).get("1") or {}
            record = _record_of(self._patient_path(patient_id), tables)
            updated = str(meta.get("updated", ""))[:19] + "+00:00"
            self._set_row(summary_of(record, updated), self._stat(patient_id))
            done.append(
                _("{name}: restored from the backup of {when}.").format(name=name, when=updated)
            )
        if done:
            self._flush_index()
        return done

    # -- internals -----------------------------------------------------------------------------

    def _check_writable(self) -> None:
        if self._lock is None:
            raise StoreError(_("These records are open read-only; nothing can be saved."))

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
        data: dict[str, Any],
        entry: AuditEntry,
        updated: str,
    ) -> None:
        meta = (old.get("meta") or {}).get("1") or {}
        newest = backup.versions(self.root, patient_id)
        backed = max((int(p.stem) for p in newest if p.stem.isdigit()), default=0)
        version = max(int(meta.get("version", 0)), backed) + 1
        audit = dict(old.get("audit") or {})
        audit[str(len(audit) + 1)] = entry.to_json()
        tables = {
            "record": {"1": data},
            "meta": {"1": {"version": version, "updated": updated}},
            "audit": audit,
        }
        payload = self._seal(tables, patient_id)
        backup.keep_version(self.root, patient_id, version, payload)
        write_atomic(self._patient_path(patient_id), payload)

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

    def _find_damage(self) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for summary in self.list_patients():
            path = self._patient_path(summary.id)
            try:
                record = _record_of(path, self._read_tables(summary.id))
                if record.patient.id != summary.id:
                    raise DamagedFileError(path, _("it holds another patient's id"))
            except (DamagedFileError, ValidationError, OSError) as exc:
                why = exc.why if isinstance(exc, DamagedFileError) else str(exc)
                found.append((summary.id, f"{self._describe(summary.id)}: {why}"))
        return found

    def _restore_newest_good(self, patient_id: str) -> Path | None:
        path = self._patient_path(patient_id)
        for candidate in backup.versions(self.root, patient_id):
            if not candidate.stem.isdigit():
                continue
            try:
                raw = candidate.read_bytes()
                tables = open_payload(candidate, raw, self.cipher, self._label(patient_id))
                if _record_of(candidate, tables).patient.id != patient_id:
                    continue
            except (DamagedFileError, ValidationError, OSError):
                continue
            write_atomic(path, raw)
            return candidate
        return None

    def _load_index(self) -> None:
        # Tens of thousands of small objects are made here; the cyclic collector would walk the
        # growing heap again and again for no garbage, so it waits until the rows are built.
        gc.disable()
        try:
            self._reconcile(self._read_index())
        finally:
            gc.enable()

    def _reconcile(self, rows: dict[str, tuple[PatientSummary, Stat | None, str]]) -> None:
        on_disk: dict[str, Stat] = {}
        with os.scandir(self.patients_dir) as entries:
            for e in entries:
                if e.name.endswith(".json") and not e.name.startswith("."):
                    st = e.stat()
                    on_disk[e.name[:-5]] = (st.st_ino, st.st_mtime_ns, st.st_size)
        changed = False
        for patient_id, stat in on_disk.items():
            known = rows.get(patient_id)
            if known is not None and known[1] == stat:
                self._set_row(*known)
                continue
            changed = True
            path = self._patient_path(patient_id)
            try:
                tables = self._read_tables(patient_id)
                meta = (tables.get("meta") or {}).get("1") or {}
                updated = str(meta.get("updated", ""))[:19] + "+00:00"
                record = _record_of(path, tables)
                if record.patient.id != patient_id:
                    raise DamagedFileError(path, _("it holds another patient's id"))
                self._set_row(summary_of(record, updated), stat)
            except (DamagedFileError, ValidationError, OSError) as exc:
                self.damaged[patient_id] = str(exc)
                self._set_row(known[0] if known else placeholder(patient_id), None)
        for patient_id in rows.keys() - on_disk.keys():
            changed = True
            if (backup.version_dir(self.root, patient_id) / backup.DELETED).exists():
                continue
            self.damaged[patient_id] = _("the file is missing")
            self._set_row(rows[patient_id][0], None, rows[patient_id][2])
        if changed and not self.read_only:
            self._flush_index()

    def _read_index(self) -> dict[str, tuple[PatientSummary, Stat | None, str]]:
        path = self.root / INDEX
        rows: dict[str, tuple[PatientSummary, Stat | None, str]] = {}
        try:
            data = AtomicJSONStorage(path, True, self.cipher, "index").read()
            if data is None:
                return rows
            for doc in (data.get("patients") or {}).values():
                if "row" not in doc:
                    return {}  # an index from before rows were compact: rebuilt, not damage
                *fields, hay, stat = doc["row"]
                summary = PatientSummary(*fields)
                if not isinstance(summary.id, str) or not isinstance(summary.due, dict):
                    raise ValueError("not an index row")
                rows[summary.id] = (summary, tuple(stat) if stat else None, str(hay))
        except (DamagedFileError, ValueError, TypeError, AttributeError, OSError):
            self.notices.append(_("The patient list was damaged and has been rebuilt."))
            return {}
        return rows

    def _flush_index(self) -> None:
        # Rows are lists, not objects: at 10,000 patients that halves the time to parse them.
        table = {
            str(n): {"row": [*astuple(s), self._hay[s.id], self._stats.get(s.id)]}
            for n, s in enumerate(self._summaries.values(), start=1)
        }
        AtomicJSONStorage(self.root / INDEX, True, self.cipher, "index").write({"patients": table})
        self._dirty = 0

    def _migrate(self) -> None:
        version = self.header.get("schema_version")
        if not isinstance(version, int) or version >= SCHEMA_VERSION:
            return
        backup.take_snapshot(self.root)
        for path in self.patients_dir.glob("*.json"):
            tables = self._read_tables(path.stem)
            data = (tables.get("record") or {}).get("1") or {}
            tables["record"] = {"1": migrate_record(data, SCHEMA_VERSION)}
            write_atomic(path, self._seal(tables, path.stem))
        self.header["schema_version"] = SCHEMA_VERSION
        write_atomic(self.root / HEADER, dump_json(self.header))
        self.notices.append(_("The records were updated to this version of Waypoint."))

    def _resume_encryption(self) -> None:
        from waypoint.storage.keys import finish_encryption

        if self.header.get("converting") and self.cipher is not None:
            finish_encryption(self)


def _record_of(path: Path, tables: dict[str, Any]) -> Record:
    doc = (tables.get("record") or {}).get("1")
    if not isinstance(doc, dict):
        raise DamagedFileError(path, _("the file does not hold a record"))
    return record_from_json(doc)
