"""Finding damaged patient files and restoring them from their newest verified backup.

A backup is used only when it passes its checksum (or, sealed, its authentication) and holds
this patient. Repair says which version it restored, when that version was saved, and — when
newer versions were damaged too — that the changes saved after it could not be recovered,
naming the patient-list details that differ from the last known ones.

Kept apart from store.py so the store module stays about opening, reading and saving; these
functions work on a :class:`~waypoint.storage.store.Store` and are reached through its
``check()`` and ``repair()`` methods.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from waypoint.i18n import _
from waypoint.record.schema import ValidationError
from waypoint.storage import backup
from waypoint.storage.atomic import DamagedFileError, open_payload, write_atomic
from waypoint.storage.patient_file import record_of
from waypoint.storage.summary import PatientSummary, summary_of

if TYPE_CHECKING:  # the store calls into this module; only its type is named here
    from waypoint.storage.store import Store


def find_damage(store: Store) -> list[tuple[str, str]]:
    """(patient id, plain-words problem naming the patient) for every file that fails to read."""
    found: list[tuple[str, str]] = []
    for summary in store.list_patients():
        path = store._patient_path(summary.id)
        try:
            record = record_of(path, store._read_tables(summary.id))
            if record.patient.id != summary.id:
                raise DamagedFileError(path, _("it holds another patient's id"))
        except (DamagedFileError, ValidationError, OSError) as exc:
            why = exc.why if isinstance(exc, DamagedFileError) else str(exc)
            found.append((summary.id, f"{store._describe(summary.id)}: {why}"))
    return found


def restore_newest_good(store: Store, patient_id: str) -> Path | None:
    """Copy the newest verified backup holding this patient over the patient's file."""
    path = store._patient_path(patient_id)
    for candidate in backup.versions(store.root, patient_id):
        if not candidate.stem.isdigit():
            continue
        try:
            raw = candidate.read_bytes()
            tables = open_payload(candidate, raw, store.cipher, store._label(patient_id))
            if record_of(candidate, tables).patient.id != patient_id:
                continue
        except (DamagedFileError, ValidationError, OSError):
            continue
        write_atomic(path, raw)
        return candidate
    return None


_DETAILS = {
    "given_name": "given name",
    "family_name": "family name",
    "mrn": "record number",
    "date_of_birth": "date of birth",
    "diagnosis": "diagnosis",
}


def _lost(store: Store, patient_id: str, restored: Path, before: PatientSummary | None) -> str:
    """What the restored version does not have, in plain words ("" when it is the newest)."""
    numbered = [int(p.stem) for p in backup.versions(store.root, patient_id) if p.stem.isdigit()]
    newest = max(numbered, default=0)
    version = int(restored.stem)
    if version >= newest:
        return _("nothing saved was lost.")
    after = store._summaries.get(patient_id)
    older = [
        _(label)
        for key, label in _DETAILS.items()
        if before is not None and after is not None and getattr(before, key) != getattr(after, key)
    ]
    text = _(
        "versions {first} to {last} were damaged too, so changes saved after this version "
        "could not be recovered"
    ).format(first=version + 1, last=newest)
    if older:
        text += " " + _("(these details are older than the last save: {fields})").format(
            fields=", ".join(older)
        )
    return text + "."


def repair(store: Store) -> list[str]:
    """Restore every damaged patient file from its newest verified backup; say what was done."""
    done: list[str] = []
    for patient_id, why in find_damage(store):
        name = store._describe(patient_id)
        before = store._summaries.get(patient_id)
        restored = restore_newest_good(store, patient_id)
        if restored is None:
            done.append(
                _("{name}: no good backup, the damaged file is kept as it is ({why}).").format(
                    name=name, why=why
                )
            )
            continue
        store.damaged.pop(patient_id, None)
        tables = store._read_tables(patient_id)
        meta = (tables.get("meta") or {}).get("1") or {}
        record = record_of(store._patient_path(patient_id), tables)
        updated = str(meta.get("updated", ""))[:19] + "+00:00"
        store._set_row(summary_of(record, updated), store._stat(patient_id))
        done.append(
            _("{name}: restored version {version}, saved {when}; {lost}").format(
                name=name,
                version=restored.stem,
                when=updated,
                lost=_lost(store, patient_id, restored, before),
            )
        )
    if done:
        store._flush_index()
    return done
