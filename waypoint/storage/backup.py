"""Rolling backups of each patient file, and whole-store archives (snapshots, moving to a new PC).

Per patient: every save also writes the same sealed bytes to ``backups/<id>/<version>.json``
before replacing the patient file, and the last :data:`KEEP_VERSIONS` are kept. So the newest
backup is always a separate copy of the current version, and repair loses nothing that was
acknowledged. A deleted patient's last version stays as ``backups/<id>/deleted.json``.

Whole store: a zip of every kind the registry marks as archived (kinds.py: the header, the
clinic settings, the index and the patient files; already sealed when the store is encrypted,
so the archive is too). Written atomically; restored only into an empty folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from waypoint.i18n import _
from waypoint.storage.atomic import fsync_dir, make_dir, remove_orphans, write_atomic
from waypoint.storage.errors import StoreError
from waypoint.storage.kinds import (
    ARCHIVE_ERRORS,
    ARCHIVE_SUFFIX,
    BACKUPS,
    DELETED,
    HEADER_COPY,
    KINDS,
    SETTINGS_COPY,
    SNAPSHOTS,
    relative,
)

__all__ = ["ARCHIVE_SUFFIX", "BACKUPS", "DELETED", "SNAPSHOTS"]

KEEP_VERSIONS = 5
KEEP_SNAPSHOTS = 7
#: Members of a whole-store archive, relative to the data folder.
_MEMBER = re.compile(
    r"^(store\.json|settings\.json|index\.json|patients/[A-Za-z0-9_-]{1,64}\.json)$"
)
#: Called with (files done, files in all) while a long job runs, for a progress bar.
Progress = Callable[[int, int], None]


def version_dir(root: Path, patient_id: str) -> Path:
    """The folder holding a patient's rolling backups."""
    return root / BACKUPS / patient_id


def keep_version(root: Path, patient_id: str, version: int, payload: bytes) -> Path:
    """Store ``payload`` as the patient's backup ``version``; returns the file written.

    Older versions are dropped by :func:`prune_versions` only once the save is durable, so a
    save that fails leaves the backups as they were.
    """
    folder = version_dir(root, patient_id)
    if not folder.is_dir():
        make_dir(folder)
        fsync_dir(folder.parent)
    else:
        remove_orphans(folder)
    path = folder / f"{version}.json"
    write_atomic(path, payload)
    return path


def drop_version(path: Path) -> None:
    """Undo :func:`keep_version` for a save that failed, so repair never restores a version
    that was never acknowledged (and an emptied new folder goes too). Best effort."""
    with contextlib.suppress(OSError):
        path.unlink()
    with contextlib.suppress(OSError):
        path.parent.rmdir()  # only succeeds when no other version is there


def prune_versions(root: Path, patient_id: str) -> None:
    """Drop the patient's backups beyond the last :data:`KEEP_VERSIONS` (best effort)."""
    for old in versions(root, patient_id)[KEEP_VERSIONS:]:
        with contextlib.suppress(OSError):
            old.unlink()


def versions(root: Path, patient_id: str) -> list[Path]:
    """The patient's backups, newest first (the deleted copy, when there is one, comes first)."""
    folder = version_dir(root, patient_id)
    numbered = []
    with contextlib.suppress(OSError):
        for path in folder.glob("*.json"):
            if path.stem.isdigit():
                numbered.append((int(path.stem), path))
    found = [p for _v, p in sorted(numbered, reverse=True)]
    deleted = folder / DELETED
    return [deleted, *found] if deleted.exists() else found


def archived_files(root: Path) -> list[tuple[str, Path]]:
    """(member name, file) for every file a whole-store archive holds (the registry decides)."""
    return [
        (relative(root, path), path)
        for kind in KINDS
        if kind.archived
        for path in kind.find(root)
        if path.name not in (HEADER_COPY, SETTINGS_COPY)
    ]


def write_archive(root: Path, target: Path, progress: Progress | None = None) -> int:
    """Write the whole store to one archive file; returns the number of patient files in it."""
    buffer = io.BytesIO()
    members = archived_files(root)
    count = 0
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, (name, path) in enumerate(members, start=1):
            archive.writestr(name, path.read_bytes())
            count += name.startswith("patients/")
            if progress is not None:
                progress(done, len(members))
    write_atomic(target, buffer.getvalue())
    return count


def restore_archive(source: Path, root: Path) -> int:
    """Unpack an archive into an empty data folder; returns the number of patient files."""
    if (root / "store.json").exists() or any((root / "patients").glob("*.json")):
        raise StoreError(
            _("{path} already holds records; restore into an empty folder.").format(path=root)
        )
    try:
        archive = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile):
        raise StoreError(
            _("{name} is not a Waypoint backup file.").format(name=source.name)
        ) from None
    with archive:
        names = archive.namelist()
        if "store.json" not in names or not all(_MEMBER.match(n) for n in names):
            raise StoreError(_("{name} is not a Waypoint backup file.").format(name=source.name))
        make_dir(root / "patients")
        try:
            for name in names:
                write_atomic(root / name, archive.read(name))
                if name in ("store.json", "settings.json"):
                    write_atomic(root / f"{name}.bak", archive.read(name))  # the copy beside it
        except ARCHIVE_ERRORS as exc:
            raise StoreError(
                _("{name} is damaged and could not be restored ({why}).").format(
                    name=source.name, why=type(exc).__name__
                )
            ) from None
    return sum(1 for n in names if n.startswith("patients/"))


def snapshot_due(root: Path, every: dt.timedelta) -> bool:
    """True when the newest whole-store snapshot is older than ``every`` (or there is none)."""
    newest = max(
        (p.stat().st_mtime for p in (root / SNAPSHOTS).glob(f"*{ARCHIVE_SUFFIX}")), default=0
    )
    age = dt.datetime.now(dt.UTC).timestamp() - newest
    return age >= every.total_seconds()


def take_snapshot(root: Path, progress: Progress | None = None) -> Path:
    """Write a whole-store snapshot under snapshots/ and keep the last few."""
    folder = root / SNAPSHOTS
    make_dir(folder)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{stamp}{ARCHIVE_SUFFIX}"
    write_archive(root, target, progress)
    for old in sorted(folder.glob(f"*{ARCHIVE_SUFFIX}"), reverse=True)[KEEP_SNAPSHOTS:]:
        with contextlib.suppress(OSError):
            os.unlink(old)
    return target
