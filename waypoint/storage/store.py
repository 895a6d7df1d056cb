"""The clinic's store: one TinyDB file per patient and a small index for the patient list.

Layout (see docs/storage.md)::

    DATA_DIR/store.json            header: format name and schema version
    DATA_DIR/index.json            TinyDB, table "patients": one summary row per patient
    DATA_DIR/patients/<id>.json    TinyDB, table "record": the patient's whole record

A save rewrites only that patient's file and one index row, so its cost does not grow with the
number of patients. File names are random ids and carry no patient information.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Document

from waypoint.i18n import _
from waypoint.model import SCHEMA_VERSION, Record, record_from_json, record_to_json
from waypoint.schema import ValidationError
from waypoint.storage.atomic import (
    TEMP_SUFFIX,
    AtomicJSONStorage,
    DamagedFileError,
    dump_json,
    read_json,
    write_atomic,
)
from waypoint.worklist import due_dates

STORE_FORMAT = "waypoint-store"
HEADER = "store.json"
INDEX = "index.json"
PATIENTS = "patients"
RECORD_DOC_ID = 1


class StoreError(Exception):
    """The store cannot be used as asked; the message says why in plain words."""


@dataclass(frozen=True)
class PatientSummary:
    """One row of the patient list."""

    id: str
    given_name: str
    family_name: str
    mrn: str
    date_of_birth: str
    diagnosis: str
    updated: str
    due: dict[str, str] = field(default_factory=dict)

    @property
    def display_name(self) -> str:
        """Family name first, as clinic lists usually are."""
        return f"{self.family_name}, {self.given_name}".strip(", ")

    def matches(self, needle: str) -> bool:
        """True when every word typed appears in the name, record number or date of birth."""
        hay = fold(f"{self.given_name} {self.family_name} {self.mrn} {self.date_of_birth}")
        return all(word in hay for word in fold(needle).split())


# Letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSABLE = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ħ": "h",
        "ı": "i",
        "æ": "ae",
        "œ": "oe",
        "'": None,
        "’": None,
        "-": " ",
    }
)


def fold(text: str) -> str:
    """Lower case without accents or apostrophes, so "obrien lukasz" finds "O'Brien-Łukasz"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold()).translate(_UNDECOMPOSABLE)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Store:
    """A folder of patient records. Create with :meth:`open`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.patients_dir = root / PATIENTS
        self._index = TinyDB(root / INDEX, storage=AtomicJSONStorage)
        self._summaries: dict[str, PatientSummary] = {
            str(row["id"]): PatientSummary(**row) for row in self._index.table("patients").all()
        }

    @classmethod
    def open(cls, root: Path) -> Store:
        """Open the store in ``root``, creating an empty one on first use."""
        try:
            root.mkdir(parents=True, exist_ok=True, mode=0o700)
            (root / PATIENTS).mkdir(exist_ok=True, mode=0o700)
        except OSError as exc:
            raise StoreError(
                _("Cannot create the data folder {path}: {why}").format(path=root, why=exc.strerror)
            ) from None
        _check_header(root / HEADER)
        _remove_orphaned_temp_files(root)
        return cls(root)

    def close(self) -> None:
        """Release the index (files are not held open between saves)."""
        self._index.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -------------------------------------------------------------------------------

    def list_patients(self) -> list[PatientSummary]:
        """Every patient, sorted by family name then given name."""
        return sorted(
            self._summaries.values(), key=lambda s: (fold(s.family_name), fold(s.given_name), s.id)
        )

    def search(self, text: str) -> list[PatientSummary]:
        """Patients whose name, record number or date of birth contain every word of ``text``."""
        return [s for s in self.list_patients() if s.matches(text)]

    def __contains__(self, patient_id: str) -> bool:
        return patient_id in self._summaries

    def __len__(self) -> int:
        return len(self._summaries)

    def load(self, patient_id: str) -> Record:
        """The patient's full record."""
        if patient_id not in self._summaries:
            raise StoreError(_("No patient with id {id} in this store.").format(id=patient_id))
        return self._read_record(self._patient_path(patient_id))

    def records(self) -> Iterator[Record]:
        """Every record in the store, in patient-list order."""
        for summary in self.list_patients():
            yield self.load(summary.id)

    # -- writing -------------------------------------------------------------------------------

    def save(self, record: Record) -> str:
        """Validate and save ``record``; return its patient id once the save is durable."""
        record.assign_ids()
        data = record_to_json(record)
        record_from_json(data)  # the same validation an import gets, on what the GUI built
        patient_id = record.patient.id
        with TinyDB(self._patient_path(patient_id), storage=AtomicJSONStorage) as db:
            # One document per file, replaced whole: a single atomic write.
            db.table("record").upsert(Document(data, doc_id=RECORD_DOC_ID))
        summary = _summary_of(record)
        self._index.table("patients").upsert(summary.__dict__, Query().id == patient_id)
        self._summaries[patient_id] = summary
        return patient_id

    # -- checking ------------------------------------------------------------------------------

    def check(self) -> list[str]:
        """Problems found in the store, in plain words; empty when it is sound."""
        problems: list[str] = []
        on_disk = {p.stem for p in self.patients_dir.glob("*.json")}
        for summary in self.list_patients():
            path = self._patient_path(summary.id)
            try:
                record = self._read_record(path)
            except (StoreError, DamagedFileError, ValidationError, OSError) as exc:
                problems.append(
                    _("Record of {name} ({id}): {why}").format(
                        name=summary.display_name, id=summary.id, why=exc
                    )
                )
                continue
            if record.patient.id != summary.id:
                problems.append(
                    _("Record file {id} holds another patient's id.").format(id=summary.id)
                )
        for stray in sorted(on_disk - set(self._summaries)):
            problems.append(_("Record file {id} is not in the patient list.").format(id=stray))
        return problems

    # -- internals -----------------------------------------------------------------------------

    def _patient_path(self, patient_id: str) -> Path:
        return self.patients_dir / f"{patient_id}.json"

    def _read_record(self, path: Path) -> Record:
        with TinyDB(path, storage=AtomicJSONStorage, create=False) as db:
            doc = db.table("record").get(doc_id=RECORD_DOC_ID)
        if not isinstance(doc, dict):
            raise DamagedFileError(path, _("the file does not hold a record"))
        return record_from_json(dict(doc))


def _summary_of(record: Record) -> PatientSummary:
    p = record.patient
    return PatientSummary(
        id=p.id,
        given_name=p.given_name,
        family_name=p.family_name,
        mrn=p.mrn,
        date_of_birth=p.date_of_birth.isoformat() if p.date_of_birth else "",
        diagnosis=p.diagnosis,
        due=due_dates(record),
        updated=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )


def _check_header(path: Path) -> None:
    if not path.exists():
        write_atomic(path, dump_json({"format": STORE_FORMAT, "schema_version": SCHEMA_VERSION}))
        return
    header: Any = read_json(path)
    if not isinstance(header, dict) or header.get("format") != STORE_FORMAT:
        raise StoreError(_("{path} is not a Waypoint data folder.").format(path=path.parent))
    version = header.get("schema_version")
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise StoreError(
            _(
                "This data folder was written by a newer version of Waypoint "
                "(format {found}; this version reads up to {known}). Please update Waypoint."
            ).format(found=version, known=SCHEMA_VERSION)
        )


def _remove_orphaned_temp_files(root: Path) -> None:
    """A crash mid-save leaves a temporary file; the real file is intact, so the copy can go."""
    for folder in (root, root / PATIENTS):
        for tmp in folder.glob(f".*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                os.unlink(tmp)
